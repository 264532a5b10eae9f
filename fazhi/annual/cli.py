"""`fazhi annual audit | draft | routing`, registered by fazhi.cli.

Exit codes: 0 done (audit findings are advice, not failures), 2 refused (a file that
cannot be read, a database that is not there). The database is reached only through
fazhi.annual.db, which loads Django lazily.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fazhi.errors import FazhiError


def add_parsers(sub) -> None:
    a = sub.add_parser("annual", help="法治政府建设年度报告:起草、审核、报送时限",
                       description="法治政府建设年度报告:起草(draft)、发送前审核(audit)、报送和公开时限(routing)。")
    asub = a.add_subparsers(dest="annual_command", required=True)

    au = asub.add_parser(
        "audit", help="审核一份年度报告(结构、数据、不足部分)",
        description="用解析器读取报告,检查五个部分是否齐全、数据是否与登记簿一致、数据是否过少、"
        "“不足”部分是否空泛或照搬上年、同比变化较大是否说明原因。",
        epilog="退出码:0 = 审核完成(发现的问题不算失败);2 = 文件无法读取。",
    )
    au.add_argument("file", metavar="FILE", help="年度报告文件(.docx/.pdf/.txt/.html/.doc 等)")
    au.add_argument("--previous", metavar="FILE", help="上一年度的报告(检查“不足”是否照搬、同比变化)")
    au.add_argument("--year", type=int, metavar="YYYY", help="报告年度(与 --government 一起:核对登记簿数据)")
    au.add_argument("--government", metavar="NAME", help="政府名称(与 --year 一起:核对登记簿数据)")
    au.add_argument("--json", action="store_true", help="输出 JSON")
    au.set_defaults(func=cmd_audit)

    d = asub.add_parser(
        "draft", help="按台账和登记簿起草年度报告(.docx)",
        description="按规定的五个部分(第一责任人在前)起草年度报告,数据取自台账和登记簿,写出 .docx。",
        epilog="退出码:0 = 已写出;2 = 无法起草(如数据库不可用)。",
    )
    d.add_argument("--year", type=int, required=True, metavar="YYYY")
    d.add_argument("--government", metavar="NAME", help="政府名称")
    d.add_argument("--unit", metavar="NAME", help="部门名称(起草部门的年度报告)")
    d.add_argument("--inputs", metavar="FILE.json", help="不读数据库,改用此 JSON 中的台账和登记簿数据")
    d.add_argument("--out", required=True, metavar="FILE.docx",
                   help="输出文件:.docx(公文格式);.html(公开版网页);.pdf(需安装 LibreOffice)")
    d.set_defaults(func=cmd_draft)

    r = asub.add_parser("routing", help="年度报告的报送对象和时限",
                        description="列出某年度报告的报送时限、主送、抄送和公开时限(数据及来源见 annual.toml)。")
    r.add_argument("--year", type=int, required=True, metavar="YYYY", help="报告年度")
    r.add_argument("--level", choices=("government", "department"), default="government")
    r.add_argument("--local-due", metavar="YYYY-MM-DD", help="本省规定的更早报送日期")
    r.add_argument("--json", action="store_true", help="输出 JSON")
    r.set_defaults(func=cmd_routing)


def _dump(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def cmd_audit(args: argparse.Namespace) -> int:
    from fazhi.annual.audit import audit
    from fazhi.annual.parts import read_report

    if (args.year is None) != (args.government is None):
        raise FazhiError("核对登记簿数据需要同时给出 --year 和 --government。")
    report = read_report(args.file)
    previous = read_report(args.previous) if args.previous else None
    expected = None
    if args.year is not None:
        from fazhi.annual import db

        expected = db.expected_figures(args.year, args.government)
        if expected is None:
            print("提示:登记簿数据不可用(本安装没有登记簿模块),只检查结构和文字,不核对数据。", file=sys.stderr)
    result = audit(report, previous=previous, expected=expected)
    if args.json:
        _dump(result)
    else:
        sys.stdout.write(format_audit(result))
    return 0


def format_audit(result: dict) -> str:
    from fazhi.export import SECTION_NAMES

    names = {"error": "错误", "warning": "警告", "notice": "提示"}
    out = ["五个部分:" + ",".join(f"{SECTION_NAMES[k]} {'有' if v else '无'}" for k, v in result["sections"].items())]
    for f in result["findings"]:
        out.append(f"[{names.get(f['severity'], f['severity'])}] {f['code']}:{f['message']}")
        if f.get("text"):
            out.append(f"    «{f['text']}»")
    if not result["findings"]:
        out.append("未发现问题。")
    return "\n".join(out) + "\n"


def cmd_draft(args: argparse.Namespace) -> int:
    from fazhi.annual.draft import check_inputs, compose

    if args.inputs:
        try:
            inputs = json.loads(Path(args.inputs).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FazhiError(f"无法读取 {args.inputs}:{exc}") from None
    else:
        from fazhi.annual import db

        inputs = db.draft_inputs(args.year, args.government, args.unit)
    check_inputs(inputs)
    draft = compose(args.year, args.government or inputs.get("government") or "", inputs, unit=args.unit)
    write_output(draft, Path(args.out))
    print(f"已写出 {args.out}")
    return 0


def write_output(draft, out: Path, overrides: dict | None = None) -> None:
    """.docx in 公文 layout, .html (the public version) or .pdf (through LibreOffice)."""
    import tempfile

    from fazhi.annual import render
    from fazhi.annual.docx_writer import write_docx

    suffix = out.suffix.lower()
    if suffix == ".html":
        _write_text(out, render.page(draft))
    elif suffix == ".pdf":
        render.require_libreoffice()  # before drafting: say what to install
        with tempfile.TemporaryDirectory() as tmp:
            render.to_pdf(write_docx(draft, Path(tmp) / (out.stem + ".docx"), overrides), out)
    elif suffix == ".docx":
        write_docx(draft, out, overrides)
    else:
        raise FazhiError(f"不支持的输出格式 {out.suffix or '(无扩展名)'}:请用 .docx、.html 或 .pdf。")


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise FazhiError(f"无法写出 {path}:{exc.strerror or exc}") from None


def cmd_routing(args: argparse.Namespace) -> int:
    from fazhi.annual.routing import route

    r = route(args.year, args.level, local_due=args.local_due)
    if args.json:
        _dump(r)
    else:
        print(f"{args.year}年度报告({r['name']}):{r['due']} 前报送 {'、'.join(r['recipients'])};"
              f"抄送 {'、'.join(r['copies']) or '无'};{r['publish_due']} 前公开({r['publish_where']})。"
              f"依据:{r['source']}")
    return 0
