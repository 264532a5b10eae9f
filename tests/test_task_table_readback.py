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
