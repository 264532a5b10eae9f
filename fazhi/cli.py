"""The `fazhi` command line. Subcommands call the same functions as the web app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fazhi.cli_registers import add_parsers as add_register_parsers
from fazhi.errors import FazhiError


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="fazhi", description="法治政府建设文档解析与任务台账工具")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "parse",
        help="解析文档(计划、报告、考核指标体系等),输出任务表或 JSON",
        description="解析一个文档并输出任务表、JSON 或 .xlsx;或批量解析文件夹中的全部文档。",
        epilog=(
            "批量模式(PATH 为文件夹,配合 --out)的退出码:0 = 全部成功;"
            "1 = 部分文件失败(失败清单见输出末尾);2 = 文件夹无法读取或输出文件夹无法写入。"
            "单个文件:0 = 成功,2 = 无法读取或解析。"
        ),
    )
    p.add_argument("path", help="文档文件,或包含多个文档的文件夹")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="输出文档 JSON(见 SCHEMA)")
    fmt.add_argument("--table", action="store_true", help="输出可读的任务表(默认)")
    fmt.add_argument("--xlsx", metavar="OUT.xlsx", help="写出任务分工表 .xlsx")
    p.add_argument("--out", metavar="OUTDIR", help="批量模式:每个文档的 JSON 写入此文件夹")
    p.add_argument("--jobs", type=int, default=0, help="批量模式的并行进程数(默认为 CPU 数)")
    p.set_defaults(func=cmd_parse)
    r = sub.add_parser(
        "remind",
        help="向联络员发送督办提醒邮件(即将到期和已逾期的任务)",
        description="向每位联络员发送一封本单位即将到期和已逾期任务的提醒邮件;同一天重复运行不会重复发送。",
    )
    r.add_argument("--date", metavar="YYYY-MM-DD", help="按该日期计算(默认今天)")
    r.add_argument("--government", metavar="NAME", help="只处理该政府(名称;系统只有一个政府时可省略)")
    r.set_defaults(func=cmd_remind)
    b = sub.add_parser(
        "backup",
        help="备份数据库和上传文件到一个 .tar.gz",
        description="在同一时刻一致地导出数据库全部记录和上传文件(含清单和校验值),写入 OUT.tar.gz。",
    )
    b.add_argument("out", metavar="OUT.tar.gz", help="备份文件")
    b.set_defaults(func=cmd_backup)
    rs = sub.add_parser(
        "restore",
        help="从备份恢复数据库和上传文件",
        description="校验备份后恢复全部记录和上传文件;全部成功或什么都不改。退出码:0 = 成功,2 = 失败。",
    )
    rs.add_argument("archive", metavar="IN.tar.gz", help="由 fazhi backup 写出的备份文件")
    rs.add_argument("--force", action="store_true", help="当前安装已有数据时仍然恢复(覆盖全部现有数据)")
    rs.set_defaults(func=cmd_restore)
    from fazhi.analysis.cli import add_parsers as add_analysis_parsers

    add_analysis_parsers(sub)
    from fazhi.annual.cli import add_parsers as add_annual_parsers

    add_annual_parsers(sub)
    from fazhi.cli_assessment import add_parsers as add_assessment_parsers

    add_assessment_parsers(sub)
    au = sub.add_parser("audit", help="审计日志:校验哈希链", description="审计日志的维护命令。")
    au_sub = au.add_subparsers(dest="audit_command", required=True)
    av = au_sub.add_parser(
        "verify",
        help="逐条校验审计日志的哈希链",
        description="按政府逐条校验审计日志的哈希链。退出码:0 = 完整;1 = 发现被修改、删除或插入的记录(列出每条链第一处断点)。",
    )
    av.set_defaults(func=cmd_audit_verify)
    ap_ = au_sub.add_parser(
        "prune",
        help="删除超过保存期限的审计记录(至少保存 FAZHI_AUDIT_RETENTION_DAYS 天)",
        description="删除早于 --days 天的审计记录;不能少于 FAZHI_AUDIT_RETENTION_DAYS(默认 365,至少 184)。"
        "删除本身记入审计日志,哈希链从记录的断点继续。退出码:0 = 完成;2 = 拒绝。",
    )
    ap_.add_argument("--days", type=int, default=None, help="保存天数(默认取 FAZHI_AUDIT_RETENTION_DAYS)")
    ap_.set_defaults(func=cmd_audit_prune)
    cl = sub.add_parser(
        "cleanup",
        help="清理上传中断或被拒绝后遗留的临时文件",
        description="删除上传暂存区(媒体文件夹下的 tmp/)和系统临时文件夹中超过一小时的 fazhi 临时文件。",
    )
    cl.add_argument("--max-age", type=int, default=3600, metavar="SECONDS", help="只删除早于这么多秒的文件(默认 3600)")
    cl.set_defaults(func=cmd_cleanup)
    add_register_parsers(sub)
    _add_account_parsers(sub)
    return ap


def _add_account_parsers(sub) -> None:
    g = sub.add_parser("government", help="政府(层级树)管理", description="新增政府;同名政府在同一上级下唯一。")
    gsub = g.add_subparsers(dest="action", required=True)
    ga = gsub.add_parser(
        "add", help="新增一个政府",
        description="新增政府。同一上级下已有同名同层级的政府时不作改动(退出码 0);层级不符时拒绝(退出码 2)。")
    ga.add_argument("name", metavar="NAME", help="政府名称,如 示例县")
    ga.add_argument("--level", required=True, choices=["province", "city", "county", "town"],
                    help="层级:province 省级、city 市级、county 县级、town 乡镇级")
    ga.add_argument("--parent", metavar="NAME", help="上级政府名称(重名时写 上级/名称)")
    ga.set_defaults(func=cmd_government_add)
    u = sub.add_parser("user", help="用户账号管理", description="新增用户账号。")
    usub = u.add_subparsers(dest="action", required=True)
    ua = usub.add_parser(
        "add", help="新增一个用户,打印一次性密码",
        description="新增用户并打印一次性密码;用户首次登录时须修改密码。退出码:0 = 成功,2 = 拒绝。")
    ua.add_argument("username", metavar="USERNAME", help="登录用户名")
    ua.add_argument("--government", metavar="NAME", help="所属政府名称(系统只有一个政府时可省略)")
    ua.add_argument("--role", required=True,
                    choices=["office", "leader", "liaison", "sysadmin", "secadmin", "auditor"],
                    help="角色:office 管理员、leader 领导、liaison 联络员;三员分立:sysadmin 系统管理员、"
                         "secadmin 安全管理员、auditor 审计管理员")
    ua.add_argument("--unit", metavar="NAME", help="所在单位(联络员必填,须在单位名录中)")
    ua.add_argument("--email", metavar="ADDR", help="电子邮箱(接收督办提醒)")
    ua.set_defaults(func=cmd_user_add)


def cmd_parse(args: argparse.Namespace) -> int:
    import fazhi

    path = Path(args.path)
    if path.is_dir():
        from fazhi.batch import parse_dir

        if not args.out:
            raise FazhiError(f"{path} 是文件夹:批量处理请加 --out 输出文件夹。")
        if args.xlsx or args.table:
            raise FazhiError("批量处理只输出 JSON:请去掉 --xlsx/--table,逐个文件导出任务分工表。")
        return parse_dir(path, Path(args.out), jobs=args.jobs or None)
    if args.out:
        raise FazhiError("--out 只用于批量处理文件夹;单个文件请用 --json、--table 或 --xlsx。")
    doc = fazhi.parse_file(path)
    if args.json:
        sys.stdout.write(fazhi.to_json(doc) + "\n")
    elif doc.get("kind") == "indicators":
        if args.xlsx:
            raise FazhiError(f"{path.name} 是考核指标体系,不是任务分工表:请用 --json 输出指标树。")
        from fazhi.indicators.show import format_indicators

        sys.stdout.write(format_indicators(doc))
    elif args.xlsx:
        from fazhi.export.xlsx import write_task_table

        write_task_table(doc, Path(args.xlsx))
        print(f"已写出任务分工表 {args.xlsx}({len(doc.get('tasks') or [])} 项任务)")
    else:
        from fazhi.export.table import format_task_table

        sys.stdout.write(format_task_table(doc))
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    import datetime as dt

    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise FazhiError(f"日期格式应为 YYYY-MM-DD:{args.date}") from None
    _django_setup()
    from fazhiweb.accounts.commands import government_id
    from fazhiweb.supervision.services import send_reminders

    gid = government_id(args.government) if args.government else None
    result = send_reminders(day, gid)
    for err in result.errors:
        print(err, file=sys.stderr)
    print(result.summary)
    return 1 if result.failed else 0


def _django_setup() -> None:
    """The one place where database subcommands load Django (only when such a command runs)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")
    import django

    django.setup()


def cmd_backup(args: argparse.Namespace) -> int:
    _django_setup()
    from fazhiweb.core.backup import backup, stderr_progress

    manifest = backup(args.out, progress=stderr_progress)
    print(f"已备份 {sum(manifest['counts'].values())} 条记录、{len(manifest['media'])} 个文件到 {args.out}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _django_setup()
    from fazhiweb.core.backup import restore, stderr_progress

    manifest = restore(args.archive, force=args.force, progress=stderr_progress)
    print(f"已从 {args.archive} 恢复 {sum(manifest['counts'].values())} 条记录、{len(manifest['media'])} 个文件")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    _django_setup()
    from fazhiweb.audit.chain import verify_database

    n, breaks = verify_database()
    if not breaks:
        print(f"审计日志完整:已校验 {n} 条记录。")
        return 0
    for b in breaks:
        print(f"哈希链断开:{b}", file=sys.stderr)
    print(f"审计日志已被篡改:{len(breaks)} 条链断开(共 {n} 条记录)。第一处:#{breaks[0].entry_id}")
    return 1


def cmd_audit_prune(args: argparse.Namespace) -> int:
    _django_setup()
    from django.conf import settings

    from fazhiweb.audit.chain import prune

    try:
        removed = prune(args.days if args.days is not None else settings.FAZHI_AUDIT_RETENTION_DAYS)
    except ValueError as exc:
        raise FazhiError(str(exc)) from None
    print(f"已删除 {sum(removed.values())} 条过期审计记录。")
    return 0


def cmd_cleanup(args: argparse.Namespace) -> int:
    _django_setup()
    from fazhiweb.core.cleanup import cleanup

    removed = cleanup(max_age=args.max_age)
    print(f"已清理 {removed} 个遗留的临时文件。")
    return 0
def cmd_government_add(args: argparse.Namespace) -> int:
    _django_setup()
    from fazhiweb.accounts.commands import government_add

    return government_add(args.name, args.level, args.parent)


def cmd_user_add(args: argparse.Namespace) -> int:
    _django_setup()
    from fazhiweb.accounts.commands import user_add

    return user_add(args.username, args.government, args.role, args.unit, args.email)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FazhiError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
