"""Formula injection: user text that starts with = + - @ stays text in every .xlsx export (web and
CLI), and reads back unchanged."""

from __future__ import annotations

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.export.xlsx import write_task_table
from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.directory.services import import_directory_xlsx
from fazhiweb.plans.models import Assignment, Task
from fazhiweb.progress import services as progress_services
from fazhiweb.supervision import services as notice_services

from .conftest import PDF_BYTES

EVIL = {
    "eq": '=HYPERLINK("http://example.invalid/x","报告")',
    "plus": "+1+2 单位",
    "minus": "-3-4 单位",
    "at": "@SUM(A1:A2) 事项",
}


def _evil(key: str, what: str) -> str:
    return f"{EVIL[key]}{what}"


def _formula_cells(data: bytes) -> list[str]:
    """<f> elements anywhere in the workbook's sheets, and cells openpyxl reads as formulas."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >]", z.read(name)):
                found.append(name)
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        found += [f"{ws.title}!{c.coordinate}" for row in ws.iter_rows() for c in row if c.data_type == "f"]
    return found


def _texts(data: bytes) -> set[str]:
    wb = load_workbook(io.BytesIO(data))
    return {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def _poison(county, plan, people):
    """Every user field that an export shows, made to start with one of = + - @."""
    u = county.u["县司法局"]
    Unit.objects.filter(pk=u.pk).update(name=_evil("eq", "县司法局"), short_name=_evil("plus", "司法"),
                                        aliases=[_evil("minus", "别名")])
    UnitGroup.objects.filter(pk=county.towns.pk).update(name=_evil("at", "各乡镇"))
    Task.objects.filter(plan=plan).update(heading=_evil("minus", "章节"), title=_evil("plus", "标题"),
                                          text=_evil("eq", "任务内容"))
    a = Assignment.objects.filter(task__plan=plan, unit=u).first()
    report = progress_services.submit_report(
        people["张联络员"], a, {"status": "in_progress", "text": _evil("eq", "进展"), "percent": 40},
        [SimpleUploadedFile(_evil("at", "佐证.pdf"), PDF_BYTES)])
    notice = notice_services.issue_notice(people["王主任"], county, Unit.objects.get(pk=u.pk), [a], "daily",
                                          _evil("plus", "督办事由"), "2099-12-31")
    notice = notice_services.transition(people["张联络员"], notice, "sign", notice.version)
    notice_services.transition(people["张联络员"], notice, "reply", notice.version, _evil("minus", "整改反馈"))
    return report


def test_no_export_holds_a_formula_and_user_text_reads_back(client, county, published_plan, people):
    _poison(county, published_plan, people)
    client.force_login(people["王主任"])
    exports = {
        "任务分工表": reverse("progress:export_tasks", args=[published_plan.pk]),
        "进展台账": reverse("progress:export_ledger", args=[published_plan.pk]),
        "督办看板": reverse("supervision:board_export", args=[published_plan.pk]),
        "问题清单": reverse("supervision:notices_export") + "?state=all",
        "单位名录": reverse("directory:export"),
    }
    expect = {
        "任务分工表": {_evil("eq", "县司法局"), _evil("minus", "章节")},
        "进展台账": {_evil("eq", "县司法局"), _evil("eq", "进展"), _evil("at", "佐证.pdf")},
        "督办看板": {_evil("eq", "县司法局"), _evil("minus", "章节")},
        "问题清单": {_evil("eq", "县司法局"), _evil("plus", "督办事由"), _evil("minus", "整改反馈")},
        "单位名录": {_evil("eq", "县司法局"), _evil("plus", "司法"), _evil("minus", "别名")},
    }
    for name, url in exports.items():
        resp = client.get(url)
        assert resp.status_code == 200, name
        assert _formula_cells(resp.content) == [], name
        texts = _texts(resp.content)
        missing = {t for t in expect[name] if not any(t in cell for cell in texts)}
        assert not missing, (name, missing)
    # The directory reads back to the same names (export → import is a round trip).
    data = client.get(exports["单位名录"]).content
    import_directory_xlsx(people["王主任"], county, io.BytesIO(data))
    assert Unit.objects.get(pk=county.u["县司法局"].pk).name == _evil("eq", "县司法局")
    assert Unit.objects.get(pk=county.u["县司法局"].pk).aliases == [_evil("minus", "别名")]


def test_cli_task_table_keeps_formula_text(tmp_path):
    doc = {"title": "=t", "tasks": [{"path": ["1"], "heading": EVIL["minus"], "text": EVIL["eq"] + "\x07",
                                     "units": {"lead": [EVIL["plus"]], "responsible": [EVIL["at"]], "support": []},
                                     "deadlines": [], "targets": []}]}
    data = write_task_table(doc, tmp_path / "a.xlsx").read_bytes()
    assert _formula_cells(data) == []
    texts = _texts(data)
    assert {EVIL["eq"], EVIL["plus"], EVIL["at"]} <= texts  # the control character is gone, the rest kept
    assert any(EVIL["minus"] in t for t in texts)


def test_dates_are_real_and_times_local(client, county, published_plan, people):
    import datetime as dt

    a = Assignment.objects.filter(task__plan=published_plan).first()
    progress_services.submit_report(people["张联络员"] if a.unit == county.u["县司法局"] else people["王主任"], a,
                                    {"status": "in_progress", "text": "进展", "percent": 10})
    client.force_login(people["王主任"])
    wb = load_workbook(io.BytesIO(client.get(reverse("progress:export_ledger", args=[published_plan.pk])).content))
    ws = wb.active
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    header = [c.value for c in ws[1]]
    due = ws.cell(2, header.index("完成时限") + 1)
    assert isinstance(due.value, dt.datetime) and due.number_format == "yyyy-mm-dd"
    at_col = header.index("报送时间") + 1
    times = [ws.cell(r, at_col).value for r in range(2, ws.max_row + 1) if ws.cell(r, at_col).value]
    from django.utils import timezone

    report = a.reports.latest("id")
    assert times == [timezone.localtime(report.submitted_at).replace(tzinfo=None, microsecond=0)]
