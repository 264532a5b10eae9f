"""A plan's roll-up input (progress.dashboard.PlanStates: every assignment's due state), kept in the
shared cache across changes that do not touch the plan.

The page bodies are keyed by the government's data version, so any change in a government (a
report draft on this year's plan, a 批示, a notice) makes all its pages miss; the overview alone
then scanned every current plan (ten years of plans in the province data). A plan's states only
change with its own tasks, assignments and reports (and the holiday table, and the day), so the
cached entry remembers the government's last audit entry it has seen, and a later request reads
the audit entries written since (one short indexed query): when none of them can touch this plan,
the entry still holds.

Sound because every change goes through `audit.services.record()`, which locks the government's
row (the data version update) before it appends its entry and holds it to commit. The last entry
is read under a share lock on that row, so no change is half-way then: an entry committed later
has a larger id and shows as "since". The entry seen is checked by id and hash (a restored
database may reuse ids). Entries without a government (the holiday table, a restore) and object
types this module does not know make it recompute."""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q

from fazhiweb.audit.models import AuditEntry
from fazhiweb.plans.models import Assignment, Plan, Task
from fazhiweb.progress.models import Report

PLAN_TYPES = ("plans.plan", "plans.task", "plans.assignment", "progress.report")
# changes that never alter a plan's tasks, assignments or accepted reports
UNRELATED = ("supervision.", "hierarchy.", "registers.", "assessment.", "core.comment", "core.notification", "annual.",
             "auth.user", "accounts.")  # the last two: logins, tokens, accounts
# report steps that leave every assignment's latest *accepted* report as it was (the states count
# accepted reports only; report_flow.json: only "accept" moves a report into accepted)
REPORT_STEPS_KEEPING_STATES = ("report.save", "report.submit", "report.withdraw", "report.return")
MAX_ENTRIES = 200  # more changes than this since the entry was made: recompute rather than check them


Mark = tuple  # ((government entry id, hash), (installation-wide entry id, hash))


def _marks(government_id: int) -> Mark:
    """The government's last audit entry and the last installation-wide one, read while no change of
    the government is in flight (PostgreSQL: a share lock on its row; SQLite has one writer anyway)."""
    last = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT 1 FROM accounts_government WHERE id = %s FOR SHARE", [government_id])
        return (last.filter(government_id=government_id).first() or (0, ""),
                last.filter(government__isnull=True).first() or (0, ""))


def keeps_states(kind: str, action: str) -> bool:
    """An audit entry that can never change a plan's states, whichever plan: a change of another
    domain, or a report step that leaves accepted reports as they were."""
    return kind.startswith(UNRELATED) or (kind == "progress.report" and action in REPORT_STEPS_KEEPING_STATES)


def _verdict(plan: Plan, entries):
    """True: nothing in `entries` can change the plan's states; False: rebuild them; a frozenset of
    assignment ids: only reports of these assignments were accepted (patch their rows)."""
    ids = defaultdict(set)
    accepted: set[int] = set()
    for gov, kind, oid, action in entries:
        if gov is None:
            return False  # installation-wide: the holiday table moves deadlines and working days
        if kind == "progress.report" and action in REPORT_STEPS_KEEPING_STATES:
            continue
        if kind in PLAN_TYPES:
            if not str(oid).isdigit():
                return False
            (accepted if kind == "progress.report" and action == "report.accept" else ids[kind]).add(int(oid))
        elif not kind.startswith(UNRELATED):
            return False
    if (plan.pk in ids["plans.plan"]
            or (ids["plans.task"] and Task.objects.filter(pk__in=ids["plans.task"], plan=plan).exists())
            or (ids["plans.assignment"] and Assignment.objects.filter(pk__in=ids["plans.assignment"],
                                                                      task__plan=plan).exists())
            or (ids["progress.report"] and Report.objects.filter(pk__in=ids["progress.report"],
                                                                 assignment__task__plan=plan).exists())):
        return False
    if not accepted:
        return True
    mine = frozenset(Report.objects.filter(pk__in=accepted, assignment__task__plan=plan)
                     .values_list("assignment_id", flat=True))
    return mine or True


def _still_good(plan: Plan, mark: Mark, upto: Mark | None = None) -> tuple[bool, bool]:
    """(nothing since `mark` touches the plan, nothing at all happened since), looking at entries up
    to `upto` (a mark read later) or all."""
    (gov_id, gov_hash), (all_id, all_hash) = mark
    gov_q, all_q = Q(government_id=plan.government_id, id__gte=gov_id), Q(government__isnull=True, id__gte=all_id)
    if upto is not None:
        gov_q, all_q = gov_q & Q(id__lte=upto[0][0]), all_q & Q(id__lte=upto[1][0])
    rows = list(AuditEntry.objects.filter(gov_q | all_q).order_by("id")
                .values_list("id", "government_id", "entry_hash", "object_type", "object_id", "action")[:MAX_ENTRIES + 3])
    seen = {(pk, gov is None): h for pk, gov, h, _, _, _ in rows if pk in (gov_id, all_id)}
    for pk, h, wide in ((gov_id, gov_hash, False), (all_id, all_hash, True)):
        if pk and seen.get((pk, wide)) != h:
            return False, False  # the entry seen is gone or another one: a restored database
    since = [(gov, kind, oid, action) for pk, gov, _, kind, oid, action in rows
             if pk > (all_id if gov is None else gov_id)]
    if not since:
        return True, True
    return (_verdict(plan, since) if len(since) <= MAX_ENTRIES else False), False


def states(plan: Plan, calc, build, patch=None):
    """`build()` (the plan's PlanStates for calc.today), or the cached one if nothing since touched the
    plan, or the cached one with `patch(held, assignment ids)` applied when the only changes were
    acceptances of some of its assignments' reports (None from `patch`: rebuild). After changes
    elsewhere the entry's mark moves on (read under the lock, and the entries up to it checked), so
    the next request reads no entries at all."""
    key = f"rollup:plan:{plan.pk}:{calc.today.isoformat()}:{calc.soon_days}"
    held = cache.get(key)
    marks = None
    if held is not None:
        mark, value = held
        verdict, quiet = _still_good(plan, mark)
        if verdict is True and quiet:
            return value
        if verdict is not False:
            marks = _marks(plan.government_id)
            verdict = _still_good(plan, mark, upto=marks)[0]
            if verdict is not True and verdict is not False and patch is not None:
                value = patch(value, verdict)  # reads the rows as they are now: later entries are re-checked
                verdict = value is not None
            if verdict is True:
                cache.set(key, (marks, value))
                return value
    marks = marks or _marks(plan.government_id)  # before the scan: a change committed during it shows as "since"
    value = build()
    cache.set(key, (marks, value))
    return value
