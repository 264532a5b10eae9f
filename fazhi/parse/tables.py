"""Stage: a 任务分工表 (序号 / 工作任务 / 牵头单位 / 责任单位 / 配合单位 / 完成时限 / 量化指标)
is a plan in itself: each row becomes an item, a section column or a section row its parent."""

from __future__ import annotations

import re
from functools import cache

from fazhi.docs.base import Table
from fazhi.parse.markers import match_marker
from fazhi.parse.model import ROLES, Doc, Node
from fazhi.parse.rules import columns, unit_labels
from fazhi.parse.text import squeeze
from fazhi.parse.units import _is_note, parse_note, split_units


def _field(cell: str) -> str | None:
    c = re.sub(r"\s", "", cell)
    for name, words in columns().items():
        if c in words:
            return name
    for name, words in columns().items():
        if any(w in c for w in words if len(w) >= 3) and len(c) <= 10:
            return name
    return None


def header(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row's index and the column of each field, when this is a task table."""
    for i, row in enumerate(table.rows[:6]):
        cols: dict[str, int] = {}
        tasks: list[int] = []
        for j, cell in enumerate(row):
            f = _field(cell or "")
            if f == "task":
                tasks.append(j)
            if f and f not in cols:
                cols[f] = j
        has_units = any(r in cols for r in ROLES)
        if "task" in cols and (has_units or "deadline" in cols):
            if len(tasks) > 1:
                _pick_task_column(table.rows[i + 1 :], tasks, cols)
            if i + 1 < len(table.rows) and _sub_header(table.rows[i + 1], cols):
                i += 1  # a second header row: 责任单位 merged over 牵头 | 配合
            return i, cols
    return None


def _sub_header(row: list[str], cols: dict[str, int]) -> bool:
    """A row under the header naming the roles of the columns a merged 责任单位 spans; the
    columns it names replace the merged one."""
    found = {}
    for j, cell in enumerate(row):
        c = re.sub(r"\s", "", cell or "")
        role = unit_labels().get(c) or _ROLE_PREFIX().get(c)
        if role in ROLES:
            found[role] = j
    if not found or any(len(re.sub(r"\s", "", c or "")) > 8 for c in row):
        return False
    for role in ROLES:  # the merged column's role goes where the sub-header does not name it
        if role in cols and cols[role] in found.values() and role not in found:
            del cols[role]
    cols.update(found)
    return True


@cache
def _ROLE_PREFIX() -> dict[str, str]:
    """The short forms of the unit labels in a sub-header: 牵头, 责任, 配合, 主办, 承办, 协办."""
    return {label[:2]: role for label, role in unit_labels().items() if role in ROLES}


def _pick_task_column(rows: list[list[str]], candidates: list[int], cols: dict[str, int]) -> None:
    """Two task-like columns (重点任务 | 具体措施): the one with the longer texts holds the
    items, a shorter one left of it is their section (often merged down)."""

    def mean_len(j: int) -> float:
        cells = [r[j] for r in rows if j < len(r) and r[j]]
        return sum(map(len, cells)) / len(cells) if cells else 0.0

    best = max(candidates, key=mean_len)
    cols["task"] = best
    shorter = [j for j in candidates if j < best]
    if shorter and "section" not in cols:
        cols["section"] = shorter[-1]


def _cell(row: list[str], cols: dict[str, int], name: str) -> str:
    j = cols.get(name)
    return (row[j] or "").strip() if j is not None and j < len(row) else ""


def _label(text: str) -> tuple[str, str]:
    """'一、依法行政' → ('一', '依法行政'); '3' → ('3', '')."""
    m = match_marker(text)
    if m:
        return m.label, text[m.end :].strip()
    t = text.strip().rstrip("、.")
    if re.fullmatch(r"\d+(?:\.0)?", t):
        return str(int(float(t))), ""
    return t, ""


def _units(row, cols, node: Node, aliases) -> None:
    for role in ROLES:
        cell = _cell(row, cols, role)
        if not cell:
            continue
        if _is_note(cell) and re.search(r"牵头|配合|负责|协助|单位:", cell):
            parsed = parse_note(cell, aliases)
            if role != "responsible" and parsed["responsible"] and not parsed[role]:
                parsed[role], parsed["responsible"] = parsed["responsible"], []
        else:
            parsed = {r: [] for r in ROLES}
            parsed[role] = split_units(cell, aliases)
        for r in ROLES:
            node.units[r] += [u for u in parsed[r] if u not in node.units[r]]


def table_roots(table: Table, aliases: dict) -> list[Node]:
    found = header(table)
    if not found:
        return []
    start, cols = found
    roots: list[Node] = []
    sections: dict[str, Node] = {}
    section: Node | None = None
    # Sections numbered 一、二 in the 序号 column are told from items only where items are 1, 2.
    arabic = any(_ARABIC_SEQ.fullmatch(_cell(r, cols, "seq")) for r in table.rows[start + 1 :])
    for n, row in enumerate(table.rows[start + 1 :], 1):
        filled = [c for c in row if c and c.strip()]
        if not filled:
            continue
        text = _cell(row, cols, "task")
        if arabic and _section_in_seq(row, cols):  # 一 | 深化依法行政 | (empty cells): a section row too
            label, title = _label(_cell(row, cols, "seq"))[0], text
            section = sections.setdefault(label, Node(label=label, kind="table_section", paras=[title]))
            if section not in roots:
                roots.append(section)
            continue
        if len(set(filled)) == 1 and (match_marker(filled[0]) or not text or text == filled[0]):
            label, title = _label(filled[0])  # a section row spanning the table
            section = sections.setdefault(label, Node(label=label, kind="table_section", paras=[title or label]))
            if section not in roots:
                roots.append(section)
            continue
        if not text:
            continue
        seq = _cell(row, cols, "seq")
        parts = seq.split() if seq and " " in seq.strip() else None
        label = _label(seq)[0] if seq else str(n)
        parent = section
        sec_text = _cell(row, cols, "section")
        if sec_text and not parts:
            s_label, s_title = _label(sec_text)
            if match_marker(sec_text):
                parent = sections.setdefault(s_label, Node(label=s_label, kind="table_section", paras=[s_title]))
                if parent not in roots:
                    roots.append(parent)
        node = Node(label=label, kind="table", paras=[squeeze(text)], from_table=True,
                    dated_by_column="deadline" in cols)
        if parts:  # our own export: 序号 holds the whole path, "一 (一)"
            node.label = parts[-1]
            parent = _path_parent(parts[:-1], sections, roots, sec_text)
        node.parent = parent
        (parent.children if parent else roots).append(node)
        _units(row, cols, node, aliases)
        if d := _cell(row, cols, "deadline"):
            node.deadline_texts.append(d)
        if t := _cell(row, cols, "target"):
            node.target_texts.append(t)
    return roots


_CN_SEQ = re.compile(r"[一二三四五六七八九十]+[、.．]?")
_ARABIC_SEQ = re.compile(r"\d+[、.．]?")


def _section_in_seq(row: list[str], cols: dict[str, int]) -> bool:
    """A row whose 序号 is a Chinese numeral and whose only other words are in the task column,
    no unit, time or target beside them: a section's name written in the table's own columns."""
    if not _CN_SEQ.fullmatch(_cell(row, cols, "seq")) or not _cell(row, cols, "task"):
        return False
    used = {cols.get("seq"), cols.get("task"), cols.get("section")}
    return not any(c and c.strip() for j, c in enumerate(row) if j not in used)


def _path_parent(labels: list[str], sections: dict, roots: list[Node], sec_text: str) -> Node | None:
    parent = None
    for depth, lab in enumerate(labels):
        key = " ".join(labels[: depth + 1])
        if key not in sections:
            title = _label(sec_text)[1] if depth == 0 and sec_text else lab
            sections[key] = Node(label=lab, kind="table_section", paras=[title], parent=parent)
            (parent.children if parent else roots).append(sections[key])
        parent = sections[key]
    return parent


def stage(doc: Doc) -> Doc:
    for table in doc.tables:
        roots = table_roots(table, doc.aliases)
        if roots:
            doc.task_tables += 1
            doc.roots.extend(roots)
    return doc
