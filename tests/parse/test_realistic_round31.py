"""Round 31's classes of miss (held-out documents in tests/fixtures/realistic), each tested on
a different text of its own."""

import fazhi
from fazhi.parse.dates import find_deadlines


def _tasks(doc: dict) -> dict[tuple, dict]:
    return {tuple(t["path"]): t for t in doc["tasks"]}


def _keyed(title: str, *lines: str) -> list[tuple]:
    """(key, value) of the figures of a report made of a title, its first part and `lines`."""
    doc = fazhi.parse_text("\n".join((title, "一、主要举措和成效", *lines)))
    return [(m["key"], m["value"]) for m in doc["metrics"]]


def test_a_label_followed_by_wei_is_a_label():
    # "牵头单位为X,配合单位为Y": the note written as a sentence, 为 standing for the colon.
    doc = fazhi.parse_text("\n".join((
        "江口县2026年法治政府建设工作计划",
        "一、优化营商环境",
        "（一）清理涉企收费目录，清理结果向社会公布。（牵头单位为县发展改革局，配合单位为县财政局、县市场监管局）",
        "（二）推进证明事项告知承诺制。（责任单位是县司法局）",
    )))
    tasks = _tasks(doc)
    assert tasks[("一", "(一)")]["units"] == {"lead": ["县发展改革局"], "responsible": [], "support": ["县财政局", "县市场监管局"]}
    assert tasks[("一", "(二)")]["units"] == {"lead": [], "responsible": ["县司法局"], "support": []}


def test_not_later_than_a_day_is_a_deadline():
    # 不晚于/最迟于 end in 于, which otherwise looks back ("于2025年3月印发"); and a date to the day
    # followed by 评估/评议 is no year-end procedure's name.
    assert [d["date"] for d in find_deadlines("开展普法中期评估，不晚于2025年9月30日形成评估报告。", 2025)] == ["2025-09-30"]
    assert [d["date"] for d in find_deadlines("不迟于2025年11月15日报送自查报告", 2025)] == ["2025-11-15"]
    assert find_deadlines("新办法于2025年3月印发施行", 2025) == []
    assert find_deadlines("纳入2025年底综合考核", 2025) == []


def test_a_keshi_note_closes_the_last_item():
    # A note labelled 责任科室/责任股室 ends its item: the closing paragraph and the signature
    # below the last item are not its own (nor their 每季度末 report date).
    doc = fazhi.parse_text("\n".join((
        "潭州区司法局2026年工作要点",
        "一、普法依法治理",
        "1.开展宪法宣传周活动。（责任股室：普法股；完成时间：12月10日前）",
        "2.加强人民调解员培训。（责任股室：基层股；完成时间：长期坚持）",
        "各股室要细化工作措施，于每季度末将进展报送局办公室。",
        "潭州区司法局",
        "2026年2月1日",
    )))
    last = _tasks(doc)[("一", "2")]
    assert last["deadlines"] == []
    assert "每季度" not in last["text"] and "潭州区司法局" not in last["text"]


def test_reconsideration_applications_naming_the_body_concerned_are_keyed():
    keyed = _keyed(
        "青石县自然资源局2025年法治政府建设年度报告",
        "全年收到涉及县自然资源局的行政复议申请8件，维持6件。全年制定自然资源和规划领域行政规范性文件5件。",
    )
    assert ("reconsideration.received", 8) in keyed and ("reconsideration.upheld", 6) in keyed
    assert ("normative_docs.issued", 5) in keyed


def test_a_generic_verb_after_a_lawsuit_figure_is_not_reconsiderations():
    # 复议 in the sentence before, but the figure's own sentence names lawsuits after it.
    keyed = _keyed(
        "青石县住房和城乡建设局2025年法治政府建设年度报告",
        "涉及本局的行政复议案件均由县政府统一办理。本局作为被告的行政诉讼案件9件，审结7件。另审结行政复议案件5件。",
    )
    assert ("litigation.cases", 9) in keyed and (None, 7) in keyed
    assert ("reconsideration.concluded", 5) in keyed


def test_verb_notes_of_other_provinces():
    # Round 31b: 具体落实 / 为责任主体 (responsible), 协同 (support), "X主办,Y协办" inline.
    doc = fazhi.parse_text("\n".join((
        "临溪县2025年法治政府建设工作要点",
        "一、深化改革",
        "1.推进乡镇综合行政执法规范化建设。（县司法局牵头抓总，各乡镇人民政府具体落实）",
        "2.开展经济责任审计项目不少于8个。（县审计局负责，县财政局协同）",
        "3.完成乡镇权责清单调整。（各乡镇人民政府为责任主体）",
        "4.推行政务服务“一件事一次办”。（县政务服务中心主办，县数据资源局协办）",
        "5.建立行政执法监督员制度。（主办单位：县司法局；协办单位：县委编办）",
    )))
    t = _tasks(doc)
    assert t[("一", "1")]["units"] == {"lead": ["县司法局"], "responsible": ["各乡镇人民政府"], "support": []}
    assert t[("一", "2")]["units"] == {"lead": [], "responsible": ["县审计局"], "support": ["县财政局"]}
    assert t[("一", "3")]["units"] == {"lead": [], "responsible": ["各乡镇人民政府"], "support": []}
    assert t[("一", "4")]["units"] == {"lead": ["县政务服务中心"], "responsible": [], "support": ["县数据资源局"]}
    assert t[("一", "5")]["units"] == {"lead": ["县司法局"], "responsible": [], "support": ["县委编办"]}


def test_vehicles_are_measures():
    doc = fazhi.parse_text("\n".join((
        "河口县交通运输局2024年法治政府建设年度报告",
        "一、主要举措和成效",
        "全年检查营运车辆2.3万辆次，查扣非法营运车辆57辆。",
    )))
    assert [(m["value"], m["unit"]) for m in doc["metrics"]] == [(23000, "辆次"), (57, "辆")]


def test_verbs_of_carrying_out_by_each_units_duties():
    # Round 31c: 抓好落实 / 按各自职责负责 close a note's list; a guide's unit names no role.
    doc = fazhi.parse_text("\n".join((
        "云岭市2021年法治政府建设工作计划",
        "一、规范执法",
        "（一）推行行政裁量权基准制度。（市司法局牵头，市直各执法部门按照职责分工抓好落实）",
        "（二）开展校外培训机构专项治理。（市教育局、市人社局按各自职责负责，市司法局督促指导）",
    )))
    t = _tasks(doc)
    assert t[("一", "(一)")]["units"] == {"lead": ["市司法局"], "responsible": ["市直各执法部门"], "support": []}
    assert t[("一", "(二)")]["units"] == {"lead": [], "responsible": ["市教育局", "市人社局"], "support": []}


def test_an_age_is_a_quantity():
    doc = fazhi.parse_text("\n".join((
        "河口县司法局2023年法治政府建设年度报告",
        "三、存在的不足和原因",
        "人民调解员队伍老化，平均年龄56岁。",
    )))
    assert [(m["value"], m["unit"]) for m in doc["metrics"]] == [(56, "岁")]
