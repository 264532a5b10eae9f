"""Legacy OLE2 files: Word .doc, WPS .wps, spreadsheets .xls/.et — and encrypted Office files.

A password-protected .docx/.xlsx is not a zip but an OLE2 container holding an
`EncryptedPackage` stream; it is recognised here and refused with a clear
message. Other OLE2 files are converted with LibreOffice (headless, in a temp
directory, with a time limit) and read by the docx/xlsx reader.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from fazhi.docs.base import Source
from fazhi.errors import DocumentError

name = "legacy"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
WORD_EXTENSIONS = (".doc", ".wps", ".dot", ".wpt")
SHEET_EXTENSIONS = (".xls", ".et", ".xlt", ".ett")
extensions = WORD_EXTENSIONS + SHEET_EXTENSIONS

CONVERT_TIMEOUT = 120

NO_SOFFICE_WORD = (
    "无法读取 .doc/.wps 文件:请安装 LibreOffice(apt-get install libreoffice-writer)"
    "或将文件另存为 .docx 后重试。"
)
NO_SOFFICE_SHEET = (
    "无法读取 .xls/.et 文件:请安装 LibreOffice(apt-get install libreoffice-calc)"
    "或将文件另存为 .xlsx 后重试。"
)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff_content(head: bytes, path: Path) -> bool:
    return head.startswith(OLE2_MAGIC)



def _kind(data: bytes, path: Path) -> str:
    """'encrypted', 'sheet' or 'word', from the OLE2 directory's stream names."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return "encrypted"
    suffix = path.suffix.lower()
    if suffix in SHEET_EXTENSIONS:
        return "sheet"
    if suffix in WORD_EXTENSIONS:
        return "word"
    if _utf16("Workbook") in data or _utf16("Book\x00") in data:
        return "sheet"
    return "word"


def _convert(path: Path, soffice: str, target: str, tmp: Path) -> Path:
    """Run LibreOffice headless on a copy of the file; return the converted file."""
    stem = path.stem.lstrip("-") or "input"  # never let a name look like an option
    src = tmp / (stem + (path.suffix.lower() or ".doc"))
    shutil.copyfile(path, src)
    outdir = tmp / "out"
    outdir.mkdir()
    profile = (tmp / "profile").as_uri()
    cmd = [
        soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
        "--nolockcheck", "--convert-to", target, "--outdir", str(outdir), str(src),
    ]  # fmt: skip
    env = dict(os.environ, HOME=str(tmp))
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True,
        )  # fmt: skip
    except OSError:
        raise DocumentError(f"无法启动 LibreOffice 转换 {path.name}:请检查 LibreOffice 安装。") from None
    try:
        proc.wait(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.wait()
        raise DocumentError(
            f"转换 {path.name} 超时({CONVERT_TIMEOUT} 秒):请用 Word/WPS 另存为 .docx 后重试。"
        ) from None
    out = outdir / (stem + "." + target)
    if not out.exists() or out.stat().st_size == 0:
        raise DocumentError(
            f"无法转换 {path.name}:文件可能已损坏或设有密码,请用 Word/WPS 打开后另存为新格式再导入。"
        )
    return out


@contextlib.contextmanager
def converted(path: Path, target: str | None = None):
    """The OLE2 file at `path` (.doc/.wps/.xls/.et) converted by LibreOffice into a temporary
    .docx or .xlsx (`target`, else by what the file holds), for the time of the with-block."""
    kind = _kind(path.read_bytes(), path)
    if kind == "encrypted":
        raise DocumentError(f"文件已加密:{path.name} 设有打开密码,请先解除密码后另存再导入。")
    target = target or ("xlsx" if kind == "sheet" else "docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(NO_SOFFICE_SHEET if target == "xlsx" else NO_SOFFICE_WORD)
    with tempfile.TemporaryDirectory(prefix="fazhi-convert-") as tmp:
        yield _convert(path, soffice, target, Path(tmp))


def read(path: Path) -> Source:
    with converted(path) as conv:
        if conv.suffix == ".xlsx":
            from fazhi.docs import xlsx as reader
        else:
            from fazhi.docs import docx as reader
        source = reader.read(conv)
    source.format = (path.suffix.lower().lstrip(".") or "doc") if path.suffix else conv.suffix.lstrip(".")
    source.path = str(path)
    return source
