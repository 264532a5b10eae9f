"""Size caps while reading a .docx: a 190 MB word/document.xml that passes the zip ratio check is
refused quickly with bounded memory (measured in a subprocess under a memory limit), and the text
cap is enforced by a streaming pass before any document tree is built."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
    'document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
MEMORY_LIMIT = 300 * 1024 * 1024


def _docx(path: Path, xml_bytes: int, text_per_paragraph: int = 60) -> Path:
    """A well-formed .docx whose document.xml is about `xml_bytes` long. Each paragraph carries a few
    random letters so that the whole compresses like real text (well under the 200x ratio check)."""
    rnd = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    filler = "推进依法行政工作" * (text_per_paragraph // 8)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(head)
            written = len(head)
            while written < xml_bytes - len(tail):
                block = "".join(
                    f"<w:p><w:r><w:t>{''.join(rnd.choices(alphabet, k=6))}{filler}</w:t></w:r></w:p>"
                    for _ in range(2000)).encode()
                out.write(block)
                written += len(block)
            out.write(tail)
    return path


CHILD = textwrap.dedent("""
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from fazhi.docs import read
    from fazhi.errors import DocumentError
    t0 = time.perf_counter()
    try:
        read(sys.argv[1])
        outcome = "read"
    except DocumentError as exc:
        outcome = str(exc)
    except MemoryError:
        outcome = "MemoryError"
    seconds = time.perf_counter() - t0
    # The peak of this program's own memory (VmHWM starts anew at exec; ru_maxrss would carry the
    # forking test runner's peak over).
    with open("/proc/self/status") as fh:
        rss = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM:"))
    print(json.dumps({{"outcome": outcome, "seconds": seconds, "rss": rss}}, ensure_ascii=False))
""")


def _read_in_child(path: Path, env: dict | None = None) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD.format(limit=MEMORY_LIMIT), str(path)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_huge_document_xml_refused_fast_with_bounded_memory(tmp_path):
    path = _docx(tmp_path / "huge.docx", 190 * 1024 * 1024)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    ratio = info.file_size / info.compress_size
    assert info.file_size > 190 * 1024 * 1024 and ratio < 200 and path.stat().st_size < 50 * 1024 * 1024
    result = _read_in_child(path)
    print(f"\n190 MB document.xml ({path.stat().st_size / 1048576:.1f} MB .docx, ratio {ratio:.0f}): "
          f"refused in {result['seconds']:.2f} s, peak RSS {result['rss'] / 1048576:.0f} MB")
    assert "解压后过大" in result["outcome"] and "上限 50 MB" in result["outcome"]
    assert result["rss"] < MEMORY_LIMIT


def test_text_cap_checked_while_streaming(tmp_path):
    """With the text cap lowered to 1 M characters, a 3 MB document.xml holding more text than
    that is refused by the streaming pass, before python-docx builds its tree."""
    path = _docx(tmp_path / "wordy.docx", 3 * 1024 * 1024, text_per_paragraph=400)
    result = _read_in_child(path, {"FAZHI_MAX_TEXT_MB": "1"})
    assert "文字过多" in result["outcome"] and "1048576" in result["outcome"]
    assert _read_in_child(path)["outcome"] == "read"  # under the default caps it is an ordinary document


@pytest.mark.parametrize("limit_mb, expect", [("1", "解压后过大"), ("50", "read")])
def test_document_xml_cap_is_a_setting(tmp_path, limit_mb, expect):
    path = _docx(tmp_path / "mid.docx", 2 * 1024 * 1024)
    assert expect in _read_in_child(path, {"FAZHI_DOCX_MAX_XML_MB": limit_mb})["outcome"]
