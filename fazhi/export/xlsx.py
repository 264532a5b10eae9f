"""The task ledger as an .xlsx 任务分工表 (openpyxl).

Row 1 is the header (no title row above it) so that readers — ours included — find
the columns by name; `fazhi parse OUT.xlsx` reads the workbook back. 序号 holds the
task's path labels joined by one space ("一 (一)") so the path can be split back.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
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

__all__ = [
    "COLUMNS",
    "SHEET_NAME",
    "save_workbook",
    "table_bytes",
    "task_rows",
    "write_cell",
    "write_header",
    "write_task_table",
]

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

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FONT = Font(name="宋体", bold=True, size=11)
_BODY_FONT = Font(name="宋体", size=10.5)
_HEAD_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BODY_ALIGN = Alignment(vertical="top", wrap_text=True)
_CENTER_ALIGN = Alignment(horizontal="center", vertical="top", wrap_text=True)


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


def _cell_text(value: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))
    return text[:MAX_CELL_CHARS]


def _set(ws, row: int, col: int, value: str):
    cell = ws.cell(row=row, column=col, value=_cell_text(value))
    if cell.data_type == "f":  # text starting with "=" is words, never a formula
        cell.data_type = "s"
    return cell


def build_workbook(doc: dict) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    title = (doc.get("title") or "").strip()
    wb.properties.title = _cell_text(title or SHEET_NAME)[:255]
    wb.properties.subject = SHEET_NAME
    wb.properties.creator = "fazhi"
    if doc.get("issuer"):
        wb.properties.description = _cell_text(f"发文单位:{doc['issuer']}")[:255]
    # The plan's year and catch-all deadline, read back by fazhi.docs.xlsx (KEYWORDS there).
    facts = [f"年度:{doc['year']}" if doc.get("year") else "",
             f"默认完成时限:{doc['default_deadline']}" if doc.get("default_deadline") else ""]
    if any(facts):
        wb.properties.keywords = ";".join(f for f in facts if f)

    write_header(ws, COLUMNS)

    for r, values in enumerate(task_rows(doc), start=2):
        for col, value in enumerate(values, start=1):
            write_cell(ws, r, col, value, center=col in (1, 7))

    last_row = max(ws.max_row, 1)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


def write_task_table(doc: dict, path: str | Path) -> Path:
    """Write the 任务分工表 of `doc` to `path` atomically (temp file + rename)."""
    return save_workbook(build_workbook(doc), path)


def write_header(ws, columns: list[tuple[str, float]], row: int = 1) -> None:
    """A header row of (text, width) columns in the project's one style."""
    for col, (head, width) in enumerate(columns, start=1):
        cell = _set(ws, row, col, head)
        cell.font = _HEAD_FONT
        cell.fill = _HEAD_FILL
        cell.alignment = _HEAD_ALIGN
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = 22


def write_cell(ws, row: int, col: int, value, center: bool = False):
    """A body cell: text is kept as text (never a formula); numbers stay numbers."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = ws.cell(row=row, column=col, value=value)
    else:
        cell = _set(ws, row, col, value)
    cell.font = _BODY_FONT
    cell.border = _BORDER
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


def table_bytes(sheet_title: str, columns: list[tuple[str, int]], rows) -> bytes:
    """A plain one-sheet table (header row, frozen, filterable) as .xlsx bytes, through the same
    cell writer as the 任务分工表 (illegal characters dropped, text never read as a formula)."""
    import io

    wb = Workbook()
    ws = wb.active
    ws.title = _cell_text(sheet_title)[:31] or "Sheet1"
    write_header(ws, columns)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            write_cell(ws, r, col, value)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
