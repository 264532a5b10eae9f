"""Finding an indicator table's header: which columns are levels, points, 评分标准…

Header wordings differ from office to office (考核内容/三级指标/考核要点, 评分标准/评分细则,
分值/权重/分数 …); they are listed in fazhi/data/indicator_systems.toml. Each points column
belongs to the level column on its left, so a table with 分值 after every level works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from fazhi.indicators.data import config
from fazhi.indicators.tree import cell_points

FIELDS = ("level", "points", "criteria", "evidence", "assessor", "seq")
_NOTE = re.compile(r"[((][^()()]*[))]")
_SPACE = re.compile(r"\s+")
_NUMBERED_LEVEL = re.compile(r"^[一二三四]级指标")


@dataclass
class Layout:
    """Where each field is: `levels` left to right; `points[level]` the column of its points."""

    header_rows: list[int]  # indexes of the header row(s) in the table
    levels: list[int] = field(default_factory=list)
    points: dict[int, int] = field(default_factory=dict)
    criteria: list[int] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)
    assessor: list[int] = field(default_factory=list)
    header_cells: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        return self.header_rows[-1] + 1


def header_key(cell: str) -> str:
    return _NOTE.sub("", _SPACE.sub("", cell or ""))


def field_of(cell: str) -> str | None:
    """The field a header cell names, or None."""
    key = header_key(cell)
    if not key or len(key) > 12 or key.startswith(("被", "自评")):
        return None  # 被考核单位, 自评得分: about the assessed unit, not the system
    exact, inside = _header_words()
    if key in exact:
        return exact[key]
    # "牵头考核单位(部门)", "具体评分标准"; "考核内容及评分标准" is read as the 评分标准.
    for name, words in inside:
        if any(w in key for w in words):
            return name
    return None


@cache
def _header_words() -> tuple[dict[str, str], list[tuple[str, tuple[str, ...]]]]:
    """The header wordings as field_of asks them (it asks of every cell of the first rows of
    every table of every document): each wording → its field (the first in FIELDS order), and
    the fields in the order a longer header is searched for their wordings of 3+ characters."""
    cols = config()["columns"]
    exact: dict[str, str] = {}
    for name in FIELDS:
        for w in cols[name]:
            exact.setdefault(w, name)
    order = ("criteria", "evidence", "assessor", "points", "level", "seq")
    return exact, [(name, tuple(w for w in cols[name] if len(w) >= 3)) for name in order]


def _is_name_word(cell: str) -> bool:
    return header_key(cell) in config()["columns"]["name_words"]


def _fields(row: list[str], below: list[str] | None) -> list[str | None]:
    """The field of each column; a spanning header ("一级指标" over "名称|分值") is read with
    the row below it."""
    out: list[str | None] = []
    carry = None
    for j, cell in enumerate(row):
        f = field_of(cell) if cell.strip() else None
        if cell.strip():
            carry = f
        sub = below[j] if below and j < len(below) else ""
        if below and sub.strip():
            sf = field_of(sub)
            if sf and sf != "level":
                f = sf
            elif _is_name_word(sub) or sf == "level":
                f = carry if carry == "level" else (sf or f)
        elif below and not cell.strip():
            f = None
        out.append(f)
    return out


def _is_header_row(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return bool(cells) and all(field_of(c) or _is_name_word(c) for c in cells)


def _layout(rows: list[int], fields: list[str | None], cells: tuple[str, ...]) -> Layout | None:
    lay = Layout(header_rows=rows, header_cells=cells)
    last_level = None
    for j, f in enumerate(fields):
        if f == "level":
            lay.levels.append(j)
            last_level = len(lay.levels) - 1
        elif f == "points":
            lay.points.setdefault(last_level if last_level is not None else 0, j)
        elif f in ("criteria", "evidence", "assessor"):
            getattr(lay, f).append(j)
    if not lay.levels:
        return None
    if not lay.points:
        # A 示范指标体系 may publish no points: then it must name its levels 一级指标/二级指标
        # and say how each is assessed, or name three levels.
        named = sum(1 for j in lay.levels if _NUMBERED_LEVEL.match(header_key(cells[j] if j < len(cells) else "")))
        ok = named >= 3 or (named >= 2 and lay.criteria)
        return lay if ok and len(lay.header_rows) == 1 else None
    if not lay.criteria and len(lay.levels) < 2:
        return None
    return lay


def find_layout(rows: list[list[str]], scan: int = 8) -> Layout | None:
    """The header of an indicator table: level and points columns, and 评分标准 or two levels."""
    for i, row in enumerate(rows[:scan]):
        if sum(1 for c in row if field_of(c)) < 2:
            continue
        below = rows[i + 1] if i + 1 < len(rows) and _is_header_row(rows[i + 1]) else None
        if below is not None:
            lay = _layout([i, i + 1], _fields(row, below), tuple(row) + tuple(below))
            if lay:
                return lay
        fields = _fields(row, None)
        _unnamed_points(fields, row, rows[i + 1 : i + 9])
        lay = _layout([i], fields, tuple(row))
        if lay:
            return lay
    return None


def _unnamed_points(fields: list[str | None], header: list[str], body: list[list[str]]) -> None:
    """"一级指标" merged over two columns with no second header row: the unnamed column
    right of a level column is its points when the cells below are numbers."""
    for j in range(1, len(fields)):
        if header[j].strip() or fields[j - 1] != "level" or "points" in fields[j : j + 2]:
            continue
        values = [r[j] for r in body if j < len(r) and r[j].strip()]
        if values and sum(cell_points(v) is not None for v in values) >= max(2, len(values) * 0.8):
            fields[j] = "points"
