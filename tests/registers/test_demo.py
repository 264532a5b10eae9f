"""Invented records for every kind: lawful enough to import, varied enough to show."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from fazhi.registers import (
    check_record,
    evaluate,
    kind_names,
    load_kind,
    open_clocks,
    write_register,
)
from fazhi.registers.demo import generate


@pytest.mark.parametrize("name", kind_names())
def test_every_kind_gets_a_year_without_errors(name, tmp_path):
    kind = load_kind(name)
    records = generate(kind, 2025, 30, seed=3)
    assert len(records) == 30
    assert len({r[kind.key] for r in records}) == 30
    assert all(check_record(kind, r)[0] == [] for r in records)
    for r in records:
        dates = [v for f, v in r.items() if isinstance(v, dt.date) and not _expiry(kind, f)]
        assert all(d <= dt.date(2025, 12, 31) for d in dates)
    assert any(evaluate(kind, records, 2025)[s.key]["value"] for s in kind.statistics)
    write_register(kind, records, tmp_path / "demo.xlsx")


def _expiry(kind, name):
    return any(c.months is not None and c.start == name for c in kind.clocks)


def test_a_demo_register_shows_late_paused_and_extended_cases():
    kind = load_kind("reconsideration")
    records = generate(kind, 2025, 150, seed=1, as_of=dt.date(2025, 11, 20))
    statuses = Counter(s.status for s in open_clocks(kind, records, None, dt.date(2025, 11, 20)))
    assert statuses["paused"] and statuses["running"]
    flags = [f for r in records for f in check_record(kind, r)[1]]
    assert any("逾期" in f for f in flags)
    assert any(r.get("extension_days") for r in records)


def test_the_same_seed_gives_the_same_records():
    kind = load_kind("litigation")
    assert generate(kind, 2025, 10, seed=5) == generate(kind, 2025, 10, seed=5)
    assert generate(kind, 2025, 10, seed=5) != generate(kind, 2025, 10, seed=6)


def test_numbers_differ_across_kinds():
    """A demo number names one record: 示复议〔2025〕1号 and 示应诉〔2025〕1号, never both 示行政…"""
    # 备案审查 items are never drawn: they arrive from documents filed with the government above
    drawn = [n for n in kind_names() if n != "filing_review"]
    keys = Counter(r[load_kind(n).key] for n in drawn for r in generate(load_kind(n), 2025, 3, seed=1))
    assert [k for k, c in keys.items() if c > 1] == []


def test_officers_take_part_in_training_sessions():
    from fazhi.registers.demo import link_people

    drawn = {n: generate(load_kind(n), 2025, 8, seed=2) for n in ("enforcement_officer", "training")}
    link_people(drawn, seed=2)
    officers = {o["name"] for o in drawn["enforcement_officer"]}
    courses = [s for s in drawn["training"] if s["session_type"] == "执法人员培训"]
    assert courses and all(s["hours"] >= 16 for s in courses)
    attended = {p for s in drawn["training"] for p in s["participants"]}
    assert officers & attended
    assert all(s["headcount"] >= len(s["participants"]) for s in drawn["training"] if s.get("headcount"))


def test_a_text_field_draws_from_its_invented_texts():
    kind = load_kind("meeting")
    names = set(kind.field("session").demo)
    assert names and {r["session"] for r in generate(kind, 2025, 6, seed=4)} <= names
