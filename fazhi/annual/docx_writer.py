"""The draft as a .docx in 公文 layout (GB/T 9704-2012 basics; sizes and fonts from
fazhi/data/annual.toml [layout], overridable per government): A4 with the standard type
area, title in 小标宋 2号 (or the fallback font named in settings), 主送, body in 仿宋_GB2312
3号 at a fixed 28-point line, part headings 一、 in 黑体, 落款 and date, page numbers
"— N —" in the footer. Drafted paragraphs are highlighted so nobody sends them unread."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.annual.model import Draft, Paragraph
from fazhi.annual.settings import settings
from fazhi.errors import FazhiError
from fazhi.export import date_cn


def _font(run, name: str, size: int, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, font: str, size: int, lay: dict, align=None, indent: bool = True,
          bold: bool = False, highlight: bool = False):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(lay["line_spacing"])
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    _font(run, font, size, bold)
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return p


def _page_number(doc, lay: dict) -> None:
    """GB/T 9704: "— N —" in 4号 宋体, odd pages at the right, even pages at the left, one
    character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    size = lay["page_number_size"]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(size)
        else:
            p.paragraph_format.left_indent = Pt(size)
        _font(p.add_run("— "), lay["page_number_font"], size)
        run = p.add_run()
        _font(run, lay["page_number_font"], size)
        _page_field(run)
        _font(p.add_run(" —"), lay["page_number_font"], size)


def _page_field(run) -> None:
    """A PAGE field: Word and LibreOffice put the page's number there."""
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)


def _body(doc, para: Paragraph, lay: dict, mark: bool) -> None:
    if para.style == "heading2":
        _para(doc, para.text(), lay["heading2_font"], lay["body_size"], lay, highlight=mark and para.draft)
    else:
        _para(doc, para.text(), lay["body_font"], lay["body_size"], lay,
              highlight=mark and (para.draft or para.placeholder))


def build(draft: Draft, overrides: dict | None = None, mark_draft: bool = True, public: bool = False):
    """The python-docx Document (write_docx saves it). `public` drops internal passages."""
    lay = settings(overrides)["layout"]
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    m = lay["margins_mm"]
    section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    _page_number(doc, lay)
    title_font = lay["title_fallback"] if lay.get("use_fallback") else lay["title_font"]
    _para(doc, draft.title, title_font, lay["title_size"], lay, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, "", lay["body_font"], lay["body_size"], lay, indent=False)
    if draft.addressee:
        _para(doc, f"{draft.addressee}:", lay["body_font"], lay["body_size"], lay, indent=False)
    for para in draft.opening:
        _body(doc, para, lay, mark_draft)
    for label, part in draft.numbered_parts():
        _para(doc, f"{label}{part.heading}", lay["heading1_font"], lay["body_size"], lay)
        for para in part.paragraphs:
            if not (public and para.internal):
                _body(doc, para, lay, mark_draft)
    _para(doc, "", lay["body_font"], lay["body_size"], lay, indent=False)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _para(doc, draft.signer, lay["body_font"], lay["body_size"], lay, align=right, indent=False)
    if draft.date:
        _para(doc, date_cn(draft.date), lay["body_font"], lay["body_size"], lay, align=right, indent=False)
    return doc


def write_docx(draft: Draft, path: Path, overrides: dict | None = None, mark_draft: bool = True,
               public: bool = False) -> Path:
    path = Path(path)
    try:
        build(draft, overrides, mark_draft, public).save(str(path))
    except OSError as exc:
        raise FazhiError(f"无法写出 {path}:{exc.strerror or exc}") from None
    return path
