"""An indicator system written as text: labelled (or numbered) headings with their points.

    一级指标:依法全面履行政府职能(20分)
    二级指标:权责清单 分值:6分
    考核内容:…
    评分标准:未按时公布的扣2分。
    佐证材料:… / 考核单位:…
    加分项(最高5分) … / 一票否决 … / 说明:…

or numbered headings carrying points, their scoring lines below them:

    一、依法全面履行政府职能(20分)
    (一)权责清单管理(5分)
    1.未按时公布权责清单的,扣2分。
"""

from __future__ import annotations

import re

from fazhi.indicators.columns import field_of
from fazhi.indicators.data import config, pattern, to_number
from fazhi.indicators.tree import Builder, cap_of, flat, is_heading, matches, strip_marker
from fazhi.parse.markers import match_marker
from fazhi.parse.text import clean

_LEVEL_LABEL = re.compile(r"^([一二三四五六])级指标")
_HEADING_LINE = re.compile(r"^\s*[一二三四五六]级指标\s*[::]")


def _outline_heading(line: str, prose: bool = False) -> str | None:
    """'(一)权责清单管理(5分)' → '权责清单管理(5分)': a numbered heading carrying its points
    (in a prose system, every numbered item is an indicator)."""
    m = match_marker(line)
    if not m:
        return None
    rest = line[m.end :].strip()
    if prose:
        return rest or None
    if len(rest) > 60 or not pattern("blocks", "name_points").search(rest):
        return None
    return rest


def _at_least(n: int, items) -> bool:
    """Whether `items` yields at least n things (it stops looking at the n-th)."""
    for _ in items:
        n -= 1
        if n <= 0:
            return True
    return n <= 0


def _has_deduction(text: str) -> bool:
    """Whether `text` writes a deduction (扣2分) anywhere: str.find jumps to each character one
    can start with, and the pattern is tried there only (a regex scan of a whole plan for a
    phrase it almost never holds costs many times more)."""
    scoring = pattern("rules", "deduct")
    for ch in config()["rules"]["deduct_starts"]:
        i = text.find(ch)
        while i >= 0:
            if scoring.match(text, i):
                return True
            i = text.find(ch, i + 1)
    return False


def _holds(text: str, word: str, k: int) -> bool:
    """`word in text`, found by str.find of its k-th character (chosen rare: 指 of 级指标) and
    a look at the characters around it: a multi-character `in` scans a Chinese text ~5x
    slower than a one-character find."""
    c = word[k]
    i = text.find(c)
    while i >= 0:
        if i >= k and text.startswith(word, i - k):
            return True
        i = text.find(c, i + 1)
    return False


def text_form(lines: list[str]) -> str | None:
    """How the text lays out a system: "labelled" (一级指标:… with points), "outline"
    (numbered headings with points, scoring lines under them), "prose" (a 指标体系 that
    declares its 一级指标 and numbers them), or None when it is no system."""
    # Every document is asked this, and almost none is a system: the labelled and prose forms
    # both need the words 级指标, the outline form a deduction (扣2分); a match inside any
    # line is also a match in the lines joined, so one scan of the text rules most documents out.
    text = "\n".join(lines)
    has_levels = _holds(text, "级指标", 1)
    if not has_levels and not _has_deduction(text):
        return None
    scoring = pattern("rules", "deduct")
    if has_levels:
        labelled = [ln for ln in lines if _HEADING_LINE.match(ln)]
        if len(labelled) >= 2 and any("分" in ln for ln in labelled):
            return "labelled"
    # The deductions first: they are cheaper to count than the numbered headings.
    if _at_least(2, (ln for ln in lines if scoring.search(ln))) and _at_least(
        3, (ln for ln in lines if _outline_heading(clean(ln)))
    ):
        return "outline"
    if not has_levels:
        return None
    declared = pattern("text", "declared")
    if any(declared.search(ln) for ln in lines[:15]):
        return "prose"
    return None


class _Reader:
    def __init__(self, prose: bool = False) -> None:
        self.prose = prose
        self.b = Builder()
        self.mode = "main"  # main | veto | note
        self.last: str | None = None  # the field a continuation line belongs to
        self.numbered = -1  # deepest N of the N级指标 labels seen so far
        self.families: list[str] = []  # marker families of numbered headings, outermost first

    def heading(self, label: str, rest: str) -> None:
        m = _LEVEL_LABEL.match(label)
        if m:
            depth = "一二三四五六".index(m.group(1))
            self.numbered = max(self.numbered, depth)
        else:
            depth = self.numbered + 1
        points = None
        if pm := pattern("text", "inline_points").search(rest):
            rest, points = rest[: pm.start()], to_number(pm.group(1))
        self.b.node(depth, rest, points)
        if self.mode != "main":
            self.mode = "main" if self.b.block is None else self.mode
        self.last = None

    def field(self, key: str, rest: str) -> None:
        if key == "points":
            if self.b.stack and self.b.stack[-1]["points"] is None:
                self.b.stack[-1]["points"] = to_number(re.sub(r"\s*分\s*$", "", rest))
            return
        if self.mode == "veto" and self.b.veto and key in ("evidence", "assessor"):
            self.b.veto[-1][key] = flat(rest) or None
            return
        self.b.attach(key, rest)
        self.last = key

    def outline(self, line: str, rest: str) -> None:
        """'一、依法履职(20分)' / '(一)权责清单(5分)': depth by the order of number families."""
        family = match_marker(line).family
        if family not in self.families:
            self.families.append(family)
        depth = self.families.index(family)
        del self.families[depth + 1 :]
        if depth == 0:
            self.b.end_block()  # a first-level heading with points ends a 加分项 block
        self.mode, self.last = "main", None
        self.b.node(depth, rest)

    def plain(self, line: str) -> None:
        if self.mode == "note":
            return
        if self.mode == "veto":
            self.b.add_veto(strip_marker(line))
        elif self.b.block is not None and self.last is None:
            text = strip_marker(line)
            self.b.node(0, text)
            self.b.attach("criteria", text)
        elif self.last and self.b.stack:
            self.b.attach(self.last, line)  # a field running on to the next line
        elif self.b.stack and pattern("rules", "verb").search(line):
            self.b.attach("criteria", line)  # scoring lines under a numbered heading
            self.last = "criteria"

    def line(self, line: str) -> None:
        line = clean(line)
        if not line:
            return
        h = pattern("text", "heading").match(line)
        if h:
            if self.mode in ("veto", "note"):
                self.mode = "main"
            self.heading(h.group("label"), h.group("rest"))
            return
        if self.mode == "note":
            # Notes run on until the next heading; in the outline form a numbered heading with
            # its points is one too (a 说明 paragraph before the system's outline).
            if self.prose or not _outline_heading(line):
                return
            self.mode = "main"
        bare = strip_marker(line)
        if matches("note", bare):
            self.mode = "note"
        elif matches("total", bare):
            self.b.declared_total = cap_of(bare)
        elif matches("bonus", bare) and is_heading(bare):
            self.b.start_bonus(bare)
            self.mode, self.last = "main", None
        elif matches("bonus", bare) and len(head := re.split(r"[::]", bare, maxsplit=1)) == 2 and is_heading(head[0]):
            # "加分项(最高5分):获得国家级称号的加5分;获得省级称号的加3分。": its items on its line
            self.b.start_bonus(head[0])
            self.mode, self.last = "main", None
            for item in re.split(r"[;；]", head[1]):
                if item.strip(" 。"):
                    self.plain(item.strip())
        elif matches("veto", bare):
            self.b.end_block()
            self.mode, self.last = "veto", None
            parts = re.split(r"[::]", bare, maxsplit=1)
            if len(parts) == 2 and parts[1].strip():
                self.b.add_veto(parts[1])
        elif rest := _outline_heading(line, self.prose):
            self.outline(line, rest)
        elif (f := pattern("text", "field").match(line)) and (key := field_of(f.group("label"))):
            if key not in ("level", "seq") and self.mode != "note":
                self.field(key, f.group("rest"))
        else:
            self.plain(line)


def read_text(lines: list[str], form: str = "labelled") -> Builder:
    r = _Reader(prose=form == "prose")
    for line in lines:
        r.line(line)
    return r.b
