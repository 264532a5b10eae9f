"""Export gives back the kind's columns and reads back to the same records."""

from __future__ import annotations

import datetime as dt

import openpyxl

from fazhi.registers import load_kind, read_sheet, write_register, write_statistics
from fazhi.registers.export import mask_name
from tests.registers.sheets import reconsideration_workbook
from tests.registers.test_stats import NORMATIVE, RECONSIDERATION


def test_round_trip_of_an_imported_sheet(tmp_path):
    kind = load_kind("reconsideration")
    reconsideration_workbook(tmp_path / "in.xlsx")
    first = read_sheet(kind, tmp_path / "in.xlsx")
    records = [r.values for r in first.records]
    write_register(kind, records, tmp_path / "out.xlsx")
    again = read_sheet(kind, tmp_path / "out.xlsx")
    assert again.ok and again.unmatched == []
    full = [{f: r.get(f) for f in kind.field_names} for r in records]
    assert [r.values for r in again.records] == full


def test_round_trip_keeps_every_field_type(tmp_path):
    kind = load_kind("normative_doc")
    records = [{f: r.get(f) for f in kind.field_names} for r in NORMATIVE]
    records[0] |= {"touches_interests": True, "cleanup_year": 2025, "cleanup_outcome": "保留",
                   "title": "=HYPERLINK(\"http://x\",\"点我\")", "notes": "+1 备注"}  # fmt: skip
    records[1] |= {"touches_interests": False, "status": "自行填写的状态"}
    write_register(kind, records, tmp_path / "nd.xlsx")
    back = read_sheet(kind, tmp_path / "nd.xlsx")
    assert back.ok
    assert [r.values for r in back.records] == records
    ws = openpyxl.load_workbook(tmp_path / "nd.xlsx").active
    assert [c.value for c in ws[1]] == [f.label for f in kind.fields]
    assert all(
        c.data_type != "f" for row in ws.iter_rows() for c in row
    )  # user text, never formulas
    issued = [c.value for c in ws[1]].index("印发日期")
    assert isinstance(ws[2][issued].value, dt.datetime)  # a real Excel date


def test_public_export_masks_personal_names(tmp_path):
    kind = load_kind("reconsideration")
    write_register(kind, RECONSIDERATION[:1] + [{"case_no": "x", "applicant": "张三丰"}],
                   tmp_path / "p.xlsx", public=True)  # fmt: skip
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx").active
    assert ws["B3"].value == "张**"
    assert mask_name("某某农业合作社") == "某某农业合作社" and mask_name("欧阳明华") == "欧***"


def test_statistics_workbook(tmp_path):
    kind = load_kind("reconsideration")
    write_statistics(kind, RECONSIDERATION, 2025, tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames == ["统计", "按审理结果", "按案件类别", "按被申请人", "按月份"]
    figures = {row[0]: row for row in wb["统计"].iter_rows(min_row=2, values_only=True)}
    assert figures["reconsideration.correction_rate"][1:3] == (50, "%")
    assert "示复〔2025〕2号" in figures["reconsideration.corrected"][4]
    units = list(wb["按被申请人"].iter_rows(values_only=True))
    assert units[0] == ("被申请人", "件数") and units[-1] == ("合计", 11)
