"""An indicator table (xlsx sheet or Word table) read row by row into the Builder.

The readers repeat a vertically merged cell down its rows, so consecutive rows with the
same first-level name are one indicator; an empty level cell (a table typed without
merging) also means "the same as above". Rows spanning the whole table are titles,
notes (说明…), a total (合计), or start a 加分项 / 一票否决 block.
"""

from __future__ import annotations

import re

from fazhi.docs.base import Table
from fazhi.indicators.columns import Layout, find_layout, header_key
from fazhi.indicators.data import pattern
from fazhi.indicators.tree import Builder, cap_of, cell_points, flat, is_heading, join, matches
from fazhi.parse.markers import match_marker


def _cell(row: list[str], j: int | None) -> str:
    return (row[j] or "").strip() if j is not None and j < len(row) else ""


def _cells(row: list[str], cols: list[int]) -> str:
    """The texts of several columns of one field (two 评分标准 columns) as one."""
    out = ""
    for j in cols:
        if c := flat(_cell(row, j)):
            out = join(out, c)
    return out


def looks_scored(table: Table, lay: Layout) -> bool:
    """Points in the points columns and scoring words in the 评分标准: not a 任务分工表."""
    body = table.rows[lay.start :]
    if not lay.points:  # levels named 一级/二级指标 with 测评要点, no points published
        return len(body) >= 3
    numeric = sum(1 for r in body for j in lay.points.values() if cell_points(_cell(r, j)) is not None)
    if numeric < 2:
        return False
    if not lay.criteria:
        return True  # levels with points down to the last one: a 示范指标体系 style table
    scoring_words = pattern("blocks", "scoring")
    scoring = sum(1 for r in body if scoring_words.search(_cells(r, lay.criteria)))
    return scoring >= 1


def _spanning(row: list[str]) -> str | None:
    """The text of a row that spans the table (one value, maybe repeated), else None."""
    values = {c.strip() for c in row if c and c.strip()}
    return values.pop() if len(values) == 1 else None


def title_rows(table: Table, lay: Layout) -> list[str]:
    return [t for r in table.rows[: lay.header_rows[0]] if (t := _spanning(r))]


class _State:
    """Where the reading is: the block (main, a 加分项, 一票否决, notes) and the section
    rows seen ("一、依法履职(20分)" spanning the table puts the level columns one deeper)."""

    def __init__(self) -> None:
        self.mode = "main"  # main | bonus | bonus_rows | veto | note
        self.families: list[str] = []  # marker families of section rows, outermost first
        self.shift = 0  # depth added to the level columns under a section row


def _span_row(b: Builder, text: str, st: _State) -> None:
    text = flat(text)
    if st.mode == "note":
        return  # the notes run to the end of the table
    if matches("note", text):
        st.mode = "note"
    elif matches("total", text):
        b.declared_total = cap_of(text)
    elif matches("bonus", text) and is_heading(text):
        b.start_bonus(text)
        st.mode, st.shift, st.families = "bonus", 0, []
    elif matches("veto", text):
        b.end_block()
        st.mode = "veto"
        rest = re.split(r"[::]", text, maxsplit=1)
        if len(rest) == 2 and rest[1].strip():
            b.add_veto(rest[1])
    elif is_heading(text) and len(text) <= 40:
        _section_row(b, text, st)
    # Anything longer spanning the table is a caption: not an indicator.


def _section_row(b: Builder, text: str, st: _State) -> None:
    """A heading row spanning the table is an indicator above the level columns."""
    m = match_marker(text)
    family = m.family if m else ""
    if family not in st.families:
        st.families.append(family)
    depth = st.families.index(family)
    del st.families[depth + 1 :]
    if st.mode != "bonus":
        b.end_block()
        st.mode = "main"
    b.node(depth, text)
    st.shift = depth + 1


def _levels(row: list[str], lay: Layout, shift: int = 0) -> list[tuple[int, str, object]]:
    out = []
    for depth, j in enumerate(lay.levels):
        name = _cell(row, j)
        if name:
            out.append((depth + shift, name, cell_points(_cell(row, lay.points.get(depth)))))
    return out


def _veto_row(b: Builder, levels, criteria: str, evidence: str, assessor: str) -> None:
    texts = [n for _, n, _ in levels]
    b.add_veto(criteria or (texts[-1] if texts else ""), evidence, assessor)


def _indicator_row(b: Builder, row: list[str], lay: Layout, st: _State) -> None:
    levels = _levels(row, lay, st.shift)
    criteria = _cells(row, lay.criteria)
    evidence, assessor = _cells(row, lay.evidence), _cells(row, lay.assessor)
    first = flat(levels[0][1]) if levels and levels[0][0] == st.shift else ""
    if first and matches("bonus", first):
        b.start_bonus(first, levels[0][2])
        st.mode = "bonus_rows"
        levels = [(d - 1 - st.shift, n, p) for d, n, p in levels[1:]]
    elif first and matches("veto", first):
        b.end_block()
        return _veto_row(b, levels[1:] or levels, criteria, evidence, assessor)
    elif any(matches("veto", _cell(row, j)) for j in lay.points.values()):
        return _veto_row(b, levels, criteria, evidence, assessor)  # 一票否决 where points go
    elif st.mode == "veto" and not any(p is not None for _, _, p in levels):
        return _veto_row(b, levels, criteria, evidence, assessor)
    elif st.mode in ("bonus_rows", "veto", "note") and first:
        b.end_block()  # a named indicator ends a block opened by a first-level cell
        st.mode = "main"
    if not levels:
        if b.block is not None and criteria:
            levels = [(0, criteria, None)]  # a bonus item written only as its rule
        elif not criteria:
            return
    for depth, name, points in levels:
        b.node(depth, name, points)
    b.attach("criteria", criteria)
    b.attach("evidence", evidence)
    b.attach("assessor", assessor)


def read_table(table: Table, lay: Layout, b: Builder) -> None:
    header = {header_key(c) for c in lay.header_cells if c.strip()}
    st = _State()
    for row in table.rows[lay.start :]:
        cells = [c for c in row if c and c.strip()]
        if not cells or {header_key(c) for c in cells} <= header:
            continue  # blank, or the header repeated on a new page
        span = _spanning(row)
        if span is not None and len(row) > 1:
            _span_row(b, span, st)
            continue
        lead = flat(cells[0])
        if matches("total", lead):
            pts = [p for j in lay.points.values() if (p := cell_points(_cell(row, j))) is not None]
            b.declared_total = pts[0] if pts else cap_of(" ".join(cells))
            continue
        if st.mode == "note" and not _levels(row, lay):
            continue
        _indicator_row(b, row, lay, st)


def indicator_tables(tables: list[Table]) -> list[tuple[Table, Layout]]:
    out = []
    for t in tables:
        lay = find_layout(t.rows)
        if lay and looks_scored(t, lay):
            out.append((t, lay))
    return out
