"""The one .xlsx writer for every export (CLI and web), and the task ledger built with it.

Every workbook goes through `build_workbook(sheets)`: header row styled and frozen, real Excel
dates, times in local time, and user text stored unchanged as a string cell — never a formula,
whatever it starts with (= + - @) — with the control characters Excel cannot hold removed.

The 任务分工表: row 1 is the header (no title row above it) so that readers — ours included —
find the columns by name; `fazhi parse OUT.xlsx` reads the workbook back. 序号 holds the
task's path labels joined by one space ("一 (一)") so the path can be split back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from fazhi.errors import FazhiError
from fazhi.export import (
    chapter_label,
    deadline_labels,
    path_label,
    target_labels,
    task_text,
    units_label,
)

__all__ = ["COLUMNS", "SHEET_NAME", "Cell", "Column", "Sheet", "build_workbook", "save_workbook",
           "table_sheet", "task_rows", "task_sheet", "task_workbook", "workbook_bytes", "write_cell", "write_header",
           "write_task_table"]

SHEET_NAME = "任务分工表"
# (header, column width in Excel character units)
COLUMNS = [
    ("序号", 10),
    ("章节", 24),
    ("工作任务", 64),
    ("牵头单位", 20),
    ("责任单位", 24),
    ("配合单位", 22),
    ("完成时限", 18),
    ("量化指标", 16),
]
MAX_CELL_CHARS = 32767  # Excel's limit per cell
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FONT = Font(name="宋体", bold=True, size=11)
_BODY_FONT = Font(name="宋体", size=10.5)
_HEAD_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BODY_ALIGN = Alignment(vertical="top", wrap_text=True)
_CENTER_ALIGN = Alignment(horizontal="center", vertical="top", wrap_text=True)


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    center: bool = False


@dataclass(frozen=True)
class Cell:
    """A value with its own look: a background colour (RRGGBB) and/or a number format."""

    value: object
    fill: str | None = None
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    autofilter: bool = True
    freeze: str = "A2"  # the header row (and any columns left of the letter) stay in view
    landscape: bool = False


def clean_text(value: object) -> str:
    """User text as Excel can hold it: control characters removed, cut at the cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARS]


def _local_naive(value: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    """Excel has no time zones: an aware time is shown in local time (tz, else the machine's)."""
    if value.tzinfo is not None:
        value = value.astimezone(tz).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _put(ws, row: int, col: int, value: object, tz: dt.tzinfo | None):
    fill = number_format = None
    if isinstance(value, Cell):
        value, fill, number_format = value.value, value.fill, value.number_format
    cell = ws.cell(row=row, column=col)
    if value is None:
        pass
    elif isinstance(value, bool):
        cell.value = "是" if value else "否"
    elif isinstance(value, dt.datetime):
        cell.value = _local_naive(value, tz)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int | float | decimal.Decimal):
        cell.value = value
    else:
        # Assigning the text first and then forcing the type keeps it byte-for-byte: openpyxl
        # would otherwise turn "=..." into a formula.
        cell.value = clean_text(value)
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    if fill:
        cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
    return cell


def _fill_sheet(ws, sheet: Sheet, tz: dt.tzinfo | None) -> None:
    for col, column in enumerate(sheet.columns, start=1):
        cell = _put(ws, 1, col, column.header, tz)
        cell.font, cell.fill, cell.alignment, cell.border = _HEAD_FONT, _HEAD_FILL, _HEAD_ALIGN, _BORDER
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[1].height = 22
    for r, values in enumerate(sheet.rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = _put(ws, r, col, value, tz)
            cell.font, cell.border = _BODY_FONT, _BORDER
            center = col <= len(sheet.columns) and sheet.columns[col - 1].center
            cell.alignment = _CENTER_ALIGN if center else _BODY_ALIGN
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    if sheet.autofilter and sheet.columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(ws.max_row, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if sheet.landscape:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True


_SHEET_NAME_JUNK = re.compile(r"[\[\]:*?/\\]")


def table_sheet(name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Sheet:
    """A plain table: header row 1 (frozen, filtered, so that our imports find it), each column
    as wide as its header asks within 10–40 characters; sheet names lose what Excel forbids."""
    columns = [Column(h, max(10, min(40, 2 * len(h) + 4))) for h in headers]
    return Sheet(_SHEET_NAME_JUNK.sub("", name) or "Sheet", columns, rows)


def build_workbook(sheets: Sequence[Sheet], *, title: str = "", subject: str = "", description: str = "",
                   keywords: str = "", tz: dt.tzinfo | None = None) -> Workbook:
    """One workbook of `sheets`; `tz` is the zone aware times are shown in (the machine's if None)."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _fill_sheet(wb.create_sheet(clean_text(sheet.title)[:31]), sheet, tz)
    if not sheets:
        wb.create_sheet("Sheet1")
    props = wb.properties
    props.title = clean_text(title)[:255] or None
    props.subject = clean_text(subject)[:255] or None
    props.description = clean_text(description)[:255] or None
    props.keywords = clean_text(keywords)[:255] or None
    props.creator = "fazhi"
    return wb


def workbook_bytes(sheets: Sequence[Sheet], **props) -> bytes:
    buf = io.BytesIO()
    build_workbook(sheets, **props).save(buf)
    return buf.getvalue()


def task_rows(doc: dict) -> list[list[str]]:
    """One row of cell texts per task, in the order of COLUMNS."""
    rows = []
    for task in doc.get("tasks") or []:
        rows.append(
            [
                path_label(task, " "),
                chapter_label(task),
                task_text(task),
                units_label(task, "lead"),
                units_label(task, "responsible"),
                units_label(task, "support"),
                "、".join(deadline_labels(task, style="cn")),
                "；".join(target_labels(task)),
            ]
        )
    return rows


def task_sheet(rows: Iterable[Sequence[object]]) -> Sheet:
    """The 任务分工表 sheet (CLI and web share its columns)."""
    columns = [Column(head, width, center=col in (1, 7)) for col, (head, width) in enumerate(COLUMNS, start=1)]
    return Sheet(SHEET_NAME, columns, rows, landscape=True)


def task_workbook(doc: dict) -> Workbook:
    """The 任务分工表 of a document; its year and catch-all deadline ride in the workbook's
    keywords, read back by fazhi.docs.xlsx (KEYWORDS there)."""
    title = (doc.get("title") or "").strip()
    facts = [f"年度:{doc['year']}" if doc.get("year") else "",
             f"默认完成时限:{doc['default_deadline']}" if doc.get("default_deadline") else ""]
    return build_workbook(
        [task_sheet(task_rows(doc))], title=title or SHEET_NAME, subject=SHEET_NAME,
        description=f"发文单位:{doc['issuer']}" if doc.get("issuer") else "",
        keywords=";".join(f for f in facts if f))


def write_task_table(doc: dict, path: str | Path) -> Path:
    """Write the 任务分工表 of `doc` to `path` atomically (temp file + rename)."""
    return save_workbook(task_workbook(doc), path)


def write_header(ws, columns: Sequence[tuple[str, float]], row: int = 1) -> None:
    """A header row of (text, width) columns in the one style, for sheets laid out by hand
    (several tables on one sheet, charts); plain tables go through build_workbook."""
    for col, (head, width) in enumerate(columns, start=1):
        cell = _put(ws, row, col, head, None)
        cell.font, cell.fill, cell.alignment, cell.border = _HEAD_FONT, _HEAD_FILL, _HEAD_ALIGN, _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = 22


def write_cell(ws, row: int, col: int, value, center: bool = False, tz: dt.tzinfo | None = None):
    """A body cell by the same rules as build_workbook: text never a formula, real dates."""
    cell = _put(ws, row, col, value, tz)
    cell.font, cell.border = _BODY_FONT, _BORDER
    cell.alignment = _CENTER_ALIGN if center else _BODY_ALIGN
    return cell


def save_workbook(wb: Workbook, path: str | Path) -> Path:
    """Save `wb` to `path` atomically (temp file + rename), with clear errors."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise FazhiError(f"输出文件 {path.name} 的扩展名应为 .xlsx。")
    folder = path.parent
    if path.is_dir():
        raise FazhiError(f"{path} 是文件夹:请指定要写出的 .xlsx 文件名。")
    if not folder.is_dir():
        raise FazhiError(f"输出文件夹 {folder} 不存在:请先创建该文件夹。")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            wb.save(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600
        os.replace(tmp_name, path)
        tmp_name = None
    except PermissionError:
        raise FazhiError(f"没有权限写入 {path}:请检查文件夹权限,或关闭正在打开该文件的程序。") from None
    except OSError as exc:
        raise FazhiError(f"无法写入 {path}:{exc.strerror or exc}。") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path
