"""The lower governments' documents for the analyses of fazhi.analysis: plans from their tasks,
annual reports from the files the upper office uploaded and from the reports the annual app
publishes (fazhiweb.annual.public, when installed)."""

from __future__ import annotations

import datetime as dt

from fazhi.analysis import Loaded, compare, coverage, from_doc
from fazhi.export import SECTION_NAMES
from fazhiweb.hierarchy.models import ReportDocument
from fazhiweb.plans.models import Plan, Task


def published_plans(government_ids, year: int | None = None):
    qs = Plan.objects.filter(government_id__in=list(government_ids), status=Plan.PUBLISHED)
    return qs.filter(year=year) if year else qs


def plan_loaded(plan_id: int, label: str = "") -> Loaded:
    """A published plan as the analyses read it: its current tasks from plain values."""
    tasks = [{"path": path or [], "heading": heading, "title": title, "text": text}
             for path, heading, title, text in Task.objects.filter(plan_id=plan_id, removed=False)
             .order_by("order", "id").values_list("path", "heading", "title", "text")]
    return from_doc({"kind": "plan", "tasks": tasks}, text="", label=label)


def parent_plan(plan: Plan, parent_id: int | None):
    """The parent government's latest published plan of the same year, or None."""
    if parent_id is None or not plan.year:
        return None
    return published_plans([parent_id], plan.year).order_by("-published_at", "-id").first()


def alignment(upper: Plan, lower: Plan) -> dict:
    """fazhi.analysis.align (its detailed form, `align` is its summary) with the task titles the
    pages show beside the paths."""
    from fazhi.analysis.alignment import align_detail

    up, low = plan_loaded(upper.pk, upper.title), plan_loaded(lower.pk, lower.title)
    detail = align_detail(up, low)
    titles = {tuple(t["path"]): t.get("title") or (t.get("text") or "")[:40] for t in low.doc["tasks"]}
    uppers = {tuple(t["path"]): t.get("title") or (t.get("text") or "")[:40] for t in up.doc["tasks"]}
    carried = [r for r in detail["upper"] if r["matches"]]
    return {"upper_plan": upper, "lower_plan": lower, "carried": carried,
            "missing": [{"path": p, "title": uppers.get(tuple(p), "")} for p in detail["missing"]],
            "own": [{"path": p, "title": titles.get(tuple(p), "")} for p in detail["own"]],
            "total": len(detail["upper"])}


# ---------------------------------------------------------------- annual reports

def _annual_public(government_ids, year):
    """Reports published in Fazhi by the annual app, when it is installed."""
    try:
        from fazhiweb.annual.public import published_reports
    except ImportError:
        return []
    return published_reports(list(government_ids), year=year) or []


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def report_entries(government_ids, year: int | None = None) -> list[dict]:
    """Every known annual report of these governments (and year): uploaded files first by date,
    then published ones; plain dicts, no document parsed yet."""
    ids = list(government_ids)
    qs = ReportDocument.objects.filter(subject_id__in=ids)
    if year:
        qs = qs.filter(year=year)
    out = [{"source": "upload", "id": pk, "government_id": gid, "year": y, "title": title,
            "published": issued, "name": name, "url": None}
           for pk, gid, y, title, issued, name in qs.order_by("-year", "-uploaded_at", "-id")
           .values_list("pk", "subject_id", "year", "title", "issued", "original_name")]
    for r in _annual_public(ids, year):
        out.append({"source": "annual", "id": None, "government_id": r.get("government_id"), "year": r.get("year"),
                    "title": r.get("title") or "", "published": _date(r.get("published_at")), "name": "",
                    "url": r.get("url"), "text": r.get("text") or ""})
    return out


def loaded_report(entry: dict, label: str) -> Loaded:
    """The report of an entry read for the analyses (an uploaded one from its stored JSON)."""
    if entry["source"] == "upload":
        doc, text = ReportDocument.objects.filter(pk=entry["id"]).values_list("doc", "text").get()
        return from_doc(doc, text=text, label=label)
    import fazhi
    from fazhi.analysis.load import from_source

    return from_source(fazhi.Source(blocks=(entry.get("text") or "").splitlines()), label)


def latest_per_government(entries: list[dict]) -> dict[int, dict]:
    """One report per government: an uploaded file before a published one, newest first."""
    out: dict[int, dict] = {}
    for e in entries:
        out.setdefault(e["government_id"], e)
    return out


def comparison(governments, year: int) -> dict:
    """fazhi.analysis.compare over the lower governments' reports of `year`: the table, with each
    document named by the government Fazhi knows (not the name read from the title)."""
    by_gov = latest_per_government(report_entries([g.pk for g in governments], year))
    names = {g.pk: g.name for g in governments}
    chosen = [(g, by_gov[g.pk]) for g in governments if g.pk in by_gov]
    loaded = [loaded_report(e, f"{names[g.pk]}") for g, e in chosen]
    table = compare(loaded)
    for d, (g, e) in zip(table["documents"], chosen, strict=True):
        d["government"] = g.name
        d["government_id"] = g.pk
        d["issued"] = d.get("issued") or (e["published"].isoformat() if e["published"] else None)
        d["source"] = e["source"]
        d["missing_names"] = [SECTION_NAMES.get(k, k) for k in d.get("missing") or []]
    table["without"] = [g for g in governments if g.pk not in by_gov]
    return table


def report_coverage(entry: dict, plan: Plan | None) -> dict | None:
    """fazhi.analysis.coverage of a lower report against that government's plan."""
    if plan is None:
        return None
    loaded = loaded_report(entry, entry.get("title") or "")
    result = coverage(plan_loaded(plan.pk, plan.title), loaded)
    titles = {tuple(p or []): t or (x or "")[:40] for p, t, x in
              Task.objects.filter(plan=plan, removed=False).values_list("path", "title", "text")}
    for t in result["tasks"]:
        t["title"] = titles.get(tuple(t["path"]), "")
    return {"plan": plan, **result, "percent": round(100 * result["coverage"], 2)}
