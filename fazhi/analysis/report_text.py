"""The sentences of a report that can show coverage of a plan's tasks.

Left out: the title, the addressee line and the preamble before the first part (and any
"现将…报告如下" sentence), headings (a numbered lead phrase standing as its
own sentence, "(四)严格执法监督。"), and the part on next year's work, or a sentence of
plans (下一步…, 明年…, a later year) — a promise to do a task is not a report of having done
it. The part names are the parser's (extraction.toml
[sections]), so a report's parts are recognised the same way everywhere.
"""

from __future__ import annotations

import re

from fazhi.analysis.load import Loaded
from fazhi.parse.markers import match_marker, starts_with_marker

# Families of outline marker (fazhi.parse.markers) that open a part of a report: 一、 第一部分.
TOP_FAMILIES = ("cn", "part", "chapter")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_BOILERPLATE = re.compile(r"报告如下|汇报如下|现将[^。]{0,20}(报告|汇报)")
# A sentence that promises instead of reporting: "下一步,我们将…", "明年…", "2026年,将…"
# (a year after the report's own). 将 alone is no sign: "将法治建设纳入考核" is done work.
_FUTURE = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.]|[(][^)]{1,3}[)]|[一二三四五六七八九十]是)?\s*(?:下一步|明年|今后|来年|下一年度?)")
_YEAR = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.])?\s*(\d{4})年")
# Words that make a heading naming a plan (年度工作计划) a report on it, not next year's plans.
_DONE_WORDS = ("情况", "成效", "完成", "落实", "执行", "举措")
MIN_CHARS = 8  # fewer Chinese characters than this says too little to cover a task
HEADING_CHARS = 16  # a numbered sentence this short is a heading


def _part_of(line: str) -> str | None:
    """The report part a top-level heading line opens ("next_year", …), else None."""
    from fazhi.parse.rules import rules

    marker = match_marker(line.lstrip())
    if marker is None or marker.family not in TOP_FAMILIES:
        return None
    lead = line.lstrip()[marker.end :][:14]
    for part, words in rules()["sections"].items():
        if any(w in lead for w in words):
            if part == "next_year" and any(w in lead for w in _DONE_WORDS):
                return "achievements"  # 一、年度工作计划完成情况
            return part
    return "other_heading"


def _is_promise(sentence: str, year: int | None) -> bool:
    if _FUTURE.match(sentence):
        return True
    m = _YEAR.match(sentence)
    return bool(year and m and int(m.group(1)) > year)


def _is_heading(sentence: str) -> bool:
    if not starts_with_marker(sentence):
        return False
    return len(_HAN.findall(sentence)) <= HEADING_CHARS


def report_sentences(report: Loaded) -> list[str]:
    """The report's sentences that may cover a task, in document order."""
    title = (report.doc.get("title") or "").strip()
    year = report.doc.get("year")
    parts = [_part_of(line) for line in report.lines]
    # with parts, the preamble before the first is a greeting and a summary, not an account
    in_preamble = any(parts)
    out: list[str] = []
    in_next_year = False
    for line, part in zip(report.lines, parts, strict=True):
        if part is not None:
            in_next_year, in_preamble = part == "next_year", False
        if in_preamble or in_next_year or line.strip() == title or line.rstrip().endswith(":"):
            continue
        sentences = Loaded(report.label, {}, [line]).sentences()
        for k, sentence in enumerate(sentences):
            # a numbered lead phrase before the paragraph's text, or a line of its own with no
            # full stop, is a heading; a short numbered line that is a sentence is an account
            heading = (k == 0 and len(sentences) > 1) or not sentence.endswith(("。", ";", "!", "?"))
            if (heading and _is_heading(sentence)) or len(_HAN.findall(sentence)) < MIN_CHARS:
                continue
            if _BOILERPLATE.search(sentence) or _is_promise(sentence, year):
                continue
            out.append(sentence)
    return out
