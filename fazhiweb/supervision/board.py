"""The supervision board of a plan (traffic light per unit, open notices, unit × section heat
map), the notices list query, and their .xlsx exports. Query counts do not grow with data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from fazhiweb.core.xlsx import Cell, Column, Sheet, workbook
from fazhiweb.directory.models import Unit
from fazhiweb.plans.models import Plan
from fazhiweb.progress.dashboard import plan_states
from fazhiweb.progress.due import DONE, OVERDUE, SOON, DueCalculator
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


def plan_board(plan: Plan, calc: DueCalculator | None = None, states=None) -> dict:
    """Three queries over plain values (tasks, assignments with their acceptance, units) plus one
    for notice counts: fast on plans with tens of thousands of assignments. `states`: the plan's
    roll-up input when the caller has it (progress.dashboard.shared_states), saving the first two."""
    calc = calc or DueCalculator()
    ps = states if states is not None else plan_states(plan, calc)
    tasks = {pk: ((path or [""])[0], heading, order) for pk, (path, heading, order, *_) in ps.tasks.items()}
    sections: dict[str, dict] = {}
    units: dict[int, dict] = {}
    cells: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])  # (unit, section) → [total, overdue]
    total = 0
    for _pk, unit_id, task_id, state, _due in ps.rows:
        key, heading, order = tasks[task_id]
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


# -- xlsx (through the one writer, core.xlsx) ----------------------------------------------------
LIGHT_FILLS = {"red": "F8D7DA", "yellow": "FFF3CD", "green": "D4EDDA"}
HEAT_FILLS = ["E8F5E9", "FFF3CD", "FFD8A8", "F5A3A3", "D9534F"]


def _columns(spec) -> list[Column]:
    return [Column(head, width) for head, width in spec]


def board_xlsx(plan: Plan, board: dict) -> bytes:
    units = _columns([("单位", 24), ("状态", 16), ("分工数", 10), ("已完成", 10), ("已逾期", 10),
                      ("即将到期", 10), ("未办结督办单", 14), ("其中逾期", 10)])
    unit_rows = [[u["unit"].name, Cell(u["light_label"], fill=LIGHT_FILLS[u["light"]]), u["total"], u["done"],
                  u["overdue"], u["soon"], u["open_notices"], u["overdue_notices"]] for u in board["units"]]
    heat = _columns([("单位", 24)] + [(s["label"], 16) for s in board["sections"]])
    heat_rows = [[u["unit"].name] + [
        None if c["share"] is None else Cell(round(c["share"], 4), number_format="0%",
                                             fill=None if c["level"] is None else HEAT_FILLS[c["level"]])
        for c in u["cells"]] for u in board["units"]]
    info = [["计划", plan.title], ["统计日期", board["today"]], ["即将到期", f"{board['soon_days']} 个工作日内"]]
    if board["calendar_note"]:
        info.append(["节假日", board["calendar_note"]])
    return workbook([Sheet("单位督办状态", units, unit_rows, freeze="B2"),
                     Sheet("逾期热力图", heat, heat_rows, freeze="B2"),
                     Sheet("说明", _columns([("项目", 14), ("内容", 60)]), info, autofilter=False)],
                    title=f"督办看板-{plan.title}")


def notices_xlsx(notices, today: dt.date) -> bytes:
    columns = _columns([("编号", 18), ("单位", 20), ("督办类型", 12), ("督办事由", 40), ("督办事项", 40),
                        ("反馈期限", 12), ("状态", 10), ("是否逾期", 10), ("下发时间", 18), ("最新反馈", 40)])
    rows = []
    for n in notices:
        tasks = "；".join(f"{a.task.label} {a.task.short}" for a in n.assignments.all())
        rows.append([n.number, n.unit.name, n.get_kind_display(), n.reason, tasks, n.reply_by,
                     n.get_state_display(), "逾期" if n.is_overdue(today) else "", n.created_at, n.reply_text])
    return workbook([Sheet("问题清单", columns, rows, freeze="B2")], title="督办问题清单")
