"""The supervision board of a plan (traffic light per unit, open notices, unit × section heat
map), the notices list query, and their .xlsx exports. Query counts do not grow with data."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fazhiweb.directory.models import Unit
from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress.due import DONE, OVERDUE, SOON, DueCalculator, ticks_of, with_acceptance
from fazhiweb.supervision.models import OPEN_STATES, Notice

LIGHT_LABELS = {"red": "红灯(有逾期)", "yellow": "黄灯(即将到期)", "green": "绿灯(正常)"}
LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2}


def heat_level(share: float | None) -> int | None:
    """0–4 colour step of an overdue share; None for an empty cell."""
    if share is None:
        return None
    if share == 0:
        return 0
    return 1 if share < 0.25 else 2 if share < 0.5 else 3 if share < 0.75 else 4


def heat_cells_html(cells: list[dict]) -> str:
    """The heat-map cells of one unit as HTML (numbers only: nothing to escape). Built here rather than
    in the template: units × sections cells would cost ~10 template nodes each."""
    out = []
    for c in cells:
        if c["level"] is None:
            out.append('<td class="cell empty">—</td>')
        else:
            out.append(f'<td class="cell heat-{c["level"]}" title="逾期 {c["overdue"]} / 共 {c["total"]}">{c["pct"]}%'
                       f'<div class="muted">{c["overdue"]}/{c["total"]}</div></td>')
    return mark_safe("".join(out))  # noqa: S308 -- integers and fixed text only


def plan_board(plan: Plan, calc: DueCalculator | None = None) -> dict:
    """Three queries over plain values (tasks, assignments with their acceptance, units) plus one
    for notice counts: fast on plans with tens of thousands of assignments."""
    calc = calc or DueCalculator()
    tasks = {}
    for pk, path, heading, order, deadlines in (plan.tasks.filter(removed=False)
                                                .values_list("id", "path", "heading", "order", "deadlines")):
        tasks[pk] = ((path or [""])[0], heading, order, deadlines)
    sections: dict[str, dict] = {}
    units: dict[int, dict] = {}
    cells: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])  # (unit, section) → [total, overdue]
    rows_qs = with_acceptance(Assignment.objects.filter(task__plan=plan, active=True, task__removed=False).order_by())
    total = 0
    for unit_id, task_id, acc_status, acc_at, ticks in rows_qs.values_list(
            "unit_id", "task_id", "sv_accepted_status", "sv_accepted_at", "sv_accepted_ticks").iterator(chunk_size=10000):
        key, heading, order, deadlines = tasks[task_id]
        due = calc.deadline(deadlines, plan.default_deadline, ticks_of(ticks))
        state = calc.status(due, acc_status, acc_at).state
        total += 1
        if key not in sections or order < sections[key]["order"]:
            sections[key] = {"key": key, "label": heading or key, "order": order}
        u = units.get(unit_id)
        if u is None:
            u = units[unit_id] = {"unit": None, "total": 0, "done": 0, "overdue": 0, "soon": 0,
                                  "open_notices": 0, "overdue_notices": 0}
        u["total"] += 1
        u["done"] += state == DONE
        u["overdue"] += state == OVERDUE
        u["soon"] += state == SOON
        c = cells[(unit_id, key)]
        c[0] += 1
        c[1] += state == OVERDUE
    for unit in Unit.objects.filter(government_id=plan.government_id).only("id", "name", "government_id"):
        if unit.pk in units:
            units[unit.pk]["unit"] = unit
    today = calc.today
    counts = (Notice.objects.filter(government_id=plan.government_id, state__in=OPEN_STATES,
                                    assignments__task__plan=plan)
              .values("unit_id").annotate(n=Count("id", distinct=True),
                                          late=Count("id", distinct=True, filter=Q(reply_by__lt=today))))
    for row in counts:
        if row["unit_id"] in units:
            units[row["unit_id"]]["open_notices"] = row["n"]
            units[row["unit_id"]]["overdue_notices"] = row["late"]
    section_list = sorted(sections.values(), key=lambda s: s["order"])
    rows = []
    for uid, u in units.items():
        u["light"] = "red" if u["overdue"] else "yellow" if u["soon"] else "green"
        u["light_label"] = LIGHT_LABELS[u["light"]]
        u["cells"] = []
        for s in section_list:
            n_all, late = cells.get((uid, s["key"]), (0, 0))
            share = late / n_all if n_all else None
            u["cells"].append({"total": n_all, "overdue": late, "share": share,
                               "pct": round(100 * share) if share is not None else None, "level": heat_level(share)})
        u["cells_html"] = heat_cells_html(u["cells"])
        rows.append(u)
    rows.sort(key=lambda u: (LIGHT_ORDER[u["light"]], -u["overdue"], -u["soon"], u["unit"].name))
    return {
        "units": rows, "sections": section_list, "total": total,
        "overdue": sum(u["overdue"] for u in rows), "soon": sum(u["soon"] for u in rows),
        "done": sum(u["done"] for u in rows), "open_notices": sum(u["open_notices"] for u in rows),
        "lights": {k: sum(1 for u in rows if u["light"] == k) for k in ("red", "yellow", "green")},
        "today": today, "soon_days": calc.soon_days, "calendar_note": calc.note,
    }


def notices_query(member, params) -> tuple:
    """The notices a member may see, filtered by unit / state / 逾期 (params: unit, state)."""
    qs = Notice.objects.filter(government_id=member.government_id)
    if member.is_liaison:
        qs = qs.filter(unit_id=member.unit_id)
    state = params.get("state") or "open"
    today = timezone.localdate()
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state == "overdue":
        qs = qs.filter(state__in=OPEN_STATES, reply_by__lt=today)
    elif state != "all":
        qs = qs.filter(state=state)
    unit = params.get("unit")
    if unit and str(unit).isdigit() and not member.is_liaison:
        qs = qs.filter(unit_id=int(unit))
    qs = qs.select_related("unit").prefetch_related("assignments__task").order_by("reply_by", "id")
    return qs, state


# -- xlsx --------------------------------------------------------------------------------------
HEADER_FILL = PatternFill("solid", fgColor="9B1C1C")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LIGHT_FILLS = {k: PatternFill("solid", fgColor=c) for k, c in
               {"red": "F8D7DA", "yellow": "FFF3CD", "green": "D4EDDA"}.items()}
HEAT_FILLS = [PatternFill("solid", fgColor=c) for c in ["E8F5E9", "FFF3CD", "FFD8A8", "F5A3A3", "D9534F"]]


def _sheet(ws, columns: list[str], widths: list[int]):
    ws.append(columns)
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "B2"


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def board_xlsx(plan: Plan, board: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "单位督办状态"
    _sheet(ws, ["单位", "状态", "分工数", "已完成", "已逾期", "即将到期", "未办结督办单", "其中逾期"],
           [24, 16, 10, 10, 10, 10, 14, 10])
    for u in board["units"]:
        ws.append([u["unit"].name, u["light_label"], u["total"], u["done"], u["overdue"], u["soon"],
                   u["open_notices"], u["overdue_notices"]])
        ws.cell(ws.max_row, 2).fill = LIGHT_FILLS[u["light"]]
    heat = wb.create_sheet("逾期热力图")
    _sheet(heat, ["单位"] + [s["label"] for s in board["sections"]], [24] + [16] * len(board["sections"]))
    for u in board["units"]:
        heat.append([u["unit"].name] + [None if c["share"] is None else round(c["share"], 4) for c in u["cells"]])
        for i, c in enumerate(u["cells"], 2):
            if c["level"] is not None:
                cell = heat.cell(heat.max_row, i)
                cell.number_format = "0%"
                cell.fill = HEAT_FILLS[c["level"]]
    info = wb.create_sheet("说明")
    info.append(["计划", plan.title])
    info.append(["统计日期", board["today"].isoformat()])
    info.append(["即将到期", f"{board['soon_days']} 个工作日内"])
    if board["calendar_note"]:
        info.append(["节假日", board["calendar_note"]])
    return _save(wb)


def notices_xlsx(notices, today: dt.date) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    _sheet(ws, ["编号", "单位", "督办类型", "督办事由", "督办事项", "反馈期限", "状态", "是否逾期", "下发时间",
                "最新反馈"], [18, 20, 12, 40, 40, 12, 10, 10, 18, 40])
    for n in notices:
        tasks = "；".join(f"{a.task.label} {a.task.short}" for a in n.assignments.all())
        ws.append([n.number, n.unit.name, n.get_kind_display(), n.reason, tasks, n.reply_by.isoformat(),
                   n.get_state_display(), "逾期" if n.is_overdue(today) else "",
                   timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M"), n.reply_text])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(wb)
