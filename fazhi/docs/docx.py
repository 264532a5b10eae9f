"""Word .docx: paragraphs and tables in document order.

python-docx opens the package; the body is then walked as XML so that
paragraphs and tables keep their order, merged cells are handled the way the
parser wants (horizontal spans once, vertical spans repeated down so each row
stands alone) and nested tables are flattened into their cell's text.
Word's automatic numbering (一、 （一） 1. … produced by w:numPr rather than typed) is
rendered into the paragraph text, see `docx_numbering`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from fazhi.docs import safezip
from fazhi.docs.base import MAX_DOCX_XML_BYTES, MAX_TEXT_CHARS, Source, Table
from fazhi.docs.docx_numbering import Numbering
from fazhi.errors import DocumentError

name = "docx"
extensions = (".docx", ".docm", ".dotx", ".dotm")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Subtrees whose text is not part of the running text (deleted revisions,
# text boxes, the fallback copy of drawings).
_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", MC + "Fallback", W + "pPr", W + "rPr"}
# Containers whose children are read as if they were in the parent.
_TRANSPARENT = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}


def sniff_content(head: bytes, path: Path) -> bool:
    return head.startswith(safezip.ZIP_MAGIC) and "word/document.xml" in safezip.zip_names(path)



def _paragraph_text(p) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                parts.append("\t")
            elif tag == W + "br":
                if child.get(W + "type") != "page":
                    parts.append("\n")
            elif tag == W + "cr":
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _numbered_text(p, numbering: Numbering | None) -> str:
    """The paragraph's text with its automatic number, if any, in front as Word shows it."""
    text = _paragraph_text(p)
    if numbering is None:
        return text
    try:
        label = numbering.label(p)
    except Exception:  # numbering is best effort: an odd definition costs the label only
        label = None
    return label + text.lstrip(" \t\u3000") if label else text


def _children(el) -> Iterator:
    """Block-level children, looking through content controls and similar wrappers."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _TRANSPARENT or child.tag == W + "sdtContent":
            yield from _children(child)
        elif child.tag == W + "sdtPr" or child.tag == W + "sdtEndPr":
            continue
        else:
            yield child


def _int_attr(el, path: str, default: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return max(1, min(int(found.get(W + "val", default)), 1000))
    except (TypeError, ValueError):
        return default


def _cell_text(tc, numbering: Numbering | None = None) -> str:
    parts: list[str] = []
    for child in _children(tc):
        if child.tag == W + "p":
            text = _numbered_text(child, numbering).strip()
            if text:
                parts.append(text)
        elif child.tag == W + "tbl":
            for row in _table_rows(child, numbering):
                line = " ".join(c for c in row if c)
                if line:
                    parts.append(line)
    return "\n".join(parts)


def _table_rows(tbl, numbering: Numbering | None = None) -> list[list[str]]:
    rows: list[list[str]] = []
    prev: list[str] = []
    for tr in _children(tbl):
        if tr.tag != W + "tr":
            continue
        row: list[str] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            row.extend([""] * _int_attr(tr, f"{W}trPr/{W}gridBefore", 0))
        for tc in _children(tr):
            if tc.tag != W + "tc":
                continue
            span = _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue":
                # Continuation of a vertical merge: repeat the value from above.
                start = len(row)
                row.extend(prev[start + k] if start + k < len(prev) else "" for k in range(span))
            else:
                row.append(_cell_text(tc, numbering))
                row.extend([""] * (span - 1))  # a horizontal span: the text once
        rows.append(row)
        prev = row
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows if any(c.strip() for c in r)]


def blocks_from_body(body, numbering: Numbering | None = None) -> list[str | Table]:
    blocks: list[str | Table] = []
    chars = 0
    for el in _children(body):
        if el.tag == W + "p":
            for line in _numbered_text(el, numbering).split("\n"):
                line = line.strip()
                if line:
                    blocks.append(line)
                    chars += len(line)
        elif el.tag == W + "tbl":
            rows = _table_rows(el, numbering)
            if not rows:
                continue
            if max(len(r) for r in rows) == 1:
                # A one-column table is a frame around text, not a table.
                for r in rows:
                    blocks.extend(s.strip() for s in r[0].split("\n") if s.strip())
            else:
                blocks.append(Table(rows=rows))
            chars += sum(len(c) for r in rows for c in r)
        if chars > MAX_TEXT_CHARS:
            raise DocumentError(f"文档文字过多(超过 {MAX_TEXT_CHARS} 字):请拆分后再导入。")
    return blocks


_JUNK_TITLE = re.compile(r"^(microsoft\s+word|文档\s*\d*$|document\s*\d*$|untitled|无标题|标题$)", re.I)


def _meaningful_title(title: str | None, blocks: list[str | Table]) -> str | None:
    """Core-properties titles are often left over from a template: trust one only when
    it is Chinese text that also opens the document."""
    if not title:
        return None
    title = re.sub(r"\s+", "", title)
    if len(title) < 4 or _JUNK_TITLE.match(title) or not re.search(r"[\u4e00-\u9fff]", title):
        return None
    opening = "".join(re.sub(r"\s+", "", b) for b in blocks[:6] if isinstance(b, str))
    return title if title in opening else None


def _xml(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _related_root(part, reltype: str):
    """The XML root of the part `part` points to with `reltype`, or None."""
    try:
        related = part.part_related_by(reltype)
    except (KeyError, ValueError):
        return None
    element = getattr(related, "element", None)
    return element if element is not None else _xml(related.blob)


def _numbering(numbering_root, styles_root) -> Numbering | None:
    """Best effort: a broken numbering part costs the labels, never the document."""
    if numbering_root is None:
        return None
    try:
        return Numbering(numbering_root, styles_root)
    except Exception:
        return None


def _load_body(path: Path):
    """(body element, core-properties title, numbering) of the main document part."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        body, title = document.element.body, document.core_properties.title
    except PackageNotFoundError:
        raise safezip.corrupt(path, "Word 文档") from None
    except ValueError:
        pass  # e.g. a macro-enabled or template content type: read the XML directly
    except Exception:
        raise safezip.corrupt(path, "Word 文档") from None
    else:
        try:
            numbering_root = _related_root(document.part, RT.NUMBERING)
            styles_root = _related_root(document.part, RT.STYLES)
        except Exception:
            numbering_root = styles_root = None
        return body, title, _numbering(numbering_root, styles_root)

    try:
        with zipfile.ZipFile(path) as zf:
            root = _xml(zf.read("word/document.xml"))
            names = set(zf.namelist())
            extra = {
                name: _xml(zf.read(name))
                for name in ("word/numbering.xml", "word/styles.xml")
                if name in names
            }
    except Exception:
        raise safezip.corrupt(path, "Word 文档") from None
    body = root.find(W + "body")
    if body is None:
        raise safezip.corrupt(path, "Word 文档")
    return body, None, _numbering(extra.get("word/numbering.xml"), extra.get("word/styles.xml"))


class _TextCounter:
    """lxml parser target that builds no tree: counts the characters inside w:t elements."""

    def __init__(self, limit: int, error: DocumentError):
        self.limit, self.error, self.depth, self.chars = limit, error, 0, 0

    def start(self, tag, attrib):
        if tag == W + "t":
            self.depth += 1

    def end(self, tag):
        if tag == W + "t":
            self.depth -= 1

    def data(self, text):
        if self.depth:
            self.chars += len(text)
            if self.chars > self.limit:
                raise self.error

    def close(self):
        return self.chars


def _check_sizes(path: Path) -> None:
    """Caps checked before python-docx builds the document tree: the declared size of
    word/document.xml, then — when it could hold more text than MAX_TEXT_CHARS — one streaming pass
    that decompresses it through a byte cap and counts its text without building a tree."""
    member = "word/document.xml"
    size = safezip.check_member(path, member, MAX_DOCX_XML_BYTES, "Word 文档")
    if size <= MAX_TEXT_CHARS:
        return  # a character takes at least one byte: the text cannot exceed the cap
    from lxml import etree

    too_much = DocumentError(f"{path.name} 文字过多(超过 {MAX_TEXT_CHARS} 字):请拆分后再导入。")
    counter = _TextCounter(MAX_TEXT_CHARS, too_much)
    parser = etree.XMLParser(target=counter, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as raw:
            capped = safezip.CappedReader(raw, MAX_DOCX_XML_BYTES,
                                          safezip.too_big(path, member, MAX_DOCX_XML_BYTES + 1, MAX_DOCX_XML_BYTES))
            while chunk := capped.read(1 << 20):
                parser.feed(chunk)
            parser.close()
    except DocumentError:
        raise
    except Exception:
        raise safezip.corrupt(path, "Word 文档") from None


def read(path: Path) -> Source:
    safezip.check_zip(path, "Word 文档")
    _check_sizes(path)
    body, core_title, numbering = _load_body(path)
    try:
        blocks = blocks_from_body(body, numbering)
    except DocumentError:
        raise
    except Exception:
        raise safezip.corrupt(path, "Word 文档") from None
    return Source(
        blocks=blocks,
        title=_meaningful_title(core_title, blocks),
        format=name,
        path=str(path),
    )
