"""The annual report's audit (issue 13): structure, figures and text, before sending.

    result = audit(report, previous=None, expected=None, overrides=None)
    → {"sections": {5 part keys: bool}, "findings": [{"code", "severity", "message", "text"}]}

`report`/`previous` are parts.Report (parts.read_report(path)); `expected` maps indicator
keys to register values ({"reconsideration.correction_rate": 31.25}); thresholds come from
settings (fazhi/data/annual.toml [audit], overridable). Findings are advice, not failures.
"""

from __future__ import annotations

import re

from fazhi.annual.parts import Report
from fazhi.annual.settings import settings
from fazhi.export import SECTION_NAMES, fmt_number
from fazhi.parse.sections import PARTS

_NUMBER = re.compile(r"\d+(?:\.(\d+))?")
_SENTENCE_END = re.compile(r"(?<=[。!?;])")


def finding(code: str, severity: str, message: str, text: str = "", **extra) -> dict:
    return {"code": code, "severity": severity, "message": message, "text": text, **extra}


def audit(
    report: Report,
    previous: Report | None = None,
    expected: dict | None = None,
    overrides: dict | None = None,
) -> dict:
    cfg = settings(overrides)["audit"]
    findings = missing_sections(report) + placeholders(report, settings(overrides)["draft"]["placeholder"])
    findings += figure_mismatches(report.doc.get("metrics") or [], expected or {})
    findings += few_figures(report, cfg)
    findings += few_cases(report, cfg)
    findings += vague_shortcomings(report, cfg)
    if previous is not None:
        findings += repeated_shortcomings(report, previous, cfg)
        findings += unexplained_changes(report, previous, cfg)
    return {"sections": report.sections, "findings": findings}


def missing_sections(report: Report) -> list[dict]:
    out = []
    for part in PARTS:
        if not report.sections[part]:
            severity = "notice" if part == "other" else "error"
            out.append(finding(f"missing_section:{part}", severity, f"未找到“{SECTION_NAMES[part]}”部分。"))
    return out


def placeholders(report: Report, mark: str) -> list[dict]:
    """A part still holding the draft's placeholder (待补充) is not written yet."""
    return [finding(f"placeholder:{part}", "warning", f"“{SECTION_NAMES[part]}”部分仍有“{mark}”内容。", text)
            for part, text in report.parts.items() if mark in text]


def decimals(metric: dict) -> int:
    """How many decimals the text wrote the figure with (31.25% → 2, 40件 → 0)."""
    best = None
    for m in _NUMBER.finditer(metric.get("text") or ""):
        if abs(float(m.group(0)) - float(metric["value"])) < 1e-9:
            best = max(best or 0, len(m.group(1) or ""))
    if best is not None:
        return best
    text = fmt_number(metric["value"])
    return len(text.split(".")[1]) if "." in text else 0


def figure_mismatches(metrics: list[dict], expected: dict) -> list[dict]:
    """A keyed figure differs from its register value rounded to the text's decimals.
    Approximate figures (约, 余, 以上) are not compared."""
    out = []
    for m in metrics:
        key = m.get("key")
        if key not in expected or m.get("approx") or expected[key] is None:
            continue
        places = decimals(m)
        want = round(float(expected[key]), places)
        if abs(round(float(m["value"]), places) - want) > 10 ** -(places + 2):
            out.append(finding(
                f"figure_mismatch:{key}", "error",
                f"报告写为 {fmt_number(m['value'])}{m.get('unit') or ''},"
                f"登记簿为 {fmt_number(float(expected[key]))}{m.get('unit') or ''}。",
                m.get("text") or "", expected=float(expected[key]), found=m["value"],
            ))
    return out


def few_figures(report: Report, cfg: dict) -> list[dict]:
    n = len(report.doc.get("metrics") or [])
    if n >= cfg["min_figures"]:
        return []
    return [finding("few_figures", "warning",
                    f"全文只有 {n} 个数据,少于 {cfg['min_figures']} 个:请用数据和具体事例说明成效。")]


def few_cases(report: Report, cfg: dict) -> list[dict]:
    n = sum(1 for line in report.lines for s in _SENTENCE_END.split(line) if any(w in s for w in cfg["case_words"]))
    if n >= cfg["min_cases"]:
        return []
    return [finding("few_cases", "notice", f"全文只有 {n} 处具体事例(典型案例、例如……),少于 {cfg['min_cases']} 处。")]


def vague_shortcomings(report: Report, cfg: dict) -> list[dict]:
    text = report.parts.get("shortcomings") or ""
    if not text or _has_quantity(text) or any(w in text for w in cfg["specific_words"]):
        return []
    return [finding("vague_shortcomings", "warning",
                    "“存在的不足和原因”部分没有点出具体问题(没有数据、案件、单位或未按期事项):"
                    "请写明具体问题和原因。", text)]


def _has_quantity(text: str) -> bool:
    """A figure as the parser reads one (years, dates and 一是/二是 are none)."""
    from fazhi.parse.metrics import metrics_of

    return any(metrics_of(line)[0] for line in text.splitlines())


def repeated_shortcomings(report: Report, previous: Report, cfg: dict) -> list[dict]:
    from fazhi.annual.similar import closest_passages, similarity

    now, before = report.parts.get("shortcomings") or "", previous.parts.get("shortcomings") or ""
    if len(_words_only(now)) < cfg["repeat_min_chars"] or len(_words_only(before)) < cfg["repeat_min_chars"]:
        return []  # a heading alone (or a line) is alike every year and says nothing
    score = similarity(now, before)
    if score < cfg["repeat_threshold"]:
        return []
    a, b = closest_passages(now, before, cfg["repeat_threshold"])
    return [finding("repeated_shortcomings", "warning",
                    f"“存在的不足和原因”与上一年度报告相似度 {score:.2f}(阈值 {cfg['repeat_threshold']}):"
                    f"重复的内容见上年原文。", a, previous_text=b, similarity=round(score, 4))]


def _words_only(text: str) -> str:
    """The part's own words: its heading's wording and outline markers left out."""
    from fazhi.parse.rules import rules

    for w in sorted(rules()["sections"]["shortcomings"], key=len, reverse=True):
        text = text.replace(w, "")
    return re.sub(r"[\s一二三四五六七八九十、()。,;:]", "", text)


def _first_values(metrics: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for m in metrics:
        if m.get("key") and not m.get("approx"):
            out.setdefault(m["key"], m)
    return out


def _sentence_of(report: Report, clause: str) -> str:
    for line in report.lines:
        for s in _SENTENCE_END.split(line):
            if clause and clause in s:
                return s
    return clause


def unexplained_changes(report: Report, previous: Report, cfg: dict) -> list[dict]:
    now, before = _first_values(report.doc.get("metrics") or []), _first_values(previous.doc.get("metrics") or [])
    out = []
    for key, m in now.items():
        if key not in before:
            continue
        a, b = float(m["value"]), float(before[key]["value"])
        if m.get("unit") == "%":
            big = abs(a - b) > cfg["rate_change_points"]
        else:
            big = max(a, b) >= cfg["change_min_value"] and (b == 0 or abs(a - b) / b > cfg["change_threshold"])
        sentence = _sentence_of(report, m.get("text") or "")
        if big and not any(w in sentence for w in cfg["explanation_words"]):
            out.append(finding(
                f"unexplained_change:{key}", "warning",
                f"{m.get('name') or key} 由上年的 {fmt_number(b)} 变为 {fmt_number(a)}{m.get('unit') or ''},"
                "变化较大但未说明原因。", sentence, previous_value=b, value=a,
            ))
    return out
