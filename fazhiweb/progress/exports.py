"""Excel exports: 任务分工表 and the progress 台账."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from fazhiweb.plans.models import Plan
from fazhiweb.progress.dashboard import assignment_rows

TASK_COLUMNS = ["序号", "章节", "工作任务", "牵头单位", "责任单位", "配合单位", "完成时限", "量化指标"]
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


def _names(task, role: str) -> str:
    out = []
    for m in task.mentions.all():
        if m.role == role:
            out.append(m.unit.name if m.unit_id else (m.group.name if m.group_id else m.raw_name))
    return "、".join(out)


def task_table(plan: Plan) -> bytes:
    wb, ws = _book("任务分工表", TASK_COLUMNS, [8, 20, 60, 20, 30, 20, 14, 30])
    tasks = plan.tasks.filter(removed=False).prefetch_related("mentions__unit", "mentions__group")
    for t in tasks:
        ws.append([
            t.label, t.heading, (f"{t.title}。" if t.title and not t.text.startswith(t.title) else "") + t.text,
            _names(t, "lead"), _names(t, "responsible"), _names(t, "support"),
            t.deadline_text(), t.targets_text(),
        ])
    return _bytes(wb)


def ledger(plan: Plan) -> bytes:
    from fazhiweb.plans.models import Assignment

    wb, ws = _book("进展台账", LEDGER_COLUMNS, [8, 18, 40, 18, 10, 12, 14, 10, 10, 50, 30, 30, 18])
    rows = assignment_rows(Assignment.objects.filter(task__plan=plan, active=True, task__removed=False))
    for r in rows:
        a, rep = r.assignment, r.latest
        figures = "；".join(f"{f.get('text')}:{f.get('value')}{f.get('unit') or ''}" for f in (rep.figures if rep else []))
        evidence = "、".join(e.original_name for e in rep.evidence.all()) if rep else ""
        ws.append([
            a.task.label, a.task.heading, a.task.short, a.unit.name, a.get_role_display(),
            r.due.isoformat() if r.due else "", rep.status_label if rep else "未报送",
            rep.get_state_display() if rep else "", r.percent, rep.text if rep else "", figures, evidence,
            rep.submitted_at.strftime("%Y-%m-%d %H:%M") if rep else "",
        ])
    return _bytes(wb)
