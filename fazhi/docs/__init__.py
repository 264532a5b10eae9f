"""Readers: one module per format behind one interface, picked by content then extension."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from fazhi.docs import docx, html, legacy, ofd, pdf, txt, xlsx
from fazhi.docs.base import MAX_FILE_BYTES, Source, Table
from fazhi.errors import DocumentError

__all__ = ["READERS", "Source", "Table", "read"]

# Order matters: content sniffing is tried in this order, then the extension.
# Content sniffing is tried in this order, then the extension; plain text comes last.
READERS: list = [pdf, docx, xlsx, ofd, html, legacy, txt]
# Files up to this size are read whole when opened (a plain-text plan is 5-50 KB).
_WHOLE = 256 * 1024


def pick(path: Path, head: bytes):
    """Content first (magic bytes), then the extension."""
    for reader in READERS:
        if reader.sniff_content(head, path):
            return reader
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.extensions:
            return reader
    return None


def read(path: str | Path) -> Source:
    """Read any supported document into a Source, or raise DocumentError."""
    if not isinstance(path, Path):  # (a Path is taken as it is: Path(Path) costs a parse)
        path = Path(path)
    try:
        # One stat tells a folder, a device or a FIFO (refused before it is opened: opening a
        # FIFO would block) and the size; the file is then opened once.
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise DocumentError(f"{path} 是文件夹:请指定一个文件,或使用 --out 批量处理文件夹。")
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(f"{path} 不是普通文件:请指定一个文档文件。")
        size = st.st_size
        # A small plain-text file (the only reader picked by extension alone) is read whole
        # here, for the text reader not to open it again; any other only its head, to sniff.
        whole = size <= _WHOLE and path.suffix.lower() in txt.extensions
        with open(path, "rb") as fh:
            head = fh.read() if whole else fh.read(8192)
    except FileNotFoundError:
        raise DocumentError(f"找不到文件 {path}:请检查路径。") from None
    except PermissionError:
        raise DocumentError(f"没有权限读取 {path}:请检查文件权限。") from None
    except OSError as exc:
        raise DocumentError(f"无法读取 {path}:{exc.strerror or exc}。") from None
    except ValueError:  # e.g. a NUL byte in the path
        raise DocumentError(f"文件路径无效:{path!r}。") from None
    if size == 0:
        raise DocumentError(f"{path.name} 是空文件:请提供有内容的文档。")
    if size > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // (1024 * 1024)
        raise DocumentError(f"{path.name} 太大({size / 1048576:.0f} MB,上限 {mb} MB):请拆分后再导入。")
    reader = pick(path, head[:8192])
    if reader is None:
        raise DocumentError(
            f"不支持的文件类型 {path.suffix or '(无扩展名)'}:"
            "请提供 .txt、.docx、.xlsx、.pdf、.ofd、.html、.doc 或 .wps 文件。"
        )
    try:
        if reader is txt and len(head) == size:
            source = txt.read_data(path, head)  # the bytes are already here
        else:
            source = reader.read(path)
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError(f"{path.name} 内容过大,内存不足:请拆分后再导入。") from None
    except Exception as exc:  # a hostile file can make a library raise anything
        raise DocumentError(
            f"无法读取 {path.name}:文件可能已损坏({type(exc).__name__})。请重新另存后再导入。"
        ) from None
    if not any(b.strip() if isinstance(b, str) else b.rows for b in source.blocks):
        raise DocumentError(
            f"{path.name} 中没有找到文字内容(可能是空白文档或只有图片):"
            "请检查文件;图片或扫描件需先做文字识别(OCR)。"
        )
    source.path = str(path)
    return source
