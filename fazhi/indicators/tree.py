"""Building the indicator tree, the 加分项 blocks and the 一票否决 items, row by row.

Table rows and text headings both go through `Builder`: `node(depth, name, points)` opens
(or, for a repeated name — a vertically merged cell — finds again) the indicator at that
depth, `attach(field, text)` adds a 评分标准 / 佐证材料 / 考核单位 to the deepest one.
"""

from __future__ import annotations

import re

from fazhi.export import fmt_number
from fazhi.indicators.data import pattern, to_number
from fazhi.indicators.rules import read_rule
from fazhi.parse.markers import match_marker
from fazhi.parse.text import clean

_POINTS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:分|%)?\s*$")
_CAP_NOTE = re.compile(r"\s*[((][^()()]*分[^()()]*[))]\s*$")
_NAME_END = re.compile(r"[。;]+$")
_END = re.compile(r"[。;;,,::.!?!?]$")


def flat(text: str) -> str:
    """A cell's lines as one string: a wrapped line joins its sentence; a numbered item on a
    new line is kept apart with ";" when the line before has no closing mark."""
    out = ""
    for line in text.splitlines():
        line = clean(line)
        if line:
            out += (";" if out and not _END.search(out) and match_marker(line) else "") + line
    return out


def strip_marker(text: str) -> str:
    """'一、依法履职' → '依法履职': the outline number is the node's place in the tree."""
    m = match_marker(text)
    rest = text[m.end :].strip() if m else text
    return rest or text


def new_node(name: str, points=None) -> dict:
    return {"name": name, "points": points, "criteria": None, "rule": None,
            "evidence": None, "assessor": None, "children": []}


def cell_points(text: str | None):
    """'5' / '5分' / '5.0' → 5; None for anything else."""
    m = _POINTS.match(text or "")
    return to_number(m.group(1)) if m else None


def split_name(text: str) -> tuple[str, float | int | None]:
    """'依法全面履行政府职能(20分)' → ('依法全面履行政府职能', 20)."""
    m = pattern("blocks", "name_points").search(text)
    if m and m.start() > 0:
        return text[: m.start()].strip(), to_number(m.group(1))
    return text, None


def cap_of(text: str):
    m = pattern("blocks", "cap").search(text)
    return to_number(m.group(1) or m.group(2)) if m else None


def join(old: str | None, new: str) -> str:
    if not old:
        return new
    if new == old or old.endswith(new):  # a merged cell met again on the next row
        return old
    return old + ("" if _END.search(old) else ";") + new


def matches(block: str, text: str) -> bool:
    return bool(pattern("blocks", block).match(text))


def is_heading(text: str) -> bool:
    """A block heading ("加分项(最高5分)") rather than a sentence about the block."""
    return len(text) <= 30 and "。" not in text


class Builder:
    def __init__(self) -> None:
        self.roots: list[dict] = []
        self.bonus: list[dict] = []
        self.veto: list[dict] = []
        self.declared_total = None
        self.stack: list[dict] = []
        self.offset = 0
        self.block: dict | None = None  # the 加分项 block being filled, None for the main tree

    def container(self) -> list[dict]:
        return self.block["items"] if self.block is not None else self.roots

    def start_bonus(self, text: str, cap=None) -> None:
        name, points = split_name(strip_marker(flat(text)))
        name = _CAP_NOTE.sub("", re.split(r"[::]", name)[0]) or name
        cap = cap if cap is not None else points if points is not None else cap_of(text)
        found = next((b for b in self.bonus if b["name"] == name), None)
        if found is None:
            found = {"name": name, "cap": cap, "items": []}
            self.bonus.append(found)
        if found is not self.block:  # a merged 加分项 cell repeated down keeps its items open
            self.block = found
            self.stack = []
        if found["cap"] is None:
            found["cap"] = cap

    def end_block(self) -> None:
        if self.block is not None:
            self.block = None
            self.stack = []

    def add_veto(self, text: str, evidence: str | None = None, assessor: str | None = None) -> None:
        text = flat(text)
        if text:
            self.veto.append({"text": text, "evidence": flat(evidence or "") or None,
                              "assessor": flat(assessor or "") or None})

    def node(self, depth: int, name: str, points=None) -> dict:
        name, inner = split_name(strip_marker(flat(name)))
        name = _NAME_END.sub("", name) or name  # a numbered sentence used as a name
        points = points if points is not None else inner
        if not self.stack:
            self.offset = depth  # a block whose items are written as 二级指标 starts at its top
        depth = max(0, min(depth - self.offset, len(self.stack)))
        here = self.stack[depth] if depth < len(self.stack) else None
        if here is not None and here["name"] == name:
            node = here  # the same cell repeated down (a vertical merge): keep what is open below
        else:
            node = new_node(name)
            parent = self.stack[depth - 1] if depth else None
            (parent["children"] if parent else self.container()).append(node)
            del self.stack[depth:]
            self.stack.append(node)
        if node["points"] is None and points is not None:
            node["points"] = points
        return node

    def attach(self, key: str, text: str) -> None:
        text = flat(text)
        if not text or not self.stack:
            return
        node = self.stack[-1]
        node[key] = join(node[key], text)
        if key == "criteria":
            node["rule"] = read_rule(node["criteria"])

    def result(self) -> dict:
        warnings: list[str] = []
        for n in self.roots:
            _check_sums(n, warnings)
        total = _sum([{"points": _subtotal(n)} for n in self.roots])
        if self.declared_total is not None:
            if total is not None and abs(total - self.declared_total) > 1e-6:
                warnings.append(f"合计分值为{fmt_number(self.declared_total)}分,一级指标分值相加为{fmt_number(total)}分")
            total = self.declared_total
        for b in self.bonus:
            for n in b["items"]:
                _check_sums(n, warnings)
        return {"total_points": total, "indicators": self.roots, "bonus": self.bonus,
                "veto": self.veto, "warnings": warnings}


def _sum(nodes: list[dict]):
    pts = [n["points"] for n in nodes if n["points"] is not None]
    if not pts:
        return None
    s = round(sum(pts), 4)
    return int(s) if float(s).is_integer() else s


def _subtotal(node: dict):
    """A node's points, or its children's when it has none written."""
    if node["points"] is not None or not node["children"]:
        return node["points"]
    return _sum([{"points": _subtotal(k)} for k in node["children"]])


def _check_sums(node: dict, warnings: list[str]) -> None:
    kids = node["children"]
    for k in kids:
        _check_sums(k, warnings)
    if not kids or node["points"] is None:
        return
    s = _sum(kids)
    if s is not None and abs(s - node["points"]) > 1e-6:
        warnings.append(f"「{node['name']}」分值为{fmt_number(node['points'])}分,下级指标分值相加为{fmt_number(s)}分")

