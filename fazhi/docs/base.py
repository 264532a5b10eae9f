"""The reader interface: every format becomes a `Source` of paragraphs and tables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


def _env_mb(name: str, default: int) -> int:
    """A limit in MB from the environment (a per-installation setting), in bytes/characters."""
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        value = default
    return max(value, 1) * 1024 * 1024


# Hostile-input limits shared by all readers (a zip bomb, a 100 MB text file…).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# The text a reader may produce (characters), checked while reading; FAZHI_MAX_TEXT_MB.
MAX_TEXT_CHARS = _env_mb("FAZHI_MAX_TEXT_MB", 20)
# A .docx's word/document.xml uncompressed, checked before and while unpacking it (an XML tree
# takes many times its size in memory); FAZHI_DOCX_MAX_XML_MB.
MAX_DOCX_XML_BYTES = _env_mb("FAZHI_DOCX_MAX_XML_MB", 50)


@dataclass
class Table:
    """A table as rows of cell texts (merged cells repeated or empty)."""

    rows: list[list[str]]


@dataclass
class Source:
    """What a reader gives the parser: blocks in document order plus metadata."""

    blocks: list[str | Table] = field(default_factory=list)
    title: str | None = None  # from the container's metadata (HTML <title>, article title)
    date: str | None = None  # YYYY-MM-DD from metadata (a portal page's publish date)
    format: str = "txt"
    path: str | None = None
    # Extra metadata a container states outright, e.g. a portal page's metadata table:
    # "issuer" (发布机构), "doc_number" (文号), "index_number" (索引号).
    meta: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """All blocks as plain text, tables as tab-separated rows."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Table):
                out.extend("\t".join(c for c in row) for row in b.rows)
            else:
                out.append(b)
        return "\n".join(out)


class Reader(Protocol):
    """One module per format implements this."""

    name: str
    extensions: tuple[str, ...]

    def sniff_content(self, head: bytes, path: Path) -> bool:
        """True when the first bytes of the file are this format (the registry then falls
        back to `extensions` when no reader recognises the content)."""

    def read(self, path: Path) -> Source:
        """Read the file; raise DocumentError with a clear message when it cannot."""
