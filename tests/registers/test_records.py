"""A record through JSON storage, a form, and a public page."""

from __future__ import annotations

import datetime as dt
import json

from fazhi.registers import load_kind
from fazhi.registers.demo import generate
from fazhi.registers.records import clean, from_json, public, to_json


def test_json_round_trip_for_every_field_type():
    for name in ("reconsideration", "training", "enforcement_count", "normative_doc"):
        kind = load_kind(name)
        for record in generate(kind, 2025, 5):
            stored = json.loads(json.dumps(to_json(kind, record), ensure_ascii=False))
            assert from_json(kind, stored) == {f: record.get(f) for f in kind.field_names}


def test_a_form_obeys_the_import_rules():
    kind = load_kind("reconsideration")
    values, errors, flags = clean(kind, {
        "case_no": "示复〔2025〕3号", "applied_on": "2025年5月10日", "accepted_on": "2025/5/8",
        "outcome": "决定维持",
    })  # fmt: skip
    assert errors == {"accepted_on": "受理日期早于申请日期"}
    assert values["outcome"] == "维持" and values["applied_on"] == dt.date(2025, 5, 10)
    _, errors, _ = clean(kind, {"case_no": "", "applied_on": "五月十日"})
    assert set(errors) == {"case_no", "applied_on"} and "无法识别" in errors["applied_on"]
    _, errors, _ = clean(kind, {"case_no": "/", "applied_on": "2025-05-10"})
    assert errors == {"case_no": "请填写案号"}
    values, errors, flags = clean(kind, {
        "case_no": "示复〔2025〕4号", "applied_on": "2025-03-01", "accepted_on": "2025-03-03",
        "concluded_on": "2025-06-10", "outcome": "另行处理",
    })  # fmt: skip
    assert errors == {} and "审理结果“另行处理”不在选项中,已按原文保留" in flags
    assert any("逾期" in f for f in flags)


def test_public_view_masks_applicants_only():
    kind = load_kind("reconsideration")
    shown = public(kind, {"case_no": "A", "applicant": "王小明", "respondent": "县教育局"})
    assert shown["applicant"] == "王**" and shown["respondent"] == "县教育局"
