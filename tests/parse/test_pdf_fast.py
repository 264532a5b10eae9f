"""PDF text through pdfium (the fast path) is the text pdfplumber gives, and pages that may
hold a ruled table still go through pdfplumber. The PDFs come from the reader tests' writer."""

import importlib.util

import pytest

from fazhi.docs import pdf

pytestmark = pytest.mark.skipif(importlib.util.find_spec("reportlab") is None, reason="reportlab 未安装(测试依赖)")


def writer():
    import test_readers  # tests/ is on sys.path under pytest's default import mode

    return test_readers


def read_slow(path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(pdf, "_pdfium_open", lambda p: None)
        return pdf.read(path)


@pytest.mark.parametrize("per_line, size", [(26, 14), (28, 13), (22, 16)])
def test_fast_path_gives_the_same_text(tmp_path, monkeypatch, per_line, size):
    w = writer()
    path = tmp_path / "plan.pdf"
    assert w.make_pdf(path, per_line=per_line, size=size) >= 2
    fast, slow = pdf.read(path), read_slow(path, monkeypatch)
    assert fast.blocks == slow.blocks
    assert w.WRAPPED in fast.blocks  # a wrapped paragraph joined whole


def test_ascii_words_keep_their_space(tmp_path, monkeypatch):
    c, _ = writer()._cjk_canvas(tmp_path / "w.pdf")
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "二、推广 Word 2019 版公文模板")
    c.drawString(72, 670, "(一)统一使用 WPS Office 编辑。")
    c.showPage()
    c.save()
    fast, slow = pdf.read(tmp_path / "w.pdf"), read_slow(tmp_path / "w.pdf", monkeypatch)
    assert fast.blocks == slow.blocks == ["二、推广 Word 2019 版公文模板", "(一)统一使用 WPS Office 编辑。"]


def test_a_page_with_ruling_lines_goes_through_pdfplumber(tmp_path, monkeypatch):
    c, _ = writer()._cjk_canvas(tmp_path / "t.pdf")
    c.setFont("STSong-Light", 11)
    c.drawString(72, 780, "一、任务分工")
    c.showPage()
    c.setFont("STSong-Light", 11)
    rows = [["序号", "工作任务", "牵头单位"], ["1", "深化审批改革", "市司法局"], ["2", "规范执法行为", "市市场监管局"]]
    xs, ys = [72, 120, 330, 480], [760, 736, 712, 688]
    c.grid(xs, ys)  # the ruling lines
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.drawString(xs[j] + 4, ys[i] - 16, cell)
    c.showPage()
    c.save()
    calls = []
    real = pdf._page_items
    monkeypatch.setattr(pdf, "_page_items", lambda page, i: calls.append(i) or real(page, i))
    src = pdf.read(tmp_path / "t.pdf")
    assert calls == [1]  # only the table's page
    assert src.blocks[0] == "一、任务分工"
    assert src.blocks[1].rows == rows
