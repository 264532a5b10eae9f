"""Register kinds load from their data files; a wrong file is refused naming file and key."""

from __future__ import annotations

from importlib import resources

import pytest

from fazhi.registers import KindError, kind_names, load_kind, load_kind_file

GOOD = """
name = "{name}"
label = "测试台账"
source = "测试"
key = "no"
date_field = "on"
[[fields]]
name = "no"
label = "编号"
[[fields]]
name = "on"
label = "日期"
type = "date"
[[states]]
name = "open"
label = "办理中"
"""


def write(tmp_path, text, name="sample"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace("{name}", name), encoding="utf-8")
    return path


def test_every_shipped_kind_loads_and_names_its_sources():
    for name in kind_names():
        kind = load_kind(name)
        assert kind.name == name and kind.source
        assert all(c.source for c in kind.clocks)
        assert all(s.source and s.version for s in kind.statistics)
        assert all("." in t.permission for t in kind.transitions)


def test_statistics_keys_are_in_the_indicator_list():
    text = resources.files("fazhi.data").joinpath("indicators.tsv").read_text(encoding="utf-8")
    known = {line.split("\t")[0] for line in text.splitlines() if line and line[0] != "#"}
    for name in kind_names():
        for stat in load_kind(name).statistics:
            assert stat.key in known, (name, stat.key)


def test_a_minimal_kind_loads(tmp_path):
    kind = load_kind_file(write(tmp_path, GOOD))
    assert kind.field_names == ("no", "on") and kind.initial_state == "open"


@pytest.mark.parametrize(
    "change, where",
    [
        (('type = "date"', 'type = "datum"'), "fields[1].type"),
        (('key = "no"', 'key = "nr"'), "key"),
        (
            (
                "[[states]]",
                '[[clocks]]\nname="c"\nlabel="c"\nstart="on"\nstop=["on"]\ndays=0\n'
                'day_type="working"\nsource="x"\n[[states]]',
            ),
            "clocks[0].days",
        ),
        (
            (
                "[[states]]",
                '[[statistics]]\nkey="k"\nunit="件"\ndefinition="d"\nversion="1"\n'
                'source="s"\ncount={ field = "none", present = true }\n[[states]]',
            ),
            "statistics[0].count",
        ),
        (
            (
                "[[states]]",
                '[[transitions]]\nname="t"\nlabel="t"\nfrom=["open"]\nto="open"\n'
                'permission="科长"\n[[states]]',
            ),
            "transitions[0].permission",
        ),
        (('label = "编号"', 'label = "编号'), "格式错误"),
        (('label = "日期"', 'label = "日期"\nsynonyms = ["编号"]'), "fields[1].synonyms"),
    ],
)
def test_a_wrong_file_is_refused_naming_file_and_key(tmp_path, change, where):
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(KindError) as err:
        load_kind_file(path)
    assert "sample.toml" in str(err.value) and where in str(err.value)


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(KindError, match="reconsideration"):
        load_kind("no_such_register")


def test_states_of_imported_records():
    kind = load_kind("reconsideration")
    assert kind.state_of({}) == "received"
    assert kind.state_of({"intake": "受理"}) == "accepted"
    assert kind.state_of({"accepted_on": 1, "suspended_on": 2}) == "suspended"
    assert kind.state_of({"accepted_on": 1, "concluded_on": 3}) == "concluded"


def test_government_settings_are_checked_before_they_are_stored():
    from fazhi.registers import check_settings

    kind = load_kind("reconsideration")

    def check(own, k=kind):
        return check_settings(k, {k.name: own})

    assert check({"correction_outcomes": ["撤销", "调解结案"]}) == []
    problems = check({"correction_outcome": [], "correction_outcomes": "撤销"})
    assert len(problems) == 2 and "没有设置项 correction_outcome" in problems[0]
    bad = {
        "definitions": {"reconsideration.corrected": {"count": {"field": "nope", "present": True}}}
    }
    assert "字段 nope 未定义" in check(bad)[0]
    assert check({"filing_days": -3}, load_kind("normative_doc")) != []
    assert check({"filing_days": 10**9}, load_kind("normative_doc")) != []
    assert check_settings(kind, {"reconsideration": "撤销"}) != []
    assert check_settings(kind, None) == []


def test_state_and_transition_names_fit_the_event_columns():
    # WorkflowEvent.action/from_state/to_state and Case.state are 16 characters: SQLite stores a longer
    # name silently, PostgreSQL refuses the step.
    for name in kind_names():
        kind = load_kind(name)
        too_long = [t.name for t in kind.transitions if len(t.name) > 16]
        too_long += [s["name"] for s in kind.states if len(s["name"]) > 16]
        assert not too_long, (name, too_long)
