"""Round 33's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi


def _tasks(doc: dict) -> dict[tuple, dict]:
    return {tuple(t["path"]): t for t in doc["tasks"]}


def _dates(task: dict) -> list[str]:
    return [d["date"] for d in task["deadlines"]]


def _plan(*items: str) -> dict:
    return fazhi.parse_text("\n".join((
        "河湾县行政复议规范化建设三年行动方案（2026—2028年）",
        "为推进行政复议规范化建设，制定本方案。",
        "一、重点任务",
        *items,
        "河湾县人民政府办公室",
        "2026年3月2日",
    )))


def test_a_bare_year_before_a_verb_of_reaching_a_level_is_that_years_end():
    # "2028年达到30%" / "2027年提升至95%" / "2027年降至3%以内": the level is due by that year's end,
    # as "2027年成功创建" is.
    doc = _plan(
        "1.推行行政复议调解，调解和解结案比例逐年提高，2028年达到30%。（县司法局负责）",
        "2.提升复议决定履行率，2027年提升至95%以上。（县直各部门负责）",
        "3.复议决定被纠错率2027年降至3%以内。（县司法局负责）",
    )
    tasks = _tasks(doc)
    assert _dates(tasks[("一", "1")]) == ["2028-12-31"]
    assert _dates(tasks[("一", "2")]) == ["2027-12-31"]
    assert _dates(tasks[("一", "3")]) == ["2027-12-31"]


def test_a_year_compared_with_is_no_deadline():
    # "较2025年提高到…" / "比2025年提升至…": the base of a comparison, not a date to reach.
    doc = _plan(
        "1.行政复议案件调解率较2025年提高到25%。（县司法局负责）",
        "2.复议决定履行率比2025年提升至98%。（县直各部门负责）",
    )
    assert all(t["deadlines"] == [] for t in doc["tasks"])
    assert [g["value"] for t in doc["tasks"] for g in t["targets"]] == [25, 98]


def test_a_unit_label_line_ends_above_the_signature():
    # "责任单位:甲、乙街道办事处" as the last item's line, then the issuer's name: the list ended
    # on a whole name; the signature is no part of the last unit.
    doc = fazhi.parse_text("\n".join((
        "河湾区2026年普法依法治理工作要点",
        "一、深化普法宣传",
        "（一）开展民法典宣传月活动，举办专题讲座不少于10场。",
        "责任单位：区司法局，区妇联",
        "（二）推进法治文化阵地建设，新建法治广场3个。",
        "责任单位：区文旅局、各街道办事处",
        "",
        "河湾区普法依法治理领导小组办公室",
        "2026年2月8日",
    )))
    tasks = _tasks(doc)
    assert tasks[("一", "(一)")]["units"]["responsible"] == ["区司法局", "区妇联"]
    assert tasks[("一", "(二)")]["units"]["responsible"] == ["区文旅局", "各街道办事处"]


def test_a_label_list_wrapped_before_the_rest_of_a_name_still_joins():
    # A hard-wrapped text (a PDF) that breaks a label line inside a name at the wrap width:
    # the next line finishes the name, even though both halves end like names.
    body = [f"（{n}）开展执法案卷评查，评查结果全县通报并纳入考核。" for n in "一二三四五"]
    label = "责任单位：县司法局、县市场监管局、县生态环境局、县委"
    assert len(label) >= len(body[0]) - 2  # as long as the wrapped lines
    doc = fazhi.parse_text("\n".join((
        "河湾县2026年行政执法监督工作要点",
        "一、加强执法监督",
        *body,
        label,
        "政法委员会",
        "河湾县司法局",
        "2026年2月8日",
    )))
    last = doc["tasks"][-1]["units"]["responsible"]
    assert last[-1] == "县委政法委员会"


def test_a_year_then_what_reaches_the_level_is_that_years_end():
    # "2027年结案率提高到90%": the subject between the year and the verb of reaching a level.
    doc = _plan("1.加快复议案件办理，2027年按期结案率提高到98%。（县司法局负责）")
    assert _dates(doc["tasks"][0]) == ["2027-12-31"]


def test_a_collective_of_government_levels_is_one_unit():
    # "各省、自治区、直辖市人民政府" / "各市、县（区）人民政府" name one collective unit, as
    # 各县（市、区）人民政府 does; beside it, after 会同 or before 和, the other units stay apart.
    doc = fazhi.parse_text("\n".join((
        "关于推进公共法律服务体系建设的实施方案",
        "一、主要任务",
        "1.健全公共法律服务网络。（各省、自治区、直辖市人民政府负责）",
        "2.完善法律援助经费保障。（财政部会同各省、自治区、直辖市人民政府负责）",
        "3.推进村（居）法律顾问全覆盖。（各省、自治区、直辖市和新疆生产建设兵团负责）",
        "4.加强基层法律服务所建设。（各市、县（区）人民政府，省司法厅按职责分工负责）",
        "国务院办公厅",
        "2026年1月9日",
    )))
    units = [t["units"]["responsible"] for t in doc["tasks"]]
    assert units[0] == ["各省、自治区、直辖市人民政府"]
    assert units[1] == ["财政部", "各省、自治区、直辖市人民政府"]
    assert units[2] == ["各省、自治区、直辖市", "新疆生产建设兵团"]
    assert units[3] == ["各市、县(区)人民政府", "省司法厅"]


def test_a_time_line_is_no_portal_date():
    # "时间:2026年4月底前" / "时间:全年" under an item is its time line (a portal page's
    # "时间:2026-02-10 09:30" stays the page's date).
    doc = fazhi.parse_text("\n".join((
        "西岭乡2026年普法工作计划",
        "一、重点工作",
        "1.开展宪法宣传周活动。",
        "责任单位：乡司法所",
        "时间：2026年12月上旬",
        "2.组织乡村干部学法，全年不少于4次。",
        "责任单位：乡党政办",
        "时间：全年",
        "3.更新村务公开栏法治内容。",
        "责任单位：各村",
        "时间：2026年4月底前",
        "西岭乡人民政府",
        "2026年3月1日",
    )))
    tasks = _tasks(doc)
    assert _dates(tasks[("一", "1")]) == ["2026-12-10"]
    assert _dates(tasks[("一", "2")]) == ["2026-12-31"]
    assert _dates(tasks[("一", "3")]) == ["2026-04-30"]
    page = fazhi.parse_text("\n".join((
        "西岭乡召开普法工作会议",
        "时间：2026-02-10 09:30",
        "2月9日，西岭乡召开普法工作会议，部署全年普法工作。",
    )))
    assert page["issued"] == "2026-02-10"
