"""Excel exports: 任务分工表 and the progress 台账, through the one writer (core.xlsx)."""

from __future__ import annotations

import io

from fazhi.export.xlsx import task_workbook
from fazhiweb.core.xlsx import Column, Sheet, workbook
from fazhiweb.plans.models import Plan
from fazhiweb.progress.dashboard import assignment_rows

LEDGER_COLUMNS = [Column(head, width, center=center) for head, width, center in [
    ("序号", 8, True), ("章节", 18, False), ("工作任务", 40, False), ("单位", 18, False), ("角色", 10, True),
    ("完成时限", 12, True), ("最新状态", 14, False), ("审核状态", 10, False), ("完成百分比", 10, True),
    ("工作进展", 50, False), ("指标完成值", 30, False), ("佐证材料", 30, False), ("报送时间", 18, True)]]


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
    """The 任务分工表 through the one writer, as the CLI writes it (title, year, catch-all)."""
    buf = io.BytesIO()
    task_workbook(plan_document(plan)).save(buf)
    return buf.getvalue()


def ledger(plan: Plan) -> bytes:
    from fazhiweb.plans.models import Assignment

    rows = []
    for r in assignment_rows(Assignment.objects.filter(task__plan=plan, active=True, task__removed=False)):
        a, rep = r.assignment, r.latest
        figures = "；".join(f"{f.get('text')}:{f.get('value')}{f.get('unit') or ''}" for f in (rep.figures if rep else []))
        evidence = "、".join(e.original_name for e in rep.evidence.all()) if rep else ""
        rows.append([
            a.task.label, a.task.heading, a.task.short, a.unit.name, a.get_role_display(),
            r.due, rep.status_label if rep else "未报送",
            rep.get_state_display() if rep else "", r.percent, rep.text if rep else "", figures, evidence,
            rep.submitted_at if rep else None,
        ])
    return workbook([Sheet("进展台账", LEDGER_COLUMNS, rows, landscape=True)], title=plan.title, subject="进展台账")
