"""Scoring an indicator from a figure by the rule read from its 评分标准 (pure Python)."""

from __future__ import annotations

from fazhi.indicators.score import score as rule_score


def test_rules_score_from_figures():
    assert rule_score({"type": "rate", "full_at": 100, "per_point": 0.5}, 10, 96).points == 8
    assert rule_score({"type": "rate", "full_at": 100, "per_point": 1}, 10, 50).points == 0  # never below 0
    assert rule_score({"type": "deduct_each", "points": 2, "max": 10}, 10, 3).points == 4
    assert rule_score({"type": "deduct_each", "points": 2, "max": 4}, 10, 9).points == 6
    assert rule_score({"type": "deduct", "points": 5}, 5, 0).points == 5
    assert rule_score({"type": "zero_if"}, 20, 1).points == 0
    assert rule_score({"type": "bonus_each", "points": 2, "max": 4}, None, 3).points == 4
    assert rule_score(None, 10, 3) is None  # by hand
    assert rule_score([{"type": "deduct", "points": 1}, {"type": "zero_if"}], 10, 1) is None
    assert rule_score({"type": "rate", "full_at": 100, "per_point": 1}, 10, None) is None  # no data yet


def test_rate_explains_its_working():
    r = rule_score({"type": "rate", "full_at": 95, "per_point": 1}, 20, 92.5)
    assert r.points == 17.5 and "92.5%" in r.text and "扣2.5分" in r.text
