"""The analysis subcommands (`fazhi compare | coverage | align`), registered by fazhi.cli.

Output JSON uses the keys of issue 15 (UTF-8, not escaped; outline paths as lists).
Exit codes: 0 done, 1 done with some unreadable files (compare), 2 refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fazhi.errors import FazhiError


def add_parsers(sub) -> None:
    c = sub.add_parser(
        "compare",
        help="对比多份年度报告的指标数据(政府 × 指标)",
        description="读取多份法治政府建设年度报告(任意支持的格式),按统一指标列出各政府的数据、"
        "单位、是否约数和原句,以及报告缺少的部分和发布日期。",
        epilog="退出码:0 = 全部读取;1 = 部分文件无法读取(已跳过,见错误输出);2 = 无法对比。",
    )
    c.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件")
    fmt = c.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="输出 JSON")
    fmt.add_argument("--xlsx", metavar="OUT.xlsx", help="写出对比表 .xlsx(含每个指标的图表)")
    c.set_defaults(func=cmd_compare)

    v = sub.add_parser(
        "coverage",
        help="报告对计划任务的覆盖情况",
        description="找出报告提到了计划的哪些任务(附原句),以及哪些任务报告只字未提。",
    )
    v.add_argument("plan", metavar="PLAN", help="计划(工作要点、实施方案)文件")
    v.add_argument("report", metavar="REPORT", help="报告文件")
    v.add_argument("--json", action="store_true", help="输出 JSON(默认输出可读的清单)")
    v.set_defaults(func=cmd_coverage)

    a = sub.add_parser(
        "align",
        help="上级计划与下级计划的任务对应",
        description="对上级计划的每项任务找出下级计划中承接它的条目(附相似度),"
        "列出下级计划未承接的上级任务和下级计划自有的条目。",
    )
    a.add_argument("upper", metavar="UPPER", help="上级计划文件")
    a.add_argument("lower", metavar="LOWER", help="下级计划文件")
    a.add_argument("--json", action="store_true", help="输出 JSON(默认输出可读的清单)")
    a.set_defaults(func=cmd_align)


def _dump(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _path(p: list) -> str:
    return ".".join(str(x) for x in p)


def _comparison_text(table: dict) -> str:
    """A readable listing: each report with its missing parts, then each stated indicator."""
    from fazhi.analysis.xlsx import value_label
    from fazhi.export import SECTION_NAMES

    out = []
    govs = {d["file"]: d["government"] for d in table["documents"]}
    for d in table["documents"]:
        missing = "、".join(SECTION_NAMES.get(k, k) for k in d["missing"]) or "无"
        out.append(f"{d['file']}:{d['government']} {d.get('year') or ''}年度,"
                   f"发布日期 {d.get('issued') or '未识别'},缺少:{missing}")
    for row in table["rows"]:
        if not row["values"]:
            continue
        out.append(f"\n{row['name']}({row['key']})")
        for f, cell in row["values"].items():
            out.append(f"  {govs[f]}:{value_label(cell)}  «{cell['text']}»")
    return "\n".join(out) + "\n"


def cmd_compare(args: argparse.Namespace) -> int:
    from fazhi.analysis.comparison import compare
    from fazhi.analysis.load import load

    files = list(dict.fromkeys(args.files))  # the same file twice is one report
    loaded, failed = [], []
    progress = len(files) > 3 and sys.stderr.isatty()
    from tqdm import tqdm

    for f in tqdm(files, desc="读取", unit="份", file=sys.stderr, disable=not progress):
        try:
            loaded.append(load(f))
        except FazhiError as exc:
            failed.append(f)
            print(f"错误:{exc}", file=sys.stderr)
    if not loaded:
        raise FazhiError("没有可以对比的报告:所有文件都无法读取。")
    table = compare(loaded)
    if args.xlsx:
        from fazhi.analysis.xlsx import write_comparison

        write_comparison(table, Path(args.xlsx))
        print(f"已写出对比表 {args.xlsx}({len(loaded)} 份报告)")
    elif args.json:
        _dump(table)
    else:
        sys.stdout.write(_comparison_text(table))
    if failed:
        print(f"{len(failed)} 个文件无法读取,已跳过:{'、'.join(failed)}", file=sys.stderr)
        return 1
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from fazhi.analysis.cover import coverage
    from fazhi.analysis.load import load_kind

    plan = load_kind(args.plan, "plan", "计划")
    report = load_kind(args.report, "report", "报告")
    result = coverage(plan, report)
    if args.json:
        _dump(result)
        return 0
    for t in result["tasks"]:
        mark = "✓" if t["covered"] else "✗"
        print(f"{mark} {_path(t['path'])} {t.get('title') or ''}")
        for s in t["sentences"]:
            print(f"    {s}")
    print(f"覆盖率 {result['coverage'] * 100:.2f}%")
    return 0


def cmd_align(args: argparse.Namespace) -> int:
    from fazhi.analysis.alignment import align
    from fazhi.analysis.load import load_kind

    upper = load_kind(args.upper, "plan", "上级计划")
    lower = load_kind(args.lower, "plan", "下级计划")
    result = align(upper, lower)
    if args.json:
        _dump(result)
        return 0
    for u in result["upper"]:
        found = ",".join(f"{_path(m['path'])}({m['score']:.2f})" for m in u["matches"])
        print(f"{_path(u['path'])} → {found or '未承接'}")
    print(f"未承接的上级任务 {len(result['missing'])} 项;下级自有条目 {len(result['own'])} 项")
    return 0
