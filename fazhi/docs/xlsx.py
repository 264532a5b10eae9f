"""Excel .xlsx: every visible sheet becomes a Table of its rows.

Merged ranges are handled like Word tables: the top-left value once per row
(horizontal spans are not duplicated) and repeated down the merged rows, so
each row stands alone. Merges are only visible when openpyxl loads the whole
workbook, which we do for small files; big ones are streamed read-only.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from fazhi.docs import safezip
from fazhi.docs.base import MAX_TEXT_CHARS, Source, Table
from fazhi.errors import DocumentError

name = "xlsx"
extensions = (".xlsx", ".xlsm", ".xltx", ".xltm")

FULL_LOAD_MAX_FILE = 5 * 1024 * 1024
FULL_LOAD_MAX_SHEET_XML = 30 * 1024 * 1024
MAX_CELLS = 5_000_000

_DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.I)


def sniff_content(head: bytes, path: Path) -> bool:
    return head.startswith(safezip.ZIP_MAGIC) and "xl/workbook.xml" in safezip.zip_names(path)



def cell_text(value, number_format: str | None = None) -> str:
    """A cell value as the text a reader of the sheet sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            return f"{value * 100:.10g}%"
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return ""
            if value.is_integer() and abs(value) < 1e15:
                return str(int(value))
            return f"{value:.10g}"
        return str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text


def _merges(ws) -> list[tuple[int, int, int, int]]:
    try:
        ranges = ws.merged_cells.ranges
    except AttributeError:  # read-only worksheets do not expose merges
        return []
    return [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ranges]


def _sheet_rows(ws, budget: list[int]) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in ws.iter_rows():
        budget[0] -= len(row)
        if budget[0] < 0:
            raise DocumentError(f"表格过大(超过 {MAX_CELLS} 个单元格):请拆分后再导入。")
        vals = [cell_text(c.value, getattr(c, "number_format", None)) for c in row]
        rows.append(vals if any(vals) else [])
    # Merged ranges, clipped to the data actually present.
    for min_row, min_col, max_row, max_col in _merges(ws):
        top = min_row - 1
        if top >= len(rows):
            continue
        value = rows[top][min_col - 1] if min_col - 1 < len(rows[top]) else ""
        if not value:
            continue
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            if len(row) < max_col:
                row.extend([""] * (max_col - len(row)))
            row[min_col - 1] = value
            for c in range(min_col, max_col):
                row[c] = ""
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    keep = [c for c in range(width) if any(r[c] for r in rows)]  # drop spacer columns
    return [[r[c] for c in keep] for r in rows]


def _full_load_ok(path: Path) -> bool:
    if path.stat().st_size >= FULL_LOAD_MAX_FILE:
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            sheet_xml = sum(
                i.file_size for i in zf.infolist() if i.filename.startswith("xl/worksheets/")
            )
    except Exception:
        return False
    return sheet_xml < FULL_LOAD_MAX_SHEET_XML


def read(path: Path) -> Source:
    import openpyxl

    safezip.check_zip(path, "Excel 表格")
    full = _full_load_ok(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=not full, data_only=True)
    except Exception:
        raise safezip.corrupt(path, "Excel 表格") from None
    blocks: list[str | Table] = []
    budget = [MAX_CELLS]
    chars = 0
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            if not full:
                ws.reset_dimensions()  # a bogus A1:XFD1048576 dimension must not pad every row
            rows = _sheet_rows(ws, budget)
            if not rows:
                continue
            title = (ws.title or "").strip()
            # A short sheet name ("说明", "任务表") labels a tab, not the document; as a line of
            # its own it would be joined to the next as a broken fragment.
            if title and not _DEFAULT_SHEET.match(title) and len(title) >= 5:
                blocks.append(title)
            blocks.append(Table(rows=rows))
            chars += sum(len(c) for r in rows for c in r)
            if chars > MAX_TEXT_CHARS:
                raise DocumentError(f"表格文字过多(超过 {MAX_TEXT_CHARS} 字):请拆分后再导入。")
    except DocumentError:
        raise
    except Exception:
        raise safezip.corrupt(path, "Excel 表格") from None
    finally:
        if not full:
            wb.close()
    # The workbook's own title (our 任务分工表 export writes the plan's title there).
    doc_title = (wb.properties.title or "").strip() if wb.properties else ""
    sheet_names = {(ws.title or "").strip() for ws in wb.worksheets}
    if doc_title in sheet_names or _DEFAULT_SHEET.match(doc_title):
        doc_title = ""
    return Source(blocks=blocks, title=doc_title or None, format=name, path=str(path),
                  meta=_stated(wb.properties.keywords if wb.properties else None))


# What our 任务分工表 export states in the workbook's keywords: the plan's year and catch-all.
KEYWORDS = re.compile(r"(年度|默认完成时限)[::]\s*(\d{4}(?:-\d{2}-\d{2})?)")


def _stated(keywords: str | None) -> dict[str, str]:
    found = dict(KEYWORDS.findall(keywords or ""))
    return {k: v for k, v in (("year", found.get("年度", "")[:4]),
                              ("default_deadline", found.get("默认完成时限", ""))) if len(v) in (4, 10)}
