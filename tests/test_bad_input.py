"""Hostile and broken input through the real CLI: exit status 2, one line `错误:…`, no traceback."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

needs_reportlab = pytest.mark.skipif(
    importlib.util.find_spec("reportlab") is None,
    reason="reportlab 未安装(测试依赖,用于生成 PDF)",
)


def run_parse(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "fazhi", "parse", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
    )  # fmt: skip


def assert_clean_failure(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("错误:"), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_empty_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"")
    assert_clean_failure(run_parse(path), "空文件")


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(" \n\u3000\n\n", encoding="utf-8")
    assert_clean_failure(run_parse(path), "没有找到文字内容")


@pytest.mark.parametrize("name", ["random.txt", "random.docx", "random", "random.xlsx", "random.pdf", "random.html"])
def test_random_bytes(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(os.urandom(64 * 1024))
    assert_clean_failure(run_parse(path))


def test_random_txt_says_not_text(tmp_path):
    path = tmp_path / "random.txt"
    path.write_bytes(os.urandom(4096))
    assert_clean_failure(run_parse(path), "不是文本文档")


def test_huge_file_fails_fast_on_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: nothing is written or read
    start = time.monotonic()
    proc = run_parse(path)
    assert time.monotonic() - start < 10
    assert_clean_failure(proc, "太大")


def _docx_bytes(tmp_path) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、依法全面履行政府职能")
    d.add_paragraph("（一）深化审批改革。（牵头单位：县司法局；责任单位：各镇政府）")
    path = tmp_path / "whole.docx"
    d.save(str(path))
    return path.read_bytes()


def test_truncated_docx(tmp_path):
    data = _docx_bytes(tmp_path)
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_clean_failure(run_parse(path), "文件已损坏")


def test_docx_with_mangled_document_xml(tmp_path):
    path = tmp_path / "mangled.docx"
    src = tmp_path / "src.docx"
    src.write_bytes(_docx_bytes(tmp_path))
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # not well-formed XML any more
            zout.writestr(item, data)
    assert_clean_failure(run_parse(path), "文件已损坏")


def test_zip_bomb_docx(tmp_path):
    path = tmp_path / "bomb.docx"
    start = time.monotonic()
    chunk = b"0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(210):  # 210 MB of zeros, a few hundred KB on disk
                fh.write(chunk)
    assert time.monotonic() - start < 5
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_clean_failure(run_parse(path), "压缩炸弹")


def test_zip_with_too_many_entries(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(10_050):
            zf.writestr(f"x/{i}", b"")
    assert_clean_failure(run_parse(path), "条目过多")


def test_encrypted_office_file(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le")
    )
    assert_clean_failure(run_parse(path), "文件已加密", "解除密码")


@needs_reportlab
def test_encrypted_pdf(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o"))
    c.drawString(72, 700, "secret plan")
    c.showPage()
    c.save()
    assert_clean_failure(run_parse(path), "PDF 已加密")


@needs_reportlab
def test_scanned_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.setFillGray(0.4)
    c.rect(60, 60, 400, 600, fill=1)
    c.circle(200, 400, 80, fill=1)
    c.showPage()
    c.save()
    assert_clean_failure(run_parse(path), "扫描件", "OCR")


def test_truncated_pdf(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    assert_clean_failure(run_parse(path))


def test_legacy_doc_without_libreoffice(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2000)
    env_path = str(tmp_path / "nobin")  # a PATH on which soffice cannot be found
    env = dict(os.environ, PYTHONPATH=str(ROOT), PATH=env_path)
    proc = subprocess.run(
        [sys.executable, "-m", "fazhi", "parse", str(path)],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
    )  # fmt: skip
    assert_clean_failure(proc, "LibreOffice", ".docx")


def test_unknown_extension(tmp_path):
    path = tmp_path / "plan.xyz"
    path.write_bytes(b"\x01\x02\x03 not a document")
    assert_clean_failure(run_parse(path), "不支持的文件类型", ".xyz")


def test_missing_file(tmp_path):
    assert_clean_failure(run_parse(tmp_path / "nope.docx"), "找不到文件")


def test_directory_without_out(tmp_path):
    assert_clean_failure(run_parse(tmp_path), "文件夹")


def test_special_file_is_refused(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert_clean_failure(run_parse(fifo, timeout=20), "不是普通文件")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="以 root 运行时 chmod 000 不能阻止读取,无法测试权限错误",
)
def test_unreadable_file_and_directory(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("一、依法全面履行政府职能", encoding="utf-8")
    path.chmod(0)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "plan.txt").write_text("一、依法全面履行政府职能", encoding="utf-8")
    locked.chmod(0)
    try:
        assert_clean_failure(run_parse(path), "没有权限")
        assert_clean_failure(run_parse(locked / "plan.txt"), "没有权限")
        proc = run_parse(locked, "--out", tmp_path / "out")
        assert proc.returncode != 0 and "Traceback" not in proc.stderr
    finally:
        path.chmod(0o644)
        locked.chmod(0o755)


def test_reader_api_never_leaks_library_errors(tmp_path):
    """Each reader turns hostile bytes into DocumentError, also when called through read()."""
    from fazhi.docs import read
    from fazhi.errors import DocumentError

    samples = {
        "a.docx": b"PK\x03\x04" + os.urandom(3000),
        "a.xlsx": b"PK\x03\x04" + os.urandom(3000),
        "a.pdf": b"%PDF-1.7\n" + os.urandom(3000),
        "a.html": b"<html><body>" + os.urandom(3000),
        "a.doc": bytes.fromhex("D0CF11E0A1B11AE1") + os.urandom(3000),
        "a.txt": b"\x00\x01\x02" * 1000,
    }
    for name, data in samples.items():
        path = tmp_path / name
        path.write_bytes(data)
        try:
            read(path)
        except DocumentError as exc:
            assert "\n" not in str(exc)
