"""Plain text: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 — detected, not assumed."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from fazhi.docs.base import Source
from fazhi.errors import DocumentError

name = "txt"
extensions = (".txt", ".text", ".md")


def sniff(head: bytes, path: Path) -> bool:
    return path.suffix.lower() in extensions


def decode(data: bytes) -> str:
    """Decode bytes whose encoding is unknown; Chinese government text is UTF-8 or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise DocumentError("无法识别文件编码:这似乎不是文本文件。请另存为 UTF-8 文本或 Word 文档后重试。")
    return data.decode(best.encoding, errors="replace")


def read(path: Path) -> Source:
    data = path.read_bytes()
    text = decode(data)
    return Source(blocks=text.splitlines(), format=name, path=str(path))
