"""Changes to installation-wide reference data (the holiday table), and a government's settings
row of any app. Each function is one transaction ending with its audit entry; the admin and the
office's page both call them.
Audit entries carry no government: they bump every government's data version (the due dates
of every ledger may move) and show in every office's audit log."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from fazhiweb.audit.services import record
from fazhiweb.core.models import Holiday


@transaction.atomic
def save_holiday(user, holiday: Holiday | None, data: dict) -> Holiday:
    before = Holiday.objects.get(pk=holiday.pk).snapshot() if holiday and holiday.pk else None
    holiday = holiday or Holiday()
    for key in ("date", "is_workday", "name"):
        setattr(holiday, key, data[key])
    holiday.full_clean()
    holiday.save()
    record(user, "holiday.update" if before else "holiday.create", holiday, object_type="core.holiday",
           before=before, after=holiday.snapshot())
    return holiday


@transaction.atomic
def delete_holiday(user, holiday: Holiday) -> None:
    before, pk = holiday.snapshot(), holiday.pk
    holiday.delete()
    record(user, "holiday.delete", None, object_type="core.holiday", object_id=pk, before=before)


class HolidayInputError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|～|—|--)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s+"
                   r"(放假|休息|休|上班|班)\s*(.*)$")


def parse_holiday_lines(text: str) -> list[dict]:
    """Lines as the office copies them from the State Council's notice, one arrangement a line:
    `2027-01-01 至 2027-01-03 放假 元旦` or `2027-02-07 上班 春节调休`. Raises HolidayInputError
    listing every bad line."""
    days: dict[dt.date, dict] = {}
    errors = []
    for n, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        m = _LINE.match(line)
        try:
            start = dt.date.fromisoformat(_iso(m.group(1))) if m else None
            end = dt.date.fromisoformat(_iso(m.group(2))) if m and m.group(2) else start
        except ValueError:
            start = end = None
        if start is None or end < start or (end - start).days > 31:
            errors.append(f"第{n}行“{line[:40]}”:应为“日期 [至 日期] 放假|上班 说明”,日期如 2027-01-01。")
            continue
        for i in range((end - start).days + 1):
            day = start + dt.timedelta(days=i)
            days[day] = {"date": day, "is_workday": m.group(3) in ("上班", "班"), "name": m.group(4).strip()[:100]}
    if errors:
        raise HolidayInputError(errors)
    return [days[d] for d in sorted(days)]


def _iso(text: str) -> str:
    y, mth, d = text.split("-")
    return f"{y}-{int(mth):02d}-{int(d):02d}"


@transaction.atomic
def save_holidays(user, text: str) -> dict:
    """Enter many days at once (all or nothing); each day is saved and audited like one entry."""
    counts = {"created": 0, "updated": 0}
    for data in parse_holiday_lines(text):
        existing = Holiday.objects.filter(date=data["date"]).first()
        save_holiday(user, existing, data)
        counts["updated" if existing else "created"] += 1
    return counts


def save_settings(user, model, government, values: dict, action: str):
    """Replace a government's settings row (`model`: one row per government, a JSON `values`, as
    the registers' and the annual report's local rules), audited with the values before and after."""
    with transaction.atomic():
        row, _ = model.objects.select_for_update().get_or_create(government=government)
        before = dict(row.values)
        row.values = values
        row.save()
        record(user, action, row, government=government, before=before, after=values)
    return row
