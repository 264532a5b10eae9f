"""The terminal table and the .xlsx 任务分工表, built from hand-made document dicts."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from fazhi.errors import FazhiError
from fazhi.export import chapter_label, deadline_labels, path_label, target_labels, task_text
from fazhi.export.table import format_task_table, text_width, truncate, wrap
from fazhi.export.xlsx import COLUMNS, SHEET_NAME, write_task_table

PLAN = {
    "schema": "fazhi.document/1",
    "kind": "plan",
    "title": "示例县2024年法治政府建设工作要点",
    "issuer": "中共示例县委全面依法治县委员会办公室",
    "issued": "2024-03-15",
    "year": 2024,
    "default_deadline": "2024-12-31",
    "aliases": {},
    "tasks": [
        {
            "path": ["一", "(一)"],
            "heading": "依法全面履行政府职能",
            "title": "深化行政审批制度改革",
            "text": "全面推行证明事项告知承诺制,新增告知承诺事项不少于3个,网上可办率达到95%以上。",
            "units": {"lead": ["县司法局"], "responsible": ["县政府各部门", "各乡镇人民政府"], "support": []},
            "deadlines": [{"date": "2024-06-30", "text": "2024年6月底前", "recurring": None}],
            "targets": [
                {"value": 3, "unit": "个", "op": ">=", "text": "不少于3个"},
                {"value": 95, "unit": "%", "op": ">=", "text": "达到95%以上"},
            ],
        },
        {
            "path": ["一", "(二)"],
            "heading": "依法全面履行政府职能",
            "title": None,
            "text": "=1+1 持续优化法治化营商环境,清理妨碍统一市场和公平竞争的政策措施。",
            "units": {"lead": [], "responsible": ["县市场监管局"], "support": ["县发改局", "县商务局"]},
            "deadlines": [
                {"date": "2024-09-30", "text": "三季度末前", "recurring": None},
                {"date": "2024-10-31", "text": "2024年10月31日前", "recurring": None},
            ],
            "targets": [],
        },
        {
            "path": ["二", "9"],
            "heading": "健全依法决策机制",
            "title": "严格落实重大行政决策程序",
            "text": "严格落实重大行政决策程序,制定并公布年度重大行政决策事项目录。",
            "units": {"lead": ["县政府办公室"], "responsible": [], "support": ["县司法局"]},
            "deadlines": [],
            "targets": [{"value": 100, "unit": "%", "op": "=", "text": "100%"}],
        },
    ],
    "metrics": [],
    "sections": {},
}

REPORT = {
    "schema": "fazhi.document/1",
    "kind": "report",
    "title": "示例县人民政府关于2023年度法治政府建设情况的报告",
    "year": 2023,
    "tasks": [],
    "metrics": [
        {"key": "reconsideration.received", "name": "新收行政复议申请", "value": 86, "unit": "件",
         "approx": False, "text": "新收行政复议申请86件"},
        {"key": "reconsideration.correction_rate", "name": "综合纠错率", "value": 15.4, "unit": "%",
         "approx": False, "text": "综合纠错率15.4%"},
    ],
    "sections": {"achievements": True, "shortcomings": True, "first_responsible": True,
                 "next_year": False, "other": False},
}


# ---- shared helpers ----------------------------------------------------------------


def test_helpers():
    t0, t1, t2 = PLAN["tasks"]
    assert path_label(t0) == "一.(一)"
    assert path_label(t2, " ") == "二 9"
    assert chapter_label(t0) == "一、依法全面履行政府职能"
    assert task_text(t0).startswith("深化行政审批制度改革。全面推行")
    assert task_text(t2) == t2["text"]  # text already starts with the title
    assert target_labels(t0) == ["≥3个", "≥95%"]
    assert target_labels(t2) == ["100%"]
    assert deadline_labels(t1) == ["2024-09-30", "2024-10-31"]
    assert deadline_labels(t1, "cn") == ["2024年9月30日前", "2024年10月31日前"]
    recurring = {"deadlines": [{"date": "2025-03-31", "text": "每年第一季度", "recurring": "yearly"}]}
    assert deadline_labels(recurring) == ["2025-03-31(每年)"]
    assert deadline_labels({"deadlines": [{"date": None, "text": "年内"}]}) == ["年内"]


# ---- terminal table ----------------------------------------------------------------


def test_width_helpers():
    assert text_width("abc") == 3
    assert text_width("法治政府") == 8
    assert text_width("（一）") == 6
    assert text_width(truncate("法治政府建设工作要点", 9)) <= 9
    assert truncate("短", 10) == "短"
    for line in wrap("全面推行证明事项告知承诺制,新增告知承诺事项不少于3个。" * 3, 20):
        assert text_width(line) <= 20
    assert len(wrap("一二三四五六七八九十" * 10, 10, max_lines=3)) == 3


@pytest.mark.parametrize("width", [60, 80, 100, 120, 200])
def test_task_table_fits_width(width):
    out = format_task_table(PLAN, width=width)
    assert "示例县2024年法治政府建设工作要点" in out
    assert "默认完成时限:2024-12-31" in out
    assert "共 3 项任务" in out
    for line in out.splitlines():
        assert text_width(line) <= width, line
    for word in ("县司法局", "县市场监管局", "≥3个"):
        assert word in out.replace("\n", "").replace(" ", "")


def test_task_table_columns():
    out = format_task_table(PLAN, width=140)
    header = next(line for line in out.splitlines() if line.startswith("序号"))
    for head in ("工作任务", "牵头", "责任", "配合", "时限", "指标"):
        assert head in header
    assert "一.(一)" in out and "二.9" in out
    assert "一、依法全面履行政府职能" in out
    assert "2024-12-31*" in out  # the task without its own deadline shows the default


def test_report_table_shows_metrics_and_sections():
    out = format_task_table(REPORT, width=100)
    assert "新收行政复议申请" in out and "86" in out and "15.4" in out
    assert "reconsideration.received" in out
    assert "[有] 主要举措和成效" in out
    assert "[缺] 下一年度工作安排" in out


def test_table_of_empty_doc():
    out = format_task_table({"schema": "fazhi.document/1"}, width=80)
    assert "未识别到任务或数据指标" in out


# ---- xlsx --------------------------------------------------------------------------


def test_xlsx_cells_and_styles(tmp_path):
    out = write_task_table(PLAN, tmp_path / "台账.xlsx")
    assert out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]  # no temp file left
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET_NAME]
    assert wb.properties.title == PLAN["title"]
    ws = wb[SHEET_NAME]
    header = [c.value for c in ws[1]]
    assert header == ["序号", "章节", "工作任务", "牵头单位", "责任单位", "配合单位", "完成时限", "量化指标"]
    assert header == [h for h, _ in COLUMNS]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:H4"
    assert ws.max_row == 4
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows[0][0] == "一 (一)"
    assert rows[0][0].split(" ") == PLAN["tasks"][0]["path"]
    assert rows[2][0].split(" ") == ["二", "9"]
    assert rows[0][1] == "一、依法全面履行政府职能"
    assert rows[2][1] == "二、健全依法决策机制"
    assert rows[0][2].startswith("深化行政审批制度改革。全面推行")
    assert rows[0][3] == "县司法局"
    assert rows[0][4] == "县政府各部门、各乡镇人民政府"
    assert rows[1][5] == "县发改局、县商务局"
    assert rows[0][6] == "2024年6月30日前"
    assert rows[1][6] == "2024年9月30日前、2024年10月31日前"
    assert rows[0][7] == "≥3个；≥95%"
    assert rows[2][7] == "100%"
    # text that looks like a formula stays text
    assert ws["C3"].value.startswith("=1+1") and ws["C3"].data_type == "s"
    # styles
    head = ws["A1"]
    assert head.font.b
    assert head.fill.fill_type == "solid"
    assert head.border.bottom.style == "thin"
    assert ws["C2"].alignment.wrap_text
    assert ws["C2"].border.left.style == "thin"
    widths = {h: ws.column_dimensions[chr(ord("A") + i)].width for i, (h, _) in enumerate(COLUMNS)}
    assert widths["工作任务"] == max(widths.values()) >= 50
    assert all(w >= 10 for w in widths.values())


def test_xlsx_empty_doc(tmp_path):
    out = write_task_table({"title": None, "tasks": []}, tmp_path / "空.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[1]][:3] == ["序号", "章节", "工作任务"]
    assert ws.max_row == 1


def test_xlsx_strips_illegal_characters(tmp_path):
    doc = {"title": "t", "tasks": [{"path": ["1"], "text": "含控制字符\x07的任务\x00", "units": {}}]}
    ws = openpyxl.load_workbook(write_task_table(doc, tmp_path / "a.xlsx")).active
    assert ws["C2"].value == "含控制字符的任务"


def test_xlsx_overwrites_atomically(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    write_task_table(PLAN, target)
    assert openpyxl.load_workbook(target).active.max_row == 4


def test_xlsx_errors(tmp_path):
    with pytest.raises(FazhiError, match="不存在"):
        write_task_table(PLAN, tmp_path / "没有" / "a.xlsx")
    with pytest.raises(FazhiError, match=r"\.xlsx"):
        write_task_table(PLAN, tmp_path / "a.xls")
    (tmp_path / "d.xlsx").mkdir()
    with pytest.raises(FazhiError, match="文件夹"):
        write_task_table(PLAN, tmp_path / "d.xlsx")


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root ignores folder permissions; POSIX only")
def test_xlsx_permission_error(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(FazhiError, match="没有权限"):
            write_task_table(PLAN, ro / "a.xlsx")
    finally:
        ro.chmod(0o700)


def test_xlsx_round_trip(tmp_path):
    """`fazhi parse OUT.xlsx` must read the same tasks back (xlsx reader + parser's table stage)."""
    import fazhi

    out = write_task_table(PLAN, tmp_path / "round.xlsx")
    try:
        back = fazhi.parse_file(out)
    except fazhi.DocumentError as exc:
        pytest.skip(f"xlsx reader not ready yet: {exc}")
    if not back.get("tasks"):
        pytest.skip("parser's table stage not ready yet: parse_file(out.xlsx) returns no tasks")
    tasks = back["tasks"]
    assert [t["path"] for t in tasks] == [t["path"] for t in PLAN["tasks"]]
    for got, want in zip(tasks, PLAN["tasks"], strict=True):
        for role in ("lead", "responsible", "support"):
            assert got["units"][role] == want["units"][role], (want["path"], role)
        assert {d["date"] for d in got["deadlines"]} == {d["date"] for d in want["deadlines"]}, want["path"]


def test_round_trip_keeps_header_as_first_row(tmp_path: Path):
    out = write_task_table(PLAN, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(out, read_only=True).active
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True))
    assert first[0] == "序号"


def test_xlsx_permission_error_simulated(tmp_path, monkeypatch):
    import fazhi.export.xlsx as xlsx_mod

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx_mod.tempfile, "mkstemp", denied)
    with pytest.raises(FazhiError, match="没有权限写入"):
        write_task_table(PLAN, tmp_path / "a.xlsx")
    assert list(tmp_path.iterdir()) == []
