"""Import an office's own Excel 台账 into records of a register kind.

The sheet is read as people make it: title rows above the header, a two-line header
under merged group titles, merged cells, 合计/小计 rows, divider rows (一、县市场监管局),
rows holding only a 序号, blank rows, notes at the foot. Headers are matched to fields
by the kind's synonyms; the rest come back unmatched so a mapping screen can ask (an
explicit `mapping` answers). Impossible data (受理 before 申请, an unreadable date, a
duplicate 案号) is a row error; a legal deadline missed, an unknown unit or option is a
flag on the record: real registers hold late cases.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.errors import FazhiError
from fazhi.registers import checks as row_checks
from fazhi.registers.values import format_value, is_empty, parse_value

__all__ = [
    "RowError",
    "SheetImport",
    "SheetRecord",
    "key_of",
    "load_grid",
    "read_grid",
    "read_sheet",
]

HEADER_SCAN_ROWS = 30
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
SERIAL_HEADERS = frozenset({"序号", "序", "no", "no.", "排序", "顺序号"})
_TOTAL = re.compile(r"^(合\s*计|小\s*计|总\s*计|共\s*计|累\s*计)")
_FOOTER = re.compile(
    r"^(填表|制表|填报|审核人|审核:|审核：|负责人[:：]|注[:：]|说明[:：]|备注[:：])"
)
_PARENS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_NOISE = re.compile(r"[\s\u3000*※★:：]+")


@dataclass
class RowError:
    row: int
    column: str  # the header as written ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}:{self.message}"


@dataclass
class SheetRecord:
    row: int
    values: dict  # field name → typed value (None for an empty cell)
    flags: list[str] = field(default_factory=list)


@dataclass
class SheetImport:
    kind: str
    sheet: str
    header_row: int | None
    mapping: dict[str, str]  # header as written → field name
    unmatched: list[str]  # headers with no field: the mapping screen asks about these
    records: list[SheetRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why)

    @property
    def ok(self) -> bool:
        return not self.errors and self.header_row is not None

    @property
    def fields(self) -> list[str]:
        """The fields the sheet has columns for: a re-import replaces only these."""
        return list(dict.fromkeys(self.mapping.values()))


def normalize_header(text) -> str:
    return _NOISE.sub("", str(text or "")).replace("(", "(").replace(")", ")").lower()


def key_of(value) -> str:
    """A record key for matching: 〔2025〕/[2025]/【2025】 and (2025)/（2025） are the same."""
    text = re.sub(r"\s+", "", str(value or ""))
    text = re.sub(r"[\[【［〔]", "〔", text)
    text = re.sub(r"[\]】］〕]", "〕", text)
    return text.replace("（", "(").replace("）", ")")


def value_text(field, value) -> str:
    return str(format_value(field, value))


def compose_key(kind, values: dict) -> str | None:
    """The key of a row without one, from the kind's `key_from` fields: 县市场监管局·2025-03."""
    parts = []
    for name in kind.key_from:
        value = values.get(name)
        if value is None:
            return None
        parts.append(value_text(kind.field(name), value))
    return "·".join(parts)


def _header_index(kind) -> dict[str, str]:
    index: dict[str, str] = {}
    for f in kind.fields:
        for name in (f.label, *f.synonyms):
            index.setdefault(normalize_header(name), f.name)
    return index


def _match(text: str, index: dict[str, str]) -> str | None:
    norm = normalize_header(text)
    if not norm:
        return None
    if norm in index:
        return index[norm]
    bare = normalize_header(_PARENS.sub("", str(text)))
    return index.get(bare)


# --- reading the workbook -------------------------------------------------------------


def load_grid(path: str | Path) -> list[tuple[str, list[list]]]:
    """Every visible sheet as (title, rows of raw cell values), merged ranges filled with
    their top-left value. .xls/.et are converted by LibreOffice first."""
    from fazhi.docs import legacy, safezip

    path = Path(path)
    if not path.is_file():
        raise FazhiError(f"找不到文件 {path}。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FazhiError(f"{path.name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB:请拆分后再导入。")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(legacy.OLE2_MAGIC):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise FazhiError(legacy.NO_SOFFICE_SHEET)
        with tempfile.TemporaryDirectory(prefix="fazhi-register-") as tmp:
            return _load_xlsx(legacy._convert(path, soffice, "xlsx", Path(tmp)), path.name)
    if not head.startswith(safezip.ZIP_MAGIC):
        raise FazhiError(f"{path.name} 不是 Excel 表格:请提供 .xlsx、.xls 或 .et 文件。")
    safezip.check_zip(path, "Excel 表格")
    return _load_xlsx(path, path.name)


def _load_xlsx(path: Path, shown: str) -> list[tuple[str, list[list]]]:
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
        out.append((ws.title, rows))
    return out


def read_sheet(kind, path: str | Path, mapping: dict | None = None, **options) -> SheetImport:
    """Read the sheet of `path` that best fits `kind` (see `read_grid` for options)."""
    sheets = load_grid(path)
    best = None
    for title, rows in sheets:
        found = _find_header(rows, _header_index(kind), mapping)
        if found and (best is None or found[2] > best[2][2]):
            best = (title, rows, found)
    if best is None:
        title, rows = sheets[0] if sheets else ("", [])
        return read_grid(kind, rows, mapping, sheet=title, **options)
    return read_grid(kind, best[1], mapping, sheet=best[0], **options)


# --- the header ---------------------------------------------------------------------


def _find_header(rows, index, mapping) -> tuple[int, int, int] | None:
    """(header row index, header height 1 or 2, matched field count) or None."""
    explicit = {normalize_header(k): v for k, v in (mapping or {}).items()}
    best = None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = len(_row_fields(row, index, explicit))
        if score >= 2 and (best is None or score > best[2]):
            best = (i, 1, score)
    if best is None:
        return None
    i = best[0]
    if i + 1 < len(rows):
        top = _row_fields(rows[i], index, explicit)
        both = _row_fields(_two_line(rows[i], rows[i + 1]), index, explicit)
        if len(both - top) >= 1 and not any(_looks_like_data(v) for v in rows[i + 1]):
            best = (i, 2, len(both))
    return best


def _row_fields(row, index, explicit) -> set[str]:
    found = set()
    for cell in row:
        if cell is None or not isinstance(cell, str):
            continue
        norm = normalize_header(cell)
        name = explicit.get(norm) if norm in explicit else _match(cell, index)
        if name:
            found.add(name)
    return found


def _two_line(top: list, sub: list) -> list:
    """A two-line header: the lower cell where there is one (under a merged group title)."""
    width = max(len(top), len(sub))
    top = list(top) + [None] * (width - len(top))
    sub = list(sub) + [None] * (width - len(sub))
    return [
        s if isinstance(s, str) and s.strip() and s != t else t
        for t, s in zip(top, sub, strict=True)
    ]


def _looks_like_data(value) -> bool:
    return value is not None and not isinstance(value, str)


# --- the rows -----------------------------------------------------------------------


def read_grid(kind, rows: list[list], mapping: dict | None = None, *, sheet: str = "",
              known_units=None, calendar=None, settings: dict | None = None) -> SheetImport:  # fmt: skip
    """Records of `kind` from a grid of raw cell values.

    mapping: {header as written: field name, or None to ignore the column}.
    known_units: the government's unit names (and aliases); others are flagged.
    calendar/settings: for the statutory checks that turn into flags."""
    index = _header_index(kind)
    found = _find_header(rows, index, mapping)
    if found is None:
        labels = "、".join(f.label for f in kind.fields[:6])
        return SheetImport(kind.name, sheet, None, {}, [], errors=[RowError(0, "", (
            f"找不到表头:前{HEADER_SCAN_ROWS}行中没有一行包含两个以上可识别的列名(如 {labels})。"
        ))])  # fmt: skip
    head_i, height, _ = found
    header = rows[head_i] if height == 1 else _two_line(rows[head_i], rows[head_i + 1])
    columns, result = _map_columns(kind, header, index, mapping, sheet, head_i + height)
    seen: dict[str, int] = {}
    for i in range(head_i + height, len(rows)):
        _read_row(kind, rows[i], i + 1, columns, result, seen, known_units, calendar, settings)
    return result


def _map_columns(kind, header, index, mapping, sheet, header_row):
    explicit = {normalize_header(k): v for k, v in (mapping or {}).items()}
    columns: list[tuple[int, str | None, str]] = []  # (col, field or None for 序号, header)
    used: dict[str, str] = {}
    unmatched = []
    for c, cell in enumerate(header):
        if is_empty(cell) or not isinstance(cell, str):
            continue
        text = re.sub(r"\s+", " ", cell).strip()
        norm = normalize_header(text)
        if norm in explicit:
            name = explicit[norm] or None
            if name and name not in kind.field_names:
                raise FazhiError(f"列“{text}”对应的字段 {name} 不属于{kind.label}。")
        elif norm in SERIAL_HEADERS:
            columns.append((c, None, text))
            continue
        else:
            name = _match(text, index)
        if name and name not in used.values():
            used[text] = name
            columns.append((c, name, text))
        elif (name or norm not in explicit) and text not in unmatched:
            unmatched.append(text)  # unknown, or a second column for a field already taken
    return columns, SheetImport(kind.name, sheet, header_row, used, unmatched)


def _read_row(kind, row, number, columns, result, seen, known_units, calendar, settings):
    cells = [(c, name, head, row[c] if c < len(row) else None) for c, name, head in columns]
    filled = [(name, v) for _, name, _, v in cells if name and not is_empty(v)]
    why = _skip_reason(cells, filled)
    if why:
        if why != "空行":
            result.skipped.append((number, why))
        return
    values: dict = {}
    flags: list[str] = []
    errors_before = len(result.errors)
    for _c, name, head, raw in cells:
        if name is None:
            continue
        f = kind.field(name)
        try:
            value, note = parse_value(f, raw)
        except ValueError as exc:
            result.errors.append(RowError(number, head, str(exc)))
            continue
        values[name] = value
        if note:
            flags.append(note)
        if f.type == "unit" and value and known_units is not None and value not in known_units:
            flags.append(f"单位“{value}”不在本级单位名录中,已按原文保留")
    _check_key(kind, values, number, result, seen)
    if len(result.errors) == errors_before:
        problems, notes = row_checks.check_record(kind, values, calendar, settings)
        heads = {name: head for _, name, head in columns if name}
        result.errors.extend(RowError(number, heads.get(f, ""), msg) for f, msg in problems)
        flags.extend(notes)
    result.records.append(SheetRecord(number, values, flags))


def _skip_reason(cells, filled) -> str | None:
    if not filled:
        rest = [str(v).strip() for *_, v in cells if not is_empty(v)]
        if not rest:
            return "空行"
        return "仅有序号的行" if all(t.isdigit() for t in rest) else "分隔行"
    if any(isinstance(v, str) and _TOTAL.match(v.strip()) for *_, v in cells):
        return "合计行"
    texts = [str(v).strip() for _, v in filled]
    if _FOOTER.match(texts[0]):
        return "表尾说明"
    # One text across the row (a merged divider) or alone in a wide row: 一、县市场监管局
    if len(set(texts)) == 1 and (len(filled) > 1 or len(cells) > 2):
        return "分隔行"
    return None


def _check_key(kind, values, number, result, seen):
    key_field = kind.field(kind.key)
    if values.get(kind.key) is None and kind.key_from:
        values[kind.key] = compose_key(kind, values)
    key = values.get(kind.key)
    if key is None:
        result.errors.append(RowError(number, key_field.label, f"缺少{key_field.label}"))
        return
    norm = key_of(key)
    if norm in seen:
        msg = f"{key_field.label}“{key}”与第{seen[norm]}行重复"
        result.errors.append(RowError(number, key_field.label, msg))
    else:
        seen[norm] = number
