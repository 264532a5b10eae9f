"""Classes of miss found by held-out round 22 (tests/fixtures/realistic), each tested on a different
text of its own."""

import fazhi


def test_an_inline_verb_note_followed_by_its_time_gives_units_and_deadline():
    text = "\n".join([
        "某县农业农村局2026年依法行政工作要点",
        "一、规范执法",
        "（一）修订农业行政处罚裁量基准。由执法大队牵头，政策法规股配合，2026年8月底前完成。",
        "（二）开展农资市场专项检查，检查经营户不少于80户。执法大队、种植业股按职责分工分别负责，长期坚持。",
        "（三）梳理涉农规范性文件。政策法规股负责，年内完成。",
    ])  # fmt: skip
    tasks = fazhi.parse_text(text)["tasks"]
    assert tasks[0]["units"] == {"lead": ["执法大队"], "responsible": [], "support": ["政策法规股"]}
    assert [d["date"] for d in tasks[0]["deadlines"]] == ["2026-08-31"]
    assert tasks[1]["units"]["responsible"] == ["执法大队", "种植业股"]
    assert tasks[1]["deadlines"] == []
    assert tasks[2]["units"]["responsible"] == ["政策法规股"]
    assert "负责" not in tasks[0]["text"] + tasks[1]["text"] + tasks[2]["text"]


def test_a_bracketed_note_with_its_time_is_still_read_as_a_bracket():
    text = "某省2026年工作要点\n一、执法\n1.制定执法监督办法。（省司法厅负责，2026年提请审议）"
    task = fazhi.parse_text(text)["tasks"][0]
    assert task["units"]["responsible"] == ["省司法厅"]
