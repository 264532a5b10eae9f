"""Cell values as offices write them."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.registers import load_kind
from fazhi.registers.values import is_empty, parse_date, parse_month, parse_value

D = dt.date


@pytest.mark.parametrize(
    "written",
    ["2025-03-04", "2025/3/4", "2025.3.4", "2025年3月4日", "2025 年 3 月 4 日", "20250304",
     "2025-03-04 00:00:00", 45720, "45720", dt.datetime(2025, 3, 4, 9, 30), D(2025, 3, 4)],
)  # fmt: skip
def test_every_date_writing(written):
    assert parse_date(written) == D(2025, 3, 4)


@pytest.mark.parametrize(
    "written", ["2025年13月1日", "2025-02-30", "三月四日", "2025", "12", "待定"]
)
def test_unreadable_dates(written):
    with pytest.raises(ValueError):
        parse_date(written)


def test_empty_marks():
    assert all(is_empty(v) for v in ["/", "—", "——", "无", " ", "－", None, "", " / "])
    assert not is_empty("无锡市") and not is_empty(0)


def test_months():
    assert (
        parse_month("2025年3月") == parse_month("2025-03") == parse_month("2025.3") == D(2025, 3, 1)
    )
    assert parse_month(D(2025, 3, 31)) == D(2025, 3, 1)
    with pytest.raises(ValueError):
        parse_month("2025年13月")


def test_lenient_answers_that_stay_unambiguous():
    lit = load_kind("litigation")
    head = lit.field("head_appeared")
    assert parse_value(head, "否(因公出差)") == (False, None)
    assert parse_value(head, "是") == (True, None) and parse_value(head, "√") == (True, None)
    with pytest.raises(ValueError):
        parse_value(head, "不清楚")
    days = load_kind("reconsideration").field("extension_days")
    assert parse_value(days, "延长30日")[0] == 30 and parse_value(days, 30.0)[0] == 30
    with pytest.raises(ValueError):
        parse_value(days, "30或60日")


def test_choices_and_their_unknown_values():
    outcome = load_kind("reconsideration").field("outcome")
    assert parse_value(outcome, "决定维持") == ("维持", None)
    assert parse_value(outcome, " 撤销 ") == ("撤销", None)
    value, note = parse_value(outcome, "驳回并建议")
    assert value == "驳回并建议" and "不在选项中" in note
