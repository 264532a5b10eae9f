"""Write one text as .txt, .docx, .html and .pdf, the way a user's files would come."""

from __future__ import annotations

import html
from pathlib import Path


def write_txt(text: str, path: Path) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_docx(text: str, path: Path) -> Path:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        if line.strip():
            doc.add_paragraph(line)
    doc.save(str(path))
    return path


def write_html(text: str, path: Path) -> Path:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    body = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
    page = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(lines[0])}</title>'
        f"</head><body><h1>{html.escape(lines[0])}</h1>\n{body}</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def wrap(para: str, per_line: int) -> list[str]:
    """A paragraph cut into printed lines, the first two characters shorter (its indent)."""
    lines, rest = [], para
    while rest:
        n = per_line - 2 if not lines else per_line
        lines.append(rest[:n])
        rest = rest[n:]
    return lines


def write_pdf(text: str, path: Path, per_line: int = 30, size: int = 12) -> Path:
    """Paragraphs wrapped at `per_line` characters, first line indented, as printed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("STSong-Light", size)
    paras = [ln for ln in text.splitlines() if ln.strip()]
    c.drawCentredString(width / 2, height - 60, paras[0])  # the title: one centred line
    y = height - 100
    for para in paras[1:]:
        for i, line in enumerate(wrap(para, per_line)):
            if y < 80:
                c.showPage()
                c.setFont("STSong-Light", size)
                y = height - 80
            c.drawString(72 + (2 * size if i == 0 else 0), y, line)
            y -= size * 1.8
    c.showPage()
    c.save()
    return path


WRITERS = {".txt": write_txt, ".docx": write_docx, ".html": write_html, ".pdf": write_pdf}
