"""Importing 台账 of our own making: title rows, a two-line header under merged group
titles, merged cells, dividers, 合计 and footer rows, and every way of writing a date."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from fazhi.errors import FazhiError
from fazhi.registers import key_of, load_kind, merge, read_grid, read_sheet
from tests.registers.sheets import reconsideration_workbook

D = dt.date
UNITS = {"县市场监管局", "县自然资源局"}


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "复议台账.xlsx"
    reconsideration_workbook(path)
    return read_sheet(load_kind("reconsideration"), path, known_units=UNITS)


def by_key(result) -> dict:
    return {r.values["case_no"]: r for r in result.records}


def test_header_found_below_title_rows_with_a_two_line_header(imported):
    assert imported.ok, imported.errors
    assert imported.header_row == 4
    assert imported.mapping["收到日期"] == "applied_on"  # a synonym
    assert imported.mapping["受理日期"] == "accepted_on"  # under the merged 受理 title
    assert imported.mapping["决定结果"] == "outcome"
    assert imported.unmatched == []


def test_every_date_writing_reads_the_same(imported):
    cases = by_key(imported)
    assert cases["示复〔2025〕1号"].values["applied_on"] == D(2025, 1, 6)  # an Excel date cell
    assert cases["示复〔2025〕1号"].values["accepted_on"] == D(2025, 1, 8)  # 2025-01-08
    assert cases["示复〔2025〕1号"].values["concluded_on"] == D(2025, 3, 4)  # 2025/3/4
    assert cases["示复〔2025〕2号"].values["applied_on"] == D(2025, 1, 11)  # serial 45668
    assert cases["示复〔2025〕2号"].values["accepted_on"] == D(2025, 1, 15)  # 2025.1.15
    assert cases["示复〔2025〕2号"].values["concluded_on"] == D(2025, 4, 14)  # 2025年4月14日
    assert cases["示复〔2025〕5号"].values["applied_on"] == D(2025, 3, 1)  # 20250301


def test_rows_that_are_not_cases_are_skipped_and_said(imported):
    assert len(imported.records) == 5
    assert [r.row for r in imported.records] == [6, 7, 10, 11, 12]
    assert dict(imported.skipped) == {5: "分隔行", 8: "仅有序号的行", 13: "合计行", 14: "分隔行"}


def test_merged_cells_and_empty_marks(imported):
    cases = by_key(imported)
    # 被申请人 merged down over the first two cases: both get it.
    assert cases["示复〔2025〕2号"].values["respondent"] == "县市场监管局"
    assert cases["示复〔2025〕1号"].values["suspended_on"] is None  # "/"
    assert cases["示复〔2025〕2号"].values["notes"] is None  # "无"
    assert cases["示复〔2025〕3号"].values["notes"] is None  # "—"


def test_choices_read_through_their_aliases(imported):
    cases = by_key(imported)
    assert cases["示复〔2025〕1号"].values["category"] == "处罚"  # 行政处罚
    assert cases["示复〔2025〕2号"].values["intake"] == "受理"  # 已受理
    assert cases["示复〔2025〕4号"].values["category"] == "信息公开"


def test_late_cases_and_unknown_units_are_flags_not_errors(imported):
    late = by_key(imported)["示复〔2025〕5号"]
    assert "单位“县综合执法局”不在本级单位名录中,已按原文保留" in late.flags
    assert "复议决定逾期:审结日期2025-06-10,期限至2025-05-06" in late.flags
    assert late.values["respondent"] == "县综合执法局"
    # The extended case closed inside its extension and the paused one after resuming: no flag.
    assert by_key(imported)["示复〔2025〕2号"].flags == []
    assert by_key(imported)["示复〔2025〕3号"].flags == []


def test_impossible_data_are_row_errors(tmp_path):
    rows = [
        ["示复〔2025〕7号", "周七", "县市场监管局", "罚款", "处罚", "2025-05-10", "受理", "2025-05-08",
         None, None, None, None, None, None, None],
        ["示复〔2025〕8号", "吴八", "县市场监管局", "罚款", "处罚", "2025年13月1日", "受理", None,
         None, None, None, None, None, None, None],
        ["示复〔2025〕9号", "郑九", "县市场监管局", "罚款", "处罚", "三月四日", "受理", None,
         None, None, "三十", None, None, None, None],
        ["示复〔2025〕7号", "周七", "县市场监管局", "罚款", "处罚", "2025-05-10", None, None,
         None, None, None, None, None, None, None],
    ]  # fmt: skip
    path = tmp_path / "bad.xlsx"
    reconsideration_workbook(path, rows, title_rows=1)
    result = read_sheet(load_kind("reconsideration"), path)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "受理日期"), (5, "收到日期"), (6, "收到日期"), (6, "延期天数"), (7, "案号"),
    ]  # fmt: skip
    assert result.errors[0].message == "受理日期早于申请日期"
    assert "不存在的日期" in result.errors[1].message
    assert "无法识别的日期“三月四日”" in result.errors[2].message
    assert "与第4行重复" in result.errors[4].message
    assert str(result.errors[0]) == "第4行“受理日期”列:受理日期早于申请日期"


def test_unmatched_headers_come_back_and_a_mapping_answers():
    kind = load_kind("reconsideration")
    rows = [
        ["行政复议案件统计"],
        ["序号", "案号", "复议机关收件日", "被申请人", "承办人"],
        [1, "甲复〔2025〕1号", "2025-02-01", "县教育局", "王某"],
    ]
    first = read_grid(kind, rows)
    assert first.unmatched == ["复议机关收件日", "承办人"]
    assert first.suggestions["复议机关收件日"][0] == "applied_on"  # 收件日期 is a synonym
    assert first.records[0].values.get("applied_on") is None
    again = read_grid(kind, rows, mapping={"复议机关收件日": "applied_on", "承办人": None})
    assert again.unmatched == []
    assert again.records[0].values["applied_on"] == D(2025, 2, 1)
    with pytest.raises(FazhiError, match="不属于"):
        read_grid(kind, rows, mapping={"承办人": "no_such_field"})


def test_no_header_is_one_clear_error():
    result = read_grid(load_kind("litigation"), [["甲", "乙"], [1, 2]])
    assert not result.ok and "找不到表头" in result.errors[0].message


def test_reimport_of_an_overlapping_sheet_updates_in_place(tmp_path, imported):
    kind = load_kind("reconsideration")
    stored = {r.values["case_no"]: dict(r.values) for r in imported.records}
    stored["示复〔2025〕1号"]["hearing_on"] = D(2025, 2, 20)  # a field the sheet has no column for
    later = [
        # case 1 unchanged, written with other brackets; case 5 now has its outcome changed; a new case 6
        ["示复[2025]1号", "赵一", "县市场监管局", "罚款决定", "行政处罚", D(2025, 1, 6), "受理",
         "2025-01-08", "/", "/", None, None, "2025/3/4", "维持", None],
        ["示复〔2025〕5号", "某某农业合作社", "县综合执法局", "强制拆除", "行政强制", "20250301",
         "受理", "2025-03-03", None, None, None, None, "2025-06-10", "部分撤销", "审结逾期"],
        ["示复〔2025〕6号", "冯六", "县自然资源局", "登记", "其他", "2025-07-01", "受理",
         "2025-07-02", None, None, None, None, None, None, None],
    ]  # fmt: skip
    path = tmp_path / "again.xlsx"
    reconsideration_workbook(path, later)
    plan = merge(kind, stored, read_sheet(kind, path))
    assert plan.summary() == {"新增": 1, "更新": 1, "未变": 1}
    assert plan.unchanged == ["示复〔2025〕1号"]
    ((key, new, changed),) = plan.updated
    assert key == "示复〔2025〕5号" and changed == ["outcome"] and new["outcome"] == "部分撤销"
    assert plan.created[0]["case_no"] == "示复〔2025〕6号"


def test_keys_match_whatever_brackets():
    assert key_of("示复[2025] 1号") == key_of("示复〔2025〕1号") == key_of("示复【2025】1号")


def test_not_a_spreadsheet_is_refused_clearly(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(FazhiError, match="不是 Excel 表格"):
        read_sheet(load_kind("litigation"), path)
    with pytest.raises(FazhiError, match="找不到文件"):
        read_sheet(load_kind("litigation"), tmp_path / "none.xlsx")


def test_xls_without_libreoffice_says_what_to_do(tmp_path, monkeypatch):
    import shutil

    path = tmp_path / "old.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(FazhiError, match="LibreOffice"):
        read_sheet(load_kind("litigation"), path)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice 未安装")
def test_xls_is_converted_when_libreoffice_is_installed(tmp_path):
    import subprocess

    src = tmp_path / "台账.xlsx"
    reconsideration_workbook(src)
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    result = read_sheet(load_kind("reconsideration"), tmp_path / "台账.xls")
    assert result.ok and len(result.records) == 5


def test_other_sheets_of_the_workbook_are_passed_over(tmp_path):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本表由司法局统一汇总"
    ws = wb.create_sheet("应诉台账")
    ws.append(
        ["案号", "原告", "被告", "收到应诉通知日期", "开庭日期", "负责人是否出庭", "裁判结果"]
    )
    ws.append(
        [
            "(2025)示行初1号",
            "陈某",
            "县人民政府",
            "2025-03-01",
            "2025-04-01",
            "是",
            "驳回原告诉讼请求",
        ]
    )
    wb.save(tmp_path / "y.xlsx")
    result = read_sheet(load_kind("litigation"), tmp_path / "y.xlsx")
    assert result.sheet == "应诉台账" and result.ok
    values = result.records[0].values
    assert values["head_appeared"] is True and values["outcome"] == "驳回诉讼请求"


def test_a_second_column_for_the_same_field_is_asked_about():
    rows = [
        ["案号", "收到日期", "申请日期", "被申请人"],
        ["甲复〔2025〕2号", "2025-02-01", "2025-02-03", "县教育局"],
    ]
    result = read_grid(load_kind("reconsideration"), rows)
    assert result.mapping["收到日期"] == "applied_on" and result.unmatched == ["申请日期"]
    assert result.records[0].values["applied_on"] == D(2025, 2, 1)


def test_a_sheet_stretched_to_the_last_column_reads(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "原告", "被告", "收到应诉通知日期"])
    ws.append(["(2025)示行初9号", "陈某", "县人民政府", "2025-03-01"])
    ws.cell(1, 16000).value = None
    ws.cell(2, 16000).number_format = "0.00"  # a styled empty cell far right
    ws.merge_cells("XA1:XB1")
    wb.save(tmp_path / "wide.xlsx")
    result = read_sheet(load_kind("litigation"), tmp_path / "wide.xlsx")
    assert result.ok and result.records[0].values["defendant"] == "县人民政府"


def test_a_password_protected_workbook_says_so(tmp_path):
    path = tmp_path / "locked.xlsx"
    name = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100 + name + b"\0" * 400)
    with pytest.raises(FazhiError, match="设有打开密码"):
        read_sheet(load_kind("litigation"), path)


def test_a_line_of_hints_under_the_header_is_not_a_case():
    rows = [
        ["县政府行政应诉案件登记表"],
        ["序号", "案号", "原告", "被告", "收到应诉通知日期", "开庭日期", "负责人是否出庭"],
        [None, "(必填)", None, "(单位全称)", "(年-月-日)", "(年-月-日)", "(是/否)"],
        [1, "(2025)示行初3号", "钱某", "县人民政府", "2025-04-01", "2025-05-12", "是"],
    ]
    result = read_grid(load_kind("litigation"), rows)
    assert result.ok and result.skipped == [(3, "表头说明行")]
    assert [r.row for r in result.records] == [4]


def test_one_case_over_two_rows_with_its_case_number_merged(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2025年行政复议案件台账"])
    ws.append(
        ["序号", "案号", "申请人", "被申请人", "收到日期", "受理日期", "审结日期", "决定结果"]
    )
    ws.append(
        [
            1,
            "示复〔2025〕21号",
            "韩某",
            "县市场监管局",
            "2025-05-06",
            "2025-05-08",
            "2025-06-30",
            "撤销",
        ]
    )
    ws.append([None, None, None, "县公安局", None, None, None, None])
    ws.append(
        [
            2,
            "示复〔2025〕22号",
            "杨某",
            "县教育局",
            "2025-05-07",
            "2025-05-09",
            "2025-06-20",
            "维持",
        ]
    )
    ws.append([None, None, None, None, None, None, "2025-06-25", None])
    for col in ("A", "B", "C"):
        ws.merge_cells(f"{col}3:{col}4")
        ws.merge_cells(f"{col}5:{col}6")
    wb.save(tmp_path / "two-rows.xlsx")
    result = read_sheet(load_kind("reconsideration"), tmp_path / "two-rows.xlsx")
    assert result.ok, result.errors
    first, second = result.records
    assert first.rows == [3, 4] and first.values["respondent"] == "县市场监管局、县公安局"
    assert second.values["concluded_on"] == D(2025, 6, 20)
    assert "审结日期第6行另有“2025-06-25”,保留第5行的“2025-06-20”" in second.flags
