"""A government portal page (.html/.htm/.shtml): the article body, its title and date.

lxml parses the page (nothing is executed or fetched). The article container
is found by text density, in the manner of readability: paragraphs give their
length to their parent and half to their grandparent, link-heavy blocks give
nothing, and containers named like content (zoom, TRS_Editor…) are favoured
while those named like navigation or footers are penalised. Inside the
article, navigation, share widgets, print/close links, metadata tables
(索引号/发布机构/主题分类…) and footer lines are dropped; content tables are kept
as Table blocks. The metadata table still feeds Source.title/date/meta.
"""

from __future__ import annotations

import re
from pathlib import Path

from fazhi.docs.base import MAX_TEXT_CHARS, Source, Table
from fazhi.errors import DocumentError

name = "html"
extensions = (".html", ".htm", ".shtml", ".xhtml", ".mht")

_DROP_TAGS = {
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "canvas", "template", "button", "input", "select", "textarea", "option", "map",
    "audio", "video", "head", "link", "meta",
}  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "form", "fieldset", "address",
    "header", "footer", "nav", "aside", "figure", "figcaption", "hr", "caption", "tr", "table",
    "tbody", "thead", "tfoot",
}  # fmt: skip
_CONTENT_HINT = re.compile(
    r"zoom|trs_?editor|trs_?ueditor|article|content|detail|main-?text|zhengwen|wzzw|"
    r"\bzw\b|\bcon\b|text|body|bt_content|pages_content|custom_unionstyle",
    re.I,
)
_JUNK_HINT = re.compile(
    r"nav|menu|header|head\b|footer|foot\b|bottom|breadcrumb|crumb|position|location|weizhi|"
    r"share|bdshare|tools|print|sidebar|side\b|banner|search|login|copyright|links|related|"
    r"xgxx|qrcode|ewm|topbar|top\b|fenxiang|dayin|guanbi",
    re.I,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_META_LABELS = (
    "索引号", "发布机构", "发文机关", "发文单位", "主题分类", "主题词", "文号", "发文字号",
    "成文日期", "发文日期", "发布日期", "生效日期", "有效性", "信息分类", "体裁分类",
    "组配分类", "服务对象", "所属机构", "公开方式", "公开范围", "信息来源",
)  # fmt: skip
_META_LABEL_RE = re.compile("|".join(_META_LABELS))

_JUNK_LINE = re.compile(
    r"ICP\s*备|公网安备|网站标识码|版权所有|技术支持|"
    r"^网站地图|联系我们\s*$|浏览次数|访问次数|阅读次数|点击数|访问量|字号[:：\s]*[\[【(]?\s*[大中小]|"
    r"【?打印本页】?|【打印】|【关闭】|关闭窗口|分享到|扫一扫|^收藏|^上一篇|^下一篇|^相关链接|"
    r"^相关文章|^相关阅读|返回顶部|^【?字体|^(当前位置|您的位置|您现在的位置|所在位置)|"
    r"^(打印|关闭|返回|首页)$"
)
_META_LINE = re.compile(
    r"^(发布日期|发布时间|发文日期|日期|时间|来源|信息来源|作者|发布机构|责任编辑|编辑)\s*[:：]"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SITE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s+[-—–]+\s+|\s*--\s*")


def sniff_content(head: bytes, path: Path) -> bool:
    # Both tests below need a "<" in the first 2 KB: a plain text (every .txt is asked) holds
    # none there most often, told by one byte scan instead of two lowered copies.
    if head.find(b"<", 0, 2048) < 0:
        return False
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return True
    # UTF-16 pages and pages opening with a comment or an XML declaration.
    text = head[:2048].replace(b"\x00", b"").lower()
    return b"<html" in text and (b"<head" in text or b"<body" in text)



# ---------------------------------------------------------------- decoding

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
            "gb-2312": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030"}  # fmt: skip


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        # Valid UTF-8 is almost never GBK text by accident, whatever the page declares.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    tried = ["utf-8"]
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        declared = _ALIASES.get(declared, declared)
        tried.append(declared)
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    for enc in ("utf-8", "gb18030"):
        if enc in tried:
            continue
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    try:
        return data.decode(tried[-1], errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- helpers


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content() if hasattr(el, "text_content") else "").strip()


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    # Runs of spaces collapse to one but are kept: in a page whose paragraphs were flattened
    # they are the only paragraph boundaries left (the parser drops them between words).
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _attrs(el) -> str:
    return f"{el.get('id', '')} {el.get('class', '')}"


def _link_density(el, text_len: int) -> float:
    if text_len == 0:
        return 1.0
    links = sum(len(_text(a)) for a in el.iter("a"))
    return links / text_len


def _is_metadata_table(table) -> bool:
    text = _text(table)
    return len(set(_META_LABEL_RE.findall(text))) >= 2 and len(text) < 600


# ---------------------------------------------------------------- metadata


def _meta_content(root, *names: str) -> str | None:
    wanted = {n.lower() for n in names}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        if key in wanted:
            value = _clean(meta.get("content") or "")
            if value:
                return value
    return None


def _metadata_pairs(root) -> dict[str, str]:
    """Label → value pairs from metadata tables/lists (索引号: … 发布机构: …)."""
    pairs: dict[str, str] = {}
    for table in root.iter("table"):
        if not _is_metadata_table(table):
            continue
        cells = [_clean(_text(c)) for c in table.iter("td", "th")]
        for i, cell in enumerate(cells):
            label = cell.rstrip(":： ")
            m = re.match(rf"^({'|'.join(_META_LABELS)})\s*[:：]\s*(.+)$", cell)
            if m:
                pairs.setdefault(m[1], m[2].strip())
            elif label in _META_LABELS and i + 1 < len(cells):
                pairs.setdefault(label, cells[i + 1])
    return pairs


def _title(meta_title: str | None, scope, page_title: str) -> str | None:
    if meta_title:
        return meta_title
    if scope is not None:
        for tag in ("h1", "h2"):
            for h in scope.iter(tag):
                text = _clean(_text(h))
                if 4 <= len(text) <= 120:
                    return text
    parts = [p for p in _SITE_SPLIT.split(page_title) if p]
    if len(parts) > 1:
        return max(parts[:-1], key=len)  # drop the site suffix (_某某市人民政府)
    return parts[0] if parts else None


def _date(meta_date: str | None, pairs: dict[str, str], lines: list[str]) -> str | None:
    """The publish date: a meta tag, then 发布日期 (table or line), then 发文/成文日期, then 时间."""
    if meta_date and (m := _DATE.search(meta_date)) and (d := _iso(m)):
        return d
    for labels, pattern in (
        (("发布日期",), r"发布日期|发布时间"),
        (("发文日期", "成文日期"), r"发文日期|成文日期"),
        ((), r"时间|日期"),
    ):
        for label in labels:
            if label in pairs and (m := _DATE.search(pairs[label])) and (d := _iso(m)):
                return d
        for line in lines:
            m = re.search(rf"(?:{pattern})\s*[:：]?\s*", line)
            if m and (dm := _DATE.match(line[m.end() :])) and (d := _iso(dm)):
                return d
    return None


# ---------------------------------------------------------------- article


def _prune(root) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.getparent() is not None:
                el.drop_tree()
            continue
        if el.tag in _DROP_TAGS or _HIDDEN.search(el.get("style", "") or ""):
            if el.getparent() is not None:
                el.drop_tree()
    for tag in ("nav", "footer"):
        for el in list(root.iter(tag)):
            if el.getparent() is not None:
                el.drop_tree()


def _find_article(body):
    scores: dict = {}
    for el in body.iter("p", "div", "td", "li", "pre", "section", "article", "span", "font"):
        if el.tag in ("div", "td", "section", "article", "span", "font"):
            # Containers count only for their own direct text (old pages: text + <br>).
            own = (el.text or "") + "".join((c.tail or "") for c in el)
            text = _clean(own)
        else:
            text = _clean(_text(el))
        length = len(re.findall(r"[\u4e00-\u9fff\w]", text))
        if length < 8:
            continue
        if el.tag in ("p", "pre", "li") and _link_density(el, len(text)) > 0.5:
            continue
        parent = el.getparent()
        for node, share in ((el, 0.2), (parent, 1.0), (parent.getparent() if parent is not None else None, 0.5)):
            if node is not None:
                scores[node] = scores.get(node, 0.0) + length * share
    best, best_score = None, 0.0
    for node, score in scores.items():
        attrs = _attrs(node)
        if _CONTENT_HINT.search(attrs):
            score *= 1.5
        if _JUNK_HINT.search(attrs) and not _CONTENT_HINT.search(attrs):
            score *= 0.2
        text_len = len(_text(node))
        score *= 1.0 - min(_link_density(node, text_len), 0.9)
        if score > best_score:
            best, best_score = node, score
    return _widen(best)


def _widen(best):
    """A body split into sibling <section>s or <article>s (one per part of a report) is one
    article: their parent, when a sibling of the same tag holds text rather than links."""
    while best is not None and best.tag in ("section", "article"):
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        texty = [
            s
            for s in parent
            if s is not best and s.tag == best.tag and len(text := _clean(_text(s))) >= 8
            and _link_density(s, len(text)) < 0.3
        ]
        if not texty:
            break
        best = parent
    return best


_TABLE_PARTS = ("table", "tbody", "thead", "tfoot", "tr", "td", "th")


def _grid(table) -> list[list[str]]:
    """Rows of a table with colspan (text once) and rowspan (repeated down) resolved."""
    rows: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows left)
    for tr in table.iter("tr"):
        # Only rows of this table, not of nested tables.
        anc = tr.getparent()
        while anc is not None and anc.tag != "table":
            anc = anc.getparent()
        if anc is not table:
            continue
        row: list[str] = []
        col = 0
        cells = [c for c in tr if c.tag in ("td", "th")]
        ci = 0
        while ci < len(cells) or col in pending:
            if col in pending:
                text, left = pending[col]
                row.append(text)
                if left > 1:
                    pending[col] = (text, left - 1)
                else:
                    del pending[col]
                col += 1
                continue
            cell = cells[ci]
            ci += 1
            text = _clean(_cell_text(cell))
            span = _span(cell.get("colspan"))
            down = _span(cell.get("rowspan"))
            row.append(text)
            if down > 1:
                pending[col] = (text, down - 1)
            for k in range(1, span):
                row.append("")
                if down > 1:
                    pending[col + k] = ("", down - 1)
            col += span
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows if any(r)]


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def _cell_text(cell) -> str:
    lines = _lines_of(cell, tables=False)
    return "\n".join(b for b in lines if isinstance(b, str))


def _is_content_table(table, rows: list[list[str]]) -> bool:
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return False
    if table.find(".//table") is not None:
        return False  # a layout table around other tables
    cells = [c for r in rows for c in r if c]
    return bool(cells) and sum(len(c) for c in cells) / len(cells) < 150


def _lines_of(root, tables: bool = True) -> list[str | Table]:
    out: list[str | Table] = []
    buf: list[str] = []

    def flush() -> None:
        text = _clean("".join(buf))
        buf.clear()
        if text:
            out.append(text)

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            flush()
        elif tag == "table":
            flush()
            if _is_metadata_table(el):
                pass
            else:
                rows = _grid(el) if tables else []
                if tables and _is_content_table(el, rows):
                    out.append(Table(rows=rows))
                else:
                    for child in el:
                        walk(child)
                    flush()
        elif tag in _BLOCK_TAGS or tag in ("td", "th"):
            flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            flush()
        else:
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
        if el.tail and el is not root:
            buf.append(el.tail)

    if root.text:
        buf.append(root.text)
    for child in root:
        walk(child)
    flush()
    return out


def _drop_junk(el) -> None:
    """Inside the article: navigation, share and tool bars named as such, when short or link-heavy."""
    for node in list(el.iter()):
        if node is el or not isinstance(node.tag, str) or node.getparent() is None:
            continue
        attrs = _attrs(node)
        if _JUNK_HINT.search(attrs) and not _CONTENT_HINT.search(attrs):
            text_len = len(_text(node))
            if text_len < 200 or _link_density(node, text_len) > 0.5:
                node.drop_tree()


def _keep_line(line: str) -> bool:
    from fazhi.parse.rules import is_site_footer

    if len(line) <= 60 and _JUNK_LINE.search(line):
        return False
    if is_site_footer(line):  # "主办:… 承办:… 网站标识码…"; a 承办单位 note stays
        return False
    if len(line) <= 80 and _META_LINE.match(line):
        return False
    return True


def read(path: Path) -> Source:
    from lxml import html as lxml_html

    from fazhi.docs.txt import _looks_like_text

    data = path.read_bytes()
    binary = f"{path.name} 不是有效的网页文件(内容是二进制数据或无法识别的编码):请重新保存网页后再导入。"
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(binary)  # before the costly decoding
    text = decode(data)
    if not _looks_like_text(text):
        raise DocumentError(binary)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding decl
    if len(text) > MAX_TEXT_CHARS * 2:
        raise DocumentError(f"{path.name} 内容过大:请拆分后再导入。")
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = lxml_html.document_fromstring(text, parser=parser)
    except Exception:
        raise DocumentError(f"无法解析网页文件 {path.name}:文件可能已损坏或不是网页。") from None
    pairs = _metadata_pairs(root)
    meta_title = _meta_content(root, "ArticleTitle", "og:title", "dc.title")
    meta_date = _meta_content(
        root, "PubDate", "publishdate", "pubdate", "article:published_time",
        "firstpublishedtime", "dc.date", "dcterms.created", "publish_date",
    )  # fmt: skip
    title_el = root.find(".//title")
    page_title = _clean(_text(title_el)) if title_el is not None else ""
    _prune(root)
    body = root.find("body")
    if body is None:
        body = root
    # The title and date line often sit just outside the article container.
    all_lines = [b for b in _lines_of(body, tables=False) if isinstance(b, str)]
    article = _find_article(body)
    if article is None:
        article = body
    # A page that is mostly one 分工表: the best-scored container is the table (or a row of it);
    # read from the element holding the table, so the rows stay a Table.
    while article.tag in _TABLE_PARTS and article.getparent() is not None:
        article = article.getparent()
    scope = article.getparent() if article.getparent() is not None else article
    title = _title(meta_title, scope, page_title)
    date = _date(meta_date, pairs, all_lines[:40])
    _drop_junk(article)
    blocks: list[str | Table] = []
    for b in _lines_of(article):
        if isinstance(b, Table):
            blocks.append(b)
        elif _keep_line(b) and not (title and b == title and not blocks):
            blocks.append(b)
    if not blocks:
        raise DocumentError(
            f"{path.name} 中没有找到正文内容:请确认这是文章页面,而不是首页或栏目列表页。"
        )
    if title:
        blocks.insert(0, title)
    meta: dict[str, str] = {}
    issuer = pairs.get("发布机构") or pairs.get("发文机关") or pairs.get("发文单位")
    if issuer:
        meta["issuer"] = issuer
    for label, key in (("文号", "doc_number"), ("发文字号", "doc_number"), ("索引号", "index_number")):
        if label in pairs:
            meta.setdefault(key, pairs[label])
    return Source(blocks=blocks, title=title, date=date, format=name, path=str(path), meta=meta)
