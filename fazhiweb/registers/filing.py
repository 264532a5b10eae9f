"""报送备案 → 备案审查: a lower government's 规范性文件 filed with the government above arrives in
that government's 备案审查 register (the `filing_review` kind, fazhi/data/registers/filing_review.toml).

When a normative_doc case holds a 报送备案日期 and its 备案机关 names the parent government (its
name, with or without 人民政府, or one of the kind's `parent_words`: 上级人民政府 …), `sync` makes
the item in the parent's register — once, linked by `FilingLink` — and later keeps its description
(文号, 名称, 印发日期 …) in step with the lower government's case. The upper office then takes the
item's steps (登记收到, 通知补正, 作出审查结论, 纠正完毕) through the register's ordinary services;
the lower government reads the outcome through `outcome_for`, never the upper register itself.

`sync` runs inside the caller's transaction (the lower government's create/edit/step/import) and
writes its own audit entry in the parent government's log.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from fazhi import registers as core
from fazhiweb.accounts.models import Government
from fazhiweb.audit.services import record as audit
from fazhiweb.registers import queries
from fazhiweb.registers.models import Case, CaseEvent, FilingLink

SOURCE_KIND = "normative_doc"
REVIEW_KIND = "filing_review"
# What the lower government's case says about the document, copied to the upper register's item.
MIRRORED = ("doc_no", "title", "issuer", "issued_on", "filed_on")
_GOV_SUFFIX = re.compile(r"(人民)?政府(办公室|办公厅)?$")


def _core_name(name: str) -> str:
    return _GOV_SUFFIX.sub("", (name or "").strip()) or (name or "").strip()


def filed_with_parent(government: Government, record: dict) -> Government | None:
    """The parent government when the record says it was filed with it (and when), else None."""
    parent = government.parent
    written = str(record.get("filed_with") or "").strip()
    if parent is None or not written or not isinstance(record.get("filed_on"), dt.date):
        return None
    words = core.load_kind(SOURCE_KIND).param("parent_words")
    if written in words or _core_name(written) in (_core_name(parent.name), _core_name(parent.path)):
        return parent
    return None


def filer_name(government: Government) -> str:
    """The lower government as the parent's directory names it (its linked unit), else its name."""
    return government.unit.name if government.unit_id else government.name


def sync(user, case: Case) -> Case | None:
    """Bring the parent's 备案审查 item in line with a normative_doc case; the item, or None."""
    if case.kind != SOURCE_KIND:
        return None
    government = Government.objects.select_related("parent", "unit").get(pk=case.government_id)
    record = queries.record_of(core.load_kind(SOURCE_KIND), case)
    link = FilingLink.objects.filter(source=case).select_related("review").first()
    if link is not None:
        _mirror(user, link.review, government, record)
        return link.review
    parent = filed_with_parent(government, record)
    if parent is None:
        return None
    return _arrive(user, government, parent, case, record)


def sync_many(user, government: Government, cases) -> int:
    """`sync` for each case of `government` (an import, the demo): how many items arrived or were
    kept in step. A top-level government with nothing filed earlier is skipped in one query."""
    if government.parent_id is None and not FilingLink.objects.filter(source__government=government).exists():
        return 0
    return sum(sync(user, c) is not None for c in cases)


def _values(government: Government, record: dict) -> dict:
    values = {name: record.get(name) for name in MIRRORED}
    values["filer"] = filer_name(government)
    return values


def _next_filing_no(parent: Government, year: int) -> str:
    taken = set(Case.objects.filter(government=parent, kind=REVIEW_KIND).values_list("ref_key", flat=True))
    n = sum(1 for k in taken if k.startswith(core.key_of(f"备〔{year}〕"))) + 1
    while core.key_of(f"备〔{year}〕{n}号") in taken:
        n += 1
    return f"备〔{year}〕{n}号"


def _arrive(user, government: Government, parent: Government, source: Case, record: dict) -> Case:
    from fazhiweb.registers.services import case_fields, flow

    kind = core.load_kind(REVIEW_KIND)
    values = _values(government, record)
    # the day it was filed is the day the upper office received it (the office corrects it by 修改)
    values.update(filing_no=_next_filing_no(parent, record["filed_on"].year), received_on=record["filed_on"])
    settings = queries.settings_of(parent.pk)
    flags = core.check_record(kind, values, queries.calendar(), settings)[1]
    fields = case_fields(kind, parent.pk, values, flags, queries.known_unit_names(parent.pk))
    review = Case.objects.create(government=parent, kind=kind.name, unit=None, **fields)
    FilingLink.objects.create(source=source, review=review)
    flow(kind.name).start(user, review, "create", f"{government.name}报送备案")
    audit(user, "register.create", review, government=parent,
          after={**review.snapshot(), "filed_by": government.path, "source_case": source.pk})
    return review


def _mirror(user, review: Case, government: Government, record: dict) -> None:
    kind = core.load_kind(REVIEW_KIND)
    current = queries.record_of(kind, review)
    wanted = _values(government, record)
    if record.get("filed_on") is None:  # a filing is not undone by clearing the date below
        wanted.pop("filed_on")
    changed = {k: v for k, v in wanted.items() if v is not None and current.get(k) != v}
    if not changed:
        return
    from fazhiweb.registers.services import case_fields

    settings = queries.settings_of(review.government_id)
    merged = {**current, **changed}
    flags = core.check_record(kind, merged, queries.calendar(), settings)[1]
    fields = case_fields(kind, review.government_id, merged, flags, queries.known_unit_names(review.government_id))
    fields.pop("state")  # the upper office's steps decide where the item stands
    Case.objects.filter(pk=review.pk).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    review.refresh_from_db()
    CaseEvent.objects.create(case=review, action="edit", from_state=review.state, to_state=review.state,
                             comment=f"{government.name}更新报备文件信息",
                             user=user if getattr(user, "is_authenticated", False) else None,
                             username=user.get_username() if getattr(user, "is_authenticated", False) else "系统")
    before = {k: core.to_json(kind, {k: current.get(k)}).get(k) for k in changed}
    audit(user, "register.edit", review, government=Government(pk=review.government_id), before=before,
          after={k: fields["values"].get(k) for k in changed})


# -- what the lower government sees --------------------------------------------------------------


@dataclass
class Outcome:
    """The upper government's review of one filed document, as the filing government reads it."""

    parent: str
    filing_no: str
    state: str
    received_on: dt.date | None
    reviewed_on: dt.date | None
    outcome: str
    opinion: str
    fix_requested_on: dt.date | None
    fix_reason: str
    fix_received_on: dt.date | None
    corrected_on: dt.date | None
    clocks: list


def outcome_for(case: Case, as_of: dt.date) -> Outcome | None:
    """The 备案审查 item of a normative_doc case filed with the government above, or None."""
    link = FilingLink.objects.filter(source_id=case.pk).select_related("review", "review__government").first()
    if link is None:
        return None
    review = link.review
    kind = core.load_kind(REVIEW_KIND)
    r = queries.record_of(kind, review)
    from fazhiweb.registers.services import flow

    clocks = core.clock_states(kind, r, queries.calendar(), as_of, queries.settings_of(review.government_id))
    return Outcome(parent=review.government.name, filing_no=review.ref, state=flow(kind.name).label(review.state),
                   received_on=r.get("received_on"), reviewed_on=r.get("reviewed_on"), outcome=r.get("outcome") or "",
                   opinion=r.get("opinion") or "", fix_requested_on=r.get("fix_requested_on"),
                   fix_reason=r.get("fix_reason") or "", fix_received_on=r.get("fix_received_on"),
                   corrected_on=r.get("corrected_on"), clocks=clocks)


# -- the upper office's queue ----------------------------------------------------------------------


@dataclass
class QueueRow:
    case: Case
    record: dict
    review: object | None  # the 备案审查 clock's state (None before receipt)
    open_clock: object | None  # the most urgent open clock (审查, 补正 or 纠正)


def queue(government_id: int, as_of: dt.date, state: str = "", filer: str = "", year: int | None = None):
    """The 备案审查 items of a government, open ones first, each with its clocks."""
    kind = core.load_kind(REVIEW_KIND)
    settings = queries.settings_of(government_id)
    cal = queries.calendar()
    qs = Case.objects.filter(government_id=government_id, kind=REVIEW_KIND)
    if state == "open":
        qs = qs.exclude(state="corrected")
    elif state:
        qs = qs.filter(state=state)
    if filer:
        qs = qs.filter(unit_name=filer)
    rows = []
    for case in qs.order_by("-id"):
        r = queries.record_of(kind, case)
        if year and not (isinstance(r.get("received_on"), dt.date) and r["received_on"].year == year):
            continue
        states = core.clock_states(kind, r, cal, as_of, settings)
        review = next((s for s in states if s.clock == "review"), None)
        opened = sorted((s for s in states if s.open), key=lambda s: (s.due is None, s.due or as_of))
        rows.append(QueueRow(case, r, review, opened[0] if opened else None))
    rows.sort(key=lambda x: (x.open_clock is None, x.open_clock.due or as_of if x.open_clock else as_of))
    return rows


# -- the demo ------------------------------------------------------------------------------------

DEMO_OUTCOMES = (  # (working days to the step, what the city office recorded) for the demo items
    (9, {"outcome": "通过"}),
    (12, {"outcome": "通过", "fix": (3, 5, "缺少合法性审核意见书")}),
    (14, {"outcome": "要求纠正", "opinion": "第六条增设的证明材料缺少上位法依据,请自行纠正"}),
    (None, {}),  # still under review
)


def demo_filings(government: Government, count: int = 4, today: dt.date | None = None) -> int:
    """A few of `government`'s 规范性文件 filed with its parent, and the parent's office's review of
    them at different stages (the demo city above the demo county; call after both exist and the
    county's registers are filled). Returns how many items arrived; 0 without a parent."""
    from fazhiweb.core.clock import today as clock_today
    from fazhiweb.registers.services import store_records

    government = Government.objects.select_related("parent", "unit").get(pk=government.pk)
    parent = government.parent
    if parent is None:
        return 0
    today = today or clock_today()
    source_kind = core.load_kind(SOURCE_KIND)
    chosen = []
    for case in Case.objects.filter(government=government, kind=SOURCE_KIND).order_by("id"):
        record = queries.record_of(source_kind, case)
        if isinstance(record.get("filed_on"), dt.date) and not FilingLink.objects.filter(source=case).exists():
            chosen.append({**record, "filed_with": parent.name})
        if len(chosen) == count:
            break
    store_records(None, government, SOURCE_KIND, chosen)  # files them: the items arrive above
    items = [FilingLink.objects.get(source__government=government, source__ref_key=core.key_of(r["doc_no"])).review
             for r in chosen]
    kind = core.load_kind(REVIEW_KIND)
    reviewed = [_demo_review(kind, queries.record_of(kind, item), step, today)
                for item, step in zip(items, DEMO_OUTCOMES * (len(items) // len(DEMO_OUTCOMES) + 1), strict=False)]
    store_records(None, parent, REVIEW_KIND, [r for r in reviewed if r is not None])
    return len(items)


def _demo_review(kind, record: dict, step, today: dt.date) -> dict | None:
    from fazhi.registers.clocks import add_period

    days, what = step
    if days is None:
        return None
    cal = queries.calendar()
    received = record["received_on"]
    record = {**record, "reviewer": "周明华"}
    if "fix" in what:
        asked, back, reason = what["fix"]
        record.update(fix_requested_on=add_period(received, asked, "working", cal),
                      fix_received_on=add_period(received, back, "working", cal), fix_reason=reason)
    done = add_period(received, days, "working", cal)
    if done <= today:
        record.update(reviewed_on=done, outcome=what["outcome"], opinion=what.get("opinion"))
    return record
