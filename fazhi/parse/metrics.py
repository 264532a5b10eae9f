"""Stage: every reported quantity of a report or news item, keyed to the indicator list.

A figure gets an indicator key when a name of the indicator (indicators.tsv) stands next to
it in its clause — before the number ("受理105件") or in the noun after it ("25件合同…审查") —
with a compatible measure, and, for a generic name (受理, 维持, 保留…), the domain word of the
indicator (复议, 规范性文件…) in the same or the previous sentence.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from fazhi.parse.metric_keys import _CLASS_OF, key_for
from fazhi.parse.model import Doc
from fazhi.parse.quantities import Quantity, find_quantities, numeral_pairs
from fazhi.parse.rules import indicators, rules
from fazhi.parse.text import squeeze

_NAME_LEAD = re.compile(r"^(其中|今年|全年|累计|共|已|全县|全区|全市|\d{4}年(度|以来)?)+")


@cache
def _names() -> dict[str, str]:
    """Indicator key → name (the first indicator of a key, as a scan of the list finds it)."""
    out: dict[str, str] = {}
    for i in indicators():
        out.setdefault(i.key, i.name)
    return out


# The letters _NAME_LEAD's words open with (and any digit): a head opening with none of them keeps
# every letter, without a regex call.
_NAME_LEAD_FIRSTS = frozenset("其今全累共已0123456789")


def _name(q: Quantity, key: str | None) -> str:
    if key:
        return _names()[key]
    head = q.clause[: q.start - q.clause_start]
    if (first := head[:1]) in _NAME_LEAD_FIRSTS or first.isdecimal():  # (\d: any decimal digit)
        head = _NAME_LEAD.sub("", head)
    name = head or q.clause[q.end - q.clause_start :]
    return name.strip(" 、,")[:30] or q.clause[:30]


def _sentences(para: str) -> list[tuple[int, int]]:
    """The sentences' spans, each with its closing 。!?: the ends found by str.find (a regex
    scan of a paragraph costs ~25 ns a character, find ~1); ! and ? are rare, so most
    paragraphs need one find per sentence."""
    ends = _ends_of(para, "。")
    if "!" in para or "?" in para:
        ends = sorted(ends + _ends_of(para, "!") + _ends_of(para, "?"))
    out, start = [], 0
    for end in ends:
        out.append((start, end))
        start = end
    if start < len(para):
        out.append((start, len(para)))
    return out


def _ends_of(para: str, stop: str) -> list[int]:
    """The position just after each `stop` in para."""
    out = []
    i = para.find(stop)
    while i >= 0:
        i += 1
        out.append(i)
        i = para.find(stop, i)
    return out


def _last_sentence(para: str, prev_sentence: str) -> str:
    """_sentences(para)[-1] as text (prev_sentence for an empty paragraph), without the list."""
    if not para:
        return prev_sentence
    end = len(para) - 1  # a closing 。 belongs to the last sentence
    return para[max(para.rfind("。", 0, end), para.rfind("!", 0, end), para.rfind("?", 0, end)) + 1 :]


def metrics_of(para: str, prev_sentence: str = "", pairs: list[int] | None = None) -> tuple[list[dict], str]:
    """The figures of a paragraph and its last sentence; `pairs` as numeral_pairs found them."""
    found: list[dict] = []
    qs = find_quantities(para, pairs, ops=False)  # a reported figure has no ≥/≤
    if not qs:
        return found, _last_sentence(para, prev_sentence)
    sentences = _sentences(para)
    starts = [a for a, _ in sentences]  # sentences tile the paragraph: bisect, not a scan
    # A sentence and the one before it, joined once per sentence; whether the sentence names a
    # rival kind of case at all (most do not: no look-back for their figures).
    contexts: dict[int, tuple[str, dict, bool]] = {}
    names = _names()  # (a keyed figure's name: one lookup, no call)
    for i, q in enumerate(qs):
        s_idx = bisect.bisect_right(starts, q.start) - 1  # >= 0: the first sentence starts at 0
        memo = contexts.get(s_idx)
        if memo is None:
            a, b = sentences[s_idx]
            prev = para[sentences[s_idx - 1][0] : sentences[s_idx - 1][1]] if s_idx else prev_sentence
            sentence = para[a:b]
            memo = contexts[s_idx] = (sentence + prev, {}, any(w in sentence for w in _rival_words()))
        context, domains, rival_named = memo
        # (a window of the sentence, so that a paragraph of one long sentence stays linear)
        if rival_named and (rivals := _rivals_before(para, max(sentences[s_idx][0], q.start - _RIVAL_WINDOW), q.start)):
            domains = {**domains, **rivals}  # this figure only: those domains' verbs name another kind
        prev_end = qs[i - 1].end if i and qs[i - 1].clause_start == q.clause_start else q.clause_start
        next_start = qs[i + 1].start if i + 1 < len(qs) else len(para)
        key = key_for(q, prev_end, next_start, context, domains)
        found.append(
            {
                "key": key,
                "name": names[key] if key else _name(q, None),
                "value": q.value,
                "unit": q.unit,
                "approx": q.approx,
                "text": q.clause.strip(),
            }
        )
    _respectively(para, qs, found, sentences, prev_sentence, starts)
    last = para[sentences[-1][0] :] if sentences else prev_sentence
    return found, last


_RIVAL_WINDOW = 200  # characters before a figure searched for the kinds of case it may count


@cache
def _rival_domains() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(domain words, rival words) for each rule; the domain words are also the key that
    metric_keys.key_for's `domains` memo uses (the indicator's context words)."""
    rival = rules()["metrics"].get("rival_domains", {})
    return tuple((tuple(d.split("|")), tuple(r)) for d, r in rival.items())


@cache
def _rival_words() -> tuple[str, ...]:
    return tuple({w for _, rivals in _rival_domains() for w in rivals})


def _rivals_before(para: str, start: int, end: int) -> dict[tuple[str, ...], bool]:
    """The domains to treat as absent for a figure at `end`: those whose rival kind of case is
    named after the domain's own last word in the sentence so far (para[start:end])."""
    out = {}
    for words, rivals in _rival_domains():
        last_rival = max(para.rfind(w, start, end) for w in rivals)
        if last_rival >= 0 and last_rival > max(para.rfind(w, start, end) for w in words):
            out[words] = False
    return out


_RESPECTIVELY = re.compile(r"(?:的)?分别(?:为|是|达到|达)?$")
_PARALLEL_HEAD = re.compile(r"^(?:[^,;。:]{0,8}?(?:部门|政府|办公室|乡镇|街道|单位|机关|级))?$")


def _key_of_name(name: str, surface: str, context: str) -> str | None:
    """The key a figure would take written right after this name ("撤销" + "31件")."""
    qs = find_quantities(name + surface, ops=False)
    if not qs:
        return None
    q = qs[-1]
    return key_for(q, q.clause_start, q.clause_start + len(q.clause), context)


def _context_at(para: str, sentences, starts: list[int], pos: int, prev_sentence: str) -> str:
    """The sentence holding `pos` and the one before it (the paragraph's previous sentence)."""
    s_idx = max(0, bisect.bisect_right(starts, pos) - 1)
    a, b = sentences[s_idx]
    return para[a:b] + (para[sentences[s_idx - 1][0] : sentences[s_idx - 1][1]] if s_idx else prev_sentence)


def _respectively(para: str, qs: list[Quantity], found: list[dict], sentences, prev_sentence: str, starts: list[int]) -> None:
    """Names listed before 分别 take the figures after it in order: "维持、驳回、撤销的分别为214件、
    58件、31件"; parallel names that differ only in the issuing body share a key: "制定县政府规范性
    文件11件、部门规范性文件23件"."""
    i = 0
    while i < len(qs):
        q = qs[i]
        prev_end = qs[i - 1].end if i and qs[i - 1].clause_start == q.clause_start else q.clause_start
        head = para[prev_end : q.start]
        if "分别" in head and (m := _RESPECTIVELY.search(head)) and "、" in head[: m.start()]:
            context = _context_at(para, sentences, starts, q.start, prev_sentence)
            names = head[: m.start()].split("、")
            run = [i]
            while len(run) < len(names) and run[-1] + 1 < len(qs):
                nxt = qs[run[-1] + 1]
                if nxt.clause_start != q.clause_start or para[qs[run[-1]].end : nxt.start] != "、":
                    break
                run.append(run[-1] + 1)
            if len(run) == len(names):
                keys = [_key_of_name(name, para[qs[j].start : qs[j].end], context) for name, j in zip(names, run, strict=True)]
                if keys[-1] and not any(keys[:-1]):
                    # "以市、县两级政府为被告的…案件分别为63件、215件": one name with a list inside
                    keys = [keys[-1]] * len(keys)
                elif i and not any(keys) and head.startswith("其中") and found[i - 1]["key"] and qs[i - 1].unit == q.unit:
                    # "…应诉案件412件;其中以A、B、C政府为被告的分别为58件、47件、39件": shares of the total
                    keys = [found[i - 1]["key"]] * len(keys)
                for name, j, key in zip(names, run, keys, strict=True):
                    found[j]["key"] = key
                    found[j]["name"] = _name(qs[j], key) if key else name
                i = run[-1] + 1
                continue
        if found[i]["key"] is None and _may_take_key(para, qs, found, i, head):
            context = _context_at(para, sentences, starts, q.start, prev_sentence)
            if key := (_sub_unit_key(para, qs, found, i, head, context) or _shared_verb_key(para, qs, i, head, context)
                       or _total_key(para, qs, i, context)):
                found[i]["key"] = key
                found[i]["name"] = _name(q, key)
                i += 1
                continue
        if i and found[i]["key"] is None and found[i - 1]["key"] and head.startswith("、"):
            prev_head = para[(qs[i - 2].end if i > 1 and qs[i - 2].clause_start == q.clause_start else q.clause_start) : qs[i - 1].start]
            cur = head[1:]
            tail = 0
            while tail < min(len(cur), len(prev_head)) and cur[-1 - tail] == prev_head[-1 - tail]:
                tail += 1
            if tail >= 3 and _PARALLEL_HEAD.match(cur[: len(cur) - tail]):
                found[i]["key"] = found[i - 1]["key"]
                found[i]["name"] = found[i - 1]["name"]
        i += 1


def _may_take_key(para: str, qs: list[Quantity], found: list[dict], i: int, head: str) -> bool:
    """Whether _sub_unit_key, _shared_verb_key or _total_key may key figure i, by the tests each
    makes first: a keyed figure or 、 or a short gap before it, or a clause opening after : (or
    after , ; with a stating verb). Most unkeyed figures pass none: no context, no calls."""
    if i and (found[i - 1]["key"] or head.startswith("、") or qs[i].start - qs[i - 1].end in (2, 3)):
        return True
    if i > 1 and found[i - 2]["key"] and head.startswith("其中"):
        return True  # a share after a comparison: "…612件,同比增长21.9%,其中市本级201件"
    cs = qs[i].clause_start
    lead = para[cs - 1] if cs else ""
    return lead == ":" or (lead in (",", ";") and head in _STATED)


# A sub-unit's label before its share of a figure: "其中市本级482件、各县(市、区)1044件",
# "分别为:市区98.6%、县域97.9%", "出庭应诉率分别为100%、97.67%" (no label at all).
_SUB_UNIT = re.compile(
    r"(?:其中)?((?:[^,;。:、]{0,8}?(?:本级|市区|城区|县域|县|市|区|乡镇|镇|乡|街道|办事处|部门|单位|政府|办公室|机关|级|村|社区|城镇|厅|局|委|办)"
    r"(?:\([^()]{1,6}\))?)?)"
)


def _sub_unit_key(para: str, qs: list[Quantity], found: list[dict], i: int, head: str, context: str) -> str | None:
    """The key a sub-unit's share takes from the figure it divides: the previous figure of the same
    measure just before it ("…申请1526件,其中市本级482件"), or the name before 分别为: in the
    clause before ("调解成功率分别为:市区98.6%")."""
    q = qs[i]
    lead = head[1:] if head.startswith("、") else head
    p = i - 1
    if p > 0 and lead.startswith("其中") and not found[p]["key"] and _COMPARED.search(para, qs[p].clause_start, qs[p].start):
        p -= 1  # "…申请612件,同比增长21.9%,其中市本级201件": the share divides the figure before the comparison
    if i and found[p]["key"] and _CLASS_OF.get(qs[p].unit) == _CLASS_OF.get(q.unit):
        gap = para[qs[p].end : q.start]
        joined = head.startswith("、") or (gap[:1] in ",;" and lead.startswith("其中"))
        if joined and len(gap) <= 20 + (i - 1 - p) * 16:
            prev = qs[p]
            prev_head = para[(qs[p - 1].end if p > 0 and qs[p - 1].clause_start == prev.clause_start else prev.clause_start) : prev.start]
            # The label may repeat the verb of the figure divided: "…共收到…2371件,其中市政府办公室收到128件".
            # A class of cases ("其中涉企案件97件") is no label: that count is not the indicator of any body.
            rest = _after_label(lead)
            if not rest or (len(rest) <= 4 and rest in prev_head) or rest in rules()["metrics"]["share_label_tails"]:
                return found[p]["key"]
    if head.startswith("、"):
        return None
    before = para[max(0, q.clause_start - 30) : q.clause_start]
    # The cheap tests first: the label (a few regex tries) only when the clause before ends in 分别为:.
    if before.endswith(":") and (r := _RESPECTIVELY.search(before[:-1])) and not _after_label(lead):
        name = re.split(r"[,;。]", before[: r.start()])[-1]
        return _key_of_name(name, para[q.start : q.end], context)
    return None


def _after_label(lead: str) -> str:
    """What follows a sub-unit's label in the words before its figure: the longest label that
    leaves at most a short verb ("" when the words are a label, all of `lead` when none fits)."""
    cut = next((k for k in range(len(lead), max(-1, len(lead) - 5), -1) if _SUB_UNIT.fullmatch(lead[:k])), 0)
    return lead[cut:]


_COMPARED = re.compile(r"(?:较上年|比上年|较去年|比去年|同比|环比|较\d{4}年|比\d{4}年)")
_STATED = ("为", "是", "达", "达到", "保持在", "保持")


def _shared_verb_key(para: str, qs: list[Quantity], i: int, head: str, context: str) -> str | None:
    """The key of a figure whose name is elsewhere in the sentence: the second object of one verb
    ("审核区政府规范性文件8件、区政府合同152件": 审核 also governs 合同), or the figure stated after
    a comparison ("综合纠错率较上年下降1.8个百分点,为13.03%")."""
    q = qs[i]
    surface = para[q.start : q.end]
    if i and head.startswith("、") and len(head) > 2:
        prev = qs[i - 1]
        prev_head = para[(qs[i - 2].end if i > 1 and qs[i - 2].clause_start == prev.clause_start else prev.clause_start) : prev.start]
        k = prev_head.find(head[1:3])  # the objects share their owner: 区政府…、区政府…
        if k > 0:
            return _key_of_name(prev_head[:k] + head[1:], surface, context)
        return None
    if head in _STATED and q.clause_start and para[q.clause_start - 1] in ",;":
        before = re.split(r"[,;。]", para[max(0, q.clause_start - 40) : q.clause_start - 1])[-1]
        if m := _COMPARED.search(before):
            return _key_of_name(before[: m.start()], surface, context)
    return None


_TOTAL = re.compile(r"[、,](?:共|共计|累计|合计)")


def _total_key(para: str, qs: list[Quantity], i: int, context: str) -> str | None:
    """A total in another measure joined to the figure before it ("组织执法人员培训6批次、共860人次",
    "开展培训12期,累计1500人"): the name before that figure names the total too."""
    if not i or not _TOTAL.fullmatch(para, qs[i - 1].end, qs[i].start):
        return None
    prev = qs[i - 1]
    if _CLASS_OF.get(prev.unit, -1) == _CLASS_OF.get(qs[i].unit, -1):
        return None  # the same measure: a part or a second object, not a total
    prev_head = para[(qs[i - 2].end if i > 1 and qs[i - 2].clause_start == prev.clause_start else prev.clause_start) : prev.start]
    return _key_of_name(prev_head, para[qs[i].start : qs[i].end], context)


_BARE_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_HEADER_MEASURE = re.compile(r"[(（](?:单位[:：])?\s*([^()（）]{1,4})[)）]$")


def _header_measures(row: list[str]) -> dict[int, str]:
    """Columns whose header names the measure of the figures below it."""
    out = {}
    for j, cell in enumerate(row):
        m = _HEADER_MEASURE.search(cell or "") if cell and not _BARE_NUMBER.fullmatch(cell) else None
        if m and find_quantities("1" + m.group(1)):
            out[j] = m.group(1)
    return out


_UNIT_HEADERS = ("单位", "计量单位", "计算单位")


def _row_label_measure(row: list[str]) -> list[str]:
    """"办理行政处罚案件(件) | 1286 | 增长6.2%": the first cell's measure is its row's bare numbers'."""
    m = _HEADER_MEASURE.search(row[0] or "") if row else None
    if not m or not find_quantities("1" + m.group(1)):
        return row
    return [row[0]] + [c + m.group(1) if c and _BARE_NUMBER.fullmatch(c) else c for c in row[1:]]


def stage(doc: Doc) -> Doc:
    if doc.kind == "plan":
        return doc
    prev, pending = "", ""
    # One scan of all the paragraphs for the numerals that may start a figure.
    for line, pairs in zip(doc.lines, numeral_pairs(doc.lines), strict=True):
        if line == doc.title:
            continue
        if not pairs:
            # No figure can start here: the paragraph only hands its last sentence on, and only
            # the last such paragraph before the next figure's matters (metrics_of without calls).
            pending = line or pending
            continue
        if pending:
            prev, pending = _last_sentence(pending, prev), ""
        found, prev = metrics_of(line, prev, pairs)
        doc.metrics.extend(found)
    intros = doc.table_intros + [""] * (len(doc.tables) - len(doc.table_intros))
    for table, intro in zip(doc.tables, intros, strict=True):  # "新收行政复议申请 | 107件" as one clause
        # The rows above are a row's context ("审结行政复议案件" over "其中:维持"), and so is the
        # sentence that introduces the table ("审结行政复议案件200件,审结情况见下表").
        above = squeeze(intro)[-120:] + "。" if intro else ""
        measures: dict[int, str] = {}
        unit_col: int | None = None
        seq_cols: set[int] = set()
        for row in table.rows:
            if unit_col is not None and unit_col < len(row) and find_quantities("1" + row[unit_col]):
                # "新收行政复议申请 | 件 | 243": a 单位 column names the measure of its row's numbers
                unit = row[unit_col]
                row = [c + unit if c and j not in seq_cols and _BARE_NUMBER.fullmatch(c) else c
                       for j, c in enumerate(row) if j != unit_col]
            elif unit_col is None:
                heads = [squeeze(c or "") for c in row]
                unit_col = next((j for j, c in enumerate(heads) if c in _UNIT_HEADERS), None)
                seq_cols = {j for j, c in enumerate(heads) if c in rules()["columns"]["seq"]}
            # "数量(件)" / "金额(单位:万元)" in a header: the column's bare numbers are in that measure.
            row = [c + measures[j] if j in measures and c and _BARE_NUMBER.fullmatch(c) else c
                   for j, c in enumerate(row)]
            measures.update(_header_measures(row))
            row = _row_label_measure(row)
            line = squeeze("".join(c for c in row if c))
            found, _ = metrics_of(line, above[-120:])
            doc.metrics.extend(found)
            above += line + "。"
    return doc
