"""Excel exports: 任务分工表 and the progress 台账."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from fazhi.export.xlsx import build_workbook
from fazhiweb.core.clock import local_text
from fazhiweb.plans.models import Plan
from fazhiweb.progress.dashboard import assignment_rows

LEDGER_COLUMNS = ["序号", "章节", "工作任务", "单位", "角色", "完成时限", "最新状态", "审核状态", "完成百分比",
                  "工作进展", "指标完成值", "佐证材料", "报送时间"]


def _book(title: str, columns: list[str], widths: list[int]):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    return wb, ws


def _bytes(wb) -> bytes:
    for row in wb.active.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _names(task, role: str) -> list[str]:
    """The units of a role as the directory names them (groups by their name, unresolved as written)."""
    return [m.unit.name if m.unit_id else (m.group.name if m.group_id else m.raw_name)
            for m in task.mentions.all() if m.role == role]


def plan_document(plan: Plan) -> dict:
    """The plan as a parsed document (eval/SCHEMA.md shape): what the 任务分工表 writer takes,
    so the table keeps title, year, catch-all deadline, every deadline and target, and reads
    back to the same plan."""
    tasks = plan.tasks.filter(removed=False).prefetch_related("mentions__unit", "mentions__group")
    return {
        "kind": "plan", "title": plan.title, "year": plan.year,
        "default_deadline": plan.default_deadline.isoformat() if plan.default_deadline else None,
        "tasks": [{"path": t.path, "heading": t.heading, "title": t.title, "text": t.text,
                   "units": {r: _names(t, r) for r in ("lead", "responsible", "support")},
                   "deadlines": t.deadlines, "targets": t.targets} for t in tasks],
    }


def task_table(plan: Plan) -> bytes:
    """The 任务分工表 through the one 任务分工表 writer (fazhi.export.xlsx), as the CLI writes it."""
    buf = io.BytesIO()
    build_workbook(plan_document(plan)).save(buf)
    return buf.getvalue()


def ledger(plan: Plan) -> bytes:
    from fazhiweb.plans.models import Assignment

    wb, ws = _book("进展台账", LEDGER_COLUMNS, [8, 18, 40, 18, 10, 12, 14, 10, 10, 50, 30, 30, 18])
    rows = assignment_rows(Assignment.objects.filter(task__plan=plan, active=True, task__removed=False))
    for r in rows:
        a, rep = r.assignment, r.latest
        figures = "；".join(f"{f.get('text')}:{f.get('value')}{f.get('unit') or ''}" for f in (rep.figures if rep else []))
        evidence = "、".join(e.original_name for e in rep.evidence.all()) if rep else ""
        ws.append([
            a.task.label, a.task.heading, _text(a.task.short), a.unit.name, a.get_role_display(),
            r.due.isoformat() if r.due else "", rep.status_label if rep else "未报送",
            rep.get_state_display() if rep else "", r.percent, _text(rep.text) if rep else "", _text(figures),
            _text(evidence),
            local_text(rep.submitted_at) if rep else "",
        ])
    return _bytes(wb)


def _text(value) -> str:
    """User text as written, minus the control characters a workbook cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))
