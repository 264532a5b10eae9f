"""The draft as HTML (the public page, or the office's view) and as PDF (through LibreOffice).

In HTML a figure is a <span class="figure"> carrying its key, definition and records, so
the web page can show where it comes from; the public version drops internal passages
(those marked in the 保密 review) and the draft marks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from fazhi.annual.model import Draft, Figure, Paragraph
from fazhi.errors import FazhiError
from fazhi.export import date_cn


def _run_html(run) -> str:
    if not isinstance(run, Figure):
        return escape(run)
    records = escape(json.dumps(run.records, ensure_ascii=False)) if run.records is not None else ""
    return (f'<span class="figure" data-key="{escape(run.key or "")}" title="{escape(run.definition)}"'
            f' data-records="{records}">{escape(run.text())}</span>')


def _para_html(para: Paragraph, public: bool) -> str:
    tag = "h3" if para.style == "heading2" else "p"
    classes = [c for c, on in (("draft", para.draft and not public), ("placeholder", para.placeholder),
                               ("internal", para.internal)) if on]
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{cls}>{''.join(_run_html(r) for r in para.runs)}</{tag}>"


def render_html(draft: Draft, public: bool = True) -> str:
    """An <article> fragment (the web template wraps it). public=True drops internal passages."""
    out = ['<article class="annual-report">', f"<h1>{escape(draft.title)}</h1>"]
    if draft.addressee:
        out.append(f'<p class="addressee">{escape(draft.addressee)}:</p>')
    out.extend(_para_html(p, public) for p in draft.opening if not (public and p.internal))
    # One flat article (no <section> per part): page readers, ours included, take the densest
    # container for the text, which must be the whole report.
    for label, part in draft.numbered_parts():
        out.append(f'<h2 data-part="{part.key}">{label}{escape(part.heading)}</h2>')
        out.extend(_para_html(p, public) for p in part.paragraphs if not (public and p.internal))
    out.append(f'<p class="signer">{escape(draft.signer)}</p>')
    if draft.date:
        out.append(f'<p class="date">{escape(date_cn(draft.date))}</p>')
    out.append("</article>")
    return "\n".join(out)


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    exe = libreoffice()
    if exe is None:
        raise FazhiError("未安装 LibreOffice,无法生成 PDF:请安装(sudo apt-get install libreoffice-writer),"
                         "或下载 .docx 后自行转换。")
    return exe


def page(draft: Draft) -> str:
    """A whole public HTML page (for the CLI; the web app uses its own template)."""
    date = f'<meta name="PubDate" content="{escape(draft.date)}">' if draft.date else ""
    return (f'<!doctype html>\n<html lang="zh-CN">\n<head><meta charset="utf-8">{date}<title>{escape(draft.title)}'
            f"</title></head>\n<body>\n{render_html(draft, public=True)}\n</body>\n</html>\n")


def to_pdf(docx: Path, out: Path, timeout: int = 120) -> Path:
    """Convert a written .docx to PDF with LibreOffice (headless); refuse clearly without it."""
    exe = require_libreoffice()
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run([exe, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                           check=True, capture_output=True, timeout=timeout)
        except (subprocess.SubprocessError, OSError) as exc:
            raise FazhiError(f"LibreOffice 转换 PDF 失败:{exc}") from None
        produced = Path(tmp) / (Path(docx).stem + ".pdf")
        if not produced.exists():
            raise FazhiError("LibreOffice 没有生成 PDF 文件。")
        shutil.move(str(produced), out)
    return out
