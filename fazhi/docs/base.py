"""The reader interface: every format becomes a `Source` of paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# Hostile-input limits shared by all readers (a zip bomb, a 100 MB text file…).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_TEXT_CHARS = 20 * 1024 * 1024


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
