"""Reporting routes and deadlines (data: fazhi/data/annual.toml [routing])."""

from __future__ import annotations

import pytest

from fazhi.annual.routing import route
from fazhi.errors import FazhiError


def test_department_reports_by_march_first():
    r = route(2025, "department")
    assert r["due"] == "2026-03-01" and r["publish_due"] == "2026-04-01"
    assert "本级人民政府" in r["recipients"] and any("上一级" in x for x in r["recipients"])
    assert "第二十四条" in r["source"]


def test_government_reports_in_the_first_quarter_or_earlier_locally():
    r = route(2025, "government")
    assert r["due"] == "2026-03-31"
    assert r["recipients"] == ["本级党委", "本级人大常委会", "上一级人民政府"]
    assert route(2025, "government", local_due="2026-02-28")["due"] == "2026-02-28"
    # a local date never makes the report later than the rule
    assert route(2025, "government", local_due="2026-05-01")["due"] == "2026-03-31"
    # departments have no local date in the default routing
    assert route(2025, "department", local_due="2026-02-01")["due"] == "2026-03-01"


def test_leap_year_and_settings():
    assert route(2027, "department")["due"] == "2028-03-01"
    r = route(2025, "government", overrides={"routing": {"government": {"due": "02-20"}}})
    assert r["due"] == "2026-02-20"


def test_bad_level_and_date():
    with pytest.raises(FazhiError):
        route(2025, "village")
    with pytest.raises(FazhiError):
        route(2025, "government", local_due="2026/02/28")
