"""An Excel workbook as grids of raw cell values, merged ranges filled, for the register
import; .xls and .et (WPS) go through LibreOffice where it is installed."""

from __future__ import annotations

from pathlib import Path

from fazhi.errors import FazhiError

__all__ = ["MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_ROWS", "load_grid"]

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200


def load_grid(path: str | Path) -> list[tuple[str, list[list], set]]:
    """Every visible sheet as (title, rows of raw cell values, the cells filled from a merge
    above), merged ranges filled with their top-left value. .xls/.et are converted by
    LibreOffice first."""
    from fazhi.docs import legacy, safezip

    path = Path(path)
    if not path.is_file():
        raise FazhiError(f"找不到文件 {path}。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FazhiError(f"{path.name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB:请拆分后再导入。")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(legacy.OLE2_MAGIC):
        with legacy.converted(path, "xlsx") as xlsx:
            return _load_xlsx(xlsx, path.name)
    if not head.startswith(safezip.ZIP_MAGIC):
        raise FazhiError(f"{path.name} 不是 Excel 表格:请提供 .xlsx、.xls 或 .et 文件。")
    safezip.check_zip(path, "Excel 表格")
    return _load_xlsx(path, path.name)


def _load_xlsx(path: Path, shown: str) -> list[tuple[str, list[list], set]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception:
        from fazhi.docs import safezip

        raise safezip.corrupt(Path(shown), "Excel 表格") from None
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        if ws.max_row > MAX_ROWS:
            raise FazhiError(f"工作表“{ws.title}”超过 {MAX_ROWS} 行:请拆分后再导入。")
        # Styled empty cells can stretch a sheet to column XFD: no register is that wide.
        width = min(ws.max_column, MAX_COLUMNS)
        merged: set[tuple[int, int]] = set()  # cells filled from a merge above (0-based)
        rows = [list(r) for r in ws.iter_rows(max_col=width, values_only=True)]
        for rng in ws.merged_cells.ranges:
            if rng.min_row > len(rows) or rng.min_col > width:
                continue
            top = rows[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
                row = rows[r - 1]
                last = min(rng.max_col, width)
                row.extend([None] * (last - len(row)))
                for c in range(rng.min_col, last + 1):
                    row[c - 1] = top
                    if r > rng.min_row:
                        merged.add((r - 1, c - 1))
        out.append((ws.title, rows, merged))
    return out
