"""The `fazhi` command end to end, in a subprocess like a user would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PLAN = SAMPLES / "示例县2024年法治政府建设工作要点.txt"
REPORT = SAMPLES / "示例县人民政府关于2023年度法治政府建设情况的报告.txt"
CONSOLE = Path(sys.executable).parent / "fazhi"


def run(*args: str, cwd: Path | None = None, cmd: list[str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="120")
    return subprocess.run(
        (cmd or [sys.executable, "-m", "fazhi"]) + list(args),
        capture_output=True, text=True, encoding="utf-8", cwd=cwd or ROOT, env=env, timeout=120,
    )


def test_samples_exist():
    assert PLAN.exists() and REPORT.exists()
    assert (SAMPLES / "README.md").exists()


def test_table():
    res = run("parse", str(PLAN), "--table")
    assert res.returncode == 0, res.stderr
    first = res.stdout.splitlines()[0]
    assert "示例县2024年法治政府建设工作要点" in first or "未识别标题" in first
    assert "类型:" in res.stdout
    assert "Traceback" not in res.stderr


def test_table_is_default():
    res = run("parse", str(REPORT))
    assert res.returncode == 0, res.stderr
    assert "类型:" in res.stdout


def test_json():
    res = run("parse", str(PLAN), "--json")
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["schema"] == "fazhi.document/1"
    for key in ("kind", "title", "tasks", "metrics", "sections"):
        assert key in doc
    assert "示例县" in res.stdout  # not \\u-escaped


def test_xlsx(tmp_path):
    out = tmp_path / "任务分工表.xlsx"
    res = run("parse", str(PLAN), "--xlsx", str(out))
    assert res.returncode == 0, res.stderr
    assert "已写出任务分工表" in res.stdout
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "序号" and ws.freeze_panes == "A2"


def test_xlsx_missing_folder(tmp_path):
    res = run("parse", str(PLAN), "--xlsx", str(tmp_path / "no" / "a.xlsx"))
    assert res.returncode == 2
    assert res.stderr.startswith("错误:") and "Traceback" not in res.stderr


def test_missing_file():
    res = run("parse", "没有这个文件.txt")
    assert res.returncode == 2
    assert res.stderr.startswith("错误:")
    assert "Traceback" not in res.stderr


def test_console_script(tmp_path):
    if not CONSOLE.exists():
        pytest.skip(f"console script not installed at {CONSOLE}")
    # from another folder, so the package is found through the installation, not the cwd
    res = run("parse", str(PLAN), "--json", cwd=tmp_path, cmd=[str(CONSOLE)])
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["schema"] == "fazhi.document/1"
    res = run("--help", cwd=tmp_path, cmd=[str(CONSOLE)])
    assert res.returncode == 0 and "parse" in res.stdout


def test_batch(tmp_path):
    src, out = tmp_path / "docs", tmp_path / "out"
    src.mkdir()
    shutil.copy(PLAN, src)
    shutil.copy(REPORT, src)
    (src / "空文件.txt").write_bytes(b"")
    (src / "损坏.docx").write_bytes(os.urandom(4096))
    res = run("parse", str(src), "--out", str(out), "--jobs", "2")
    assert res.returncode == 1, res.stdout + res.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([PLAN.stem + ".json", REPORT.stem + ".json"])
    for p in out.iterdir():
        assert json.loads(p.read_text(encoding="utf-8"))["schema"] == "fazhi.document/1"
    assert "已处理 4 个文件:成功 2 个,失败 2 个" in res.stdout
    assert "  空文件.txt:" in res.stdout
    assert "  损坏.docx:" in res.stdout
    assert "Traceback" not in res.stdout + res.stderr
    assert "解析" in res.stderr  # the progress bar is on stderr, not stdout


def test_batch_all_good_and_console(tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    shutil.copy(PLAN, src)
    cmd = [str(CONSOLE)] if CONSOLE.exists() else None
    res = run("parse", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path, cmd=cmd)
    assert res.returncode == 0, res.stdout + res.stderr
    assert (tmp_path / "out" / (PLAN.stem + ".json")).exists()


def test_batch_missing_folder(tmp_path):
    res = run("parse", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    # a missing path is not a folder: it is reported as a missing file, exit 2
    assert res.returncode == 2
    assert res.stderr.startswith("错误:") and "Traceback" not in res.stderr


def test_folder_without_out(tmp_path):
    res = run("parse", str(tmp_path))
    assert res.returncode == 2 and "--out" in res.stderr


def test_help_documents_exit_codes():
    res = run("parse", "--help")
    assert res.returncode == 0
    assert "1 = 部分文件失败" in res.stdout


def test_bench_falls_back_to_samples(tmp_path):
    res = run("--seeds", str(tmp_path / "nope"), "--repeat", "1", cmd=[sys.executable, "-m", "fazhi.bench"])
    assert res.returncode == 0, res.stderr
    assert "改用示例文档" in res.stdout
    assert "个文档/秒" in res.stdout and "t(10×)/t(1×)" in res.stdout
    assert "内存峰值" in res.stdout
