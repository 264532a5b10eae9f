"""Statutory clocks against worked examples (dates checked by hand against the 2025
holiday notice: 国庆/中秋 10月1日–8日, 9月28日(日) and 10月11日(六) working days)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.registers import StatutoryCalendar, add_period, clock_states, load_kind, open_clocks

D = dt.date
CAL = StatutoryCalendar()


def recon(**values) -> dict:
    base = {"case_no": "示复〔2025〕9号", "respondent": "县市场监管局"}
    return base | values


def state(record, name, as_of, kind="reconsideration"):
    states = {s.clock: s for s in clock_states(load_kind(kind), record, CAL, as_of)}
    return states[name]


def test_five_working_days_over_national_day_counts_the_adjusted_sunday():
    # Received Fri 26 Sep: Sun 28 Sep (worked) 1, Mon 29 2, Tue 30 3, holiday, Thu 9 Oct 4, Fri 10 Oct 5.
    assert add_period(D(2025, 9, 26), 5, "working", CAL) == D(2025, 10, 10)
    s = state(recon(applied_on=D(2025, 9, 26)), "intake", as_of=D(2025, 10, 9))
    assert (s.due, s.status, s.day_type) == (D(2025, 10, 10), "running", "working")
    assert "5个工作日" in s.explanation and "第88条" in s.explanation


def test_five_working_days_reach_the_adjusted_saturday():
    # Received Tue 30 Sep: Thu 9 Oct 1, Fri 10 2, Sat 11 Oct (worked) 3, Mon 13 4, Tue 14 5.
    assert add_period(D(2025, 9, 30), 5, "working", CAL) == D(2025, 10, 14)
    # Without the adjusted Saturday it would be Wednesday 15 October.
    assert add_period(D(2025, 9, 30), 5, "working", WeekdaysOnly()) != D(2025, 10, 14)
    late = state(recon(applied_on=D(2025, 9, 30)), "intake", as_of=D(2025, 10, 15))
    assert late.status == "late" and late.due == D(2025, 10, 14)


class WeekdaysOnly:
    def is_workday(self, day):
        return day.weekday() < 5


def test_sixty_days_ending_on_a_sunday_end_on_monday():
    # Accepted Wed 16 Apr 2025: day 60 is Sun 15 Jun 2025, a rest day → Mon 16 Jun.
    s = state(
        recon(applied_on=D(2025, 4, 14), accepted_on=D(2025, 4, 16)), "decision", D(2025, 6, 1)
    )
    assert s.due == D(2025, 6, 16)
    assert "顺延至2025-06-16" in s.explanation
    assert s.days_left == 15


def test_suspension_in_the_middle_of_sixty_days():
    rec = recon(
        applied_on=D(2025, 3, 3), accepted_on=D(2025, 3, 5),
        suspended_on=D(2025, 3, 25),  # 20 days used, 40 left
    )  # fmt: skip
    paused = state(rec, "decision", as_of=D(2025, 4, 10))
    assert paused.status == "paused" and paused.due is None
    assert "尚余40日" in paused.explanation
    # While paused the case is never late, even long after the unpaused date (4 May).
    assert state(rec, "decision", as_of=D(2025, 6, 1)).status == "paused"
    rec["resumed_on"] = D(2025, 4, 14)  # 40 days from 14 Apr: Sat 24 May → Mon 26 May
    running = state(rec, "decision", as_of=D(2025, 5, 1))
    assert running.due == D(2025, 5, 26) and running.status == "running"
    assert running.paused_days == 20
    assert "2025-03-25中止、2025-04-14恢复" in running.explanation
    # Asked before the suspension, the clock still runs towards the original date.
    before = state(rec, "decision", as_of=D(2025, 3, 20))
    assert before.due == D(2025, 5, 6) and before.status == "running"  # 4 May is a holiday


def test_approved_extension_is_extended_not_late():
    rec = recon(applied_on=D(2025, 1, 6), accepted_on=D(2025, 1, 8))
    assert state(rec, "decision", D(2025, 3, 12)).status == "late"  # due Mon 10 Mar
    rec |= {"extension_days": 30, "extension_approved_on": D(2025, 3, 5)}
    s = state(rec, "decision", D(2025, 3, 12))
    assert s.status == "extended" and s.extension_days == 30
    assert s.due == D(2025, 4, 8)  # 8 Jan + 90 days
    assert "经批准延长30日" in s.explanation


def test_extension_without_approval_or_beyond_thirty_days_is_flagged():
    kind = load_kind("reconsideration")
    rec = recon(applied_on=D(2025, 1, 6), accepted_on=D(2025, 1, 8), extension_days=30)
    (s,) = [x for x in clock_states(kind, rec, CAL, D(2025, 3, 12)) if x.clock == "decision"]
    assert s.status == "late" and any("未见批准" in f for f in s.flags)
    rec |= {"extension_days": 45, "extension_approved_on": D(2025, 3, 1)}
    (s,) = [x for x in clock_states(kind, rec, CAL, D(2025, 3, 12)) if x.clock == "decision"]
    assert s.extension_days == 30 and any("超过法定上限30日" in f for f in s.flags)


def test_simplified_procedure_has_thirty_days():
    rec = recon(applied_on=D(2025, 5, 6), accepted_on=D(2025, 5, 7), procedure="简易程序")
    names = {s.clock for s in clock_states(load_kind("reconsideration"), rec, CAL, D(2025, 5, 8))}
    assert "decision_simple" in names and "decision" not in names
    assert state(rec, "decision_simple", D(2025, 5, 8)).due == D(2025, 6, 6)


def test_closed_clock_is_not_open_and_a_late_close_is_a_flag():
    rec = recon(applied_on=D(2025, 3, 1), accepted_on=D(2025, 3, 3), concluded_on=D(2025, 6, 10))
    s = state(rec, "decision", D(2025, 7, 1))
    assert s.status == "done_late" and not s.open
    assert s.flags == ["复议决定逾期:审结日期2025-06-10,期限至2025-05-06"]


def test_open_clocks_most_urgent_first_and_paused_last():
    kind = load_kind("reconsideration")
    records = [
        recon(case_no="A", applied_on=D(2025, 5, 1), accepted_on=D(2025, 5, 6), copy_sent_on=D(2025, 5, 7),
              answer_on=D(2025, 5, 9), suspended_on=D(2025, 5, 20)),
        recon(case_no="B", applied_on=D(2025, 5, 1), accepted_on=D(2025, 5, 8), copy_sent_on=D(2025, 5, 9),
              answer_on=D(2025, 5, 12)),
        recon(case_no="C", applied_on=D(2025, 1, 1), accepted_on=D(2025, 1, 3), copy_sent_on=D(2025, 1, 6),
              answer_on=D(2025, 1, 8), concluded_on=D(2025, 2, 1)),
    ]  # fmt: skip
    out = open_clocks(kind, records, CAL, D(2025, 6, 1))
    assert [(s.ref, s.status) for s in out] == [("B", "running"), ("A", "paused")]
    assert out[0].to_dict()["due"] == "2025-07-07"  # 8 May + 60 = Mon 7 Jul


def test_years_the_package_does_not_know_fall_back_to_weekdays_and_say_so():
    cal = StatutoryCalendar()
    assert add_period(D(2099, 1, 2), 5, "working", cal) == D(2099, 1, 9)
    assert 2099 in cal.uncovered_years


@pytest.mark.parametrize("kind", ["litigation", "normative_doc"])
def test_other_kinds_clocks(kind):
    rec = {"litigation": {"case_no": "X", "notified_on": D(2025, 9, 22)},
           "normative_doc": {"doc_no": "X", "issued_on": D(2025, 9, 8)}}[kind]  # fmt: skip
    (s,) = clock_states(load_kind(kind), rec, CAL, D(2025, 10, 1))
    # 22 Sep + 15 = 7 Oct (holiday) → 9 Oct; 8 Sep + 30 = 8 Oct (holiday) → 9 Oct
    assert s.due == D(2025, 10, 9)


def test_filing_period_is_a_government_setting():
    rec = {"doc_no": "X", "issued_on": D(2025, 3, 3)}
    (s,) = clock_states(
        load_kind("normative_doc"), rec, CAL, D(2025, 3, 4), {"normative_doc": {"filing_days": 15}}
    )
    assert s.due == D(2025, 3, 18) and s.days == 15


def test_a_broken_calendar_is_one_clear_error():
    from fazhi.errors import FazhiError

    class NoWorkdays:
        def is_workday(self, day):
            return False

    with pytest.raises(FazhiError, match="工作日历有误"):
        add_period(D(2025, 1, 1), 5, "working", NoWorkdays())


def test_an_extension_approved_after_the_period_ran_out_is_flagged():
    kind = load_kind("disclosure_request")
    rec = {"request_no": "X", "received_on": D(2025, 3, 3), "extension_days": 20,
           "extension_approved_on": D(2025, 4, 10)}  # fmt: skip
    (s,) = clock_states(kind, rec, CAL, D(2025, 4, 11))
    assert s.flags == ["答复申请的延期在原期限(2025-03-31)届满后才批准"]
