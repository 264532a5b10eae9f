"""Stages for the document's own facts: title, issuer, issue date, year, kind, catch-all deadline."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from fazhi.parse.dates import find_deadlines
from fazhi.parse.markers import cn_number, match_marker
from fazhi.parse.model import Doc
from fazhi.parse.rules import rules

DOC_TYPES = "计划|方案|要点|报告|意见|规划|通知|办法|总结|纲要|清单|决定|细则|安排|汇报|分工表|责任表|任务表|任务|任务分解|工作分工|任务分工"
# Patterns compiled once here: re.search(pattern_string, …) looks its pattern up in the re
# module's cache on every call.
_DOC_TYPE = re.compile(DOC_TYPES)
_ATTACHMENT = re.compile(r"附件\s*\d*\s*[:：]")  # "附件:任务分工表" labels an attachment, names nothing
_TITLE_WORD = re.compile(rf"(?:{DOC_TYPES})(?:\(.{{0,20}}\))?$")
# A match of _TITLE_WORD ends the line and is at most this long: it is looked for in the
# line's last characters only, not by a scan of the whole line.
_TITLE_WORD_SPAN = max(map(len, DOC_TYPES.split("|"))) + 22


def _title_word(line: str) -> bool:
    return _TITLE_WORD.search(line, max(0, len(line) - _TITLE_WORD_SPAN)) is not None

# A document printed by the line that names it ("X印发《…》" as a headline): not one told of as
# already issued ("会议印发了《…》", "市政府已经印发《…》" in news or a speech).
_FORWARDED = re.compile(r"(?<!已)(?<!已经)印发《([^《》]{6,80}?)》")
_DATE_CN = re.compile(r"((?:19|20)\d{2}|[一二〇零○Ｏ]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日")
_ORG_END = re.compile(r"(政府|委员会|办公室|局|厅|镇|乡|县|区|市|省|委|办|街道|办事处|中心|部)$")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*[-—–~至]\s*((?:19|20)\d{2})年")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_QUOTED = re.compile(r"《[^《》]*》")
_NOTICE = re.compile(r"关于(?:印发|下发|转发|调整)?《([^《》]+)》的通知")
_BODY_OPENER = re.compile(r"现将.{0,60}?(?:报告|汇报|总结)如下")
_NOTICE_OF = re.compile(r".{0,40}?关于(?:印发|转发|下发)《([^《》]{6,80})》的通知")
_ISSUER_ABOUT = re.compile(r"^(.{2,40}?)关于")
_ISSUER_FORWARDS = re.compile(r"(?:^|[,。])([^,。《》]{2,40}?)印发(?:了)?《")
_SENTENCE_END = re.compile(r"(?<=[。;;])")
_TITLE_PREFIX = re.compile(
    r"^([^,。;:《》]{4,60}?(?:工作计划|实施方案|工作要点|工作方案|情况的报告|工作报告|规划|方案|计划|要点)"
    r"(?:\(\d{4}\s*[-—–]\s*\d{4}年\))?)(?=为|根据|按照|现将|近日|\d{4}年|$)"
)


def _date(m: re.Match) -> str | None:
    y, mo, d = m.groups()
    if not y.isdigit():
        y = "".join(str("〇一二三四五六七八九".find(c)) if c in "一二三四五六七八九" else "0" for c in y)
    mo = int(mo) if mo.isdigit() else cn_number(mo)
    d = int(d) if d.isdigit() else cn_number(d)
    if not (mo and d and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{int(y):04d}-{mo:02d}-{d:02d}"


_HEAD_STOP = re.compile(r"[。,:;、〔〕()]|文件$")


def _wrapped_head(prev: str, line: str) -> bool:
    """A title's first printed line before its short last one: it names the year or opens with
    关于, has no punctuation, is no document type itself, and the last line is a few words."""
    return (len(line) <= 15 and 6 <= len(prev) <= 40 and not line.startswith("关于")
            and (_YEAR.search(prev) is not None or prev.startswith("关于"))
            and not _HEAD_STOP.search(prev) and not _title_word(prev) and not match_marker(prev))


# A wrapped title's last word or two run on into the first sentence when the lines were joined:
# "…法治政府建设工作" / "要点2026年是…".
_RUN_ON_TAIL = re.compile(rf"^(?:工作|建设|实施)?(?:{DOC_TYPES})(?=(?:19|20)\d{{2}}年|为|根据|按照|现将)")


def _title_candidates(lines: list[str]):
    for i, line in enumerate(lines[:12]):
        if i and (m := _RUN_ON_TAIL.match(line)) and _wrapped_head(lines[i - 1], m.group()):
            yield lines[i - 1] + m.group()
            continue
        if _BODY_OPENER.match(line):
            return  # "现将…报告如下": the body has begun; a later short line is one of its parts
        # A title's last printed line may be a word or two ("…法治政府建设工作" / "要点").
        short_tail = len(line) < 5 and i and _wrapped_head(lines[i - 1], line)
        if "。" in line or line.endswith((":", ",")) or not (5 <= len(line) or short_tail) or len(line) > 90:
            continue
        if match_marker(line):
            continue  # "三、2022年工作安排" is a part of the body, not a title
        if line.startswith(("现将", "根据", "为")):
            continue
        prev = lines[i - 1] if i else ""
        if line.startswith("关于") and prev and _ORG_END.search(prev) and len(prev) < 30:
            line = prev + line  # "某县人民政府" / "关于…的报告" on two lines
        elif _wrapped_head(prev, line):
            line = prev + line  # "某县司法局2026年度法治政府" / "建设情况报告": a title wrapped in print
        if _title_word(line) or _DOC_TYPE.search(line[-8:]):
            yield line


def title_stage(doc: Doc) -> Doc:
    given = doc.source.title or doc.meta.get("title")
    title = given if given and _DOC_TYPE.search(given) and not _ATTACHMENT.match(given) else None
    # A page title like "政策文件" or "附件:任务分工表" says less than a title line in the text itself.
    title = title or next((c for c in _title_candidates(doc.preamble or doc.lines) if not _ATTACHMENT.match(c)), None)
    if not title and doc.preamble:
        # A title run together with the first sentence: "某县…实施方案(2024-2026年)为推进…"
        m = _TITLE_PREFIX.match(doc.preamble[0])
        title = m.group(1) if m else None
    if not title:
        for line in doc.preamble[:5]:
            m = _FORWARDED.search(line) if "印发" in line else None  # (its words hold 印发)
            if m and _DOC_TYPE.search(m.group(1)):
                title = m.group(1)
                break
    title = title or given
    if title and (m := _NOTICE_OF.fullmatch(title)) and _DOC_TYPE.search(m.group(1)):
        title = m.group(1)  # the notice only forwards the document it prints below
    doc.title = title
    doc.issuer = _issuer(doc)
    doc.issued = _issued(doc)
    doc.year = _year(doc)
    return doc


def _issuer(doc: Doc) -> str | None:
    issuer = doc.meta.get("issuer")
    if issuer and issuer not in ("互联网", "本网", "本站", "网络"):
        return issuer
    t = doc.title or ""
    m = _ISSUER_ABOUT.match(t)
    if m and not m.group(1).startswith(("中共", "《")) or (m and _ORG_END.search(m.group(1))):
        return m.group(1)
    if doc.title and doc.title in doc.preamble:
        i = doc.preamble.index(doc.title)
        for prev in reversed(doc.preamble[max(0, i - 2) : i]):
            if _ORG_END.search(prev) and len(prev) <= 40 and "。" not in prev:
                return prev
    for line in doc.preamble[:5]:
        found = _ISSUER_FORWARDS.findall(line) if "印发" in line else None
        if found:
            return found[-1]
    return None


def _issued(doc: Doc) -> str | None:
    tail = doc.lines[-8:]
    for line in reversed(tail):
        if len(line) <= 70 and "。" not in line and "日" in line:  # (a date ends in 日)
            m = _DATE_CN.search(line)
            if m and (d := _date(m)):
                return d
    if doc.meta.get("date"):
        return doc.meta["date"]
    for line in doc.preamble[:8]:
        if len(line) <= 40 and "。" not in line and "日" in line and (m := _DATE_CN.search(line)):
            return _date(m)
    return None


def _year(doc: Doc) -> int | None:
    if doc.meta.get("year"):  # stated by the container (our 任务分工表 export)
        return int(doc.meta["year"])
    title = doc.title or ""
    # "关于印发《X》的通知": the plan is X; elsewhere a quoted name is another document's.
    t = m.group(1) if (m := _NOTICE.fullmatch(title)) else _QUOTED.sub("", title)
    if m := _PERIOD.search(t):
        return int(m.group(1))
    if m := _YEAR.search(t):
        return int(m.group(1))
    if doc.issued:
        return int(doc.issued[:4])
    head = _QUOTED.sub("", "".join(doc.preamble[:5]))
    if m := _PERIOD.search("".join(doc.preamble[:5])):
        return int(m.group(1))
    if m := _YEAR.search(head):
        return int(m.group(1))
    # No year in the title or the opening: the year the body's dates name most often.
    years = Counter(_YEAR.findall(_QUOTED.sub("", "\n".join(doc.lines))))
    return int(years.most_common(1)[0][0]) if years else None


def _count(words: list[str], text: str) -> int:
    return sum(text.count(w) for w in words)


@cache
def _note_re() -> re.Pattern:
    """A plan's unit note: bracketed, or a label with a colon (a report's prose may say 牵头)."""
    words = "|".join(rules()["kind"]["note_markers"])
    return re.compile(rf"\([^()\n]{{0,80}}(?:{words})[^()\n]{{0,40}}\)|(?:{words})[^,。:\n]{{0,4}}:")


def _reads_as_report(doc: Doc, body: str, leaves: int) -> bool:
    """A body without a telling title (pasted from 现将有关情况报告如下, or from
    一、2021年主要工作情况) is a report when its parts are a report's (work done, problems,
    next year), it speaks of work done, and it assigns no units as plans do."""
    from fazhi.parse.sections import detect

    k = rules()["kind"]
    parts = detect(doc)
    if not (parts["shortcomings"] or parts["next_year"]):
        return False
    if parts["achievements"] + parts["shortcomings"] + parts["next_year"] < 2:
        return False
    notes = len(_note_re().findall(body))
    past = _count(k["past_markers"], body)
    opener = any(_BODY_OPENER.search(line) for line in doc.lines[:6])  # "现将…报告如下"
    return notes <= max(2, leaves // 4) and (past >= 3 or parts["shortcomings"] or opener)


def kind_stage(doc: Doc) -> Doc:
    doc.kind = _kind(doc)
    return doc


@cache
def _title_words() -> dict[str, re.Pattern]:
    """The kind's title word lists as one pattern each: a title is short, and one search of it
    costs less than an `in` per word."""
    k = rules()["kind"]
    # ("(?!)" for an empty list, which any() never finds in a title, where "" finds all.)
    words = {name: re.compile("|".join(map(re.escape, k[name])) or "(?!)")
             for name in ("news_title_verbs", "report_titles", "plan_titles")}
    words["consultation_title"] = re.compile(k["consultation_title"])  # a regular expression
    return words


def _kind(doc: Doc) -> str:
    # Each fact is worked out only when a test needs it: a telling title decides most
    # documents before the body's words are counted.
    k = rules()["kind"]
    words = _title_words()
    title = _QUOTED.sub("", doc.title or "")
    if words["news_title_verbs"].search(title) and len(doc.leaves()) < 5 and _count(
            k["news_markers"], "\n".join(doc.lines[:4])):
        return "other"  # "某市公开发布2025年度法治政府建设情况报告" over 本报讯: news of a report
    if not title.endswith(tuple(k["notice_endings"])) and (
            words["report_titles"].search(title) or title.endswith(tuple(k["report_title_endings"]))):
        return "report"
    if doc.lines and len(doc.lines[0]) <= 60 and doc.lines[0].endswith(tuple(k["speech_title_endings"])):
        return "other"  # "在全市依法行政工作会议上的讲话": its numbered points assign nothing
    if any(line in k["speech_salutations"] for line in doc.lines[:4]):
        return "other"  # a speech pasted without its title, from "同志们:"
    leaves = len(doc.leaves())
    if doc.task_tables and leaves >= 2:
        return "plan"
    if words["consultation_title"].search(title) and len(_note_re().findall("\n".join(doc.lines))) < 2:
        return "other"  # a call for comments on a draft, with no plan's notes below it
    # (asked only of fewer than 5 items: with more, neither test below reads it)
    news = _count(k["news_markers"], "\n".join(doc.lines[:4])) if leaves < 5 else 0
    if title and words["plan_titles"].search(title):  # (a title ending with a word holds it)
        return "plan" if leaves >= 2 or not news else "other"
    if news and leaves < 5:
        return "other"
    body = "\n".join(doc.lines)
    if _reads_as_report(doc, body, leaves):
        return "report"
    plan_score = _count(k["plan_markers"], body)
    report_score = _count(k["report_markers"], body)
    if report_score >= 2 and report_score > plan_score:
        return "report"
    if leaves >= 3 and plan_score >= 2:
        return "plan"
    return "other"


@cache
def _catch_all() -> re.Pattern:
    d = rules()["deadlines"]
    return re.compile("|".join([*d["catch_all"], *d.get("catch_all_problems", [])]))


@cache
def _catch_all_verbs() -> tuple[str, ...]:
    return tuple(rules()["deadlines"]["catch_all_verbs"])


# A sentence's opening purpose clause ("为推动各项任务落地见效,…决定于5月至7月开展督察") names
# an aim, not a completion: without a date of its own it is no part of a catch-all.
_PURPOSE = re.compile(r"^为了?[^,，;；]*[,，]")
_DATE_WORD = re.compile(r"\d{4}年|\d{1,2}月|年底|年内")


def _without_purpose(sentence: str) -> str:
    m = _PURPOSE.match(sentence)
    return sentence[m.end() :] if m and not _DATE_WORD.search(m.group()) else sentence


_CLAUSE_END = re.compile(r"(?<=[,，])")


def _catch_all_clauses(sentence: str, year: int | None) -> str:
    """The catch-all sentence up to the clause of its date: a later clause with a date of its
    own ("…前全部完成,并于12月5日前将完成情况报…") is the item's own duty, kept in its text."""
    clauses = _CLAUSE_END.split(sentence)
    for i in range(len(clauses) - 1):
        if find_deadlines(clauses[i], year, None):
            rest = "".join(clauses[i + 1 :])
            return "".join(clauses[: i + 1]) if find_deadlines(rest, year, None) else sentence
    return sentence


def default_deadline_stage(doc: Doc) -> Doc:
    if doc.kind != "plan":
        return doc
    if doc.meta.get("default_deadline"):  # stated by the container (our 任务分工表 export)
        doc.default_deadline = doc.meta["default_deadline"]
        return doc
    paras = doc.closing + [doc.lines[i] for i in doc.orphans] + doc.preamble
    leaves = doc.leaves()
    last = leaves[-1:]
    if last and last[0].from_table:  # an 附件 table after the prose: the prose's closing item too
        prose = next((leaf for leaf in reversed(leaves) if not leaf.from_table), None)
        last = ([prose] if prose is not None else []) + last
    for leaf in last:
        paras += leaf.paras
    verbs = _catch_all_verbs()
    for para in paras:
        if not any(v in para for v in verbs):
            continue  # no sentence of it can be a catch-all: no splitting
        for sentence in _SENTENCE_END.split(para):
            rest = _without_purpose(sentence)
            if any(v in rest for v in verbs) and _catch_all().search(rest):
                found = find_deadlines(rest, doc.year, None)
                if found and not found[0]["recurring"]:
                    doc.default_deadline = found[0]["date"]
                    doc.catch_all = _catch_all_clauses(sentence, doc.year)
                    return doc
    title = doc.title or ""
    # "关于印发《X》的通知": the plan is X; elsewhere a quoted name is another document's.
    t = m.group(1) if (m := _NOTICE.fullmatch(title)) else _QUOTED.sub("", title)
    if m := _PERIOD.search(t):
        doc.default_deadline = f"{m.group(2)}-12-31"
    elif (m := _YEAR.search(t)) and len(set(_YEAR.findall(t))) == 1:
        doc.default_deadline = f"{m.group(1)}-12-31"
    return doc
