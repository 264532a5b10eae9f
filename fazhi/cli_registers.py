"""`fazhi register import|export|clocks` and `fazhi stats`: the case registers on the command
line. Database-backed: Django is loaded lazily through fazhi.cli._django_setup, and the work is
done by the web app's services (fazhiweb.registers.commands), the same as the pages."""

from __future__ import annotations

import argparse


def add_parsers(sub) -> None:
    reg = sub.add_parser("register", help="案件台账:导入、导出 Excel 台账,查看法定期限",
                         description="行政复议、行政应诉、规范性文件等案件台账。")
    rsub = reg.add_subparsers(dest="register_command", required=True)
    imp = rsub.add_parser(
        "import", help="导入 Excel 台账(按案号/文号更新已有记录)",
        description="导入单位自己的 Excel 台账:有错误的行逐行列出(行号、列、问题),全部不导入。",
        epilog="退出码:0 = 已导入(或试导入无错误);2 = 有错误,未导入任何记录。")
    imp.add_argument("kind", metavar="KIND", help="台账类型:reconsideration、litigation、normative_doc 等")
    imp.add_argument("file", metavar="FILE", help="Excel 台账(.xlsx;装有 LibreOffice 时也可 .xls/.et)")
    imp.add_argument("--government", metavar="NAME", help="政府名称(系统中只有一个政府时可省略)")
    imp.add_argument("--unit", metavar="NAME", help="登记单位(默认为政府本级)")
    imp.add_argument("--dry-run", action="store_true", help="只检查,不保存")
    imp.set_defaults(func=_run("cmd_import"))
    exp = rsub.add_parser("export", help="导出台账为 .xlsx(可再次导入)")
    exp.add_argument("kind", metavar="KIND", help="台账类型")
    exp.add_argument("out", metavar="FILE.xlsx", help="输出文件")
    exp.add_argument("--government", metavar="NAME", help="政府名称")
    exp.set_defaults(func=_run("cmd_export"))
    clk = rsub.add_parser("clocks", help="列出全部未届满和已超期的法定期限")
    clk.add_argument("--government", metavar="NAME", help="政府名称")
    clk.add_argument("--date", metavar="YYYY-MM-DD", help="按该日期计算(默认今天)")
    clk.add_argument("--json", action="store_true", help="输出 JSON")
    clk.set_defaults(func=_run("cmd_clocks"))
    st = sub.add_parser("stats", help="按统计口径计算台账指标(每个数字附所计记录)",
                        description="按各台账的统计口径(含本级设置)计算某年的指标。")
    st.add_argument("--year", type=int, required=True, metavar="YYYY", help="统计年度")
    st.add_argument("--government", metavar="NAME", help="政府名称")
    st.add_argument("--unit", metavar="NAME", help="只统计被申请人/被告/制定机关为该单位的记录")
    st.add_argument("--json", action="store_true", help="输出 JSON")
    st.set_defaults(func=_run("cmd_stats"))


def _run(name: str):
    def run(args: argparse.Namespace) -> int:
        from fazhi.cli import _django_setup

        _django_setup()
        from fazhiweb.registers import commands

        return getattr(commands, name)(args)

    return run
