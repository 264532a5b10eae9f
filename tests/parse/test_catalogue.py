"""The one catalogue of labels in extraction.toml: every reader of labels uses it, and no
unit label is also boilerplate (a 承办单位 note must never be deleted as a portal footer)."""

import pytest

import fazhi
from fazhi.docs.html import _keep_line
from fazhi.parse.clean import _is_junk
from fazhi.parse.rules import (
    columns,
    deadline_labels,
    is_site_footer,
    label_line_re,
    rules,
    unit_labels,
)

LABELS = sorted(unit_labels())


@pytest.mark.parametrize("label", LABELS)
def test_no_unit_label_is_boilerplate(label):
    b = rules()["boilerplate"]
    assert label not in b["exact"] and f"{label}:" not in b["exact"]
    for line in (f"({label}:县财政局)", f"{label}:县财政局、县审计局", f"【{label}:县财政局】"):
        assert not _is_junk(line)
        assert not is_site_footer(line, ["(一)加强预算管理。"])
        assert _keep_line(line)


def test_a_portal_footer_with_the_same_words_is_still_dropped():
    footer = "主办单位:示例县人民政府办公室 承办单位:示例县大数据中心"
    assert is_site_footer(footer, [footer, "网站标识码:0000000000"])
    assert is_site_footer("主办:示例县人民政府 承办:示例县信息中心 联系电话:0000-0000000")


def test_every_unit_label_is_a_table_column_and_a_label_line():
    cols = columns()
    for label, role in unit_labels().items():
        if role == "person":  # a leader's label: a line of its own, never a unit column
            assert label_line_re().match(f"{label}:副县长")
            assert all(label not in cols[r] for r in ("lead", "responsible", "support"))
            continue
        assert label in cols[role]
        assert label_line_re().match(f"{label}:县司法局")
    for label in deadline_labels():
        assert label in cols["deadline"]
        assert label_line_re().match(f"{label}:2024年6月底前")


@pytest.mark.parametrize(
    "label, role",
    [("主办单位", "lead"), ("承办单位", "responsible"), ("协办单位", "support"), ("牵头部门", "lead"), ("配合单位", "support")],
)
def test_each_label_gives_its_role_in_a_note(label, role):
    text = f"示例县2024年依法行政工作要点\n一、规范决策\n(一)完善决策程序。({label}:县财政局)\n(二)推进公开。(县政府办负责)\n"
    units = fazhi.parse_text(text)["tasks"][0]["units"]
    assert units[role] == ["县财政局"]


def test_space_separated_units_after_any_catalogue_label():
    text = "示例县2024年依法行政工作要点\n一、规范执法\n(一)开展评查。(主办单位:县司法局 县财政局;协办单位:县审计局 县统计局)\n(二)开展培训。(县司法局负责)\n"
    units = fazhi.parse_text(text)["tasks"][0]["units"]
    assert units == {"lead": ["县司法局", "县财政局"], "responsible": [], "support": ["县审计局", "县统计局"]}
