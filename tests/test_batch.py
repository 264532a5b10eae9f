"""Batch mode: discovery, output names, failures, time limits, crashed workers."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

import fazhi
from fazhi import batch
from fazhi.batch import Job, Result, find_documents, output_names, parse_dir
from fazhi.errors import FazhiError

PLAN_TEXT = """示例县2024年法治政府建设工作要点
一、依法全面履行政府职能
(一)深化行政审批制度改革。(县司法局牵头,县财政局配合)
(二)推进综合行政执法改革。(责任单位:县市场监管局)
本要点确定的各项任务原则上于2024年12月底前完成。
"""


def _tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (root / "sub" / "a.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (root / ".hidden" / "c.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (root / ".d.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (root / "~$e.docx").write_bytes(b"lock")
    (root / "notes.json").write_text("{}", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG")


# ---- discovery and names -------------------------------------------------------------


def test_find_documents_skips_hidden_and_unsupported(tmp_path):
    _tree(tmp_path)
    files, problems = find_documents(tmp_path)
    rel = [f.relative_to(tmp_path).as_posix() for f in files]
    assert rel == ["a.txt", "sub/a.txt", "sub/b.txt"]
    assert problems == []


def test_find_documents_excludes_output_folder(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "b.txt").write_text(PLAN_TEXT, encoding="utf-8")
    files, _ = find_documents(tmp_path, exclude=tmp_path / "out")
    assert [f.name for f in files] == ["a.txt"]


def test_output_names():
    src = Path("/x")
    files = [Path("/x/a.txt"), Path("/x/sub/a.txt"), Path("/x/sub/b.txt"), Path("/x/c.txt"),
             Path("/x/c.docx"), Path("/x/D.txt"), Path("/x/k/d.txt")]
    assert output_names(files, src) == [
        "a.json", "sub__a.json", "b.json", "c_txt.json", "c_docx.json", "D.json", "k__d.json",
    ]
    # whatever the input, names are unique
    names = output_names([Path("/x/a__b.txt"), Path("/x/a/b.txt")], src)
    assert len({n.casefold() for n in names}) == 2


# ---- the worker ----------------------------------------------------------------------


def test_work_success_and_failure(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(PLAN_TEXT, encoding="utf-8")
    res = batch._work(Job(str(good), str(tmp_path / "good.json"), "good.txt"))
    assert res.ok, res.error
    doc = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "fazhi.document/1"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = batch._work(Job(str(empty), str(tmp_path / "empty.json"), "empty.txt"))
    assert not res.ok and "空文件" in res.error
    assert not (tmp_path / "empty.json").exists()


def test_work_catches_bugs(tmp_path, monkeypatch):
    def boom(path):
        raise KeyError("oops")

    monkeypatch.setattr(fazhi, "parse_file", boom)
    res = batch._work(Job(str(tmp_path / "x.txt"), str(tmp_path / "x.json"), "x.txt"))
    assert not res.ok and "内部错误" in res.error and "KeyError" in res.error


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM (POSIX)")
def test_work_time_limit(tmp_path, monkeypatch):
    def slow(path):
        try:
            time.sleep(5)
        except Exception:  # a parser's broad except must not swallow the time limit
            pass
        time.sleep(5)

    monkeypatch.setattr(fazhi, "parse_file", slow)
    t0 = time.monotonic()
    res = batch._work(Job(str(tmp_path / "x.txt"), str(tmp_path / "x.json"), "x.txt"), timeout=0.3)
    assert time.monotonic() - t0 < 3
    assert not res.ok and "超时" in res.error
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# Workers for the pool tests: top-level so a worker process can import them.


def stuck_work(job: Job, timeout):
    """Hangs where SIGALRM cannot reach it (as C code that never returns would)."""
    if "stuck" in job.name:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    return Result(job, True)


def crash_work(job: Job, timeout):
    if "crash" in job.name:
        os._exit(3)  # a worker dying (segfault, out-of-memory killer)
    return Result(job, True)


def _jobs(names):
    return [Job(f"/nowhere/{n}", f"/nowhere/{n}.json", n) for n in names]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX only")
def test_stuck_worker_is_killed_and_others_finish(monkeypatch):
    monkeypatch.setattr(batch, "BACKSTOP_GRACE", 0.5)
    results: list[Result] = []
    jobs = _jobs(["a", "stuck", "b", "c", "d"])
    t0 = time.monotonic()
    left = batch._run_parallel(jobs, 2, 0.5, results.append, work=stuck_work)
    assert "stuck" in [j.name for j in left]
    batch._run_isolated(left, 0.5, results.append, work=stuck_work)
    assert time.monotonic() - t0 < 30
    by_name = {r.job.name: r for r in results}
    assert set(by_name) == {"a", "stuck", "b", "c", "d"}
    assert not by_name["stuck"].ok and "超时" in by_name["stuck"].error
    assert all(by_name[n].ok for n in "abcd")


def test_crashed_worker_is_pinned_on_its_file():
    results: list[Result] = []
    jobs = _jobs(["a", "b", "crash", "c"])
    left = batch._run_parallel(jobs, 2, 5, results.append, work=crash_work)
    batch._run_isolated(left, 5, results.append, work=crash_work)
    by_name = {r.job.name: r for r in results}
    assert set(by_name) == {"a", "b", "crash", "c"}
    assert not by_name["crash"].ok and "异常退出" in by_name["crash"].error
    assert all(by_name[n].ok for n in "abc")


# ---- the whole run -------------------------------------------------------------------


def test_parse_dir(tmp_path, capsys):
    src, out = tmp_path / "src", tmp_path / "out"
    _tree(src)
    (src / "empty.txt").write_bytes(b"")
    (src / "bad.docx").write_bytes(os.urandom(2048))
    code = parse_dir(src, out, jobs=2, progress=False)
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json", "sub__a.json"]
    for p in out.iterdir():
        assert json.loads(p.read_text(encoding="utf-8"))["schema"] == "fazhi.document/1"
    stdout = capsys.readouterr().out
    assert "已处理 5 个文件:成功 3 个,失败 2 个" in stdout
    assert "  empty.txt:" in stdout and "  bad.docx:" in stdout
    assert "Traceback" not in stdout


def test_parse_dir_all_good(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(PLAN_TEXT, encoding="utf-8")
    assert parse_dir(src, tmp_path / "new" / "out", jobs=None, progress=False) == 0
    assert (tmp_path / "new" / "out" / "a.json").exists()
    assert "成功 1 个,失败 0 个" in capsys.readouterr().out


def test_parse_dir_no_documents(tmp_path, capsys):
    (tmp_path / "src").mkdir()
    assert parse_dir(tmp_path / "src", tmp_path / "out", progress=False) == 0
    assert "没有可解析的文档" in capsys.readouterr().out


def test_parse_dir_folder_errors(tmp_path):
    with pytest.raises(FazhiError, match="找不到文件夹"):
        parse_dir(tmp_path / "missing", tmp_path / "out")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FazhiError, match="不是文件夹"):
        parse_dir(tmp_path / "f.txt", tmp_path / "out")
    (tmp_path / "src").mkdir()
    with pytest.raises(FazhiError, match="不是文件夹"):
        parse_dir(tmp_path / "src", tmp_path / "f.txt")
    with pytest.raises(FazhiError, match="--jobs"):
        parse_dir(tmp_path / "src", tmp_path / "out", jobs=0)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root ignores folder permissions; POSIX only")
def test_parse_dir_unreadable_folder(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    src.chmod(0)
    try:
        with pytest.raises(FazhiError, match="没有权限"):
            parse_dir(src, tmp_path / "out")
    finally:
        src.chmod(0o700)


def test_parse_dir_permission_errors_simulated(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == src:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(batch.os, "scandir", scandir)
    with pytest.raises(FazhiError, match="没有权限读取文件夹"):
        parse_dir(src, tmp_path / "out", progress=False)


def test_unreadable_subfolder_is_a_failure(tmp_path, monkeypatch, capsys):
    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    (src / "a.txt").write_text(PLAN_TEXT, encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        for root, dirs, files in real_walk(top, onerror=onerror, **kw):
            if Path(root).name == "locked":
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, files

    monkeypatch.setattr(batch.os, "walk", walk)
    assert parse_dir(src, tmp_path / "out", jobs=1, progress=False) == 1
    stdout = capsys.readouterr().out
    assert "成功 1 个,失败 1 个" in stdout
    assert "  locked/:没有权限" in stdout
