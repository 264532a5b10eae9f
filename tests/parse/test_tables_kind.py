"""Task tables (docx, xlsx round trip) and the document kind, on documents we write here."""

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

import fazhi
from fazhi.export.xlsx import write_task_table


def make_docx(path, rows, title="示例县2024年法治政府建设重点任务分工方案"):
    d = docx.Document()
    d.add_paragraph(title)
    d.add_paragraph("为抓好落实,现将重点任务分工如下。")
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    d.save(path)


def test_docx_task_table_is_a_plan(tmp_path):
    rows = [
        ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
        ["一、依法全面履行政府职能", "一、依法全面履行政府职能", "一、依法全面履行政府职能", "一、依法全面履行政府职能", "一、依法全面履行政府职能"],
        ["1", "编制权责清单,事项公开率达到100%", "县委编办", "县政府各部门", "2024年6月底前"],
        ["2", "推进证明事项告知承诺制", "县司法局", "县直有关单位、各乡镇", "2024年12月31日前"],
        ["二、健全依法决策机制", "二、健全依法决策机制", "二、健全依法决策机制", "二、健全依法决策机制", "二、健全依法决策机制"],
        ["3", "公布重大行政决策事项目录", "县政府办", "县司法局", "三季度末前"],
    ]
    path = tmp_path / "分工.docx"
    make_docx(path, rows)
    data = fazhi.parse_file(path)
    assert data["kind"] == "plan"
    assert [t["path"] for t in data["tasks"]] == [["一", "1"], ["一", "2"], ["二", "3"]]
    assert data["tasks"][1]["units"] == {"lead": ["县司法局"], "responsible": ["县直有关单位", "各乡镇"], "support": []}
    assert [d["date"] for t in data["tasks"] for d in t["deadlines"]] == ["2024-06-30", "2024-12-31", "2024-09-30"]
    assert data["tasks"][0]["targets"][0]["value"] == 100


def test_xlsx_round_trip_keeps_tasks(tmp_path):
    text = (
        "示例县2024年法治政府建设工作要点\n一、依法履职\n(一)建立调解委员会不少于5个。(牵头单位:县司法局;责任单位:各乡镇)\n"
        "(二)6月底前完成文件清理。(县司法局牵头,县财政局配合)\n二、监督\n1.出庭应诉率保持100%。(县政府办负责)\n"
    )
    src = fazhi.parse_text(text)
    out = tmp_path / "任务分工表.xlsx"
    write_task_table(src, out)
    back = fazhi.parse_file(out)
    assert [t["path"] for t in back["tasks"]] == [t["path"] for t in src["tasks"]]
    assert [t["units"] for t in back["tasks"]] == [t["units"] for t in src["tasks"]]
    assert [[d["date"] for d in t["deadlines"]] for t in back["tasks"]] == [[d["date"] for d in t["deadlines"]] for t in src["tasks"]]
    assert [[(g["value"], g["unit"], g["op"]) for g in t["targets"]] for t in back["tasks"]] == [
        [(g["value"], g["unit"], g["op"]) for g in t["targets"]] for t in src["tasks"]
    ]


def test_kind_report_with_sections():
    text = (
        "示例县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n(一)履行第一责任人职责。县政府常务会议学法6次。\n"
        "(二)化解纠纷。全年调解矛盾纠纷1260件,调解成功1218件。\n二、存在的不足和原因\n部分部门力量薄弱。\n三、2024年工作安排\n(一)加强执法监督。\n"
    )
    data = fazhi.parse_text(text)
    assert data["kind"] == "report" and data["year"] == 2023 and data["tasks"] == []
    assert data["sections"] == {"achievements": True, "shortcomings": True, "first_responsible": True, "next_year": True, "other": False}
    assert ("mediation.cases", 1260) in [(m["key"], m["value"]) for m in data["metrics"]]


def test_kind_news():
    text = "时间:2024-05-06 来源:示例日报\n本报记者 某某 通讯员 某某\n示例县司法局近日召开会议,部署法治政府建设工作,全年将举办培训12场。\n"
    data = fazhi.parse_text(text)
    assert data["kind"] == "other" and data["issued"] == "2024-05-06"
    assert [(m["value"], m["unit"]) for m in data["metrics"]] == [(12, "场")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三、.()（）1234567890牵头单位责任:;,。年月日底前%个件余万\n ①第条章")) | st.characters(), max_size=400))
def test_parser_never_raises_on_arbitrary_text(text):
    data = fazhi.parse_text(text)
    assert data["schema"] == "fazhi.document/1"


def test_report_figures_in_a_statistics_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("示例县司法局2023年度法治政府建设工作报告")
    d.add_paragraph("一、主要举措和成效")
    d.add_paragraph("(一)认真落实年度工作计划。全年办理行政复议案件情况如下。")
    rows = [["项目", "数量"], ["新收行政复议申请", "86件"], ["行政机关负责人出庭应诉率", "100%"]]
    table = d.add_table(rows=3, cols=2)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            table.cell(i, j).text = v
    d.add_paragraph("二、存在的不足和原因")
    d.add_paragraph("执法力量不足。")
    path = tmp_path / "报告.docx"
    d.save(path)
    data = fazhi.parse_file(path)
    keyed = {(m["key"], m["value"]) for m in data["metrics"]}
    assert {("reconsideration.received", 86), ("litigation.head_appearance_rate", 100)} <= keyed
    # "落实年度工作计划" inside the achievements is not the next-year part
    assert data["sections"]["next_year"] is False and data["sections"]["shortcomings"] is True


def test_a_portal_pages_own_date_and_issuer_are_used():
    from fazhi.docs import Source

    src = Source(
        blocks=["示例县2024年法治政府建设工作要点", "一、依法履职", "(一)深化改革。(县司法局负责)"],
        title=None, date="2024-03-20", format="html", meta={"issuer": "示例县人民政府办公室"},
    )
    data = fazhi.parse_source(src)
    assert data["issued"] == "2024-03-20" and data["issuer"] == "示例县人民政府办公室"
