"""Statistics on known registers (invented cases) give the known figures and records."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.registers import KindError, breakdowns, evaluate, load_kind

D = dt.date


def rc(no, applied, intake, respondent, concluded=None, outcome=None, accepted=None):
    return {
        "case_no": f"示复〔{applied.year}〕{no}号", "applied_on": applied, "intake": intake,
        "accepted_on": accepted or (applied + dt.timedelta(days=2) if intake == "受理" else None),
        "respondent": respondent, "concluded_on": concluded, "outcome": outcome,
        "category": "处罚" if no % 2 else "许可",
    }  # fmt: skip


RECONSIDERATION = [
    rc(1, D(2025, 1, 6), "受理", "甲局", D(2025, 3, 4), "维持"),
    rc(2, D(2025, 1, 11), "受理", "甲局", D(2025, 4, 14), "撤销"),
    rc(3, D(2025, 2, 3), "受理", "乙局", D(2025, 4, 20), "责令履行"),
    rc(4, D(2025, 2, 10), "不予受理", "乙局"),
    rc(5, D(2025, 3, 1), "受理", "丙局", D(2025, 6, 10), "确认违法"),
    rc(6, D(2024, 12, 20), "受理", "甲局", D(2025, 2, 1), "调解结案"),
    rc(7, D(2025, 11, 20), "受理", "乙局"),
    rc(8, D(2025, 4, 1), "告知", "甲局"),
    rc(9, D(2025, 5, 5), "受理", "丙局", D(2026, 1, 10), "部分撤销"),
    rc(10, D(2025, 6, 1), "受理", "甲局", D(2025, 7, 20), "驳回复议请求"),
    rc(11, D(2025, 6, 2), "受理", "乙局", D(2025, 7, 25), "和解终止"),
    rc(12, D(2025, 7, 1), "受理", "甲局", D(2025, 8, 1), "变更"),
]


def refs(*numbers, year=2025):
    return [f"示复〔{2024 if n == 6 else year}〕{n}号" for n in numbers]


def test_reconsideration_figures_and_their_records():
    figures = evaluate(load_kind("reconsideration"), RECONSIDERATION, 2025)
    expected = {
        "reconsideration.received": (11, [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12]),
        "reconsideration.accepted": (9, [1, 2, 3, 5, 7, 9, 10, 11, 12]),
        "reconsideration.not_accepted": (1, [4]),
        "reconsideration.concluded": (8, [1, 2, 3, 5, 6, 10, 11, 12]),
        "reconsideration.upheld": (1, [1]),
        "reconsideration.dismissed": (1, [10]),
        "reconsideration.revoked": (1, [2]),
        "reconsideration.confirmed_illegal": (1, [5]),
        "reconsideration.ordered_to_act": (1, [3]),
        "reconsideration.settled": (2, [6, 11]),
        "reconsideration.terminated": (0, []),
        "reconsideration.corrected": (4, [2, 3, 5, 12]),
    }
    for key, (value, numbers) in expected.items():
        assert (figures[key]["value"], figures[key]["records"]) == (value, refs(*numbers)), key
        assert figures[key]["unit"] == "件"
    rate = figures["reconsideration.correction_rate"]
    assert (rate["value"], rate["unit"], rate["records"]) == (50.0, "%", refs(2, 3, 5, 12))
    assert "撤销、部分撤销、变更、确认违法、责令履行、确认无效" in rate["definition"]
    assert "口径 2024.1" in rate["definition"] and rate["source"]


def test_a_province_counting_settlements_as_corrections_changes_one_setting():
    kind = load_kind("reconsideration")
    outcomes = kind.param("correction_outcomes") + ["调解结案", "和解终止"]
    settings = {"reconsideration": {"correction_outcomes": outcomes}}
    figures = evaluate(kind, RECONSIDERATION, 2025, settings=settings)
    assert figures["reconsideration.corrected"]["records"] == refs(2, 3, 5, 6, 11, 12)
    assert figures["reconsideration.correction_rate"]["value"] == 75.0
    assert "调解结案、和解终止" in figures["reconsideration.correction_rate"]["definition"]
    # Other governments keep the default.
    assert evaluate(kind, RECONSIDERATION, 2025)["reconsideration.correction_rate"]["value"] == 50.0


def test_a_whole_definition_can_be_replaced_and_is_versioned():
    kind = load_kind("reconsideration")
    own = {"count": {"all": [{"stat": "reconsideration.received"}, {"field": "intake", "in": ["不予受理", "告知"]}]},
           "definition": "当年收到、不予受理或告知的申请"}  # fmt: skip
    settings = {"reconsideration": {"definitions": {"reconsideration.not_accepted": own}}}
    fig = evaluate(kind, RECONSIDERATION, 2025, settings=settings)["reconsideration.not_accepted"]
    assert fig["value"] == 2 and fig["records"] == refs(4, 8)
    assert fig["version"] == "2024.1+本级设置"
    with pytest.raises(KindError, match="reconsideration.not_accepted"):
        bad = {"reconsideration": {"definitions": {"reconsideration.not_accepted": {"counts": {}}}}}
        evaluate(kind, RECONSIDERATION, 2025, settings=bad)


def test_unit_filter_and_zero_denominator():
    kind = load_kind("reconsideration")
    figures = evaluate(kind, RECONSIDERATION, 2025, unit="甲局")
    assert figures["reconsideration.received"]["records"] == refs(1, 2, 8, 10, 12)
    assert figures["reconsideration.correction_rate"]["value"] == 40.0
    empty = evaluate(kind, RECONSIDERATION, 2023)
    assert empty["reconsideration.correction_rate"]["value"] is None
    assert empty["reconsideration.received"]["value"] == 0


def lit(no, notified, hearing=None, head=None, closed=None, outcome=None):
    return {"case_no": f"(2025)示行初{no}号", "notified_on": notified, "hearing_on": hearing,
            "head_appeared": head, "closed_on": closed, "outcome": outcome, "defendant": "县政府"}  # fmt: skip


def test_litigation_figures():
    records = [
        lit(1, D(2025, 2, 1), D(2025, 3, 10), True, D(2025, 5, 1), "驳回诉讼请求"),
        lit(2, D(2025, 3, 1), D(2025, 4, 10), False, D(2025, 6, 1), "撤销"),
        lit(3, D(2025, 4, 1), D(2025, 5, 10), True, D(2025, 6, 15), "原告撤诉"),
        lit(4, D(2024, 11, 1), D(2025, 1, 10), True, D(2025, 2, 1), "确认违法"),
        lit(5, D(2025, 10, 1)),
        lit(6, D(2025, 10, 9), D(2025, 12, 1), False),
    ]
    f = evaluate(load_kind("litigation"), records, 2025)
    assert f["litigation.cases"]["value"] == 5
    rate = f["litigation.head_appearance_rate"]
    assert (rate["value"], rate["numerator"], rate["denominator"]) == (60.0, 3, 5)
    assert f["litigation.lost"]["records"] == ["(2025)示行初2号", "(2025)示行初4号"]
    assert f["litigation.loss_rate"]["value"] == 50.0


def nd(no, issued, filed=None, **more):
    return {"doc_no": f"示政规〔{issued.year}〕{no}号", "title": f"文件{no}", "issued_on": issued,
            "filed_on": filed, "issuer": "县政府办"} | more  # fmt: skip


NORMATIVE = [
    nd(1, D(2025, 1, 10), D(2025, 1, 20)),
    nd(2, D(2025, 3, 5), D(2025, 4, 20)),  # day 30 is 4 Apr (清明) → 7 Apr: filed late
    nd(3, D(2025, 6, 1)),
    nd(4, D(2024, 12, 20), D(2025, 1, 5)),
    nd(5, D(2020, 5, 1), status="已废止", notes="2025年6月经清理废止"),
    nd(6, D(2019, 1, 1), repealed_on=D(2025, 3, 1), status="已废止"),
    nd(7, D(2018, 1, 1), status="已废止", notes="2024年清理时废止"),
    nd(8, D(2025, 3, 6), D(2025, 4, 7)),  # day 30 is Sat 5 Apr, holiday → Mon 7 Apr: in time
]


def test_normative_doc_figures_as_of_a_day():
    kind = load_kind("normative_doc")
    f = evaluate(kind, NORMATIVE, 2025, as_of=D(2026, 1, 10))
    assert f["normative_docs.issued"]["value"] == 4
    assert f["normative_docs.filed"]["value"] == 4
    assert f["normative_docs.filing_rate"]["value"] == 75.0
    timely = f["normative_docs.timely_filing_rate"]
    assert timely["value"] == 50.0 and timely["records"] == [
        "示政规〔2025〕1号",
        "示政规〔2025〕8号",
    ]
    assert "30日内" in timely["definition"]
    assert f["normative_docs.repealed"]["records"] == ["示政规〔2020〕5号", "示政规〔2019〕6号"]
    # Asked on 1 April, documents 2 and 8 were not filed yet.
    assert (
        evaluate(kind, NORMATIVE, 2025, as_of=D(2025, 4, 1))["normative_docs.filing_rate"]["value"]
        == 25.0
    )
    # A province with a 45-day filing period.
    local = evaluate(kind, NORMATIVE, 2025, settings={"normative_doc": {"filing_days": 45}})
    assert local["normative_docs.timely_filing_rate"]["value"] == 75.0


def test_rates_round_half_up_to_two_decimals():
    records = [lit(i, D(2025, 1, 1), D(2025, 2, 1), i == 1) for i in range(1, 4)]
    assert (
        evaluate(load_kind("litigation"), records, 2025)["litigation.head_appearance_rate"]["value"]
        == 33.33
    )
    records[1]["head_appeared"] = True
    assert (
        evaluate(load_kind("litigation"), records, 2025)["litigation.head_appearance_rate"]["value"]
        == 66.67
    )


def test_breakdown_tables():
    tables = breakdowns(load_kind("reconsideration"), RECONSIDERATION, 2025)
    assert list(tables) == ["按审理结果", "按案件类别", "按被申请人", "按月份"]
    outcome = dict(tables["按审理结果"])  # by 审结日期 in the year
    assert outcome == {"维持": 1, "驳回复议请求": 1, "撤销": 1, "变更": 1, "确认违法": 1,
                       "责令履行": 1, "调解结案": 1, "和解终止": 1}  # fmt: skip
    assert dict(tables["按被申请人"]) == {"甲局": 5, "乙局": 4, "丙局": 2}
    months = dict(tables["按月份"])
    assert len(months) == 12 and months["1月"] == 2 and months["11月"] == 1
    assert sum(n for _, n in tables["按案件类别"]) == 11


def test_keys_are_unique_across_kinds_and_figures_merge():
    from fazhi.registers import figures, kind_names

    keys = [s.key for name in kind_names() for s in load_kind(name).statistics]
    assert len(keys) == len(set(keys))
    merged = figures({"reconsideration": RECONSIDERATION, "normative_doc": NORMATIVE, "litigation": []},
                     2025, as_of=D(2026, 1, 10))  # fmt: skip
    assert merged["reconsideration.correction_rate"]["value"] == 50.0
    assert merged["normative_docs.filing_rate"]["value"] == 75.0
    assert not any(k.startswith("litigation.") for k in merged)


def test_clocks_report_shape():
    from fazhi.registers import clocks_report

    report = clocks_report({"reconsideration": RECONSIDERATION}, D(2025, 12, 1))
    assert report["as_of"] == "2025-12-01"
    case = report["cases"][0]
    assert {"kind", "ref", "unit", "clock", "start", "due", "status"} <= set(case)
    assert {c["ref"] for c in report["cases"]} == {"示复〔2025〕7号", "示复〔2025〕9号"}


def test_a_head_absent_without_a_reason_is_flagged():
    from fazhi.registers import check_record

    kind = load_kind("litigation")
    case = lit(7, D(2025, 3, 1), D(2025, 4, 10), False)
    assert "负责人未出庭,未写明原因" in check_record(kind, case)[1]
    assert "负责人未出庭,未写明原因" not in check_record(kind, case | {"absence_reason": "出差"})[1]
    assert "负责人未出庭,未写明原因" not in check_record(kind, case | {"head_appeared": None})[1]


def test_definitions_from_settings_rebuilt_per_request_never_mix():
    import gc

    kind = load_kind("reconsideration")
    for outcome, expected in [("撤销", 1), ("维持", 1), ("变更", 1), ("驳回复议请求", 1)] * 5:
        own = {"count": {"all": [{"stat": "reconsideration.concluded"},
                                 {"field": "outcome", "equals": outcome}]}}  # fmt: skip
        settings = {"reconsideration": {"definitions": {"reconsideration.upheld": own}}}
        fig = evaluate(kind, RECONSIDERATION, 2025, settings=settings)["reconsideration.upheld"]
        assert fig["value"] == expected
        assert [r for r in RECONSIDERATION if r["case_no"] in fig["records"]][0][
            "outcome"
        ] == outcome
        del own, settings
        gc.collect()
