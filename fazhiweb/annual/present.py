"""What the report page shows beside the text: figures linked to their register records,
the audit (fazhi.annual.audit on the draft's own text), the deadlines as clocks with their
routing, the register values that moved since the text took them, the plan's tasks the
report does not speak of (fazhi.analysis.coverage), and versions side by side. Reads only."""

from __future__ import annotations

import difflib
import functools
from html import escape

from django.urls import reverse

from fazhi.annual import audit, figure_changes, from_text, route, untraced
from fazhi.annual.model import Draft, Figure, Paragraph, Part
from fazhiweb.annual.inputs import register_figures
from fazhiweb.annual.models import AnnualReport, PublicVersion, local_due, overrides_of
from fazhiweb.core.clock import DueCalculator


@functools.cache
def figure_kinds() -> dict[str, str]:
    """{statistic key: register kind} over every register kind."""
    from fazhi import registers as core

    return {s.key: name for name in core.kind_names() for s in core.load_kind(name).statistics}


def records_url(key: str | None, year: int) -> str:
    kind = figure_kinds().get(key or "")
    if not kind:
        return ""
    return f"{reverse('registers:register', args=[kind])}?year={year}&figure={key}"


def _figure_html(f: Figure, year: int) -> str:
    url = records_url(f.key, year)
    tip = f.definition or ("单位报送的数据" if not f.key else f.key)
    link = f' <a class="records" href="{escape(url)}">查看记录</a>' if url else ""
    cls = "figure" if (f.key or f.definition) else "figure unit-figure"
    return (f'<span class="{cls}" tabindex="0" data-key="{escape(f.key or "")}" title="{escape(tip)}">'
            f'{escape(f.text())}<span class="tip"><b>{escape(f.key or f.name)}</b> {escape(tip)}{link}</span></span>')


def _text_html(text: str, flagged: list[str]) -> str:
    out = escape(text)
    for t in sorted(set(flagged), key=len, reverse=True):
        e = escape(t)
        out = out.replace(e, f'<mark class="untraced" title="手工录入的数字,未关联登记簿或台账">{e}</mark>')
    return out


def paragraph_html(para: Paragraph, year: int, flagged: list[str]) -> str:
    body = "".join(_figure_html(r, year) if isinstance(r, Figure) else _text_html(r, flagged) for r in para.runs)
    tag = "h4" if para.style == "heading2" else "p"
    classes = " ".join(c for c, on in (("internal", para.internal), ("placeholder", para.placeholder),
                                       ("drafted", para.draft)) if on)
    mark = '<span class="badge">保密·不公开</span>' if para.internal else ""
    return f'<{tag} class="{classes}">{mark}{body}</{tag}>'


def part_html(part: Part, year: int) -> tuple[str, list[dict]]:
    """The part as the page shows it, and its typed (untraced) numbers."""
    found = untraced(Draft(title="", year=year, government="", parts=[part]))
    flagged = [u["text"] for u in found]
    return "\n".join(paragraph_html(p, year, flagged) for p in part.paragraphs), found


def previous_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.filter(government_id=report.government_id, unit_id=report.unit_id,
                                       year=report.year - 1).first()


def previous_text(report: AnnualReport) -> str | None:
    """Last year's text: what was published when it was, else the stored draft."""
    prev = previous_report(report)
    if prev is None:
        return None
    pv = prev.public_versions.order_by("-number").first()
    return pv.text if pv else "\n".join(prev.draft.text_lines())


def draft_metrics(draft: Draft) -> list[dict]:
    """The draft's figures as the audit compares them: each token as it is (its key known, not
    guessed from its wording), and the numbers typed into the text as the parser reads them."""
    out = [{"key": f.key, "name": f.name, "value": f.value, "unit": f.unit, "approx": False, "text": f.text()}
           for f in draft.figures() if f.value is not None]
    out += [{**u, "name": "", "approx": False} for u in untraced(draft)]
    return out


def audit_result(report: AnnualReport, figures: dict | None = None) -> dict:
    figures = register_figures(report.government, report.year, report.unit) if figures is None else figures
    draft = report.draft
    before = previous_text(report)
    parsed = from_text("\n".join(draft.text_lines()), report.data.get("title") or "")
    parsed.doc["metrics"] = draft_metrics(draft)
    result = audit(parsed,
                   previous=from_text(before, "上一年度报告") if before else None,
                   expected={k: f.get("value") for k, f in figures.items() if f.get("value") is not None},
                   overrides=overrides_of(report.government_id))
    result["compared_with_previous"] = before is not None
    return result


def clocks(report: AnnualReport) -> list[dict]:
    """报送 and 公开 deadlines (routing data) as the one clock counts them; done once recorded."""
    r = route(report.year, "department" if report.is_department else "government",
              local_due=local_due(report.government_id, report.year))
    calc = DueCalculator()
    sent = report.dispatches.order_by("sent_on").first()
    published = report.public_versions.order_by("number").first()
    done_sent = sent.sent_on if sent else (report.submitted_at.date() if report.submitted_at else None)
    rows = [("报送", r["due"], "、".join(r["recipients"]), "、".join(r["copies"]), done_sent)]
    if not report.is_department:
        rows.append(("公开", r["publish_due"], r["publish_where"], "", published.published_at.date() if published else None))
    out = []
    for label, due, to, copies, done in rows:
        d = calc.deadline([{"date": due, "text": f"{label}期限", "recurring": None}])
        status = calc.status(d)
        out.append({"label": label, "due": due, "to": to, "copies": copies, "done": done,
                    "late": bool(done and done.isoformat() > due), "status": status})
    return [{**o, "source": r["source"]} for o in out]


def differences(report: AnnualReport, figures: dict) -> list[dict]:
    return figure_changes(report.draft, figures)


def coverage(report: AnnualReport) -> dict | None:
    """The government's plan of the year against the report: the tasks it does not speak of."""
    from fazhi.analysis import coverage as cover
    from fazhi.analysis import from_doc
    from fazhiweb.plans.models import Plan

    plan = (Plan.objects.filter(government_id=report.government_id, year=report.year)
            .order_by("-published_at", "-id").first())
    if plan is None:
        return None
    tasks = list(plan.tasks.filter(removed=False).order_by("order", "id"))
    if report.unit_id:
        tasks = [t for t in tasks if t.assignments.filter(unit_id=report.unit_id).exists()]
    if not tasks:
        return None
    doc = {"kind": "plan", "tasks": [{"path": t.path, "title": t.title, "text": t.text} for t in tasks]}
    result = cover(from_doc(doc, label=plan.title), from_doc({"kind": "report"}, "\n".join(report.draft.text_lines())))
    by_path = {tuple(t.path): t for t in tasks}
    missing = [by_path.get(tuple(t["path"])) for t in result["tasks"] if not t["covered"]]
    return {"plan": plan, "share": result["coverage"], "missing": [t for t in missing if t is not None],
            "total": len(tasks)}


def version_diff(a, b) -> list[tuple[str, str]]:
    """Lines of version `a` → `b` with their marks: ('+', line), ('-', line), (' ', line)."""
    old, new = a.draft.text_lines() if a else [], b.draft.text_lines()
    out = []
    for line in difflib.ndiff(old, new):
        if line[:1] in "+- ":
            out.append((line[:1], line[2:]))
    return out


def latest_public(report: AnnualReport) -> PublicVersion | None:
    return report.public_versions.order_by("-number").first()
