"""OFD (GB/T 33190-2016), the national format for official electronic documents.

An .ofd is a zip of XML: OFD.xml names the document root (Doc_0/Document.xml), which
lists the pages; each page's Content.xml holds TextObjects with TextCodes positioned in
millimetres. No maintained Python library reads OFD text well enough (the few on PyPI
render pages to images for invoices), so the XML is read here with lxml, after the same
zip checks as .docx (safezip: entry count, declared sizes, compression ratio, encryption)
and with entities and network access off.

Positioned text runs become lines by baseline, and lines become paragraphs with the PDF
reader's rules (running headers and footers dropped, wrapped lines joined), since an OFD
page is, like a PDF page, positioned text without paragraphs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fazhi.docs import safezip
from fazhi.docs.base import MAX_TEXT_CHARS, MAX_UNPACKED_BYTES, Source
from fazhi.docs.pdf import MAX_PAGES, SCANNED, Line, _paragraphs, _strip_running
from fazhi.errors import DocumentError

name = "ofd"
extensions = (".ofd",)
KIND = "OFD 版式文件"

_NUM = re.compile(r"-?\d+(?:\.\d+)?")
_DEFAULT_BOX = (0.0, 0.0, 210.0, 297.0)  # A4 in millimetres


def sniff_content(head: bytes, path: Path) -> bool:
    return head.startswith(safezip.ZIP_MAGIC) and "OFD.xml" in safezip.zip_names(path)


@dataclass
class _Run:
    x0: float
    x1: float
    y: float  # baseline
    size: float
    text: str


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el, tag: str):
    return [c for c in el if _local(c.tag) == tag]


def _find(el, tag: str):
    for c in el.iter():
        if _local(c.tag) == tag:
            return c
    return None


class _Package:
    """The zip's members, read with the declared-size limits checked by safezip."""

    def __init__(self, path: Path):
        self.path = path
        self.names = set(safezip.check_zip(path, KIND))
        self.zf = zipfile.ZipFile(path)
        self.read_bytes = 0

    def xml(self, member: str):
        from lxml import etree

        member = member.lstrip("/")
        if member not in self.names:
            raise safezip.corrupt(self.path, KIND)
        info = self.zf.getinfo(member)
        self.read_bytes += info.file_size
        if self.read_bytes > MAX_UNPACKED_BYTES:
            raise DocumentError(f"{self.path.name} 解压后过大,疑似压缩炸弹,已拒绝读取。")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
        root = etree.fromstring(self.zf.read(member), parser)
        if root is None:
            raise safezip.corrupt(self.path, KIND)
        return root

    def close(self) -> None:
        self.zf.close()


def _resolve(base_file: str, loc: str) -> str:
    """A location as OFD writes it: absolute from the package root, or relative to the file."""
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), loc))


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    nums = [float(n) for n in _NUM.findall(text or "")]
    return tuple(nums[:4]) if len(nums) >= 4 else None


def _advances(delta: str | None, count: int, size: float) -> list[float]:
    """DeltaX: gaps between glyphs, with "g N d" meaning N gaps of d."""
    out: list[float] = []
    tokens = (delta or "").split()
    i = 0
    while i < len(tokens) and len(out) < count:
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out.extend([float(tokens[i + 2])] * int(float(tokens[i + 1])))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return (out + [size] * count)[:count]


def _runs(content) -> list[_Run]:
    runs: list[_Run] = []
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = _box(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
        try:
            size = float(obj.get("Size") or 3.5)
        except ValueError:
            size = 3.5
        x, y = box[0], box[1] + size
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            try:
                x = box[0] + float(code.get("X", x - box[0]))
                y = box[1] + float(code.get("Y", y - box[1]))
            except ValueError:
                pass
            width = sum(_advances(code.get("DeltaX"), max(len(text) - 1, 0), size)) + size
            runs.append(_Run(x, x + width, y, size, text))
            x += width
    return runs


def _lines(runs: list[_Run], page_no: int) -> list[Line]:
    """Runs on one baseline (within a third of the type size) make one line, left to right."""
    runs.sort(key=lambda r: (round(r.y, 1), r.x0))
    lines: list[Line] = []
    group: list[_Run] = []

    def flush() -> None:
        if not group:
            return
        group.sort(key=lambda r: r.x0)
        text = group[0].text
        for a, b in zip(group, group[1:], strict=False):
            gap = b.x0 - a.x1
            ascii_pair = text[-1:].isascii() and b.text[:1].isascii()
            text += (" " if ascii_pair and gap > 0.3 * a.size else "") + b.text
        size = max(r.size for r in group)
        y = max(r.y for r in group)
        lines.append(Line(text.strip(), group[0].x0, max(r.x1 for r in group), y - size, y, size, page_no))
        group.clear()

    for r in runs:
        if group and abs(r.y - group[-1].y) > 0.35 * max(r.size, group[-1].size):
            flush()
        group.append(r)
    flush()
    return [ln for ln in lines if ln.text]


def _document(pkg: _Package) -> tuple[str, object, str | None]:
    """(Document.xml's member name, its root, the title in DocInfo) from OFD.xml."""
    ofd = pkg.xml("OFD.xml")
    body = _find(ofd, "DocBody")
    root_el = _find(body, "DocRoot") if body is not None else None
    if root_el is None or not (root_el.text or "").strip():
        raise safezip.corrupt(pkg.path, KIND)
    doc_file = _resolve("OFD.xml", root_el.text)
    title_el = _find(body, "Title")
    title = (title_el.text or "").strip() if title_el is not None else None
    return doc_file, pkg.xml(doc_file), title or None


def _page_files(pkg: _Package, doc_file: str, document) -> list[str]:
    pages_el = _find(document, "Pages")
    refs = [p for p in pages_el.iter() if _local(p.tag) == "Page"] if pages_el is not None else []
    if len(refs) > MAX_PAGES:
        raise DocumentError(f"{pkg.path.name} 页数过多({len(refs)} 页,上限 {MAX_PAGES} 页):请拆分后再导入。")
    out = []
    for ref in refs:
        if loc := ref.get("BaseLoc"):
            page_file = _resolve(doc_file, loc)
            out.append(page_file if page_file.lower().endswith(".xml") else posixpath.join(page_file, "Content.xml"))
    return out


def read(path: Path) -> Source:
    pkg = _Package(path)
    try:
        doc_file, document, title = _document(pkg)
        physical = _find(document, "PhysicalBox")  # the document's default page area
        default_box = _box(physical.text) if physical is not None else None
        per_page: list[list] = []
        heights: list[float] = []
        chars = 0
        for i, page_file in enumerate(_page_files(pkg, doc_file, document)):
            page = pkg.xml(page_file)
            area = _find(page, "PhysicalBox")
            box = (_box(area.text) if area is not None else None) or default_box or _DEFAULT_BOX
            lines = _lines(_runs(page), i)
            chars += sum(len(ln.text) for ln in lines)
            if chars > MAX_TEXT_CHARS:
                raise DocumentError(f"{path.name} 文字过多(超过 {MAX_TEXT_CHARS} 字):请拆分后再导入。")
            per_page.append(lines)
            heights.append(box[3] or _DEFAULT_BOX[3])
    finally:
        pkg.close()
    per_page = _strip_running(per_page, heights)
    if not any(per_page):  # nothing but page numbers: images of pages
        raise DocumentError(SCANNED)
    return Source(blocks=_paragraphs(per_page), title=title, format=name, path=str(path))
