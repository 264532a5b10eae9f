"""Import an office's own Excel 台账 into records of a register kind.

The sheet is read as people make it: title rows above the header, a two-line header
under merged group titles, merged cells, 合计/小计 rows, divider rows (一、县市场监管局),
rows holding only a 序号, blank rows, a line of hints under the header, notes at the foot,
one case over several rows with its 案号 merged down. Headers are matched to fields
by the kind's synonyms; the rest come back unmatched so a mapping screen can ask (an
explicit `mapping` answers). Impossible data (受理 before 申请, an unreadable date, a
duplicate 案号) is a row error; a legal deadline missed, an unknown unit or option is a
flag on the record: real registers hold late cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from fazhi.errors import FazhiError
from fazhi.registers import checks as row_checks
from fazhi.registers.values import format_value, is_empty, parse_value
from fazhi.registers.workbook import load_grid

__all__ = [
    "RowError",
    "SheetImport",
    "SheetRecord",
    "key_of",
    "read_grid",
    "read_sheet",
    "suggest",
]

HEADER_SCAN_ROWS = 30
SERIAL_HEADERS = frozenset({"序号", "序", "no", "no.", "排序", "顺序号"})
_TOTAL = re.compile(r"^(合\s*计|小\s*计|总\s*计|共\s*计|累\s*计)")
_FOOTER = re.compile(
    r"^(填表|制表|填报|审核人|审核:|审核：|负责人[:：]|注[:：]|说明[:：]|备注[:：])"
)
_HINT = re.compile(r"^([(（\[【].*[)）\]】]|必填|选填|必填项|选填项)$")
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
    row: int  # the case's first row
    values: dict  # field name → typed value (None for an empty cell)
    flags: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # every row of the case (merged 案号)


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

    suggestions: dict[str, list[str]] = field(default_factory=dict)  # header → likely fields

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


def read_sheet(kind, path: str | Path, mapping: dict | None = None, **options) -> SheetImport:
    """Read the sheet of `path` that best fits `kind` (see `read_grid` for options)."""
    sheets = load_grid(path)
    best, score = (sheets[0] if sheets else ("", [], set())), 0
    for title, rows, merged in sheets:
        found = _find_header(rows, _header_index(kind), mapping)
        if found and found[2] > score:
            best, score = (title, rows, merged), found[2]
    title, rows, merged = best
    return read_grid(kind, rows, mapping, sheet=title, merged=merged, **options)


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
              known_units=None, calendar=None, settings: dict | None = None,
              merged=frozenset()) -> SheetImport:  # fmt: skip
    """Records of `kind` from a grid of raw cell values.

    mapping: {header as written: field name, or None to ignore the column}.
    known_units: the government's unit names (and aliases); others are flagged.
    calendar/settings: for the statutory checks that turn into flags.
    merged: (row, column) cells, 0-based, filled from a merged cell above: a row whose key
    cell is one continues the case above (one case over several rows)."""
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
    first = head_i + height
    if first < len(rows) and _is_header_note(kind, rows[first], columns):
        result.skipped.append((first + 1, "表头说明行"))
        first += 1
    key_col = next((c for c, name, _ in columns if name == kind.key), None)
    case: SheetRecord | None = None
    for i in range(first, len(rows)):
        parsed = _parse_row(kind, rows[i], i + 1, columns, result, known_units)
        if parsed is None:
            continue
        if (
            case
            and (i, key_col) in merged
            and parsed.values.get(kind.key) == case.values.get(kind.key)
        ):
            _absorb(kind, case, parsed)
            continue
        if case:
            _finish(kind, case, columns, result, seen, calendar, settings)
        case = parsed
    if case:
        _finish(kind, case, columns, result, seen, calendar, settings)
    result.errors.sort(key=lambda e: e.row)  # a case's checks run after its last row
    return result


def _is_header_note(kind, row, columns) -> bool:
    """A line of hints under the header (“(年-月-日)”, “必填”): every filled cell a hint, or
    no key and nothing but text."""
    cells = {name: row[c] for c, name, _ in columns if name and c < len(row)}
    filled = [v for v in cells.values() if not is_empty(v)]
    if not filled:
        return False
    if all(isinstance(v, str) and _HINT.match(v.strip()) for v in filled):
        return True
    return is_empty(cells.get(kind.key)) and all(isinstance(v, str) for v in filled)


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
    result = SheetImport(kind.name, sheet, header_row, used, unmatched)
    taken = set(used.values())
    result.suggestions = {h: suggest(kind, h, exclude=taken) for h in unmatched}
    return columns, result


def suggest(kind, header: str, exclude=(), limit: int = 3) -> list[str]:
    """Fields a header probably means (复议机关收件日 → applied_on), best first, for the
    mapping screen to offer; similarity of the header to each field's label and synonyms."""
    norm = normalize_header(_PARENS.sub("", header))
    scored = []
    for f in kind.fields:
        if f.name in exclude:
            continue
        best = max(
            SequenceMatcher(None, norm, normalize_header(name)).ratio()
            for name in (f.label, *f.synonyms)
        )
        if best >= 0.4:
            scored.append((-best, f.name))
    return [name for _, name in sorted(scored)[:limit]]


def _parse_row(kind, row, number, columns, result, known_units) -> SheetRecord | None:
    """The row's typed values and flags (None for a row that is not a case); unreadable
    cells become row errors."""
    cells = [(c, name, head, row[c] if c < len(row) else None) for c, name, head in columns]
    filled = [(name, v) for _, name, _, v in cells if name and not is_empty(v)]
    why = _skip_reason(cells, filled)
    if why:
        if why != "空行":
            result.skipped.append((number, why))
        return None
    record = SheetRecord(number, {}, rows=[number])
    for _c, name, head, raw in cells:
        if name is None:
            continue
        f = kind.field(name)
        try:
            value, note = parse_value(f, raw)
        except ValueError as exc:
            result.errors.append(RowError(number, head, str(exc)))
            continue
        record.values[name] = value
        if note:
            record.flags.append(note)
        if f.type == "unit" and value and known_units is not None and value not in known_units:
            record.flags.append(f"单位“{value}”不在本级单位名录中,已按原文保留")
    return record


def _absorb(kind, case: SheetRecord, more: SheetRecord) -> None:
    """A row continuing the case above (its 案号 cell merged with the one above): its cells
    fill the case's empty fields; a second unit or name is added; a second date or option
    is flagged and the first kept."""
    case.rows.append(more.row)
    case.flags.extend(f for f in more.flags if f not in case.flags)
    for name, value in more.values.items():
        old = case.values.get(name)
        if value is None or value == old or name == kind.key:
            continue
        f = kind.field(name)
        if old is None:
            case.values[name] = value
        elif f.type == "list":
            case.values[name] = old + [v for v in value if v not in old]
        elif f.type in ("text", "person", "unit") and str(value) not in str(old).split("、"):
            case.values[name] = f"{old}、{value}"
        elif f.type not in ("text", "person", "unit"):
            case.flags.append(f"{f.label}第{more.row}行另有“{value}”,保留第{case.row}行的“{old}”")


def _finish(kind, case: SheetRecord, columns, result, seen, calendar, settings) -> None:
    """Key and record checks once the case's rows are all read; then it joins the result."""
    errors_before = sum(e.row in case.rows for e in result.errors)
    _check_key(kind, case.values, case.row, result, seen)
    if errors_before == 0 and sum(e.row in case.rows for e in result.errors) == 0:
        problems, notes = row_checks.check_record(kind, case.values, calendar, settings)
        heads = {name: head for _, name, head in columns if name}
        result.errors.extend(RowError(case.row, heads.get(f, ""), msg) for f, msg in problems)
        case.flags.extend(notes)
    result.records.append(case)


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
