"""`fazhi assessment score|export`: a 考核 round on the command line. Database-backed: Django is
loaded lazily through fazhi.cli._django_setup, and the work is done by the web app's services
(fazhiweb.assessment.commands), the same as the pages."""

from __future__ import annotations

import argparse


def add_parsers(sub) -> None:
    a = sub.add_parser("assessment", help="考核:按绑定数据计分、导出考核结果",
                       description="法治建设绩效考核:按台账和工作台账数据计分,排名、评定等次,导出 .xlsx。")
    asub = a.add_subparsers(dest="assessment_command", required=True)
    sc = asub.add_parser("score", help="按最新数据计分并输出排名(已公布的考核只输出结果)",
                         epilog="退出码:0 = 完成;2 = 拒绝(找不到考核、参数有误)。")
    _which(sc)
    sc.add_argument("--json", action="store_true", help="输出 JSON(每个单位的总分、名次、等次和各项得分)")
    sc.set_defaults(func=_run("cmd_score"))
    ex = asub.add_parser("export", help="导出考核结果 .xlsx(单位×指标得分、总分、名次、等次、扣分理由)",
                         epilog="退出码:0 = 已导出;2 = 拒绝。")
    _which(ex)
    ex.add_argument("--xlsx", required=True, metavar="OUT.xlsx", help="输出文件")
    ex.set_defaults(func=_run("cmd_export"))


def _which(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--round", type=int, metavar="ID", help="考核编号(考核页地址中的数字)")
    g.add_argument("--year", type=int, metavar="YYYY", help="该年度的考核(有多次时请用 --round)")
    p.add_argument("--government", metavar="NAME", help="组织考核的政府(系统中只有一个政府时可省略)")


def _run(name: str):
    def run(args: argparse.Namespace) -> int:
        from fazhi.cli import _django_setup

        _django_setup()
        from fazhiweb.assessment import commands

        return getattr(commands, name)(args)

    return run
