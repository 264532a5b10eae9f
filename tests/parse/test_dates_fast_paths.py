"""dates.find_deadlines reads each text once, trying each pattern only where its matches can
open (issue 10): it finds what the plain reading finds, every pattern scanned over the whole
text in PATTERNS' order. That reading is kept here as the oracle."""

from __future__ import annotations

import datetime as dt
import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.parse import dates
from fazhi.parse.rules import rules

# The plain reading's tests of the words around a date, as first written.
_NOT_AFTER = re.compile(r"(?:起|以来|开始|以后|后|至今|启动|实施|施行|成立|挂牌|至|到|—|-|~|〜)")
_NOT_BEFORE = re.compile(r"(?:为|从|自|截止|截至|于|在)$")
_SPAN_END = re.compile(r"[\d一二三四五六七八九十上下次本翌年季月]")
_EVERY = re.compile(r"每(?:年|季度|月|半年)$")
_FROM_YEAR = re.compile(r"((?:19|20)\d{2})年(?:起|开始|以后)[,，]?$")
_COMPLETES = re.compile(r"(?:全面|全部|基本|如期|按时)?(?:完成|办结|建成|落实到位|实现)")


def _plain_find_deadlines(text: str, year: int | None, issued: str | None = None) -> list[dict]:
    """find_deadlines as the definition: no gate, every pattern over the whole text."""
    r = rules()["deadlines"]
    words = "|".join(r["not_deadline_after"])
    procedure = re.compile(rf"[^,。;:、\d]{{0,4}}?(?:{words})")
    into, named = tuple(r["into_procedure"]), re.compile(rf"[^,。;:、\d前]{{0,12}}?(?:{words})")
    scope = tuple(r["scope_after"])
    acts = tuple(r["acts_before_procedure"])
    due_before = tuple(r["due_before"])
    if not text:
        return []
    year = year or dt.date.today().year
    after = dt.date.fromisoformat(issued) if issued else dt.date(year, 1, 1)
    taken = bytearray(len(text))
    found: list[tuple[int, dict]] = []
    for row in dates.PATTERNS:
        kind = row.kind
        every = kind in dates.RECURRING or kind == "marked"
        for m in row.pattern.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            lead = text[max(0, start - 4) : start]
            after_word = _NOT_AFTER.match(text, end)
            if after_word and every and after_word.group(0) in ("到", "至") and not _SPAN_END.match(text, end + 1):
                after_word = None
            if after_word or (not every and _NOT_BEFORE.search(lead) and not lead.endswith(due_before)):
                g = m.groupdict()
                if not (g.get("to") or g.get("before") or _COMPLETES.match(text, end)):
                    continue
            if not every and _EVERY.search(lead):
                continue
            if not m.group(0).endswith("前") and not text.startswith(acts, end) and not m.groupdict().get("d"):
                if procedure.match(text, end):
                    continue
                if text.endswith(into, 0, start) and named.match(text, end):
                    continue
            if "的" in text[end : end + 4] and text.startswith(scope, end):
                continue
            taken[start:end] = b"\x01" * (end - start)
            try:
                if kind == "marked":
                    date, rec = dates._resolve(kind, m, year), dates._RECURRENCE[m.group("every")]
                elif every:
                    since = after
                    if (begins := _FROM_YEAR.search(text[max(0, start - 8) : start])) and int(begins.group(1)) > after.year:
                        since = dt.date(int(begins.group(1)) - 1, 12, 31)
                    date, rec = dates._first_occurrence(kind, m, since), dates.RECURRING[kind]
                else:
                    date, rec = dates._resolve(kind, m, year), None
            except (ValueError, TypeError):
                continue
            if date is None or not (year - 2 <= date.year <= year + 10):
                continue
            found.append((start, {"date": date.isoformat(), "text": dates.clause_around(text, start, end),
                                  "recurring": rec}))
    found.sort(key=lambda x: x[0])
    out, seen = [], set()
    for _, item in found:
        if (item["date"], item["recurring"]) not in seen:
            seen.add((item["date"], item["recurring"]))
            out.append(item)
    return out


def _atoms() -> list[str]:
    """The words deadlines are made of: the patterns' own, and the configuration's words that
    stop a date from being one."""
    r = rules()["deadlines"]
    return [
        "2025年", "2019年", "2031年", "2025", "12025年", "到2027年", "截至", "至", "到", "在", "于", "为", "从", "自", "截止",
        "3月", "12月", "十二月", "6月", "0", "1", "9", "31日", "5日", "底", "末", "前", "以前", "之前", "内", "份", "上旬",
        "中旬", "下旬", "上半年", "下半年", "第一季度", "三季度", "季度", "半年", "每年", "每季度", "每月", "每半年", "每个",
        "(每年)", "(每季度)", "（每月）", "年", "月", "日", "全年", "本年度内", "年内", "年底", "年末", "-", "/", ".", "—", "~",
        "起", "以来", "开始", "后", "启动", "实施", "成立", "至今", "完成", "全面完成", "成功", "实现", "出台", "印发", "提请审议",
        "确保", "的", ",", "。", ";", "!", "?", "、", "\n", " ", "工作", "加强", "次", "一", "三",
        *r["not_deadline_after"], *r["into_procedure"], *r["scope_after"], *r["due_before"],
    ]


ATOMS = _atoms()
texts = st.lists(st.sampled_from(ATOMS), max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(texts, st.sampled_from([2025, 2019, None]), st.sampled_from([None, "2025-03-15", "2024-12-31"]))
def test_find_deadlines_is_the_plain_reading(text, year, issued):
    if year is None:
        year = 2025  # find_deadlines reads today's year then: keep the test independent of the date
    assert dates.find_deadlines(text, year, issued) == _plain_find_deadlines(text, year, issued)


def test_find_deadlines_on_many_random_texts():
    """More texts than Hypothesis tries, longer ones too (several dates, windows that overlap)."""
    rnd = random.Random(61)
    hits = 0
    for _ in range(6000):
        text = "".join(rnd.choice(ATOMS) for _ in range(rnd.randrange(1, 30)))
        want = _plain_find_deadlines(text, 2025, "2025-02-01")
        assert dates.find_deadlines(text, 2025, "2025-02-01") == want, text
        hits += bool(want)
    assert hits > 1000  # the texts do hold deadlines
