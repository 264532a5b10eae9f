"""Register pages: the overview, one page per kind (cases, clocks, statistics), a case's form and
steps, the Excel import with its dry run and mapping screen, exports. Thin: a permission check,
a form, one service call."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi import registers as core
from fazhi.errors import FazhiError
from fazhiweb.core import pagecache
from fazhiweb.core.permissions import allowed, get_for, scope
from fazhiweb.core.views import member_view, xlsx_response
from fazhiweb.core.workflow import WorkflowError
from fazhiweb.directory.models import Unit
from fazhiweb.registers import queries, services
from fazhiweb.registers.models import Case
from fazhiweb.registers.queries import record_of
from fazhiweb.registers.views_files import FILE_HINT, file_groups

PAGE_SIZE = 50
STATUS_LABELS = {"running": "进行中", "paused": "中止", "extended": "已延期", "late": "已超期",
                 "done": "已完成", "done_late": "超期完成"}


def _kind(name: str):
    kind = queries.kind_or_none(name)
    if kind is None:
        raise Http404("没有这种台账。")
    return kind


def _today() -> dt.date:
    from fazhiweb.core.clock import today

    return today()


def _year(request, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2200 else default


def _scoped(request, kind_name: str | None = None):
    qs = scope(request.user, Case.objects.all(), "member")
    return qs.filter(kind=kind_name) if kind_name else qs


@member_view("member")
def overview(request):
    """Every kind with its late and due-soon counts per unit (a liaison: their own cases)."""
    m = request.member
    day = pagecache.today()
    unit = m.unit_id if m.is_liaison else ""
    body = pagecache.body(m, "registers.overview", (unit,), day, "registers/_overview_body.html",
                          lambda: _overview_context(request, day))
    return render(request, "registers/overview.html", {"body": body})


def _overview_context(request, today) -> dict:
    m = request.member
    if m.is_liaison:
        rows = []
        pending = queries.pending_for_unit(m.government_id, m.unit_id, today)
        counts = dict(_scoped(request).order_by().values_list("kind").annotate(n=Count("id")))
        for kind in queries.kinds():
            mine = [s for s in pending if s.kind == kind.name]
            rows.append(queries.KindOverview(kind, counts.get(kind.name, 0), sum(s.status == "late" for s in mine),
                                             sum(s.status != "late" for s in mine)))
    else:
        rows = queries.overview(m.government_id, today)
    return {"rows": rows, "today": today, "soon_days": queries.SOON_DAYS, "reg_base": reverse("registers:overview")}


@functools.cache
def _indicator_names() -> dict[str, str]:
    from fazhi.parse.rules import indicators

    return {i.key: i.name for i in indicators()}


def _filters(request, qs, kind):
    f = {k: request.GET.get(k, "").strip() for k in ("q", "state", "unit", "flag")}
    if f["q"]:
        qs = qs.filter(ref__icontains=f["q"]) | qs.filter(unit_name__icontains=f["q"])
    if f["state"]:
        qs = qs.filter(state=f["state"])
    if f["unit"]:
        qs = qs.filter(unit_name=f["unit"])
    if f["flag"] == "unknown_unit":
        qs = qs.filter(unit_unknown=True)
    return qs, f


@member_view("member")
def register(request, kind_name):
    """One register: filters, the cases, their open clocks with explanations, the statistics.
    The body is cached per government data version, day, role, unit and query (core.pagecache)."""
    kind = _kind(kind_name)
    m = request.member
    day = pagecache.today()
    query = sorted((k, v) for k, v in request.GET.items() if k in QUERY_KEYS)
    unit = m.unit_id if m.is_liaison else ""
    body = pagecache.body(m, "registers.register", (kind.name, unit, urlencode(query)), day,
                          "registers/_register_body.html", lambda: _register_context(request, kind, day))
    return render(request, "registers/register.html", {"kind": kind, "body": body})


QUERY_KEYS = ("q", "state", "unit", "flag", "figure", "year", "page", "clock")


def _register_context(request, kind, today) -> dict:
    year = _year(request, today.year)
    base = _scoped(request, kind.name)
    qs, f = _filters(request, base, kind)
    figure_key = request.GET.get("figure", "")
    summary = _kind_summary(request, kind, base, year, today)
    figures = summary["figures"]
    if figure_key in figures:  # a figure's records: the cases it counts
        qs = qs.filter(ref__in=figures[figure_key]["records"])
    clock = request.GET.get("clock", "")
    if clock in ("late", "soon"):  # the overview's counts: the cases with a late or due-soon clock
        qs = qs.filter(pk__in=summary[f"{clock}_ids"])
    columns = ROW_COLUMNS + (("values",) if summary["total"] else ())  # a case's values only when shown
    page = Paginator(qs.order_by("-id").values_list(*columns), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "kind": kind, "page": page, "cases": _rows(kind, page.object_list, summary, year), "f": f, "year": year,
        "today": today, "states": kind.states, "units": summary["units"], "clocks": summary["clocks"],
        "clock_count": summary["clock_count"], "figure_key": figure_key, "total_label": summary["total_label"],
        "clock": clock if clock in ("late", "soon") else "",
        "figures": [(key, _indicator_names().get(key, key), fig) for key, fig in figures.items()],
        "query": query.urlencode(), "can_edit": allowed(request.user, "register.import"),
        "years": list(range(today.year, today.year - 6, -1)), "case_base": _case_base(),
    }


# The columns a register page lists: read as tuples, never as one model instance per case.
ROW_COLUMNS = ("id", "ref", "unit_name", "unit_unknown", "state", "unit__name", "flags")


def _kind_summary(request, kind, base, year: int, today) -> dict:
    """What a register page shows whatever its filters and page: the year's figures, the open
    clocks, the unit names, a filled-in total per person (officers' 学时). Computed once per
    government data version, day, role, unit, kind and year (core.pagecache's key)."""
    from django.core.cache import cache

    m = request.member
    k = pagecache.key(m, "registers.summary", (kind.name, m.unit_id if m.is_liaison else "", year), today)
    summary = cache.get(k)
    if summary is None:
        summary = _build_summary(m, kind, base, year, today)
        cache.set(k, summary)
    return summary


def _build_summary(m, kind, base, year: int, today) -> dict:
    settings = queries.settings_of(m.government_id)
    grouped = queries.records_by_kind(base.order_by("id"))  # read once for the figures and the clocks
    states = queries.open_clock_states(None, today, settings, grouped=grouped)
    soon = {id(s) for s in states if queries.is_soon(s, today)}
    total = next((f for f in kind.fields if f.total_of), None)
    names = {str(r.get(kind.unit_field) or "").strip() for r in grouped.get(kind.name, ())} if kind.unit_field else set()
    return {"figures": queries.figures(m.government_id, year, grouped=grouped, settings=settings),
            "clocks": [_clock_row(s, id(s) in soon) for s in states[:200]], "clock_count": len(states),
            "late_ids": sorted({s.case_id for s in states if s.status == "late" and s.case_id}),
            "soon_ids": sorted({s.case_id for s in states if id(s) in soon and s.case_id}),
            "units": sorted(names - {""}),
            "total": total and total.name, "total_label": total and total.label,
            "totals": queries.person_totals(m.government_id, kind, total, year, settings) if total else None,
            "target": queries.total_target(m.government_id, kind, total, settings)}


def _clock_row(s, soon: bool) -> dict:
    """An open clock as the page shows it (a dict: cheap for the template, small in the cache)."""
    return {"due": s.due.isoformat() if s.due else "", "status": s.status, "soon": soon, "case_id": s.case_id,
            "status_label": STATUS_LABELS.get(s.status, s.status), "ref": s.ref, "unit": s.unit or "",
            "label": s.label, "explanation": s.explanation}


def _rows(kind, tuples, summary: dict, year: int) -> list[dict]:
    """The page's cases as dicts for the template; a total counted from another register
    (本年度培训学时) shown as counted, with the shortfall against the target."""
    labels = {s["name"]: s["label"] for s in kind.states}
    total = kind.field(summary["total"]) if summary["total"] else None
    totals, target = summary["totals"], summary["target"]
    out = []
    for pk, ref, unit_name, unknown, state, owner, flags, *values in tuples:
        row = {"pk": pk, "ref": ref, "unit_name": unit_name, "unit_unknown": unknown,
               "state": labels.get(state, state), "owner": owner or "本级政府", "flags": flags or []}
        if total:
            values = values[0]
            value = values.get(total.name) if totals is None else totals.get(values.get(total.total_of["match"]), 0)
            row["total"] = value
            row["short"] = target is not None and isinstance(value, int | float) and value < target
        out.append(row)
    return out


def _form_fields(kind, values: dict, errors: dict, names=None):
    out = []
    for f in kind.fields:
        if names is not None and f.name not in names:
            continue
        out.append({"field": f, "value": values.get(f.name, ""), "error": errors.get(f.name, "")})
    return out


def _texts(kind, record: dict) -> dict:
    from fazhi.registers.values import format_value

    out = {}
    for f in kind.fields:
        v = format_value(f, record.get(f.name))
        out[f.name] = "" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v))
    return out


def _unit_choice(request):
    m = request.member
    if m.is_liaison:
        return m.unit
    raw = request.POST.get("owner", "")
    return Unit.objects.filter(government_id=m.government_id, pk=raw).first() if raw.isdigit() else None


@member_view("member")
def case_new(request, kind_name):
    kind = _kind(kind_name)
    m = request.member
    values, errors = {}, {}
    if request.method == "POST":
        values = {f.name: request.POST.get(f.name, "") for f in kind.fields}
        try:
            case = services.create_case(request.user, m.government, kind.name, values, _unit_choice(request))
        except services.FormErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, f"已登记 {case.ref}")
            return redirect("registers:case", case.pk)
    elif not allowed(request.user, "register.import"):
        raise Http404("未找到。")
    units = [] if m.is_liaison else Unit.objects.filter(government_id=m.government_id).order_by("name")
    return render(request, "registers/case_form.html", {"kind": kind, "fields": _form_fields(kind, values, errors),
                                                        "units": units, "case": None})


@member_view("member")
def case_detail(request, pk):
    case = get_for(request.user, Case, pk, "register.view", Case.objects.select_related("unit"))
    kind = _kind(case.kind)
    errors, texts = {}, None
    if request.method == "POST":
        raw = {f.name: request.POST.get(f.name, "") for f in kind.fields}
        try:
            services.edit_case(request.user, case, raw, request.POST.get("version"))
        except services.FormErrors as exc:
            errors, texts = exc.errors, raw
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已保存")
            return redirect("registers:case", case.pk)
    return case_page(request, case, errors, texts)


def case_page(request, case, errors=None, texts=None, file_error=None):
    """The case page; `errors`/`texts`: the edit form sent back, `file_error`: (step, message) of a
    refused upload."""
    kind = _kind(case.kind)
    record = record_of(kind, case)
    errors, step_errors = errors or {}, {}
    texts = texts if texts is not None else _texts(kind, record)
    settings = queries.settings_of(case.government_id)
    clocks = core.clock_states(kind, record, queries.calendar(), _today(), settings)
    for s in clocks:
        s.status_label = STATUS_LABELS.get(s.status, s.status)
    can_edit = allowed(request.user, "register.edit", case)
    steps = [{"t": t, "fields": _form_fields(kind, {}, step_errors, t.sets)}
             for t in kind.transitions_from(record, case.state, settings)
             if allowed(request.user, t.permission, case)] if can_edit else []
    return render(request, "registers/case.html", {
        "case": case, "kind": kind, "state_label": services.flow(kind.name).label(case.state),
        "rows": [(f, text) for f in kind.fields for text in [texts.get(f.name, "")]],
        "fields": _form_fields(kind, texts, errors), "clocks": clocks, "steps": steps, "can_edit": can_edit,
        "events": [(e, _event_label(kind, e.action)) for e in case.events.order_by("-at", "-id")[:50]],
        "filing": _filing_outcome(request, case),
        "file_groups": file_groups(case, kind, record, file_error), "file_hint": FILE_HINT,
    })


def _filing_outcome(request, case):
    """The upper government's 备案审查 of a document this government filed with it (read-only)."""
    from fazhiweb.registers import filing

    if case.kind != filing.SOURCE_KIND or not allowed(request.user, "filing.outcome", case):
        return None
    found = filing.outcome_for(case, _today())
    for s in found.clocks if found else ():
        s.status_label = STATUS_LABELS.get(s.status, s.status)
    return found


def _event_label(kind, action: str) -> str:
    step = services.flow(kind.name).transitions.get(action)
    return {"create": "登记", "import": "导入", "edit": "修改"}.get(action) or (step.label if step else action)


@require_POST
@member_view("member")
def case_step(request, pk, action):
    case = get_for(request.user, Case, pk, "register.view")
    kind = _kind(case.kind)
    raw = {f.name: request.POST.get(f.name, "") for f in kind.fields}
    try:
        services.take_step(request.user, case, action, raw, request.POST.get("version"),
                           request.POST.get("comment", ""), uploads=request.FILES.getlist("files"))
    except services.FormErrors as exc:
        messages.error(request, "；".join(exc.errors.values()))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已办理")
    return redirect("registers:case", case.pk)


@member_view("member")
def export(request, kind_name):
    kind = _kind(kind_name)
    public = request.GET.get("public") == "1"
    with tempfile.TemporaryDirectory(prefix="fazhi-export-") as tmp:
        path = services.write_export(request.member.government_id, kind.name, Path(tmp) / "out.xlsx",
                                     cases=_scoped(request, kind.name), public=public)
        data = path.read_bytes()
    return xlsx_response(data, f"{kind.label}{'(公开)' if public else ''}.xlsx")


@member_view("member")
def stats_export(request, kind_name):
    kind = _kind(kind_name)
    m = request.member
    year = _year(request, _today().year)
    records = [record_of(kind, c) for c in _scoped(request, kind.name).order_by("id")]
    with tempfile.TemporaryDirectory(prefix="fazhi-stats-") as tmp:
        path = core.write_statistics(kind, records, year, Path(tmp) / "stats.xlsx",
                                     settings=queries.settings_of(m.government_id), calendar=queries.calendar())
        data = path.read_bytes()
    return xlsx_response(data, f"{kind.label}{year}年统计.xlsx")


# -- import: upload → dry run (row errors, unmatched headers) → mapping → all-or-nothing import ---

def _upload_dir() -> Path:
    path = Path(django_settings.MEDIA_ROOT) / "register-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pending_file(request, kind_name: str) -> Path | None:
    """The file uploaded for this kind's import, kept under its own name (messages name it)."""
    token = request.session.get(f"register-import-{kind_name}")
    if not token or not token.isalnum():
        return None
    found = [p for p in (_upload_dir() / token).glob("*") if p.is_file()] if (_upload_dir() / token).is_dir() else []
    return found[0] if found else None


def _keep_upload(request, kind_name: str, upload) -> None:
    earlier = _pending_file(request, kind_name)
    if earlier is not None:
        _drop_upload(earlier)
    stale = time.time() - 86400  # uploads abandoned half-way are kept for a day
    for folder in _upload_dir().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < stale:
            shutil.rmtree(folder, ignore_errors=True)
    token = uuid.uuid4().hex
    folder = _upload_dir() / token
    folder.mkdir()
    name = re.sub(r"[\\/\x00-\x1f]", "_", Path(upload.name).name)[-120:] or "upload.xlsx"
    with open(folder / name, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    request.session[f"register-import-{kind_name}"] = token


def _drop_upload(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


@member_view("register.import")
def import_sheet(request, kind_name):
    kind = _kind(kind_name)
    m = request.member
    owner = m.unit if m.is_liaison else None
    ctx = {"kind": kind, "outcome": None, "error": ""}
    if request.method == "GET":  # a fresh start: forget an upload left half-way
        request.session.pop(f"register-import-{kind_name}", None)
        return render(request, "registers/import.html", ctx)
    if request.FILES.get("file"):
        _keep_upload(request, kind_name, request.FILES["file"])
    path = _pending_file(request, kind_name)
    if path is None:
        return render(request, "registers/import.html", ctx)
    mapping = {k[4:]: v for k, v in request.POST.items() if k.startswith("map:")}
    commit = request.POST.get("commit") == "1"
    try:
        outcome = services.import_sheet(request.user, m.government, kind.name, path, unit=owner,
                                        mapping=mapping or None, dry_run=not commit)
    except FazhiError as exc:
        ctx["error"] = str(exc)
        return render(request, "registers/import.html", ctx)
    if outcome.stored:
        _drop_upload(path)
        request.session.pop(f"register-import-{kind_name}", None)
        messages.success(request, outcome.summary())
        return redirect("registers:register", kind.name)
    ctx.update(outcome=outcome, file_name=path.name,
               field_choices=[(f.name, f.label) for f in kind.fields],
               answered=[(h, v) for h, v in mapping.items() if h not in outcome.sheet.unmatched],
               flagged=[r for r in outcome.sheet.records if r.flags][:200])
    return render(request, "registers/import.html", ctx)


@member_view("register.settings")
def settings_page(request):
    m = request.member
    current = queries.settings_of(m.government_id)
    text, error = json.dumps(current, ensure_ascii=False, indent=2), ""
    if request.method == "POST":
        text = request.POST.get("values", "")
        try:
            values = json.loads(text or "{}")
            services.save_settings(request.user, m.government, values)
        except json.JSONDecodeError as exc:
            error = f"不是有效的 JSON:{exc.msg}(第 {exc.lineno} 行)"
        except services.FormErrors as exc:
            error = "；".join(exc.errors.values())
        else:
            messages.success(request, "已保存本级口径设置")
            return redirect(reverse("registers:settings"))
    params = [(k, name, p) for k in queries.kinds() for name, p in k.params.items() if p.get("local")]
    return render(request, "registers/settings.html", {"text": text, "error": error, "params": params})


@member_view("member")
def training_hours(request):
    """Each person's 学法 hours for the year against the target, the shortfall flagged, each
    linked to their sessions (and an officer to their 执法人员 record). Cached like the others."""
    m = request.member
    day = pagecache.today()
    year = _year(request, day.year)
    short_only = request.GET.get("short") == "1"
    unit = m.unit_id if m.is_liaison else ""
    body = pagecache.body(m, "registers.hours", (unit, year, int(short_only)), day, "registers/_hours_body.html",
                          lambda: _hours_context(request, year, short_only, day))
    return render(request, "registers/hours.html", {"body": body})


def _hours_context(request, year: int, short_only: bool, today) -> dict:
    from fazhiweb.registers import hours

    m = request.member
    visible = None
    if m.is_liaison:
        visible = set(_scoped(request).filter(kind__in=(hours.OFFICERS, hours.SESSIONS)).values_list("id", flat=True))
    rows, target = hours.training_hours(m.government_id, year, visible)
    return {"rows": [p for p in rows if p.short] if short_only else rows, "target": target, "year": year,
            "short_only": short_only, "short_count": sum(1 for p in rows if p.short), "everyone": len(rows),
            "years": list(range(today.year, today.year - 6, -1)), "case_base": _case_base()}


def _case_base() -> str:
    """The case page's address without its number: rows append `<pk>/` (one reverse per page)."""
    return reverse("registers:case", args=[0])[: -len("0/")]
