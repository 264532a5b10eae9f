"""The composer, the .docx writer read back by the parser, the HTML and the PDF refusal."""

from __future__ import annotations

import copy

import docx
import pytest

import fazhi
from fazhi.annual import render
from fazhi.annual.docx_writer import write_docx
from fazhi.annual.draft import compose
from fazhi.annual.model import Draft
from fazhi.errors import FazhiError

from .inputs import FIGURES, INPUTS

GOV = "青石县人民政府"


@pytest.fixture
def draft() -> Draft:
    return compose(2025, GOV, copy.deepcopy(INPUTS))


def test_parts_in_post_2021_order_with_placeholders():
    d = compose(2025, GOV, {})
    assert [p.key for p in d.parts] == ["first_responsible", "achievements", "shortcomings", "next_year", "other"]
    assert all(p.paragraphs[0].placeholder and p.paragraphs[0].text().startswith("待补充") for p in d.parts)
    assert d.part("other").paragraphs[0].text() == "待补充"
    assert d.is_draft


def test_figures_written_as_stats_gives_them(draft):
    text = "\n".join(p.text() for p in draft.part("achievements").paragraphs)
    assert "全年收到行政复议申请40件" in text
    assert "纠错率31.25%" in text
    assert "行政机关负责人出庭应诉率94.44%" in text  # rates to 2 decimals
    token = next(f for f in draft.figures() if f.key == "reconsideration.received")
    assert token.records == [11, 12] and token.definition == "本年度收到的行政复议申请"


def test_ledger_and_leadership_facts(draft):
    first = draft.part("first_responsible").paragraphs[0].text()
    assert "学法2次" in first and "2025年3月14日" in first
    short = "\n".join(p.text() for p in draft.part("shortcomings").paragraphs)
    assert "平台采购流程尚未完成" in short and "整改行政执法案卷评查问题" in short
    assert "行政诉讼败诉率5.56%" in short  # worse than last year's 3.10%
    assert "建成行政执法协调监督平台" in draft.part("next_year").paragraphs[0].text()
    plan = compose(2025, GOV, {"next_plan": [{"heading": "深化行政执法改革", "tasks": ["推行柔性执法"]}]})
    assert "深化行政执法改革" in plan.part("next_year").paragraphs[0].text()


def test_department_reports_are_sources_not_text():
    dept = {"unit": "县司法局", "highlights": ["县司法局率先推行说理式执法"], "figures": {}}
    d = compose(2025, GOV, {**copy.deepcopy(INPUTS), "departments": [dept]})
    assert d.sources == [dept]
    assert "说理式执法" not in "".join(p.text() for part in d.parts for p in part.paragraphs)


def test_registers_without_plan_still_drafted():
    d = compose(2025, GOV, {"figures": copy.deepcopy(FIGURES)})
    first = d.part("achievements").paragraphs[0]
    assert first.placeholder and "计划尚未导入" in first.text() and "待补充" in first.text()
    assert any("纠错率31.25%" in p.text() for p in d.part("achievements").paragraphs)


def test_missed_clocks_in_shortcomings():
    clock = {"kind_label": "行政复议案件", "ref": "青复〔2025〕7号", "unit": "县司法局", "clock": "审理期限",
             "due": "2025-09-30"}
    d = compose(2025, GOV, {"missed_clocks": [clock]})
    text = d.part("shortcomings").paragraphs[0].text()
    assert "青复〔2025〕7号" in text and "2025年9月30日" in text


def test_dict_round_trip(draft):
    draft.sources = [{"unit": "县司法局", "highlights": ["一项亮点"], "figures": {}}]
    again = Draft.from_dict(draft.to_dict())
    assert again == draft


def test_docx_read_back_by_the_parser(draft, tmp_path):
    out = write_docx(draft, tmp_path / "report.docx")
    doc = fazhi.parse_file(out)
    assert doc["kind"] == "report"
    assert all(doc["sections"].values()), doc["sections"]
    keyed = {}
    for m in doc["metrics"]:
        if m["key"] and m["key"] not in keyed:
            keyed[m["key"]] = m["value"]
    for key, stat in FIGURES.items():
        want = round(stat["value"], 2)
        assert keyed.get(key) == pytest.approx(want), key


def test_docx_layout(draft, tmp_path):
    out = write_docx(draft, tmp_path / "report.docx")
    d = docx.Document(str(out))
    title = d.paragraphs[0]
    assert title.text == draft.title and title.runs[0].font.size.pt == 22
    body = next(p for p in d.paragraphs if p.text.startswith("行政复议方面"))
    assert body.runs[0].font.size.pt == 16 and body.runs[0].font.name == "仿宋_GB2312"
    assert 'w:eastAsia="仿宋_GB2312"' in body.runs[0]._element.xml  # Chinese text takes eastAsia
    assert 'w:eastAsia="方正小标宋简体"' in title.runs[0]._element.xml
    assert d.paragraphs[-1].text == "2026年2月20日" and d.paragraphs[-2].text == GOV
    assert any(p.text.endswith("人民政府:") for p in d.paragraphs[:4])  # 主送
    assert "PAGE" in d.sections[0].footer._element.xml and "PAGE" in d.sections[0].even_page_footer._element.xml
    fallback = write_docx(draft, tmp_path / "f.docx", overrides={"layout": {"use_fallback": True}})
    assert docx.Document(str(fallback)).paragraphs[0].runs[0].font.name == "宋体"


def test_html_public_drops_internal_passages(draft):
    draft.part("shortcomings").paragraphs[0].internal = True
    office = render.render_html(draft, public=False)
    public = render.render_html(draft, public=True)
    assert "平台采购流程尚未完成" in office and "平台采购流程尚未完成" not in public
    assert 'data-key="reconsideration.correction_rate"' in public
    assert 'class="draft' not in public and 'class="draft' in office
    assert public.count("<h2 data-part=") == 5


def test_public_page_read_back_by_the_parser(draft, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render.page(draft), encoding="utf-8")
    doc = fazhi.parse_file(page)
    assert doc["kind"] == "report" and doc["issued"] == "2026-02-20"
    assert all(doc["sections"].values()), doc["sections"]
    keyed = {m["key"]: m["value"] for m in reversed(doc["metrics"]) if m["key"]}
    assert keyed["reconsideration.correction_rate"] == pytest.approx(31.25)


def test_pdf_without_libreoffice_says_so(draft, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "libreoffice", lambda: None)
    with pytest.raises(FazhiError, match="LibreOffice"):
        render.to_pdf(tmp_path / "x.docx", tmp_path / "x.pdf")


def test_ledger_from_rows_feeds_the_composer():
    from fazhi.annual.ledger import ledger_from_rows

    rows = [
        {"heading": "规范行政执法", "title": "推行说理式执法文书", "units": ["县城管局"], "status": "done",
         "account": "制发说理式文书模板", "figures": [{"text": "制发文书模板", "value": 12, "unit": "种"}]},
        {"heading": "规范行政执法", "title": "建设执法监督平台", "units": ["县司法局"], "status": "cannot_finish",
         "status_label": "无法按期完成", "reason": "资金未到位"},
        {"heading": "强化权力监督", "title": "开展审计整改回头看", "units": ["县审计局"], "status": "in_progress"},
    ]
    ledger = ledger_from_rows(rows)
    assert [s["heading"] for s in ledger["sections"]] == ["规范行政执法", "强化权力监督"]
    assert ledger["lagging"] == [{"title": "建设执法监督平台", "units": ["县司法局"], "status": "无法按期完成",
                                  "reason": "资金未到位"}]
    assert [t["title"] for t in ledger["unfinished"]] == ["建设执法监督平台", "开展审计整改回头看"]
    d = compose(2025, GOV, {"ledger": ledger})
    text = "\n".join(p.text() for part in d.parts for p in part.paragraphs)
    assert "制发文书模板12种" in text and "无法按期完成,原因是资金未到位" in text
    assert "继续推进“开展审计整改回头看”" in text


def test_lagging_task_without_reason_asks_for_one():
    ledger = {"lagging": [{"title": "建设执法监督平台", "units": ["县司法局"], "status": "进展滞后"}]}
    text = compose(2025, GOV, {"ledger": ledger}).part("shortcomings").paragraphs[0].text()
    assert text.endswith("进展滞后,原因待补充。") and "原因是" not in text


def test_figures_of_one_group_name_the_group_once():
    figures = {
        "disclosure.disclosed": {"value": 5, "unit": "件"},
        "disclosure.partly_disclosed": {"value": 2, "unit": "件"},
        "disclosure.withheld": {"value": 1, "unit": "件"},
    }
    d = compose(2025, GOV, {"figures": figures})
    text = next(p.text() for p in d.part("achievements").paragraphs if "予以公开" in p.text())
    assert text.count("答复结果") == 1
    assert "依申请公开答复结果:予以公开5件,部分公开2件,不予公开1件" in text
    keys = [f.key for f in d.figures()]
    assert keys == ["disclosure.disclosed", "disclosure.partly_disclosed", "disclosure.withheld"]
