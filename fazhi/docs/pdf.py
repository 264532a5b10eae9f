"""PDF: the text layer, with running headers, footers and page numbers removed and
wrapped lines joined back into paragraphs. Ruled tables become Table blocks.

A PDF has no paragraphs, only positioned lines. A line ends its paragraph when
it ends a sentence, stops well short of the text's right edge, is followed by a
line that starts with an outline marker (一、 （一） 1. ①…) or is indented, or is
followed by a wide vertical gap. In documents whose paragraphs open with an
indent (公文 style), a full-width line ending in 。 followed by an unindented
line is a sentence that happened to end at the margin, not a paragraph end.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from fazhi.docs.base import MAX_TEXT_CHARS, Source, Table
from fazhi.errors import DocumentError

name = "pdf"
extensions = (".pdf",)

MAX_PAGES = 2000

SCANNED = "这是扫描件(没有文字层),请先做文字识别(OCR)后再导入。"

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~·\s]*\d{1,4}[-—–－_~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|[-—–－]\s*[一二三四五六七八九十百]+\s*[-—–－])$",
    re.I,
)

OUTLINE = re.compile(
    r"^\s*(?:"
    r"[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|\d{1,3}[、.．](?!\d)"
    r"|[（(]\d{1,3}[）)]"
    r"|[①-⑳❶-❿⑴-⒇]"
    r"|第[一二三四五六七八九十百零〇\d]+[条章节部分]"
    r"|附件\s*\d*[:：]?"
    r"|[A-Za-z][、.．)]"
    r")"
)

_SENTENCE_END = re.compile(r"[。！？；：!?;][”’」』\"')）]*$")
_CJK_SPACE = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


def sniff_content(head: bytes, path: Path) -> bool:
    return head.lstrip(b"\xef\xbb\xbf\x00 \t\r\n").startswith(b"%PDF-")



def _is_encryption_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's errors; look through the wrapper and the chain."""
    seen = 0
    todo: list = [exc]
    while todo and seen < 10:
        e = todo.pop()
        seen += 1
        kind = type(e).__name__.lower()
        if "password" in kind or "encrypt" in kind or "password" in str(e).lower():
            return True
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
    return False


def _open(path: Path):
    import pdfplumber

    try:
        return pdfplumber.open(path)
    except Exception as exc:
        if _is_encryption_error(exc):
            raise DocumentError(
                f"PDF 已加密:{path.name} 需要密码才能打开,请先解除密码(或另存为未加密的 PDF)后再导入。"
            ) from None
        raise DocumentError(
            f"文件已损坏,无法作为 PDF 打开:{path.name}。请重新导出 PDF 后再导入。"
        ) from None


def _page_count(pdf) -> int | None:
    """The declared page count, read from the page tree root without walking it."""
    try:
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        return int(count)
    except Exception:
        return None


def _clean_cell(cell) -> str:
    if cell is None:
        return ""
    parts = [p.strip() for p in str(cell).split("\n")]
    out = ""
    for p in parts:
        if not p:
            continue
        out = _join(out, p) if out else p
    return _CJK_SPACE.sub("", out)


def _tables(page) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """Ruled tables on the page as (bbox, rows); anything doubtful is left as text."""
    found = []
    try:
        for t in page.find_tables():
            rows = [[_clean_cell(c) for c in row] for row in t.extract()]
            rows = [r for r in rows if any(r)]
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                found.append((t.bbox, rows))
    except Exception:
        return []
    return found


def _page_items(page, index: int) -> list[Line | tuple[float, Table]]:
    tables = _tables(page)
    target = page
    if tables:
        boxes = [b for b, _ in tables]

        def outside(obj) -> bool:
            cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
            cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

        target = page.filter(outside)
    items: list = []
    for ln in target.extract_text_lines(return_chars=True, strip=True):
        text = _CJK_SPACE.sub("", ln["text"]).strip()
        if not text:
            continue
        sizes = [c.get("size", 0) for c in ln.get("chars", []) if c.get("text", "").strip()]
        size = statistics.median(sizes) if sizes else 10.0
        items.append(Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], size, index))
    for bbox, rows in tables:
        items.append((bbox[1], Table(rows=rows)))
    items.sort(key=lambda it: it.top if isinstance(it, Line) else it[0])
    return items


# --- The fast path: pdfium's text runs (about 2.4× faster than pdfminer's layout analysis).
# A page with ruling lines may hold a table, which pdfplumber finds; such pages take the
# pdfplumber path. Both paths give the same Line objects, so what follows is shared.
RULING_SEGMENTS = 8  # path segments on a page from which a ruled table is possible (a 红头
# rule or a box is fewer; a 2×2 grid drawn as one path or as lines is more)


def _pdfium_open(path: Path):
    try:
        import pypdfium2

        return pypdfium2.PdfDocument(str(path))
    except Exception:  # pdfium refuses what pdfplumber may still read (or report clearly)
        return None


def _pdfium_counts(page) -> tuple[int, int]:
    """(path segments, image objects) on the page, top level and inside forms."""
    import pypdfium2.raw as raw

    segments = images = 0
    for obj in page.get_objects(max_depth=3):
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            segments += max(raw.FPDFPath_CountSegments(obj.raw), 1)
        elif obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
    return segments, images


def _pdfium_lines(page, index: int) -> list[Line]:
    """Text runs (pdfium's rectangles) grouped into lines by their vertical position. A run's
    ends are its first and last characters' loose boxes (the advance, as pdfminer measures),
    not the ink: "（" and "。" have ink in one half of their cell only."""
    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = page.get_textpage()
    try:
        segs = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
            if not text.strip():
                continue
            mid, half = (top + bottom) / 2, max((top - bottom) / 2, 0.5)
            first = textpage.get_index(left + 0.1, mid, 1.0, half)
            last = textpage.get_index(right - 0.1, mid, 1.0, half)
            size = 0.0
            if first is not None and first >= 0:
                left = textpage.get_charbox(first, loose=True)[0]
                size = raw.FPDFText_GetFontSize(textpage.raw, first)
            if last is not None and last >= 0:
                right = textpage.get_charbox(last, loose=True)[2]
            segs.append(Line(text, left, right, height - top, height - bottom, size or (top - bottom), index))
    finally:
        textpage.close()
    segs.sort(key=lambda s: (s.top, s.x0))
    lines: list[Line] = []
    for s in segs:
        last = lines[-1] if lines else None
        if last is not None and abs(s.top - last.top) < 0.5 * max(s.size, last.size) and s.x0 >= last.x1 - 1:
            gap = " " if s.x0 - last.x1 > 0.25 * s.size else ""
            last.text, last.x1, last.bottom = last.text + gap + s.text, s.x1, max(last.bottom, s.bottom)
            last.size = max(last.size, s.size)
            continue
        lines.append(Line(s.text, s.x0, s.x1, s.top, s.bottom, s.size, index))
    out = []
    for ln in lines:
        ln.text = _CJK_SPACE.sub("", ln.text).strip()
        if ln.text:
            out.append(ln)
    return out


def _strip_running(pages: list[list], heights: list[float]) -> list[list]:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))

    def edge_lines(items: list, height: float) -> list[Line]:
        lines = [it for it in items if isinstance(it, Line)]
        edges = lines[:2] + lines[-2:]
        return [
            ln for ln in edges if ln.top < 0.15 * height or ln.bottom > 0.85 * height
        ]

    counts: Counter[str] = Counter()
    for items, h in zip(pages, heights, strict=True):
        counts.update({key(ln.text) for ln in edge_lines(items, h)})
    threshold = max(2, (len(pages) + 1) // 2)
    out = []
    for items, h in zip(pages, heights, strict=True):
        drop = set()
        for ln in edge_lines(items, h):
            if _PAGE_NUMBER.match(ln.text) or (len(pages) >= 2 and counts[key(ln.text)] >= threshold):
                drop.add(id(ln))
        out.append([it for it in items if id(it) not in drop])
    return out


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isdigit() and b[0].isdigit():
        return a + b  # a number wrapped at the line's end: "2026年1" + "1月30日"
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def _paragraphs(pages: list[list]) -> list[str | Table]:
    lines = [it for items in pages for it in items if isinstance(it, Line)]
    if not lines:
        return [it[1] for items in pages for it in items if not isinstance(it, Line)]
    size = statistics.median(ln.size for ln in lines) or 10.0
    left = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]
    rights = sorted(ln.x1 for ln in lines)
    right = rights[int(0.9 * (len(rights) - 1))] if len(rights) >= 5 else rights[-1]
    steps = [
        b.top - a.top
        for items in pages
        for a, b in zip(items, items[1:], strict=False)
        if isinstance(a, Line) and isinstance(b, Line) and b.top > a.top
    ]
    step = statistics.median(steps) if steps else size * 1.5
    indented = sum(1 for ln in lines if left + 1.5 * size <= ln.x0 <= left + 2.7 * size)
    uses_indent = indented >= 2 and indented >= 0.05 * len(lines)

    def is_indented(ln: Line) -> bool:
        return ln.x0 > left + 0.9 * size

    def is_full(ln: Line) -> bool:
        return ln.x1 >= right - 1.5 * size

    blocks: list[str | Table] = []
    current = ""
    prev: Line | None = None

    def flush() -> None:
        nonlocal current
        if current.strip():
            blocks.append(current.strip())
        current = ""

    for items in pages:
        for it in items:
            if not isinstance(it, Line):
                flush()
                prev = None
                table = it[1]
                last = blocks[-1] if blocks else None
                # A table continued from the previous page: same width, nothing in between.
                if isinstance(last, Table) and len(last.rows[0]) == len(table.rows[0]):
                    rows = table.rows
                    if rows and rows[0] == last.rows[0]:
                        rows = rows[1:]  # the header repeated on the new page
                    last.rows.extend(rows)
                else:
                    blocks.append(table)
                continue
            if prev is not None and _breaks(prev, it, size, step, uses_indent, is_indented, is_full):
                flush()
            current = _join(current, it.text) if current else it.text
            prev = it
    flush()
    return blocks


def _breaks(prev: Line, ln: Line, size, step, uses_indent, is_indented, is_full) -> bool:
    if OUTLINE.match(ln.text) or is_indented(ln):
        return True
    if not is_full(prev):
        return True
    if prev.page == ln.page and ln.top - prev.top > 1.8 * step:
        return True
    if _SENTENCE_END.search(prev.text):
        # With indented paragraph starts, an unindented next line continues the paragraph.
        return not uses_indent
    return False


def read(path: Path) -> Source:
    pdf = _open(path)
    fast = None
    try:
        count = _page_count(pdf)
        if count is not None and count > MAX_PAGES:
            raise DocumentError(f"{path.name} 页数过多({count} 页,上限 {MAX_PAGES} 页):请拆分后再导入。")
        try:
            pages = pdf.pages
        except Exception:
            raise DocumentError(f"文件已损坏,无法作为 PDF 打开:{path.name}。请重新导出 PDF 后再导入。") from None
        if len(pages) > MAX_PAGES:
            raise DocumentError(f"{path.name} 页数过多({len(pages)} 页,上限 {MAX_PAGES} 页):请拆分后再导入。")
        per_page: list[list] = []
        heights: list[float] = []
        chars = 0
        images = 0
        fast = _pdfium_open(path)
        for i, page in enumerate(pages):
            try:
                items = None
                if fast is not None and i < len(fast):
                    fpage = fast[i]
                    segments, imgs = _pdfium_counts(fpage)
                    if segments < RULING_SEGMENTS:  # no table possible: pdfium's text is enough
                        items = _pdfium_lines(fpage, i)
                        images += imgs
                    fpage.close()
                if items is None:
                    items = _page_items(page, i)
                    images += len(page.images)
            except Exception:
                raise DocumentError(
                    f"文件已损坏,第 {i + 1} 页无法读取:{path.name}。请重新导出 PDF 后再导入。"
                ) from None
            per_page.append(items)
            heights.append(float(page.height or 842))
            chars += sum(len(it.text) for it in items if isinstance(it, Line))
            if chars > MAX_TEXT_CHARS:
                raise DocumentError(f"{path.name} 文字过多(超过 {MAX_TEXT_CHARS} 字):请拆分后再导入。")
            page.flush_cache()
    finally:
        pdf.close()
        if fast is not None:
            fast.close()
    text_chars = sum(
        len(re.sub(r"\s+", "", it.text)) for items in per_page for it in items if isinstance(it, Line)
    )
    has_tables = any(not isinstance(it, Line) for items in per_page for it in items)
    if text_chars == 0 and not has_tables:
        raise DocumentError(SCANNED)
    if images and text_chars < 10 * len(per_page) and not has_tables:
        raise DocumentError(SCANNED)
    all_text = "".join(it.text for items in per_page for it in items if isinstance(it, Line))
    if all_text.count("(cid:") * 6 > 0.5 * len(all_text):
        raise DocumentError(
            f"{path.name} 的文字层无法解码(字体缺少编码信息):请先做文字识别(OCR)或另存为 Word 后再导入。"
        )
    per_page = _strip_running(per_page, heights)
    return Source(blocks=_paragraphs(per_page), format=name, path=str(path))
