"""Changes to installation-wide reference data (the holiday table). Each function is one
transaction ending with its audit entry; the admin and the office's page both call them.
Audit entries carry no government: they bump every government's data version (the due dates
of every ledger may move) and show in every office's audit log."""

from __future__ import annotations

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
