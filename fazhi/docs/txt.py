"""Plain text: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 — detected, not assumed."""

from __future__ import annotations

import re
from pathlib import Path

from fazhi.docs.base import MAX_TEXT_CHARS, Source, Table
from fazhi.errors import DocumentError

name = "txt"
extensions = (".txt", ".text", ".md")

NOT_TEXT = "{name} 不是文本文档(内容是二进制数据或无法识别的编码):请另存为 UTF-8 文本或 Word 文档后重试。"

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def sniff_content(head: bytes, path: Path) -> bool:
    return False  # plain text has no magic bytes: it is picked by extension


def _looks_like_text(text: str) -> bool:
    """Few control characters and few U+FFFD in the text's first 200 000 characters."""
    if not text:
        return True
    sample = text[:200_000]
    bad = sample.count("\ufffd") if "\ufffd" in sample else 0  # (`in` is a memchr; count is not)
    return _controls(sample) <= max(2, len(sample) // 200) and bad <= max(2, len(sample) // 100)


# _CONTROL's characters as bytes: every one of them is below U+0100.
_CONTROL_BYTES = bytes(b for b in range(256) if _CONTROL.match(chr(b)))


def _controls(sample: str) -> int:
    """`len(_CONTROL.findall(sample))`, counted on the text's Latin-1 characters only: every
    control is one, and a Chinese text's are a few in ten (ASCII and punctuation). Encoding
    them out (~9 instructions a character) and deleting the controls from that short string
    costs several times less than the pattern (~50 a character) or a count on UTF-8 bytes."""
    latin = sample.encode("latin-1", "ignore")
    return len(latin) - len(latin.translate(None, _CONTROL_BYTES))


_PLAUSIBLE = re.compile(r"[\t\n\r -~\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _plausibility(text: str) -> float:
    sample = text[:20_000]
    return len(_PLAUSIBLE.findall(sample)) / max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """BOM-less UTF-16 shows up as NULs in the high byte of every ASCII character."""
    sample = data[:65536]
    nuls = sample.count(0)
    if nuls < 2 or len(data) % 2:
        return None
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    if max(odd, even) < 0.6 * nuls:
        return None  # NULs everywhere: binary, not UTF-16
    best: tuple[float, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is not None and best[0] >= 0.9 and _looks_like_text(best[1]):
        return best[1]
    return None


def decode(data: bytes, label: str = "该文件") -> str:
    """Decode bytes whose encoding is unknown; Chinese government text is UTF-8 or GB18030."""
    text: str | None
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = data.decode("utf-32", errors="replace")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise DocumentError(NOT_TEXT.format(name=label))
    else:
        text = None
        try:
            text = data.decode("utf-8")
            if not _looks_like_text(text):
                raise DocumentError(NOT_TEXT.format(name=label))
            return text
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        if text is None:
            from charset_normalizer import (
                from_bytes,  # slow to import; only this rare path needs it
            )

            best = from_bytes(data[:200_000]).best()
            if best is None or best.encoding is None:
                raise DocumentError(NOT_TEXT.format(name=label))
            text = data.decode(best.encoding, errors="replace")
    if not _looks_like_text(text):
        raise DocumentError(NOT_TEXT.format(name=label))
    return text


def lines(text: str) -> list[str]:
    """Non-empty lines, stripped; each line is one paragraph."""
    if "\ufeff" in text:  # a BOM repeated inside (files pasted together): one replace for all
        text = text.replace("\ufeff", "")
    return [s for line in text.splitlines() if (s := line.strip())]


_SPACE_GAP = re.compile(r"[ \u3000]{2,}")


def _cells(p: str) -> list[str] | None:
    """A line's cells: split by tabs, or, in a line without tabs, by gaps of two or more spaces
    (a table pasted as aligned columns); None for a line of fewer than three cells."""
    if "\t" in p:
        return [c.strip() for c in p.split("\t")] if p.count("\t") >= 2 else None
    if _has_gap(p):
        cells = _SPACE_GAP.split(p)
        if len(cells) >= 3:
            return [c.strip() for c in cells]
    return None


def _has_gap(p: str) -> bool:
    """Two spaces in a row. A one-character `in` is a fast scan, a two-character one is ~5x
    slower: the pair is looked for only in a line that holds the character."""
    return (" " in p and "  " in p) or ("\u3000" in p and "\u3000\u3000" in p)


def tab_tables(paras: list[str], text: str | None = None) -> list[str | Table]:
    """Runs of two or more lines split by tabs, or by gaps of two or more spaces, into the same
    three or more cells (a table pasted from Word or Excel, such as an 附件 task list after a
    plan's prose, or pasted as aligned columns) become one Table."""
    # A table needs two lines with tabs or gaps: the common case has none, or one (a portal's
    # date line). (_has_gap written out: a call per line costs as much as its scans.) A tab
    # and the ideographic space are looked for in the whole text first (most texts hold
    # neither once the lines are stripped), so that lines are asked only when it holds them;
    # rfind, because CPython finds U+3000 (and a pair of spaces) ~2x faster backwards.
    # (`text`: the text the paragraphs were cut from, asked instead of their join: it holds
    # every character they hold, so a character it lacks is in no line either.)
    joined = "".join(paras) if text is None else text
    tab = "\t" in joined
    wide = joined.rfind("\u3000") >= 0
    tabbed = [p for p in paras if (tab and "\t" in p) or (" " in p and p.rfind("  ") >= 0)
              or (wide and "\u3000" in p and "\u3000\u3000" in p)]
    if len(tabbed) < 2:
        return list(paras)
    out: list[str | Table] = []
    run: list[list[str]] = []
    raw: list[str] = []  # the run's lines as written: a lone one stays as it was

    def flush() -> None:
        if len(run) >= 2:
            out.append(Table(rows=[r[:] for r in run]))
        else:
            out.extend(raw)
        run.clear()
        raw.clear()

    for p in paras:
        cells = _cells(p)
        if cells is not None and (not run or len(cells) == len(run[0])):
            run.append(cells)
            raw.append(p)
            continue
        if run:  # (a flush of no run does nothing)
            flush()
        if cells is not None:
            run.append(cells)
            raw.append(p)
        else:
            out.append(p)
    flush()
    return out


def read(path: Path) -> Source:
    return read_data(path, path.read_bytes())


def read_data(path: Path, data: bytes) -> Source:
    """The file's bytes, already read by the registry, as a Source."""
    text = decode(data, path.name)
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(f"{path.name} 文字过多(超过 {MAX_TEXT_CHARS} 字):请拆分后再导入。")
    return Source(blocks=tab_tables(lines(text), text), format=name, path=str(path))
