"""PDF text through pdfium (the fast path) is the text pdfplumber gives, and pages that may
hold a ruled table still go through pdfplumber."""

import importlib.util

import pytest

from fazhi.docs import pdf

pytestmark = pytest.mark.skipif(importlib.util.find_spec("reportlab") is None, reason="reportlab 未安装(测试依赖)")

PARAS = [
    ("示例市2024年依法行政工作要点", "title"),
    ("一、推进政府职能转变", "h"),
    ("(一)全面落实权责清单制度,动态调整权责事项,编制公布行政许可事项清单,推动各类审批服务事项全部纳入平台办理,提升企业和群众办事便利度。(市司法局牵头,市政务服务中心配合)", "p"),
    ("(二)2024年6月底前完成规范性文件清理工作,清理结果及时向社会公布,接受社会监督。", "p"),
    ("二、规范行政执法 Word 2019 版模板", "h"),
] + [(f"({'三四五六七八九十'[i]})第{i + 3}项任务持续推进,各责任单位要按照职责分工抓好落实,确保各项措施落地见效,按时报送进展情况。", "p") for i in range(8)]


def make_pdf(path, table=False, size=13):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    per_line, page = 30, 1

    def furniture():
        c.setFont("STSong-Light", 9)
        c.drawCentredString(width / 2, height - 40, "示例市人民政府办公室")
        c.drawCentredString(width / 2, 30, f"- {page} -")
        c.setFont("STSong-Light", size)

    furniture()
    y = height - 100
    for text, kind in PARAS:
        lines, rest = [], text
        while rest:
            n = per_line - 2 if not lines else per_line
            lines.append(rest[:n])
            rest = rest[n:]
        if kind != "p":
            lines = [text]
        for i, line in enumerate(lines):
            if y < 80:
                c.showPage()
                page += 1
                furniture()
                y = height - 100
            if kind == "title":
                c.drawCentredString(width / 2, y, line)
            else:
                c.drawString(72 + (2 * size if i == 0 else 0), y, line)
            y -= size * 1.8
    if table:
        c.showPage()
        c.setFont("STSong-Light", 11)
        rows = [["序号", "工作任务", "牵头单位"], ["1", "深化审批改革", "市司法局"], ["2", "规范执法行为", "市市场监管局"]]
        xs, top, rh = [72, 120, 330, 480], 760, 24
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                c.drawString(xs[j] + 4, top - (i + 1) * rh + 8, cell)
        for i in range(len(rows) + 1):
            c.line(xs[0], top - i * rh, xs[-1], top - i * rh)
        for x in xs:
            c.line(x, top, x, top - len(rows) * rh)
    c.showPage()
    c.save()


def read_slow(path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(pdf, "_pdfium_open", lambda p: None)
        return pdf.read(path)


@pytest.mark.parametrize("size", [11, 13, 16])
def test_fast_path_gives_the_same_text(tmp_path, monkeypatch, size):
    path = tmp_path / "plan.pdf"
    make_pdf(path, size=size)
    fast, slow = pdf.read(path), read_slow(path, monkeypatch)
    assert fast.blocks == slow.blocks
    assert PARAS[2][0] in fast.blocks  # a wrapped paragraph joined whole
    assert "二、规范行政执法 Word 2019 版模板" in fast.blocks


def test_a_page_with_ruling_lines_goes_through_pdfplumber(tmp_path, monkeypatch):
    path = tmp_path / "with-table.pdf"
    make_pdf(path, table=True)
    calls = []
    real = pdf._page_items
    monkeypatch.setattr(pdf, "_page_items", lambda page, i: calls.append(i) or real(page, i))
    src = pdf.read(path)
    assert calls == [len(calls) and calls[0]]  # only the table's page
    tables = [b for b in src.blocks if not isinstance(b, str)]
    assert tables and tables[0].rows[1] == ["1", "深化审批改革", "市司法局"]
