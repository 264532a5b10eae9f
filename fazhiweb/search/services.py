"""Search across tasks, reports and notices (title, text, unit, 文号), scoped by what the user may
see. The querysets are narrowed by core.permissions.scope (government; a liaison's own unit for
models declaring a unit_path); every hit then passes core.permissions.allowed() — the one
permission table decides, the querysets only keep the work small."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from fazhiweb.core.permissions import allowed, scope
from fazhiweb.plans.models import Plan, Task
from fazhiweb.progress.models import Report
from fazhiweb.supervision.models import Notice

LIMIT = 50  # hits per kind; the page says when there are more
# 督办〔2026〕12号, 督办[2026]12号, (2026)12号 or 12号: a notice's 文号 (Notice.number)
NUMBER = re.compile(r"[〔\[(（](\d{4})[〕\])）]\s*(\d+)\s*号|^\s*(\d+)\s*号\s*$")


@dataclass
class Results:
    q: str
    tasks: list
    reports: list
    notices: list
    more: dict

    @property
    def total(self) -> int:
        return len(self.tasks) + len(self.reports) + len(self.notices)


def _terms(q: str) -> list[str]:
    return [t for t in re.split(r"\s+", q.strip()) if t][:5]


def _all_terms(fields: list[str], terms: list[str]) -> Q:
    """Every term in at least one of the fields."""
    cond = Q()
    for t in terms:
        any_field = Q()
        for f in fields:
            any_field |= Q(**{f"{f}__icontains": t})
        cond &= any_field
    return cond


def _cut(qs, perm: str, user, more: dict, kind: str) -> list:
    rows = list(qs[:LIMIT + 1])
    more[kind] = len(rows) > LIMIT
    return [r for r in rows[:LIMIT] if allowed(user, perm, r)]


def search(user, member, q: str) -> Results:
    terms = _terms(q)
    more: dict[str, bool] = {}
    if not terms:
        return Results(q, [], [], [], more)
    tasks = (scope(user, Task.objects.filter(removed=False), "search")
             .filter(_all_terms(["title", "text", "heading", "mentions__raw_name", "mentions__unit__name",
                                 "plan__title"], terms))
             .select_related("plan").distinct().order_by("plan__archived_at", "-plan_id", "order"))
    reports = (scope(user, Report.objects.all(), "search")
               .filter(_all_terms(["text", "reason", "review_comment", "assignment__unit__name",
                                   "assignment__task__title", "assignment__task__text"], terms))
               .select_related("assignment__task__plan", "assignment__unit").order_by("-submitted_at", "-id"))
    notice_cond = _all_terms(["reason", "reply_text", "unit__name"], terms)
    number = NUMBER.search(q)
    if number:
        notice_cond |= Q(pk=int(number.group(2) or number.group(3)))
    notices = (scope(user, Notice.objects.all(), "search").filter(notice_cond)
               .select_related("unit").order_by("-created_at", "-id"))
    if member.is_liaison:  # tasks carry no unit: a liaison sees those of published plans (task.view)
        tasks = tasks.filter(plan__status=Plan.PUBLISHED)
    return Results(q, _cut(tasks, "task.view", user, more, "tasks"),
                   _cut(reports, "report.view", user, more, "reports"),
                   _cut(notices, "notice.view", user, more, "notices"), more)
