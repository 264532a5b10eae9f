"""python manage.py remind [--date YYYY-MM-DD] [--government NAME]: the daily reminder digests."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhiweb.accounts.services import AccountError, find_government
from fazhiweb.supervision.services import send_reminders


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD:{value}") from None


class Command(BaseCommand):
    help = "向各联络员发送本单位即将到期和已逾期任务的提醒邮件(每人每天至多一封)。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期计算(默认今天),格式 YYYY-MM-DD")
        parser.add_argument("--government", help="只处理该政府(名称)")

    def handle(self, *args, **opts):
        gid = None
        if opts.get("government"):
            try:
                gid = find_government(opts["government"]).pk
            except AccountError as exc:
                raise CommandError(str(exc)) from None
        result = send_reminders(parse_date(opts.get("date")), gid)
        for err in result.errors:
            self.stderr.write(err)
        self.stdout.write(result.summary)
