"""The comparison table as .xlsx: one sheet of values, one of reports, one chart per indicator.

Written through the project's one xlsx writer (fazhi.export.xlsx) so the style and the
atomic save are the same as the 任务分工表's.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from fazhi.export import SECTION_NAMES
from fazhi.export.xlsx import save_workbook, write_cell, write_header

VALUE_SHEET = "指标对比"
DOC_SHEET = "报告"
CHART_SHEET = "图表"


def value_label(cell: dict) -> str:
    """`{"value": 1.5, "unit": "万件"…}` → "约1.5万件" style text for reading."""
    from fazhi.export import fmt_number

    text = f"{fmt_number(cell.get('value'))}{cell.get('unit') or ''}"
    if cell.get("approx"):
        text += "(约数)"
    if cell.get("definition"):
        text += f"[口径:{cell['definition']}]"
    return text


def doc_label(d: dict) -> str:
    """A report's column name: its government and year (two years of one government differ)."""
    return f"{d['government']}{d['year']}年度" if d.get("year") else d["government"]


def _documents_sheet(wb: Workbook, table: dict) -> None:
    ws = wb.create_sheet(DOC_SHEET)
    write_header(ws, [("文件", 36), ("政府", 24), ("年度", 8), ("发布日期", 12), ("缺少的部分", 50)])
    for r, d in enumerate(table["documents"], start=2):
        missing = "、".join(SECTION_NAMES.get(k, k) for k in d.get("missing") or [])
        cells = [d["file"], d["government"], d.get("year") or "", d.get("issued") or "", missing]
        for c, v in enumerate(cells, start=1):
            write_cell(ws, r, c, v, center=c in (3, 4))


def _values_sheet(wb: Workbook, table: dict) -> list[tuple[int, dict]]:
    """Indicators down, governments across; a value cell holds the number, the next cell
    its reading (unit, approx, scope, also) and the sentence goes in a comment-like column."""
    ws = wb.active
    ws.title = VALUE_SHEET
    docs = table["documents"]
    columns = [("指标", 26), ("单位", 6)]
    for d in docs:
        columns += [(f"{doc_label(d)}\n数值", 10), (f"{doc_label(d)}\n说明与原句", 40)]
    write_header(ws, columns)
    ws.freeze_panes = "C2"
    rows = []
    r = 2
    for row in table["rows"]:
        if not row["values"]:
            continue
        write_cell(ws, r, 1, f"{row['name']}\n{row['key']}")
        write_cell(ws, r, 2, row.get("unit") or "", center=True)
        for i, d in enumerate(docs):
            cell = row["values"].get(d["file"])
            if not cell:
                continue
            write_cell(ws, r, 3 + 2 * i, cell["value"], center=True)
            also = ";".join(value_label(a) for a in cell.get("also") or [])
            note = value_label(cell) + (f";另述:{also}" if also else "") + f"\n{cell['text']}"
            write_cell(ws, r, 4 + 2 * i, note)
        rows.append((r, row))
        r += 1
    return rows


def _charts_sheet(wb: Workbook, table: dict, rows: list[tuple[int, dict]]) -> None:
    """One bar chart per indicator that at least two reports state."""
    ws = wb.create_sheet(CHART_SHEET)
    docs = table["documents"]
    write_header(ws, [("指标", 26)] + [(doc_label(d), 14) for d in docs])
    out = 2
    anchor_row = 2
    for _, row in rows:
        stated = [d for d in docs if d["file"] in row["values"]]
        if len(stated) < 2:
            continue
        write_cell(ws, out, 1, row["name"])
        for i, d in enumerate(docs, start=2):
            cell = row["values"].get(d["file"])
            if cell:
                write_cell(ws, out, i, cell["value"], center=True)
        chart = BarChart()
        chart.title = f"{row['name']}({row.get('unit') or ''})"
        chart.legend = None
        chart.height, chart.width = 6, 14
        data = Reference(ws, min_col=2, max_col=1 + len(docs), min_row=out, max_row=out)
        cats = Reference(ws, min_col=2, max_col=1 + len(docs), min_row=1, max_row=1)
        chart.add_data(data, from_rows=True, titles_from_data=False)
        chart.set_categories(cats)
        ws.add_chart(chart, f"{get_column_letter(len(docs) + 3)}{anchor_row}")
        anchor_row += 13
        out += 1


def comparison_workbook(table: dict) -> Workbook:
    wb = Workbook()
    wb.properties.title = "年度报告指标对比"
    wb.properties.creator = "fazhi"
    rows = _values_sheet(wb, table)
    _documents_sheet(wb, table)
    _charts_sheet(wb, table, rows)
    return wb


def write_comparison(table: dict, path: str | Path) -> Path:
    return save_workbook(comparison_workbook(table), path)
