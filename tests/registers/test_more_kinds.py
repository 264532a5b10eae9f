"""The issue-12 registers on the same engine: the decision gate, the 90-day 执法 clock, the
20+20 working-day disclosure clock over a holiday, training hours, and each kind's import
and export on a sheet of our own writing."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from fazhi.registers import (
    StatutoryCalendar,
    check_record,
    clock_states,
    evaluate,
    kind_names,
    load_kind,
    read_sheet,
    write_register,
)  # fmt: skip
from fazhi.registers.stats import shortfalls, totals_by

D = dt.date
CAL = StatutoryCalendar()


def decision(**values):
    base = {
        "decision_no": "示决〔2025〕1号", "title": "示例县老旧小区改造实施方案", "unit": "县住建局",
        "public_from": D(2025, 3, 3), "public_to": D(2025, 4, 7), "expert_on": D(2025, 4, 10),
        "risk_on": D(2025, 4, 15), "review_from": D(2025, 4, 16), "review_on": D(2025, 4, 28),
        "review_opinion": "合法", "discussed_on": D(2025, 5, 8), "published_on": D(2025, 5, 15),
        "archived_on": D(2025, 6, 1),
    }  # fmt: skip
    return base | values


def test_a_complete_decision_passes():
    assert check_record(load_kind("decision"), decision(), CAL) == ([], [])


def test_decision_gate_collective_discussion_needs_the_legality_review():
    kind = load_kind("decision")
    errors, _ = check_record(kind, decision(review_on=None, review_opinion=None), CAL)
    assert errors == [("discussed_on", "合法性审查未完成,已记录集体讨论决定")]
    errors, _ = check_record(kind, decision(review_on=D(2025, 5, 9)), CAL)
    assert errors == [("discussed_on", "集体讨论决定(2025-05-08)早于合法性审查完成(2025-05-09)")]
    errors, _ = check_record(kind, decision(review_opinion="不合法"), CAL)
    assert ("discussed_on", "经合法性审查不合法的决策草案不得提交集体讨论") in errors
    # The workflow: no 决定 transition until the review is recorded, lawful.
    pending = decision(review_on=None, review_opinion=None, discussed_on=None, published_on=None,
                       archived_on=None)  # fmt: skip
    assert [t.name for t in kind.transitions_from(pending)] == ["review"]
    reviewed = pending | {"review_on": D(2025, 4, 28), "review_opinion": "合法"}
    assert [t.name for t in kind.transitions_from(reviewed)] == ["decide"]
    assert kind.transitions_from(reviewed | {"review_opinion": "不合法"}) == []


def test_skipped_steps_need_a_reason_and_are_flagged_either_way():
    kind = load_kind("decision")
    _, flags = check_record(
        kind, decision(expert_on=None, expert_skip="技术性事项,已征求部门意见"), CAL
    )
    assert flags == ["跳过专家论证:技术性事项,已征求部门意见"]
    _, flags = check_record(kind, decision(risk_on=None), CAL)
    assert flags == ["风险评估未记录且未说明理由,已记录合法性审查"]


def test_decision_minimum_periods_are_flags():
    kind = load_kind("decision")
    _, flags = check_record(kind, decision(public_to=D(2025, 3, 20), review_on=D(2025, 4, 22)), CAL)
    assert flags == [
        "公众参与征求意见期限不足(应不少于30日)",
        "合法性审查时间不足(应不少于7个工作日)",
    ]


def test_enforcement_case_ninety_days_over_national_day():
    kind = load_kind("enforcement_case")
    case = {"case_no": "示市监罚〔2025〕8号", "case_type": "行政处罚", "filed_on": D(2025, 7, 3)}
    (s,) = clock_states(kind, case, CAL, D(2025, 9, 30))
    # Day 90 is 1 October, inside the holiday: the period ends on Thursday 9 October.
    assert (s.due, s.status) == (D(2025, 10, 9), "running")
    assert clock_states(kind, case, CAL, D(2025, 10, 10))[0].status == "late"
    case |= {"extension_days": 30, "extension_approved_on": D(2025, 9, 20)}
    assert clock_states(kind, case, CAL, D(2025, 10, 10))[0].status == "extended"
    # A local rule allowing 60 days of extension is a setting, not code.
    settings = {"enforcement_case": {"extension_max": 60}}
    case["extension_days"] = 60
    assert clock_states(kind, case, CAL, D(2025, 10, 10), settings)[0].extension_days == 60
    assert clock_states(kind, case, CAL, D(2025, 10, 10))[0].extension_days == 30


def test_disclosure_twenty_plus_twenty_working_days_over_the_holiday():
    kind = load_kind("disclosure_request")
    req = {"request_no": "依申〔2025〕31号", "received_on": D(2025, 9, 19)}
    # 20 working days counting Sun 28 Sep and Sat 11 Oct (worked), skipping 1–8 Oct.
    (s,) = clock_states(kind, req, CAL, D(2025, 10, 1))
    assert s.due == D(2025, 10, 23) and s.day_type == "working"
    req |= {"extension_days": 20, "extension_approved_on": D(2025, 10, 20)}
    (s,) = clock_states(kind, req, CAL, D(2025, 10, 27))
    assert (s.due, s.status) == (D(2025, 11, 20), "extended")
    records = [
        req | {"answered_on": D(2025, 11, 18), "outcome": "予以公开"},
        {
            "request_no": "依申〔2025〕32号",
            "received_on": D(2025, 9, 19),
            "answered_on": D(2025, 10, 24),
        },
    ]
    f = evaluate(kind, records, 2025, calendar=CAL)
    assert f["disclosure.on_time_rate"]["value"] == 50.0
    assert f["disclosure.on_time_rate"]["records"] == ["依申〔2025〕31号"]


def test_training_hours_shortfall_against_the_target():
    kind = load_kind("training")
    sessions = [
        {"session_no": "1", "held_on": D(2025, 3, 1), "session_type": "执法人员培训",
         "participants": ["赵一", "钱二", "孙三"], "hours": 24},
        {"session_no": "2", "held_on": D(2025, 6, 1), "session_type": "执法人员培训",
         "participants": ["赵一", "钱二"], "hours": 24},
        {"session_no": "3", "held_on": D(2025, 9, 1), "session_type": "专题讲座",
         "participants": ["赵一"], "hours": 16},
        {"session_no": "4", "held_on": D(2024, 9, 1), "session_type": "执法人员培训",
         "participants": ["孙三"], "hours": 40},
    ]  # fmt: skip
    hours = totals_by(kind, sessions, 2025, by="participants", value="hours")
    assert hours == {"赵一": 64, "钱二": 48, "孙三": 24}
    target = load_kind("enforcement_officer").param("training_target")
    assert shortfalls(hours, target, people=["赵一", "钱二", "孙三", "李四"]) == [
        ("李四", 0), ("孙三", 24), ("钱二", 48),
    ]  # fmt: skip
    f = evaluate(kind, sessions, 2025)
    assert f["enforcement.personnel_trained"]["value"] == 3
    assert f["training.sessions"]["value"] == 3


def test_enforcement_officer_certificates_and_training_shortfall():
    kind = load_kind("enforcement_officer")
    officers = [
        {"cert_no": "A001", "name": "赵一", "cert_valid_until": D(2025, 12, 31), "hours": 64,
         "legal_qualification": True},
        {"cert_no": "A002", "name": "钱二", "cert_valid_until": D(2027, 6, 30), "hours": 48},
        {"cert_no": "A003", "name": "孙三", "cert_valid_until": D(2024, 6, 30), "status": "注销"},
    ]  # fmt: skip
    f = evaluate(kind, officers, 2025)
    assert f["enforcement.officers"]["value"] == 2
    assert f["enforcement.training_shortfall"]["records"] == ["A002"]
    (s,) = clock_states(kind, officers[0], CAL, D(2026, 1, 5))
    assert (s.due, s.status) == (D(2025, 12, 31), "late")
    assert clock_states(kind, officers[2], CAL, D(2026, 1, 5)) == []


def test_npc_answer_within_three_months_and_satisfaction():
    kind = load_kind("npc_suggestion")
    items = [
        {"ref_no": "第1号", "assigned_on": D(2025, 3, 10), "answered_on": D(2025, 6, 10),
         "satisfaction": "满意"},
        {"ref_no": "第2号", "assigned_on": D(2025, 3, 10), "answered_on": D(2025, 6, 11),
         "satisfaction": "不满意"},
        {"ref_no": "第3号", "assigned_on": D(2025, 3, 10)},
    ]  # fmt: skip
    (s,) = clock_states(kind, items[2], CAL, D(2025, 6, 1))
    assert s.due == D(2025, 6, 10)
    f = evaluate(kind, items, 2025, as_of=D(2025, 12, 31))
    assert f["npc.answered_on_time_rate"]["records"] == ["第1号"]
    assert f["npc.satisfaction_rate"]["value"] == 50.0
    local = evaluate(kind, items, 2025, settings={"npc_suggestion": {"answer_months": 6}})
    assert local["npc.answered_on_time_rate"]["value"] == 66.67


def test_legal_adviser_unlawful_opinion_needs_a_reason_before_decision():
    kind = load_kind("legal_adviser")
    rec = {"record_no": "1", "adviser": "周律师", "participated_on": D(2025, 4, 1),
           "opinion": "不合法", "decided_on": D(2025, 4, 20)}  # fmt: skip
    errors, _ = check_record(kind, rec, CAL)
    assert errors == [("reason", "法律顾问认为不合法的事项作出决定,未记录理由")]
    assert check_record(kind, rec | {"reason": "已按意见修改相关条款"}, CAL)[0] == []


def test_case_file_review_scores_on_the_government_scheme():
    kind = load_kind("enforcement_review")
    rec = {"file_no": "评〔2025〕3号", "reviewed_on": D(2025, 8, 1), "form_score": 22,
           "substance_score": 70, "basic_failed": True, "grade": "合格"}  # fmt: skip
    errors, flags = check_record(kind, rec, CAL)
    assert errors == [("form_score", "形式得分超过满分")]
    assert flags == ["基本标准不达标的案卷应评为不合格"]
    settings = {"enforcement_review": {"form_max": 30, "substance_max": 70}}
    assert check_record(kind, rec, CAL, settings)[0] == []


# --- every kind: a sheet of our own writing, headers as offices write them ----------------

SAMPLE = {
    "date": "2025年3月4日", "int": "3", "number": "12.5", "bool": "是", "list": "张三、李四",
    "month": "2025年3月",
}  # fmt: skip


def _written(field, i):
    if field.type == "choice":
        return field.choices[0]
    if field.type == "date":
        return ["2025年3月4日", "2025/3/5", "2025.3.6", "2025-03-07"][i % 4]
    return SAMPLE.get(field.type, f"示例{field.label}{i}")


def _expected(field, i):
    if field.type == "date":
        return D(2025, 3, 4 + i % 4)
    values = {
        "int": 3,
        "number": 12.5,
        "bool": True,
        "list": ["张三", "李四"],
        "month": D(2025, 3, 1),
    }
    return values.get(field.type, _written(field, i))


@pytest.mark.parametrize("name", kind_names())
def test_each_kind_imports_a_sheet_with_synonym_headers_and_round_trips(tmp_path, name):
    kind = load_kind(name)
    wb = Workbook()
    ws = wb.active
    ws.append([f"示例县2025年{kind.label}"])
    ws.append(["序号"] + [(f.synonyms or (f.label,))[0] for f in kind.fields])
    for row in range(2):
        ws.append([row + 1] + [_written(f, i) if f.name != kind.key else f"K{row}"
                               for i, f in enumerate(kind.fields)])  # fmt: skip
    ws.append(["合计", "2件"])
    wb.save(tmp_path / "in.xlsx")
    result = read_sheet(kind, tmp_path / "in.xlsx")
    assert result.unmatched == [] and len(result.mapping) == len(kind.fields)
    values = result.records[0].values
    for i, f in enumerate(kind.fields):
        if f.name != kind.key:
            assert values[f.name] == _expected(f, i), f.name
    records = [r.values for r in result.records]
    write_register(kind, records, tmp_path / "out.xlsx")
    assert [r.values for r in read_sheet(kind, tmp_path / "out.xlsx").records] == records
    figures = evaluate(kind, records, 2025, calendar=CAL)
    assert set(figures) == {s.key for s in kind.statistics}


def test_monthly_enforcement_counts_without_a_key_column(tmp_path):
    kind = load_kind("enforcement_count")
    wb = Workbook()
    ws = wb.active
    ws.append(["示例县2025年行政执法数据统计表"])
    ws.append(["填报单位", "统计月份", "行政检查次数", "处罚案件", "罚没款(万元)"])
    ws.append(["县市场监管局", "2025年1月", 40, 3, 1.5])
    ws.append(["县市场监管局", "2025-02", 35, 2, "0.8"])
    ws.append(["县交通运输局", D(2025, 1, 31), 12, "/", None])
    ws.append(["合计", None, 87, 5, 2.3])
    wb.save(tmp_path / "counts.xlsx")
    result = read_sheet(kind, tmp_path / "counts.xlsx")
    assert result.ok, result.errors
    assert [r.values["ref"] for r in result.records] == [
        "县市场监管局·2025-01", "县市场监管局·2025-02", "县交通运输局·2025-01",
    ]  # fmt: skip
    f = evaluate(kind, [r.values for r in result.records], 2025)
    assert f["enforcement.counted_inspections"]["value"] == 87
    assert f["enforcement.counted_penalties"]["value"] == 5
    assert f["enforcement.counted_fines"]["value"] == 2.3
    assert f["enforcement.counted_fines"]["unit"] == "万元"


def test_a_certificate_expiring_soon_shows_before_it_expires():
    kind = load_kind("enforcement_officer")
    officer = {"cert_no": "A009", "name": "吴九", "cert_valid_until": D(2026, 3, 1)}
    (s,) = clock_states(kind, officer, CAL, D(2026, 1, 5))
    assert (s.due, s.status, s.days_left) == (D(2026, 3, 1), "running", 55)
    from fazhi.registers import open_clocks

    assert [c.ref for c in open_clocks(kind, [officer], CAL, D(2026, 1, 5))] == ["A009"]


def test_clocks_as_of_a_past_day_ignore_what_was_written_later():
    kind = load_kind("reconsideration")
    case = {"case_no": "X", "applied_on": D(2025, 3, 3), "accepted_on": D(2025, 3, 5),
            "concluded_on": D(2025, 4, 20)}  # fmt: skip
    states = {s.clock: s.status for s in clock_states(kind, case, CAL, D(2025, 4, 1))}
    assert states["decision"] == "running"
    assert "decision" not in {s.clock for s in clock_states(kind, case, CAL, D(2025, 3, 4))}


def test_officers_hours_come_from_the_training_register():
    from fazhi.registers.stats import fill_totals

    officers = [
        {"cert_no": "A001", "name": "赵一", "hours": 99},
        {"cert_no": "A002", "name": "钱二"},
        {"cert_no": "A003", "name": "孙三"},
    ]
    sessions = [
        {
            "session_no": "1",
            "held_on": D(2025, 3, 1),
            "participants": ["赵一", "钱二"],
            "hours": 40,
        },
        {"session_no": "2", "held_on": D(2025, 6, 1), "participants": ["赵一"], "hours": 24},
        {"session_no": "3", "held_on": D(2024, 6, 1), "participants": ["孙三"], "hours": 60},
    ]
    kind = load_kind("enforcement_officer")
    filled = fill_totals(kind, officers, {"training": sessions}, 2025)
    assert [o["hours"] for o in filled] == [64, 40, 0]
    assert officers[0]["hours"] == 99  # the caller's records are left alone
    f = evaluate(kind, filled, 2025)
    assert f["enforcement.training_shortfall"]["records"] == ["A002", "A003"]
    assert fill_totals(kind, officers, {}, 2025)[0]["hours"] == 99  # no 学法 register kept


def test_mediation_judicial_confirmation_within_thirty_days():
    """人民调解法第33条: 司法确认 applied for within 30 days of the agreement; 30 Sep + 30 = 30 Oct."""
    kind = load_kind("mediation")
    rec = {"case_no": "调〔2025〕1号", "received_on": D(2025, 9, 1), "result": "调解成功",
           "agreement_on": D(2025, 9, 30)}  # fmt: skip
    assert clock_states(kind, rec, CAL, D(2025, 10, 20)) == []  # applying is the parties' choice
    (s,) = clock_states(kind, rec | {"confirmation_applied_on": D(2025, 10, 30)}, CAL, D(2025, 11, 1))
    assert (s.due, s.status) == (D(2025, 10, 30), "done")
    (s,) = clock_states(kind, rec | {"confirmation_applied_on": D(2025, 10, 31)}, CAL, D(2025, 11, 1))
    assert s.status == "done_late"


def test_contract_review_working_days_are_a_government_setting():
    """Submitted Fri 26 Sep 2025: 5 working days are Sun 28 Sep (an adjusted working day), 29 and
    30 Sep, then 9 and 10 Oct after the National Day holiday; a government setting 3 days: 30 Sep."""
    kind = load_kind("contract_review")
    rec = {"review_no": "合审〔2025〕1号", "submitted_on": D(2025, 9, 26)}
    (s,) = clock_states(kind, rec, CAL, D(2025, 9, 27))
    assert s.due == D(2025, 10, 10) and s.day_type == "working"
    (s,) = clock_states(kind, rec, CAL, D(2025, 9, 27), {"contract_review": {"review_days": 3}})
    assert s.due == D(2025, 9, 30)


def test_cppcc_answer_due_date_is_a_government_setting_and_satisfaction_counts():
    kind = load_kind("cppcc_proposal")
    items = [
        {"ref_no": "提1号", "assigned_on": D(2025, 3, 10), "answered_on": D(2025, 5, 30), "satisfaction": "满意"},
        {"ref_no": "提2号", "assigned_on": D(2025, 3, 10), "answered_on": D(2025, 7, 1), "satisfaction": "基本满意"},
    ]  # fmt: skip
    (s,) = clock_states(kind, {"ref_no": "提3号", "assigned_on": D(2025, 3, 10)}, CAL, D(2025, 4, 1))
    assert s.due == D(2025, 6, 10)
    (s,) = clock_states(kind, {"ref_no": "提3号", "assigned_on": D(2025, 3, 10)}, CAL, D(2025, 4, 1),
                        {"cppcc_proposal": {"answer_months": 2}})  # fmt: skip
    assert s.due == D(2025, 5, 12)  # 10 May is a Saturday: the next working day
    f = evaluate(kind, items, 2025, as_of=D(2025, 12, 31))
    assert f["cppcc.answered_on_time_rate"]["records"] == ["提1号"]


def test_leadership_records_for_the_annual_reports_first_part():
    from fazhi.registers import leadership

    meetings = [
        {"meeting_no": "会1", "held_on": D(2025, 3, 5), "meeting_type": "常务会议",
         "item_type": "听取法治政府建设工作汇报", "topic": "2024年法治政府建设情况"},
        {"meeting_no": "会2", "held_on": D(2025, 6, 5), "meeting_type": "专题会议", "item_type": "专题研究法治工作"},
        {"meeting_no": "会0", "held_on": D(2024, 12, 5), "item_type": "学法"},  # last year
    ]  # fmt: skip
    sessions = [
        {"session_no": "学1", "held_on": D(2025, 4, 1), "session_type": "常务会议会前学法", "topic": "行政复议法"},
        {"session_no": "学2", "held_on": D(2025, 4, 2), "session_type": "执法人员培训"},  # not the leadership's
    ]  # fmt: skip
    got = leadership({"meeting": meetings, "training": sessions}, 2025)
    assert [(x["date"], x["kind"], x["ref"]) for x in got] == [
        ("2025-03-05", "汇报", "会1"), ("2025-04-01", "学法", "学1"), ("2025-06-05", "其他", "会2"),
    ]  # fmt: skip
    assert got[0]["text"] == "常务会议:2024年法治政府建设情况"
    from fazhi.annual.draft import compose

    draft = compose(2025, "示例县人民政府", {"leadership": got})
    text = "\n".join(p.text() for part in draft.parts for p in part.paragraphs)
    assert "听取法治政府建设工作汇报1次" in text and "学法1次" in text


def test_disclosure_counts_for_the_annual_open_government_report():
    """政府信息公开条例第50条: the yearly report's tables count answers by result and the requests
    still open at the year's end; each figure lists its records."""
    kind = load_kind("disclosure_request")
    recs = [
        {"request_no": "依1", "received_on": D(2025, 3, 3), "answered_on": D(2025, 3, 20), "outcome": "予以公开"},
        {"request_no": "依2", "received_on": D(2025, 5, 6), "answered_on": D(2025, 5, 30), "outcome": "无法提供"},
        {"request_no": "依3", "received_on": D(2025, 12, 10), "answered_on": D(2026, 1, 5), "outcome": "部分公开"},
        {"request_no": "依4", "received_on": D(2025, 12, 22)},
    ]  # fmt: skip
    f = evaluate(kind, recs, 2025, as_of=D(2026, 1, 10))
    assert f["disclosure.requests"]["value"] == 4
    assert (f["disclosure.disclosed"]["records"], f["disclosure.not_held"]["records"]) == (["依1"], ["依2"])
    assert f["disclosure.partly_disclosed"]["value"] == 0  # answered next year: in next year's table
    assert f["disclosure.pending"]["records"] == ["依3", "依4"]
