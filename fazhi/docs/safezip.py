"""Checks on a zip container (.docx, .xlsx) before any library unpacks it.

A hostile zip can declare millions of entries or members that expand a
thousandfold. We read the end-of-central-directory record ourselves first
(so a huge directory is refused before `zipfile` builds an object per entry),
then the declared sizes of every member. `zipfile` never decompresses past a
member's declared size, so bounding the declared sizes bounds memory.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from fazhi.docs.base import MAX_UNPACKED_BYTES
from fazhi.errors import DocumentError

ZIP_MAGIC = b"PK\x03\x04"
MAX_ZIP_ENTRIES = 10_000
MAX_CENTRAL_DIR_BYTES = 8 * 1024 * 1024
MAX_RATIO = 200
RATIO_MIN_SIZE = 10 * 1024 * 1024

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"


def corrupt(path: Path, kind: str) -> DocumentError:
    app = "Excel 或 WPS" if "Excel" in kind else "Word 或 WPS"
    return DocumentError(
        f"文件已损坏:{path.name} 无法作为 {kind}打开。请用 {app} 打开确认,重新另存后再导入。"
    )


def _directory_stats(path: Path, kind: str) -> tuple[int, int]:
    """(entry count, central directory size) from the end records, without zipfile."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        tail_len = min(size, 22 + 65535)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        pos = tail.rfind(_EOCD)
        if pos < 0 or len(tail) - pos < 22:
            raise corrupt(path, kind)
        _, _, _, _, entries, cd_size, _, _ = struct.unpack("<4sHHHHIIH", tail[pos : pos + 22])
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
            # Zip64: the locator sits right before the classic record.
            loc = pos - 20
            if loc < 0 or tail[loc : loc + 4] != _EOCD64_LOCATOR:
                raise corrupt(path, kind)
            (rec_offset,) = struct.unpack("<Q", tail[loc + 8 : loc + 16])
            if rec_offset > size - 56:
                raise corrupt(path, kind)
            fh.seek(rec_offset)
            rec = fh.read(56)
            if rec[:4] != _EOCD64:
                raise corrupt(path, kind)
            entries, cd_size = struct.unpack("<QQ", rec[32:48])
    return entries, cd_size


def check_zip(path: Path, kind: str) -> list[str]:
    """Refuse zip bombs, encrypted or corrupt containers; return the member names."""
    entries, cd_size = _directory_stats(path, kind)
    if entries > MAX_ZIP_ENTRIES or cd_size > MAX_CENTRAL_DIR_BYTES:
        raise DocumentError(
            f"{path.name} 内含条目过多({entries} 个),疑似恶意压缩文件,已拒绝读取。"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise corrupt(path, kind) from None
    except Exception:  # hostile input can raise anything inside zipfile
        raise corrupt(path, kind) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise DocumentError(f"{path.name} 内含条目过多,疑似恶意压缩文件,已拒绝读取。")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise DocumentError(f"文件已加密:{path.name} 设有密码保护,请先解除密码后另存再导入。")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise DocumentError(
                f"{path.name} 内部成员 {info.filename} 压缩比异常({ratio:.0f} 倍),"
                "疑似压缩炸弹,已拒绝读取。"
            )
    if total > MAX_UNPACKED_BYTES:
        raise DocumentError(
            f"{path.name} 解压后过大({total / 1048576:.0f} MB,上限 "
            f"{MAX_UNPACKED_BYTES // 1048576} MB),疑似压缩炸弹,已拒绝读取。"
        )
    return [i.filename for i in infos]


class CappedReader:
    """A file-like view of a zip member that raises `error` once more than `limit` bytes come out:
    the cap holds while decompressing, whatever the member's header says."""

    def __init__(self, raw, limit: int, error: DocumentError):
        self.raw, self.limit, self.error, self.seen = raw, limit, error, 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n is not None and n >= 0 else self.limit + 1)
        self.seen += len(data)
        if self.seen > self.limit:
            raise self.error
        return data


def check_member(path: Path, member: str, limit: int, kind: str) -> int:
    """Refuse a container whose `member` declares more than `limit` bytes uncompressed; return
    the declared size (0 when the member is absent)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(member)
    except KeyError:
        return 0
    except Exception:
        raise corrupt(path, kind) from None
    if info.file_size > limit:
        raise too_big(path, member, info.file_size, limit)
    return info.file_size


def too_big(path: Path, member: str, size: int, limit: int) -> DocumentError:
    return DocumentError(
        f"{path.name} 的正文({member})解压后过大({size / 1048576:.0f} MB,上限 {limit // 1048576} MB),"
        "已拒绝读取:请拆分文档后再导入。"
    )


def zip_names(path: Path) -> set[str]:
    """Member names for sniffing, or an empty set when the file is not a readable zip."""
    try:
        entries, cd_size = _directory_stats(path, "zip")
        if entries > MAX_ZIP_ENTRIES or cd_size > MAX_CENTRAL_DIR_BYTES:
            return set()
        with zipfile.ZipFile(path) as zf:
            return set(zf.namelist())
    except Exception:
        return set()
