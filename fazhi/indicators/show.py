"""An indicator system as readable text for the terminal (`fazhi parse FILE` without --json)."""

from __future__ import annotations

import shutil

from fazhi.export import fmt_number
from fazhi.export.table import text_width, truncate

_RULE = {
    "deduct": lambda r: f"扣{fmt_number(r['points'])}分",
    "deduct_each": lambda r: f"每次扣{fmt_number(r['points'])}分"
    + (f",最多{fmt_number(r['max'])}分" if r.get("max") is not None else ",扣完为止"),
    "rate": lambda r: f"达{fmt_number(r['full_at'])}%满分,每低1个百分点扣{fmt_number(r['per_point'])}分",
    "zero_if": lambda r: "不得分",
    "bonus_each": lambda r: f"加{fmt_number(r['points'])}分"
    + (f",最高{fmt_number(r['max'])}分" if r.get("max") is not None else ""),
}


def rule_label(rule) -> str:
    """{'type': 'deduct', 'points': 2} → '扣2分'; a list joined; None → '人工评分'."""
    if rule is None:
        return "人工评分"
    rules = rule if isinstance(rule, list) else [rule]
    return ";".join(_RULE[r["type"]](r) if r.get("type") in _RULE else "?" for r in rules)


def _points(p) -> str:
    return f"{fmt_number(p)}分" if p is not None else "-"


def _nodes(nodes: list[dict], depth: int, width: int, out: list[str]) -> None:
    for n in nodes:
        head = f"{'  ' * depth}{n['name']}  {_points(n['points'])}"
        if n["criteria"]:
            room = max(width - text_width(head) - 4, 10)
            head += "  " + truncate(f"[{rule_label(n['rule'])}] {n['criteria']}", room)
        out.append(head)
        _nodes(n["children"], depth + 1, width, out)


def format_indicators(doc: dict, width: int | None = None) -> str:
    width = max(width or shutil.get_terminal_size((100, 24)).columns, 40)
    out = [f"《{doc.get('title') or '(无标题)'}》"]
    out.append(
        f"类型:考核指标体系  基础分:{_points(doc.get('total_points'))}  "
        f"加分项:{len(doc.get('bonus') or [])}  一票否决:{len(doc.get('veto') or [])}"
    )
    out.append("")
    _nodes(doc.get("indicators") or [], 0, width, out)
    for b in doc.get("bonus") or []:
        out += ["", f"{b['name']}(上限 {_points(b['cap'])})"]
        _nodes(b["items"], 1, width, out)
    if doc.get("veto"):
        out += ["", "一票否决"]
        out += ["  " + truncate(v["text"], width - 2) for v in doc["veto"]]
    if doc.get("warnings"):
        out += ["", "提示:"] + [f"  {w}" for w in doc["warnings"]]
    return "\n".join(out) + "\n"
