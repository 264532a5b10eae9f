"""Character-level clean-up shared by the stages."""

from __future__ import annotations

import bisect
import re
import unicodedata

# Full-width ASCII forms (！…～) → ASCII; the ideographic space is dropped. Chinese
# punctuation with no ASCII twin (、。“”《》) is kept as written.
_FULLWIDTH: dict[int, int | str | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = None
_FULLWIDTH.update({0x00A0: 0x20, 0x200B: None, 0xFEFF: None, 0x2002: 0x20, 0x2003: 0x20})
# Parenthesised numbers ⑴…⒇ are written out so that one notation covers both.
_FULLWIDTH.update({0x2474 + i: f"({i + 1})" for i in range(20)})
_FULLWIDTH.update({0x3220 + i: f"({'一二三四五六七八九十'[i]})" for i in range(10)})

_ASCII_WORDS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")  # [A-Za-z0-9]
_SPACES = re.compile(r"[ \t\r\f\v]+")


_NEEDS_TRANSLATE = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULLWIDTH) + "]")


# The same table by character, for str.replace.
_TO_HALF = {chr(k): "" if v is None else chr(v) if isinstance(v, int) else v for k, v in _FULLWIDTH.items()}


# The characters of the table that NFKC leaves as they are (the zero-width space, the BOM);
# every other one has a compatibility decomposition, so a text in NFKC holds none of them.
_NFKC_STABLE = tuple(c for c in _TO_HALF if unicodedata.is_normalized("NFKC", c))


def halfwidth(s: str) -> str:
    """`s.translate(_FULLWIDTH)`, done as one str.replace per distinct character found: a
    dict translate costs ~100 ns a character, and a Chinese text uses only a few of the forms
    (，：（）；). The first form found is replaced throughout, and the search goes on from
    there (the text before it has none, and no replacement yields a character of the table)."""
    if _has_none(s):
        return s  # the common case, told ~2.5x faster than by the regex scan
    m = _NEEDS_TRANSLATE.search(s)
    first = True
    while m:
        c = m.group()
        s = s.replace(c, _TO_HALF[c])
        if first and _has_none(s):
            # A text with one form only (a no-break space, a BOM): done, without the regex
            # scan of the rest. Asked once: the test scans from the start each time.
            return s
        first = False
        m = _NEEDS_TRANSLATE.search(s, m.start())
    return s


def _has_none(s: str) -> bool:
    """Whether `s` holds no character of the table (NFKC-normalized text holds only the
    table's _NFKC_STABLE ones)."""
    return unicodedata.is_normalized("NFKC", s) and not any(c in s for c in _NFKC_STABLE)


def has_spaces(s: str) -> bool:
    """Whether `s` holds any of the spaces `squeeze` drops (what `_SPACES.search` tells)."""
    return " " in s or "\t" in s or "\r" in s or "\f" in s or "\v" in s


def _keep(m: re.Match) -> str:
    """A run of spaces between two ASCII words becomes one space; any other goes."""
    s, i, j = m.string, m.start(), m.end()
    if i and j < len(s) and s[i - 1] in _ASCII_WORDS and s[j] in _ASCII_WORDS:
        return " "
    return ""


def squeeze(s: str) -> str:
    """Drop spaces except between two ASCII words ("Word 2019" keeps its space)."""
    # Most lines hold no space at all; `in` finds that many times faster than a regex scan.
    if not has_spaces(s):
        return s
    return _SPACES.sub(_keep, s).strip()


def clean(s: str) -> str:
    return squeeze(halfwidth(s))


QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("〔", "〕"), ("「", "」"), ('"', '"'), ("‘", "’"))
QUOTE_OPEN = re.compile("[" + re.escape("".join(o for o, _ in QUOTE_PAIRS)) + "]")


def quoted_spans(s: str) -> list[tuple[int, int]]:
    """Spans inside “…”, 《…》, 〔…〕 and "…": names and slogans, not running text."""
    spans: list[tuple[int, int]] = []
    if not QUOTE_OPEN.search(s):  # most clauses quote nothing: one scan instead of six
        return spans
    for open_, close in QUOTE_PAIRS:
        start = 0
        while True:
            i = s.find(open_, start)
            if i < 0:
                break
            j = s.find(close, i + 1, i + 81)  # bounded: an unclosed quote costs 80 characters
            if j < 0:  # an unclosed or runaway quote: ignore it
                start = i + 1
                continue
            spans.append((i, j + 1))
            start = j + 1
    return spans


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans (a quote inside a quote merges into the outer one)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """`spans` as merge_spans returns them: one bisect, so a long text stays linear."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
