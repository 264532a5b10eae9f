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
    c.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件(或包含报告的文件夹)")
    fmt = c.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="输出 JSON")
    fmt.add_argument("--xlsx", metavar="OUT.xlsx", help="写出对比表 .xlsx(含每个指标的图表)")
    c.set_defaults(func=cmd_compare)

    pairs = [
        ("coverage", "报告对计划任务的覆盖情况",
         "找出报告提到了计划的哪些任务(附原句),以及哪些任务报告只字未提。",
         [("plan", "PLAN", "计划(工作要点、实施方案)文件"), ("report", "REPORT", "报告文件")],
         cmd_coverage),
        ("align", "上级计划与下级计划的任务对应",
         "对上级计划的每项任务找出下级计划中承接它的条目(附相似度),"
         "列出下级计划未承接的上级任务和下级计划自有的条目。",
         [("upper", "UPPER", "上级计划文件"), ("lower", "LOWER", "下级计划文件")],
         cmd_align),
    ]  # fmt: skip
    for name, help_, description, positionals, func in pairs:
        p = sub.add_parser(name, help=help_, description=description, epilog="退出码:0 = 完成;2 = 无法处理。")
        for dest, metavar, help_arg in positionals:
            p.add_argument(dest, metavar=metavar, help=help_arg)
        p.add_argument("--json", action="store_true", help="输出 JSON(默认输出可读的清单)")
        p.set_defaults(func=func)


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


def _expand(paths: list[str]) -> list[str]:
    """A folder stands for the documents in it (recursively, in a stable order)."""
    from fazhi.batch import find_documents

    out: list[str] = []
    for p in paths:
        if not Path(p).is_dir():
            out.append(p)
            continue
        try:
            found, _ = find_documents(Path(p))
        except OSError as exc:
            raise FazhiError(f"无法读取文件夹 {p}:{exc.strerror or exc}。") from None
        if not found:
            raise FazhiError(f"文件夹 {p} 中没有可读取的文档。")
        out.extend(str(f) for f in found)
    return out


def cmd_compare(args: argparse.Namespace) -> int:
    from fazhi.analysis.comparison import compare
    from fazhi.analysis.load import load

    files = list(dict.fromkeys(_expand(args.files)))  # the same file twice is one report
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


def _pair(args: argparse.Namespace, roles: tuple[tuple[str, str, str], tuple[str, str, str]]):
    """Load the two documents of coverage/align: (attribute, kind, role name) each."""
    from fazhi.analysis.load import load_kind

    return [load_kind(getattr(args, attr), kind, role) for attr, kind, role in roles]


def _emit(args: argparse.Namespace, result: dict, lines) -> int:
    if args.json:
        _dump(result)
    else:
        sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 0


def _coverage_lines(detail: list[dict], share: float):
    for t in detail:
        yield f"{'✓' if t['covered'] else '✗'} {_path(t['path'])} {t.get('title') or ''}"
        for sentence, score in zip(t["sentences"], t["scores"], strict=True):
            yield f"    [{score:.2f}] {sentence}"
    yield f"覆盖率 {share * 100:.2f}%"


def cmd_coverage(args: argparse.Namespace) -> int:
    from fazhi.analysis.cover import coverage_detail, summary

    plan, report = _pair(args, (("plan", "plan", "计划"), ("report", "report", "报告")))
    detail = coverage_detail(plan, report)
    result = summary(detail)
    return _emit(args, result, _coverage_lines(detail, result["coverage"]))


def _align_lines(detail: dict):
    for u in detail["upper"]:
        found = ",".join(f"{_path(m['path'])}({m['score']:.2f})" for m in u["matches"])
        yield f"{_path(u['path'])} {u.get('title') or ''} → {found or '未承接'}"
    yield f"未承接的上级任务 {len(detail['missing'])} 项;下级自有条目 {len(detail['own'])} 项"


def cmd_align(args: argparse.Namespace) -> int:
    from fazhi.analysis.alignment import align_detail, summary

    upper, lower = _pair(args, (("upper", "plan", "上级计划"), ("lower", "plan", "下级计划")))
    detail = align_detail(upper, lower)
    return _emit(args, summary(detail), _align_lines(detail))
