"""Word automatic numbering rendered as text, the way Word displays it.

Outline markers (一、 （一） 1. （1） ① 第一条) are often not typed but produced by Word's
list numbering: the paragraph (or its style) carries w:numPr, and word/numbering.xml says
how to count and what to show.  `Numbering.label(p)` is called for every paragraph in
document order and returns the text Word would show in front of it ("（一）", "1." …),
or None for unnumbered and bulleted paragraphs.

What is modelled:

* w:num → w:abstractNum, including w:numStyleLink/w:styleLink indirection and
  w:lvlOverride (a replacement w:lvl and/or w:startOverride).
* Counters are kept per abstract numbering definition, as Word does, so two w:num that
  share one definition continue each other.  A w:num with a startOverride restarts the
  overridden levels the first time it is used.
* A level restarts when a higher level is used, unless w:lvlRestart says otherwise
  (0: never; n: only after levels 1..n-1 in the 1-based numbering of the attribute).
* w:lvlText placeholders %1…%9 are rendered with the format of the level they refer to,
  or in Arabic digits when the level has w:isLgl.
* The paragraph's numbering comes from w:pPr/w:numPr or from its paragraph style
  (following w:basedOn); w:numId 0 switches numbering off.  A style that gives a numId
  but no level takes the level whose w:pStyle names it (heading numbering).
* A level referred to before it was ever used shows its start value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

LEVELS = 9
MAX_START = 32767  # Word's own limit for w:start and w:startOverride
_PLACEHOLDER = re.compile(r"%([1-9])")
# A label ending in one of these needs no separator before the text ("一、", "（一）", "1.").
_CLOSING = set("、.．。,，:：;；)）]】〕」』>》-—") | set(" \t")

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_DIGITS = "〇一二三四五六七八九"
_CN_UNITS = ("", "十", "百", "千")
_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_LEGAL_UNITS = ("", "拾", "佰", "仟")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def chinese_number(
    n: int,
    digits: str = _CN_DIGITS,
    units: tuple[str, ...] = _CN_UNITS,
    zero: str = "〇",
    short_ten: bool = True,
) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 101 → 一百〇一, 12345 → 一万二千三百四十五."""
    if n <= 0:
        return zero
    if n >= 10000:
        high, low = divmod(n, 10000)
        out = chinese_number(high, digits, units, zero, short_ten) + "万"
        if low:
            out += (zero if low < 1000 else "") + chinese_number(low, digits, units, zero, False)
        return out
    out = ""
    pending_zero = False
    for pos in (3, 2, 1, 0):
        d = n // 10**pos % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += zero
            pending_zero = False
        out += digits[d] + units[pos]
    if short_ten and 10 <= n < 20:
        out = out[1:]  # 十一, not 一十一
    return out


def _letters(n: int, base: str) -> str:
    # Word repeats the letter past Z: 27 → AA, 28 → BB, 53 → AAA.
    return chr(ord(base) + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, symbol in _ROMAN:
        while n >= value:
            out += symbol
            n -= value
    return out


def _digitwise(n: int, digits: str = _CN_DIGITS) -> str:
    return "".join(digits[int(c)] for c in str(n))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_number(n: int, fmt: str) -> str:
    """One counter value in a w:numFmt; unknown formats fall back to Arabic digits."""
    if fmt in ("none", "bullet"):
        return ""
    if n < 0:
        n = 0
    if fmt in ("chineseCounting", "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand"):
        return chinese_number(n, zero="零")
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL_SIMPLIFIED, _LEGAL_UNITS, "零", short_ten=False)
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return chinese_number(n, _LEGAL_TRADITIONAL, _LEGAL_UNITS, "零", short_ten=False)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return _digitwise(n)
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10] if n else str(n)
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(n - 1) % 12] if n else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"  # ⑴ in Word; written out so the parser's (1) covers it
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."  # ⒈ in Word
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n, "A") if n else "0"
    if fmt == "lowerLetter":
        return _letters(n, "a") if n else "0"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "ordinal":
        return _ordinal(n)
    return str(n)


def _val(el, path: str) -> str | None:
    if el is None:
        return None
    found = el.find(path)
    return None if found is None else found.get(W + "val")


_PARAGRAPH_NUMPR = etree.XPath(
    "concat(string(w:pPr/w:pStyle/@w:val), '|', string(w:pPr/w:numPr/w:numId/@w:val), '|',"
    " string(w:pPr/w:numPr/w:ilvl/@w:val))",
    namespaces={"w": W[1:-1]},
)


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _clamp_start(value: int | None) -> int:
    return max(0, min(value if value is not None else 1, MAX_START))


def _on(el) -> bool:
    """A w:ST_OnOff toggle element: present and not switched off."""
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False  # w:isLgl
    suffix: str = "tab"
    style: str | None = None  # w:pStyle: the paragraph style tied to this level
    hidden: bool = False

    @classmethod
    def parse(cls, lvl) -> Level:
        fmt_el = lvl.find(W + "numFmt")
        if fmt_el is None:  # Word 2010 custom formats hide it in mc:AlternateContent
            fmt_el = lvl.find(f"{MC}AlternateContent/{MC}Fallback/{W}numFmt")
        text_el = lvl.find(W + "lvlText")
        return cls(
            start=_clamp_start(_int(_val(lvl, W + "start"), 1)),
            fmt=(fmt_el.get(W + "val") if fmt_el is not None else None) or "decimal",
            text=None if text_el is None else text_el.get(W + "val"),
            restart=_int(_val(lvl, W + "lvlRestart")),
            legal=_on(lvl.find(W + "isLgl")),
            suffix=_val(lvl, W + "suff") or "tab",
            style=_val(lvl, W + "pStyle"),
            hidden=_on(lvl.find(f"{W}rPr/{W}vanish")),
        )


@dataclass
class Num:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)  # replacement w:lvl per ilvl
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride per ilvl


@dataclass
class Style:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


def _ilvl(value: str | None) -> int | None:
    n = _int(value)
    return None if n is None else max(0, min(n, LEVELS - 1))


class Numbering:
    """Numbering definitions plus the running counters of one pass over a document."""

    def __init__(self, numbering_root, styles_root=None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum id → w:numStyleLink style id
        self.nums: dict[str, Num] = {}
        self.styles: dict[str, Style] = {}
        self.default_style: str | None = None
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()
        self._restarts: dict[tuple[str, int], tuple[int, ...]] = {}
        if styles_root is not None:
            self._read_styles(styles_root)
        if numbering_root is not None:
            self._read_numbering(numbering_root)

    # ------------------------------------------------------------ definitions

    def _read_styles(self, root) -> None:
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            numpr = st.find(f"{W}pPr/{W}numPr")
            self.styles[sid] = Style(
                based_on=_val(st, W + "basedOn"),
                num_id=_val(numpr, W + "numId"),
                ilvl=_ilvl(_val(numpr, W + "ilvl")),
            )
            if st.get(W + "type") == "paragraph" and _on_attr(st.get(W + "default")):
                self.default_style = sid

    def _read_numbering(self, root) -> None:
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            if aid is None:
                continue
            levels: dict[int, Level] = {}
            for lvl in an.iter(W + "lvl"):
                i = _ilvl(lvl.get(W + "ilvl"))
                if i is not None:
                    levels.setdefault(i, Level.parse(lvl))
            self.abstracts[aid] = levels
            link = _val(an, W + "numStyleLink")
            if link:
                self.style_links[aid] = link
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            aid = _val(num, W + "abstractNumId")
            if nid is None or aid is None:
                continue
            entry = Num(abstract=aid)
            for ov in num.iter(W + "lvlOverride"):
                i = _ilvl(ov.get(W + "ilvl"))
                if i is None:
                    continue
                start = _int(_val(ov, W + "startOverride"))
                if start is not None:
                    entry.starts[i] = _clamp_start(start)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    entry.levels[i] = Level.parse(lvl)
            self.nums[nid] = entry

    def _abstract_id(self, num: Num) -> str | None:
        """Follow w:numStyleLink (a list style) to the definition that holds the levels."""
        aid = num.abstract
        for _ in range(5):
            link = self.style_links.get(aid)
            if link is None:
                return aid if aid in self.abstracts else None
            style = self.styles.get(link)
            target = self.nums.get(style.num_id) if style and style.num_id else None
            if target is None or target.abstract == aid:
                return aid if aid in self.abstracts else None
            aid = target.abstract
        return None

    def _style_numpr(self, sid: str | None) -> tuple[str | None, int | None]:
        num_id = ilvl = None
        seen: set[str] = set()
        while sid and sid not in seen and sid in self.styles:
            seen.add(sid)
            st = self.styles[sid]
            if num_id is None:
                num_id = st.num_id
            if ilvl is None:
                ilvl = st.ilvl
            if num_id is not None and ilvl is not None:
                break
            sid = st.based_on
        return num_id, ilvl

    def _linked_level(self, aid: str, sid: str | None) -> int:
        """The level whose w:pStyle names the paragraph's style or a style it is based on."""
        linked = {lv.style: i for i, lv in sorted(self.abstracts[aid].items(), reverse=True) if lv.style}
        seen: set[str] = set()
        while sid and sid not in seen:
            if sid in linked:
                return linked[sid]
            seen.add(sid)
            style = self.styles.get(sid)
            sid = style.based_on if style else None
        return 0

    def _level(self, num: Num, aid: str, ilvl: int) -> Level | None:
        return num.levels.get(ilvl) or self.abstracts[aid].get(ilvl)

    # ------------------------------------------------------------ counting

    def label(self, p) -> str | None:
        """The label Word shows before paragraph `p`, separator included; advances counters."""
        # One XPath for the three values: no element objects are made on the way (python-docx
        # builds a Python proxy for every element it hands out, which dominates the cost).
        style_id, num_id, raw_ilvl = _PARAGRAPH_NUMPR(p).rsplit("|", 2)
        style_id = style_id or self.default_style
        ilvl = _ilvl(raw_ilvl or None)
        num_id = num_id or None
        if num_id is None or ilvl is None:
            style_num, style_ilvl = self._style_numpr(style_id)
            if num_id is None:
                num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        num = self.nums[num_id]
        aid = self._abstract_id(num)
        if aid is None:
            return None
        if ilvl is None:
            ilvl = self._linked_level(aid, style_id)
        level = self._level(num, aid, ilvl)
        if level is None:
            return None

        counters = self._counters.setdefault(aid, [None] * LEVELS)
        if num_id not in self._used:
            self._used.add(num_id)
            if num.starts:  # a restarted list: overridden levels (and below) start again
                for i in range(min(num.starts), LEVELS):
                    counters[i] = None
        current = counters[ilvl]
        counters[ilvl] = self._start(num, aid, ilvl) if current is None else current + 1
        for deeper in self._restarted_by(num_id, num, aid, ilvl):
            counters[deeper] = None

        if level.fmt == "bullet" or level.hidden or not level.text:
            return None

        def render(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            ref = self._level(num, aid, k)
            if ref is None:
                return ""
            value = counters[k] if counters[k] is not None else self._start(num, aid, k)
            if ref.fmt in ("none", "bullet"):
                return ""
            return str(value) if level.legal else format_number(value, ref.fmt)

        text = _PLACEHOLDER.sub(render, level.text).strip()
        if not text:
            return None
        if level.suffix == "nothing" or text[-1] in _CLOSING:
            return text
        return text + " "

    def _restarted_by(self, num_id: str, num: Num, aid: str, ilvl: int) -> tuple[int, ...]:
        """The deeper levels that start again when level `ilvl` advances."""
        key = (num_id, ilvl)
        found = self._restarts.get(key)
        if found is None:
            found = []
            for deeper in range(ilvl + 1, LEVELS):
                lv = self._level(num, aid, deeper)
                restart = lv.restart if lv is not None and lv.restart is not None else deeper
                if ilvl < restart:
                    found.append(deeper)
            found = self._restarts[key] = tuple(found)
        return found

    def _start(self, num: Num, aid: str, ilvl: int) -> int:
        if ilvl in num.starts:
            return num.starts[ilvl]
        level = self._level(num, aid, ilvl)
        return level.start if level is not None else 1


def _on_attr(value: str | None) -> bool:
    return value is not None and value not in ("0", "false", "off")
