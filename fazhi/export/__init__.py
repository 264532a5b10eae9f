"""Exports of a parsed document (SCHEMA.md dict): terminal table and .xlsx task ledger.

The small formatting helpers here are shared by both exports so a task reads the same
way on screen and in the workbook.
"""

from __future__ import annotations

import datetime as _dt

from fazhi.parse.dates import RECURRENCE_WORDS

__all__ = [
    "KIND_NAMES",
    "ROLE_NAMES",
    "SECTION_NAMES",
    "chapter_label",
    "date_cn",
    "deadline_labels",
    "fmt_number",
    "path_label",
    "target_labels",
    "task_text",
    "units_label",
]

KIND_NAMES = {"plan": "工作计划/方案", "report": "工作报告", "indicators": "考核指标体系", "other": "其他文档"}
ROLE_NAMES = {"lead": "牵头", "responsible": "责任", "support": "配合"}
SECTION_NAMES = {
    "achievements": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "first_responsible": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year": "下一年度工作安排",
    "other": "其他需要报告的情况",
}
OP_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "==": "", None: ""}


def path_label(task: dict, sep: str = ".") -> str:
    """`["一", "(一)"]` → `一.(一)` (sep=".") or `一 (一)` (sep=" ")."""
    return sep.join(str(p) for p in task.get("path") or [])


def chapter_label(task: dict) -> str:
    """The top-level section as written: `一、依法全面履行政府职能`."""
    path = task.get("path") or []
    heading = (task.get("heading") or "").strip()
    if not path:
        return heading
    return f"{path[0]}、{heading}" if heading else str(path[0])


def task_text(task: dict) -> str:
    """The item's full wording, its title in front when the text doesn't already start with it."""
    title = (task.get("title") or "").strip()
    text = (task.get("text") or "").strip()
    if not title or text.startswith(title):
        return text or title
    if title[-1] in "。.;；:：!！?？":
        return title + text
    return f"{title}。{text}"


def units_label(task: dict, role: str) -> str:
    units = (task.get("units") or {}).get(role) or []
    return "、".join(str(u) for u in units)


def fmt_number(value) -> str:
    """5.0 → "5", 15.4 → "15.4", None → ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def date_cn(iso: str | None) -> str:
    """`2024-06-30` → `2024年6月30日`; anything unparsable is returned as is."""
    if not iso:
        return ""
    try:
        d = _dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def deadline_labels(task: dict, style: str = "iso") -> list[str]:
    """One label per deadline: its date (`iso` or `cn` style), else its text."""
    out: list[str] = []
    for d in task.get("deadlines") or []:
        date = d.get("date")
        if date:
            label = date_cn(date) + "前" if style == "cn" else str(date)
            if rec := d.get("recurring"):
                label += f"({RECURRENCE_WORDS.get(rec, rec)})"
        else:
            label = (d.get("text") or "").strip()
        if label and label not in out:
            out.append(label)
    return out


def target_labels(task: dict) -> list[str]:
    """`{"value": 5, "unit": "个", "op": ">="}` → `≥5个`."""
    out: list[str] = []
    for t in task.get("targets") or []:
        value = fmt_number(t.get("value"))
        if value:
            label = f"{OP_SYMBOLS.get(t.get('op'), str(t.get('op') or ''))}{value}{t.get('unit') or ''}"
        else:
            label = (t.get("text") or "").strip()
        if label and label not in out:
            out.append(label)
    return out
