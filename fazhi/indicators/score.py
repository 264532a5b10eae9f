"""Scoring an indicator from a figure by its rule (the `rule` read from its 评分标准).

Pure arithmetic, called once per (unit, indicator) of a round: no I/O, no Django.
The figure means, by rule type:
- rate: a percentage (98.5 for 98.5%);
- deduct, zero_if: a count of the failings the clause names (0: none, full points);
- deduct_each, bonus_each: the count of occurrences.
A list of several clauses, or no rule, is scored by hand: `score()` returns None.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.export import fmt_number


@dataclass(frozen=True)
class Result:
    points: float
    text: str  # how the points follow from the figure and the rule, for the unit's page


def _round(x: float) -> float:
    return round(max(x, 0.0) + 1e-9, 2)


def _n(x) -> str:
    return fmt_number(x)


def score(rule, points, value) -> Result | None:
    """The points `rule` gives for figure `value` on an indicator worth `points`.
    None: a person must score it (no rule, several clauses, no figure yet, no points)."""
    if not isinstance(rule, dict) or value is None:
        return None
    kind = rule.get("type")
    value = float(value)
    if kind == "bonus_each":
        cap = rule.get("max")
        got = value * float(rule["points"])
        got = min(got, float(cap)) if cap is not None else got
        return Result(_round(got), f"{_n(value)}项×{_n(rule['points'])}分" + (f",最高{_n(cap)}分" if cap is not None else ""))
    if points is None:
        return None
    full = float(points)
    if kind == "rate":
        short = max(float(rule["full_at"]) - value, 0.0)
        lost = min(short * float(rule["per_point"]), full)
        return Result(_round(full - lost), f"实际{_n(round(value, 2))}%,满分线{_n(rule['full_at'])}%,扣{_n(round(lost, 2))}分")
    if kind == "deduct":
        lost = min(float(rule["points"]), full) if value > 0 else 0.0
        return Result(_round(full - lost), f"发现{_n(value)}项,扣{_n(lost)}分" if value > 0 else "未发现问题,不扣分")
    if kind == "deduct_each":
        cap = rule.get("max")
        lost = value * float(rule["points"])
        lost = min(lost, float(cap) if cap is not None else full, full)
        return Result(_round(full - lost), f"{_n(value)}项×{_n(rule['points'])}分,扣{_n(round(lost, 2))}分")
    if kind == "zero_if":
        return Result(0.0, f"发生{_n(value)}项,本项不得分") if value > 0 else Result(full, "未发生,得满分")
    return None
