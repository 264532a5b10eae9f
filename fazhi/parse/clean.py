"""Stage 1: the reader's blocks become clean paragraphs; portal junk and metadata lines go."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from fazhi.docs.base import Table
from fazhi.parse.markers import MARKER_START, Marker, match_marker
from fazhi.parse.model import Doc
from fazhi.parse.outline import CLOSING
from fazhi.parse.rules import deadline_label_re, is_site_footer, label_line_re, rules, unit_labels
from fazhi.parse.text import halfwidth, squeeze

# A paragraph boundary inside a line: spaces after a full stop, or spaces before a marker.
# (Written to start with \s, so that the engine skips to the next space at C speed instead of
# trying a look-behind at every character: the same splits as
# `(?<=[。！？；!?;:：])\s+|\s+(?={MARKER_START})`.)
_BREAK = re.compile(rf"\s(?:(?<=[。！？；!?;:：]\s)\s*|\s*(?={MARKER_START}))")
# The split points are found with patterns that start with a character (so the engine scans
# for it at C speed) rather than a look-behind tried at every position.
_INLINE = re.compile(rf"[。；;！？!?:：](?={MARKER_START})")  # split after the stop
# In a document whose line breaks were lost, a bracketed or dotted number followed by words
# is a marker even when a heading without a full stop runs into it: "总体要求(一)指导思想".
# Plainly `\([一…十]{1,3}\)(?=[^\s)\d])|\(\d{1,2}\)(?=[^\s)\d])|(?<!\d)\d{1,2}\.(?!\d)(?=[^\s\d])`,
# written to start with one character class ("(" or a digit) that the engine skips to.
_WEAK = re.compile(
    r"[(\d](?:(?<=\()(?:[一二三四五六七八九十]{1,3}|\d{1,2})\)(?=[^\s)\d])|(?<=\d)(?<!\d\d)\d?\.(?!\d)(?=[^\s\d]))"
)


def _split_inline(line: str) -> list[str]:
    """A line split after each full stop that a marker follows."""
    cuts = [m.end() for m in _INLINE.finditer(line)]
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True) if b > a]


def _split_weak(line: str) -> list[str]:
    """A line split before each weak marker that follows a word (not a space or a bracket)."""
    if "(" not in line and "." not in line:  # every weak marker holds one: no scan
        return [line]
    cuts = [i for m in _WEAK.finditer(line) if (i := m.start()) and not line[i - 1].isspace() and line[i - 1] != "("]
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True) if b > a]


# Spaces, except one space between two ASCII words ("Word 2019"); starts with \s for the
# same reason as _BREAK. The same non-empty parts as `(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])`.
_ANY_SPACE = re.compile(r"\s(?:\s+|(?<![A-Za-z0-9]\s)|(?![A-Za-z0-9]))")
_SPACES_IN_LIST = re.compile(r"(?<=[^\s、,，;；])\s+(?=[^\s、,，;；(（)）])")
_ISO_DATE = re.compile(r"(20\d{2}|19\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


@cache
def _meta_pattern() -> re.Pattern:
    b = rules()["boilerplate"]
    labels = b["meta_title"] + b["meta_date"] + b["meta_issuer"] + b["meta_other"]
    alt = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    return re.compile(rf"(?P<label>{alt})\s*[:：]\s*")


@cache
def _meta_firsts() -> frozenset[str]:
    """The characters a metadata label starts with: a line starting with none is no metadata."""
    b = rules()["boilerplate"]
    labels = b["meta_title"] + b["meta_date"] + b["meta_issuer"] + b["meta_other"]
    # (an empty label would let the pattern match a line opening with its colon)
    return frozenset(c for w in labels for c in (w[:1] or ":："))


def _meta_fields(line: str) -> dict[str, str] | None:
    """'发文日期: 2020-01-15 发布机构: 某县人民政府' → {'date': …, 'issuer': …}."""
    pattern = _meta_pattern()
    if len(line) > 160 or line[:1] not in _meta_firsts() or not pattern.match(line):
        return None
    b = rules()["boilerplate"]
    found = list(pattern.finditer(line))
    if len(found) == 1 and found[0].group("label") in (d := rules()["deadlines"])["labels"]:
        value = line[found[0].end() :]
        if any(w in value for w in d["time_value_words"]):
            return None  # "时间:2026年3月底前" under an item: its time line, no page date
    out: dict[str, str] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(line)
        value = line[m.end() : end].strip()
        label = m.group("label")
        if label in b["meta_title"]:
            out.setdefault("title", value)
        elif label in b["meta_date"]:
            d = _ISO_DATE.search(value)
            if d:
                out.setdefault("date", f"{d[1]}-{int(d[2]):02d}-{int(d[3]):02d}")
        elif label in b["meta_issuer"]:
            out.setdefault("issuer", value)
    return out


@cache
def _spaced_units() -> re.Pattern:
    """'牵头单位:县司法局 县财政局': in a unit list (any label of the catalogue) a space
    separates two units."""
    labels = "|".join(sorted(map(re.escape, unit_labels()), key=len, reverse=True))
    return re.compile(rf"((?:{labels})\s*[:：]\s*)([^)）\]】;；。:：]+)")


def _list_with_commas(m: re.Match) -> str:
    return m.group(1) + _SPACES_IN_LIST.sub("、", m.group(2))


@cache
def _bracket_label() -> re.Pattern:
    """'【责任单位】县司法局' / '[完成时限]6月底前': a label in brackets instead of a colon."""
    from fazhi.parse.rules import deadline_labels

    words = [w for w, role in unit_labels().items() if role != "person"] + list(deadline_labels())
    alt = "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True))
    return re.compile(rf"[【\[]({alt})[】\]]\s*(?![:：])")


def _bracket_labels(line: str) -> str:
    """`_bracket_label().sub(r"\\1:", line)`, the pattern tried only where a bracket opens (a
    scan for its opening character class costs ~60 instructions a character; str.find ~1)."""
    pattern = _bracket_label()
    out: list[str] = []
    done = 0  # line[:done] is written out
    i = _next_open(line, 0)
    while i >= 0:
        m = pattern.match(line, i)
        if m is None:
            i = _next_open(line, i + 1)
            continue
        out.append(line[done:i])
        out.append(m[1] + ":")
        done = m.end()
        i = _next_open(line, done)
    if not out:
        return line
    out.append(line[done:])
    return "".join(out)


def _next_open(line: str, start: int) -> int:
    """The index of the first 【 or [ at or after `start`, or -1."""
    a, b = line.find("【", start), line.find("[", start)
    return b if a < 0 else a if b < 0 else min(a, b)


@cache
def _site_labels() -> tuple[str, tuple[str, ...]]:
    """A footer line names one of these (is_site_footer's labels): `in` rules most lines out
    faster than its pattern, which has no first character to skip to. A label holding a
    shorter one (主办单位, 主办) needs no test of its own; a character every label holds (办)
    is looked for first: a one-character `in` is a fast scan, a word's several times slower."""
    labels = rules()["boilerplate"]["site_labels"]
    short = tuple(w for w in labels if not any(o != w and o in w for o in labels))
    common = set.intersection(*map(set, short)) if short else set()
    return (min(common) if common else ""), short


@cache
def _junk_rules() -> tuple[frozenset, re.Pattern, re.Pattern, re.Pattern]:
    b = rules()["boilerplate"]
    exact = frozenset((*b["exact"], *b["contents_headings"]))
    contains = re.compile("|".join(map(re.escape, b["contains"])))
    return exact, contains, re.compile(b["contents_line"]), re.compile(b["page_line"])


_JUNK_CHARS = "•|·-—_ "  # a line of these only is a rule or a bullet, no text


@cache
def _exact_max() -> int:
    """The length of the longest exact junk line: a longer line is none of them."""
    return max(map(len, _junk_rules()[0]), default=0)


@cache
def _junk_anchors() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The `contains` junk words by their first character."""
    words: dict[str, list[str]] = {}
    for w in rules()["boilerplate"]["contains"]:
        words.setdefault(w[:1], []).append(w)  # (an empty word: "" is in every text, as in the pattern)
    return tuple((c, tuple(ws)) for c, ws in words.items())


def _junk_words_in(text: str) -> list[str]:
    """The `contains` junk words that `text` holds (a line holds only these): most texts hold
    none. Each first character is looked for once (a one-character `in` is a fast scan),
    the words only when it is there; the pattern's scan costs ~60 instructions a character."""
    return [w for c, ws in _junk_anchors() if c in text for w in ws if w in text]


def _is_junk(line: str) -> bool:
    exact, contains, contents, page = _junk_rules()
    if line in exact or line.strip(_JUNK_CHARS) == "":
        return True
    if len(line) <= 24 and line[-1:] in "页—–－-" and page.match(line):
        return True  # a page number pasted from a PDF: "第 1 页 共 2 页"
    if len(line) <= 160 and line[-1:].isdigit() and contents.search(line):
        return True  # a table of contents' line: "二、依法全面履行政府职能…………3"
    return len(line) <= 160 and bool(contains.search(line))  # footers are short lines


def _portal_dateline(line: str) -> str | None:
    """'某市政府门户网站 2017-09-25 15:15:04 来源: 本网' — a page's date line, no sentence."""
    if len(line) > 80 or "。" in line or "," in line or ("20" not in line and "19" not in line):
        return None  # (_ISO_DATE's year starts with 20 or 19)
    m = _ISO_DATE.search(line)
    if not m:
        return None
    if m.group(0).count("年") and not re.search(r"\d{1,2}:\d{2}", line) and len(line) > 12:
        return None  # "2020年6月17日" alone is a signature, handled by meta
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"


_ORG_END = re.compile(r"(?:政府|委员会|办公室|局|厅|委|办|部|院|中心|单位|部门|所|队)$")
# The same endings as str suffixes, with 办事处 (各街道办事处), for the tests of a whole line.
_ORG_ENDS = ("政府", "委员会", "办公室", "局", "厅", "委", "办", "部", "院", "中心", "单位", "部门", "所", "队", "处")


# A time value cut off in the middle ("完成时限:每季度报送县委" / "依法治县办"): it goes on.
_UNFINISHED = re.compile(r"(?:报送?|送|交|向|由|经|县委|市委|区委|省委)$")


def _closes_label_line(prev: str, nxt: str) -> bool:
    """A label line "责任单位:甲局、乙政府" ending on a whole name is not continued by a
    closing paragraph (以上任务…, 各单位要…) or by a sentence of its own."""
    if CLOSING.match(nxt):
        return True
    if deadline_label_re().match(prev) and _ORG_END.search(nxt) and len(nxt) >= 4 and not _UNFINISHED.search(prev):
        return True  # "时间要求:第四季度" above the signature "某县司法局": a time is no name's head
    return bool(_ORG_END.search(prev)) and "。" in nxt and len(nxt) >= 15


def _signed_below(prev: str, nxt: str, width) -> bool:
    """A label line "责任单位:区司法局、各街道办事处" ending on a whole name, above a line that is
    one name of its own (the signature "某区司法局"): the list ended, unless the text was
    hard-wrapped at the label line's length (a name broken at 县委 / 政法委员会)."""
    if len(nxt) < 4 or not nxt.endswith(_ORG_ENDS) or not prev.endswith(_ORG_ENDS):
        return False
    if any(c in nxt for c in "、,，;；:："):
        return False  # the list goes on
    w = width()
    return w is None or not w - 2 <= len(prev) <= w + 2  # (a joined line is longer: its last piece was short)


def _wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text (a PDF, a copy from a fixed-width view) was broken at:
    the commonest length of its long lines, when enough of them share it; else None."""
    long = [n for n in map(len, lines) if n >= 20]
    if len(long) < 5:
        return None
    counts = Counter(long)
    _, width = max(zip(counts.values(), counts, strict=True))  # the commonest; the longest of those
    near = sum(counts.get(n, 0) for n in range(width - 2, width + 3))
    return width if near >= 0.3 * len(long) else None


def _joinable(prev: str, nxt: str, width, nxt_marker: Marker | None, m: Marker | None) -> bool:
    """A line broken in the middle of a sentence (by a PDF or a copy) continues below.
    `nxt_marker` and `m` are match_marker() of `nxt` and `prev`, matched once by the caller;
    `width()` is the text's _wrap_width, worked out when first asked (most texts never ask)."""
    if nxt_marker:
        return False
    body = prev[m.end :] if m else prev
    if "(" in body and body.count("(") > body.count(")") and len(body) > 20:  # (most bodies: no bracket)
        return True  # a unit note broken inside its brackets: "(牵头单位:…;责任单位:" / "各镇政府)"
    if not prev or prev[-1] in rules()["outline"]["terminal_punct"]:
        return False
    if label_line_re().match(nxt):
        return False  # "承办单位:…" / "完成时限:…" lines stand alone
    if label_line_re().match(prev) and (_closes_label_line(prev, nxt) or _signed_below(prev, nxt, width)):
        return False
    # A heading ("二、主要任务") is no broken sentence: its marker's 、 does not count; but a
    # numbered heading that reaches the width a hard-wrapped text was broken at was wrapped.
    # (A title line is long too, and stands alone; so does any heading of a text whose lines
    # were never wrapped, such as a Word document.)
    # Without a wrap width to go by, a long heading continues only on a short fragment that
    # ends no sentence ("…权责法定的" / "法治政府"), not on a paragraph of its own.
    if m is not None and (w := width()) is not None:
        wrapped = len(prev) >= w - 2
    else:
        ends = rules()["outline"]["terminal_punct"]
        wrapped = m is not None and len(prev) >= 26 and len(nxt) < len(prev) and nxt[-1] not in ends
    return len(body) <= 2 or wrapped or "," in body or "、" in body or "。" in body


def _outer_lines(rows: list[list[str]]) -> tuple[list[str], list[list[str]], list[str]]:
    """Rows above and below a table's body that fill one cell only (a title merged across
    the top of a 分工表, 注/填报说明 lines under it) are paragraphs of the text, not rows."""

    def single(row: list[str]) -> bool:
        return len({c for c in row if c.strip()}) <= 1

    i, j = 0, len(rows)
    while i < j and single(rows[i]):
        i += 1
    while j > i and single(rows[j - 1]):
        j -= 1
    if j - i < 2:  # no body of two rows: leave the table as it is
        return [], rows, []
    def lines(part: list[list[str]]) -> list[str]:
        return [c for row in part for c in dict.fromkeys(row) if c.strip()]

    return lines(rows[:i]), rows[i:j], lines(rows[j:])


def stage(doc: Doc) -> Doc:
    raw: list[str] = []
    run: list[str] = []  # paragraphs since the last table: made half-width in one call
    for block in doc.source.blocks:
        if not isinstance(block, Table):
            run.append(block)
            continue
        if run:
            raw.extend(halfwidth("\n".join(run)).split("\n"))
            run = []
        # Cells keep their spaces: a 序号 cell "一 (一)" is a path, "甲局 乙局" two units.
        rows = [[" ".join(halfwidth(c or "").split()) for c in row] for row in block.rows]
        head, rows, tail = _outer_lines(rows)
        raw.extend(head)
        if rows:
            doc.tables.append(Table(rows=rows))
            doc.table_positions.append(len(raw))
            doc.table_intros.append(next((ln.strip() for ln in reversed(raw) if ln.strip()), ""))
        raw.extend(tail)
    whole = None  # "\n".join(raw), when known without joining the lines again
    if run:
        text = halfwidth("\n".join(run))
        if not raw:  # no table before: the lines are this text's, split at its breaks
            whole = text
        raw.extend(text.split("\n"))
    if (flat := _unflatten(raw)) is not raw:
        raw, whole = flat, None
    # What the container states outright (a portal page's date and 发布机构) comes first.
    source = doc.source
    meta = {k: v for k, v in (("date", source.date), ("issuer", source.meta.get("issuer")),
                              ("year", source.meta.get("year")),
                              ("default_deadline", source.meta.get("default_deadline"))) if v}
    lines: list[str] = []
    exact, contains, contents_re, page_re = _junk_rules()
    contents, page = contents_re.search, page_re.match
    site_char, site_words = _site_labels()
    meta_firsts = _meta_firsts()
    # Characters most texts hold none of, looked for once in the whole text (one scan each)
    # rather than in every line.
    if whole is None:
        whole = "\n".join(raw)
    controls = "\t" in whole or "\r" in whole or "\f" in whole or "\v" in whole
    wide_colon = "：" in whole
    # (asked of the lines short enough to be asked at all: a long paragraph needs no scan)
    junk_words = _junk_words_in("\n".join(ln for ln in raw if len(ln) <= 160 or len(ln.strip()) <= 160))
    exact_max = _exact_max()
    for i, line in enumerate(raw):
        line = line.strip()
        if not line:
            continue
        # _is_junk(line), written out: this loop is the stage's cost on a short document.
        # (A long line is no exact junk line: it is not hashed; a line of junk characters
        # only starts with one; `contains` is asked only of the words the text holds.)
        n = len(line)
        if (n <= exact_max and line in exact) or (line[0] in _JUNK_CHARS and not line.strip(_JUNK_CHARS)) or (
                n <= 160 and ((junk_words and any(w in line for w in junk_words))
                              or (line[-1].isdigit() and contents(line)))) or (
                n <= 24 and line[-1] in "页—–－-" and page(line)):
            continue
        # has_spaces(line), written out: else squeeze(line) is line itself
        spaced = " " in line or (controls and ("\t" in line or "\r" in line or "\f" in line or "\v" in line))
        # A footer's site label and a metadata label both need a colon: most lines have none.
        if ":" in line or (wide_colon and "：" in line):
            if (site_char in line and any(w in line for w in site_words)
                    and is_site_footer(line, raw[max(0, i - 2) : i + 3])):
                continue
            # (a line starting with no label's first character is no metadata: no call)
            if line[0] in meta_firsts and (fields := _meta_fields(squeeze(line) if spaced else line)) is not None:
                for k, v in fields.items():
                    meta.setdefault(k, v)
                continue
        if i < 15 and (d := _portal_dateline(line)):
            meta.setdefault("date", d)
            continue
        if not spaced:
            lines.append(line)  # the common case: no space to drop, nothing to split
            continue
        if " " not in line and "\t" not in line:
            lines.append(squeeze(line))
            continue
        if ":" in line or "：" in line:  # a unit label needs its colon
            line = _spaced_units().sub(_list_with_commas, line)
        for part in _BREAK.split(line):
            part = squeeze(part)
            if part and not _is_junk(part):
                lines.append(part)
    text = "\n".join(lines)  # one scan of the text tells the common case: no bracket
    if "】" in text or "]" in text:
        lines = [_bracket_labels(ln) if "】" in ln or "]" in ln else ln for ln in lines]
    if not _CIRCLED_SET.isdisjoint([ln[-1] for ln in lines]):
        lines = _footnotes(lines)
    lines, marked, marks = _join_counted(lines)
    if marked >= 3:
        doc.line_markers = (lines[:], marks)  # (the lines as they are: see outline.stage)
    else:
        # One scan of the whole text tells whether any line has an inline split: none of
        # _INLINE's matches reaches past its line (a line break is neither a stop nor a
        # marker's character), so the joined text holds one exactly when a line does.
        if _INLINE.search("\n".join(lines)):
            lines = [p for ln in lines for p in _split_inline(ln)]
        lines = [p for ln in lines for p in _split_weak(ln)]
    doc.lines = lines
    doc.meta = meta
    return doc


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_CIRCLED_SET = frozenset(_CIRCLED)


def _footnotes(lines: list[str]) -> list[str]:
    """A line opening with a circled number that an earlier line ends with is that line's
    footnote, not a numbered item ("…(市政务服务局、市司法局)①" … "①列第一位者为牵头单位,下同。"):
    it becomes a 注 line and the reference mark is dropped."""
    marks: dict[str, int] = {}
    out = list(lines)
    for i, ln in enumerate(lines):
        c = ln[0]
        if c in _CIRCLED and c in marks and len(ln) > 1:
            ref = marks.pop(c)
            out[ref] = out[ref][:-1]
            out[i] = "注:" + ln[1:].lstrip(" :")
        elif ln[-1] in _CIRCLED and len(ln) > 1 and ln[-2] in "。)”;":
            marks[ln[-1]] = i
    return out


def _unflatten(raw: list[str]) -> list[str]:
    """A document flattened onto a few huge lines: its spaces were its line breaks."""
    if not raw or max(map(len, raw)) < 1500:
        return raw  # the common case, told without copying the lines
    text_lines = [ln for ln in raw if ln.strip()]
    if not text_lines or max(len(ln) for ln in text_lines) < 1500:
        return raw
    if sum(1 for ln in text_lines if match_marker(ln.strip())) >= 3:
        return raw
    return [p for ln in raw for p in _space_split(ln)]


_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _space_split(line: str) -> list[str]:
    """The non-blank parts of `_ANY_SPACE.split(line)`. A line whose only blank is " "
    (isprintable() tells: every other space character is unprintable) and that has no single
    space between two ASCII words is split by str.split, which scans many times faster."""
    if line.isprintable():
        parts = line.split(" ")
        if not any(a and b and a[-1] in _ALNUM and b[0] in _ALNUM for a, b in zip(parts, parts[1:], strict=False)):
            return [p for p in parts if p]
    return [p for p in _ANY_SPACE.split(line) if p.strip()]


def _join_broken(lines: list[str]) -> list[str]:
    return _join_counted(lines)[0]


def _join_counted(lines: list[str]) -> tuple[list[str], int, list[Marker | None]]:
    """The lines with broken sentences joined, how many of them start with a marker, and
    each one's marker (match_marker, matched once a line: outline reads them from the Doc)."""
    memo: list[int | None] = []

    def width() -> int | None:
        if not memo:
            memo.append(_wrap_width(lines))
        return memo[0]

    out: list[str] = []
    marks: list[Marker | None] = []
    last: Marker | None = None  # the marker of out[-1]
    marked = 0
    for line in lines:
        m: Marker | None = match_marker(line)
        if out and m is None and _joinable(out[-1], line, width, m, last):  # a marker starts a line
            out[-1] += line
            had, last = last is not None, match_marker(out[-1])
            marks[-1] = last
            marked += (last is not None) - had
        else:
            out.append(line)
            marks.append(m)
            last = m
            marked += m is not None
    return out, marked, marks
