"""Untraced numbers and register changes after a freeze."""

from __future__ import annotations

import copy

from fazhi.annual.draft import compose
from fazhi.annual.figures import accept_changes, figure_changes, untraced
from fazhi.annual.model import Paragraph

from .inputs import FIGURES, INPUTS


def test_drafted_report_has_no_untraced_figures():
    draft = compose(2025, "青石县人民政府", copy.deepcopy(INPUTS))
    assert untraced(draft) == []


def test_number_typed_by_hand_is_untraced():
    draft = compose(2025, "青石县人民政府", copy.deepcopy(INPUTS))
    draft.part("other").paragraphs = [Paragraph(["全年开展普法活动36场。"], draft=False)]
    found = untraced(draft)
    assert [(f["part"], f["value"], f["unit"]) for f in found] == [("other", 36, "场")]


def test_register_change_after_freeze_is_a_difference_to_accept():
    draft = compose(2025, "青石县人民政府", copy.deepcopy(INPUTS))
    now = copy.deepcopy(FIGURES)
    assert figure_changes(draft, now) == []
    now["reconsideration.received"]["value"] = 41
    changes = figure_changes(draft, now)
    assert changes == [{"key": "reconsideration.received", "name": "收到行政复议申请", "unit": "件",
                        "frozen": 40, "current": 41}]
    kept = accept_changes(draft, now, keys=set())
    assert figure_changes(kept, now) == changes  # nothing accepted: still different
    accepted = accept_changes(draft, now)
    assert figure_changes(accepted, now) == [] and figure_changes(draft, now) == changes  # the original kept
    assert "收到行政复议申请41件" in "".join(p.text() for p in accepted.part("achievements").paragraphs)
