"""The 任务分工表 keeps the plan's year and catch-all deadline even when its title names no year:
the workbook states them (keywords) and the xlsx reader reads them back."""

from __future__ import annotations

import fazhi
from fazhi.export.xlsx import write_task_table

DOC = {
    "kind": "plan", "title": "某镇关于推进依法行政的实施方案", "year": 2017, "default_deadline": "2018-12-31",
    "tasks": [
        {"path": ["一", "1"], "heading": "完善制度", "title": "", "text": "清理规范性文件,2017年年底前完成。",
         "units": {"lead": ["党政办"], "responsible": ["司法所"], "support": []},
         "deadlines": [{"date": "2017-12-31", "text": "2017年年底前", "recurring": None}],
         "targets": [{"value": 100, "unit": "%", "op": ">=", "text": "清理率100%"}]},
        {"path": ["一", "2"], "heading": "完善制度", "title": "", "text": "健全法律顾问制度。",
         "units": {"lead": ["司法所"], "responsible": [], "support": ["财政所"]}, "deadlines": [], "targets": []},
    ],
}


def test_year_and_catch_all_come_back_without_a_year_in_the_title(tmp_path):
    out = write_task_table(DOC, tmp_path / "分工表.xlsx")
    back = fazhi.parse_file(out)
    assert (back["title"], back["year"], back["default_deadline"]) == (DOC["title"], 2017, "2018-12-31")
    got = {"/".join(t["path"]): t for t in back["tasks"]}
    for t in DOC["tasks"]:
        b = got["/".join(t["path"])]
        assert {r: b["units"].get(r) or [] for r in ("lead", "responsible", "support")} == t["units"]
        assert [d["date"] for d in b["deadlines"]] == [d["date"] for d in t["deadlines"]]
        assert [(x["value"], x["unit"], x["op"]) for x in b["targets"]] == \
            [(x["value"], x["unit"], x["op"]) for x in t["targets"]]


RECURRING_PLAN = {
    "kind": "plan", "title": "某县2017年法治政府建设工作要点", "year": 2017, "default_deadline": "2017-12-31",
    "tasks": [
        {"path": ["一", "1"], "heading": "依法履职", "title": "",
         "text": "每年3月底前向社会公开上一年度法治政府建设情况报告。",
         "units": {"lead": ["县司法局"], "responsible": [], "support": ["县政府办"]},
         "deadlines": [{"date": "2018-03-31", "text": "每年3月底前", "recurring": "yearly"}], "targets": []},
        {"path": ["一", "2"], "heading": "依法履职", "title": "",
         "text": "每季度通报行政复议纠错情况,纠错率不低于15%。",
         "units": {"lead": [], "responsible": ["县司法局"], "support": []},
         "deadlines": [{"date": "2017-06-30", "text": "每季度", "recurring": "quarterly"}],
         "targets": [{"value": 15, "unit": "%", "op": ">=", "text": "纠错率不低于15%"}]},
        {"path": ["二", "1"], "heading": "规范执法", "title": "",
         "text": "6月底前完成执法人员清理,年底前全部持证上岗。",
         "units": {"lead": ["县司法局"], "responsible": ["县公安局", "县市场监管局"], "support": []},
         "deadlines": [{"date": "2017-06-30", "text": "6月底前", "recurring": None},
                       {"date": "2017-12-31", "text": "年底前", "recurring": None}],
         "targets": [{"value": 100, "unit": "%", "op": ">=", "text": "持证率100%"}]},
        {"path": ["二", "2"], "heading": "规范执法", "title": "", "text": "推行执法全过程记录制度。",
         "units": {"lead": ["县公安局"], "responsible": [], "support": []}, "deadlines": [], "targets": []},
    ],
}


def _deadlines(task: dict) -> list[tuple]:
    return [(d["date"], d["recurring"]) for d in task["deadlines"]]


def test_recurring_duties_and_milestones_read_back_as_written(tmp_path):
    back = fazhi.parse_file(write_task_table(RECURRING_PLAN, tmp_path / "分工表.xlsx"))
    assert (back["year"], back["default_deadline"]) == (2017, "2017-12-31")
    assert [t["path"] for t in back["tasks"]] == [t["path"] for t in RECURRING_PLAN["tasks"]]
    for t, b in zip(RECURRING_PLAN["tasks"], back["tasks"], strict=True):
        # The 完成时限 cell is the source: the 每年/每季度 wording of the task text adds nothing.
        assert _deadlines(b) == _deadlines(t), t["path"]
        assert {r: b["units"].get(r) or [] for r in ("lead", "responsible", "support")} == t["units"]
        assert [(x["value"], x["unit"], x["op"]) for x in b["targets"]] == \
            [(x["value"], x["unit"], x["op"]) for x in t["targets"]]


def test_common_recurring_wordings_in_the_deadline_column(tmp_path):
    """A hand-made table says 每年3月31日前 / 每季度 / 每月 in its 完成时限 column."""
    said = ["每年3月31日前", "每季度", "每月10日前"]
    doc = {**RECURRING_PLAN, "tasks": [
        {**t, "deadlines": [{"date": None, "text": s, "recurring": None}]}
        for t, s in zip(RECURRING_PLAN["tasks"], said, strict=False)]}
    back = fazhi.parse_file(write_task_table(doc, tmp_path / "分工表.xlsx"))
    assert [[d["recurring"] for d in t["deadlines"]] for t in back["tasks"]] == \
        [["yearly"], ["quarterly"], ["monthly"]]
    assert back["tasks"][0]["deadlines"][0]["date"].endswith("-03-31")


def test_a_blank_deadline_cell_leaves_the_task_wording_to_speak(tmp_path):
    """A hand-made table fills 完成时限 for some rows only: a row left blank keeps the date its
    own wording gives, a filled row takes the cell's date and not its wording's."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "工作任务", "责任单位", "完成时限"])
    ws.append(["1", "清理涉企规范性文件,2025年6月底前完成。", "县司法局", ""])
    ws.append(["2", "编制权责清单,每年3月底前报送调整情况。", "县委编办", "2025年9月30日前"])
    ws.append(["3", "开展执法案卷评查。", "县司法局", "2025年11月30日前"])
    path = tmp_path / "手工分工表.xlsx"
    wb.save(path)
    tasks = fazhi.parse_file(path)["tasks"]
    assert [[d["date"] for d in t["deadlines"]] for t in tasks] == \
        [["2025-06-30"], ["2025-09-30"], ["2025-11-30"]]
