"""Batch mode: parse every document in a folder in parallel, one JSON file per document.

Exit codes (also in `fazhi parse --help`): 0 all parsed, 1 some files failed,
2 the folder itself cannot be read (FazhiError raised to the CLI).

Robustness:
- a worker catches every exception and returns an error record, so one bad file never
  takes the pool down;
- each file has a time limit, enforced inside the worker with SIGALRM (POSIX) and, as a
  backstop for code that does not return to the interpreter, by the parent: a stuck or
  crashed pool is killed and the unfinished files are retried one at a time, so the
  file responsible is the only one reported.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from fazhi.docs import READERS
from fazhi.errors import DocumentError, FazhiError

__all__ = ["DEFAULT_TIMEOUT", "SUPPORTED_EXTENSIONS", "find_documents", "output_names", "parse_dir"]

DEFAULT_TIMEOUT = 120.0  # seconds per file
BACKSTOP_GRACE = 30.0  # extra seconds the parent waits before killing a stuck worker
# Every format the readers take, by extension.
SUPPORTED_EXTENSIONS = frozenset(e.lower() for r in READERS for e in r.extensions)


@dataclass
class Job:
    path: str  # the document
    out: str  # its JSON file
    name: str  # relative path shown to the user


@dataclass
class Result:
    job: Job
    ok: bool
    error: str = ""


# ---- discovering files ---------------------------------------------------------------


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")  # ~$x.docx: Office lock file


def find_documents(src: Path, exclude: Path | None = None) -> tuple[list[Path], list[tuple[str, str]]]:
    """Supported files under `src`, recursively, hidden ones skipped, in a stable order.

    Returns (files, unreadable subfolders as (relative name, reason)).
    """
    exts = SUPPORTED_EXTENSIONS
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    exclude_real = os.path.realpath(exclude) if exclude else None

    def onerror(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else src
        if where == src:
            raise exc
        problems.append((_rel(where, src) + "/", _os_reason(exc)))

    for root, dirs, names in os.walk(src, onerror=onerror):
        dirs[:] = sorted(
            d for d in dirs if not _hidden(d) and os.path.realpath(os.path.join(root, d)) != exclude_real
        )
        for name in sorted(names):
            if _hidden(name) or Path(name).suffix.lower() not in exts:
                continue
            files.append(Path(root) / name)
    return files, problems


def _rel(path: Path, src: Path) -> str:
    try:
        return path.relative_to(src).as_posix()
    except ValueError:
        return path.name


def output_names(files: list[Path], src: Path) -> list[str]:
    """`<name-without-extension>.json`; names that collide use the relative path joined by "__"."""
    stems = [f.stem for f in files]
    count = Counter(s.casefold() for s in stems)  # case-insensitive file systems collide too
    names = []
    for f, stem in zip(files, stems, strict=True):
        if count[stem.casefold()] == 1:
            names.append(stem)
        else:
            rel = Path(_rel(f, src))
            names.append("__".join(rel.parent.parts + (rel.stem,)))
    # Same folder, same stem, different extension: keep the extension too.
    count = Counter(n.casefold() for n in names)
    for i, f in enumerate(files):
        if count[names[i].casefold()] > 1:
            names[i] = "__".join(Path(_rel(f, src)).parts).replace(".", "_")
    # Last resort (e.g. "a__b.txt" next to "a/b.txt"): number them.
    seen: Counter[str] = Counter()
    for i, n in enumerate(names):
        seen[n.casefold()] += 1
        if seen[n.casefold()] > 1:
            names[i] = f"{n}__{seen[n.casefold()]}"
    return [n + ".json" for n in names]


# ---- the worker --------------------------------------------------------------------


class _Timeout(BaseException):  # not Exception: a parser's `except Exception` must not swallow it
    pass


def _on_alarm(signum, frame):
    raise _Timeout


def _init_worker() -> None:
    # Ctrl-C is handled by the parent, which stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _write_json(doc: dict, out: Path) -> None:
    import fazhi

    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".json.tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(fazhi.to_json(doc, indent=2) + "\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _work(job: Job, timeout: float | None = DEFAULT_TIMEOUT) -> Result:
    """Parse one file and write its JSON. Never raises: failures become error records."""
    import fazhi

    use_alarm = (
        bool(timeout)
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    old = None
    try:
        if use_alarm:
            old = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        doc = fazhi.parse_file(job.path)
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        _write_json(doc, Path(job.out))
        return Result(job, True)
    except _Timeout:
        return Result(job, False, _timeout_reason(timeout))
    except DocumentError as exc:
        return Result(job, False, str(exc))
    except FazhiError as exc:
        return Result(job, False, str(exc))
    except MemoryError:
        return Result(job, False, "内存不足:文档过大或结构异常。")
    except RecursionError:
        return Result(job, False, "文档结构嵌套过深,无法解析。")
    except OSError as exc:
        return Result(job, False, f"读写文件出错:{_os_reason(exc)}。")
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the batch
        return Result(job, False, f"内部错误({type(exc).__name__}: {exc}),请将该文件反馈给开发者。")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old or signal.SIG_DFL)


def _timeout_reason(timeout: float | None) -> str:
    return f"解析超时(超过 {timeout:g} 秒),已跳过。"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有权限"
    if isinstance(exc, FileNotFoundError):
        return "不存在"
    return exc.strerror or str(exc)


# ---- the pool ----------------------------------------------------------------------


def _context():
    methods = multiprocessing.get_all_start_methods()
    # forkserver: no fork of a process that runs threads (tqdm's monitor), cheap starts.
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _kill(ex: ProcessPoolExecutor) -> None:
    """Stop a pool whose workers may be stuck in C code. Uses the executor's process table."""
    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            proc.kill()
    ex.shutdown(wait=False, cancel_futures=True)


def _run_parallel(jobs: list[Job], workers: int, timeout: float | None, done, work=None) -> list[Job]:
    """Run jobs in one pool. Returns the jobs left unfinished if the pool had to be stopped."""
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker)
    work = work or _work
    futures: dict[Future, Job] = {ex.submit(work, job, timeout): job for job in jobs}
    pending = set(futures)
    seen_running: dict[Future, float] = {}
    # A future is marked running when queued for a worker, possibly before it starts:
    # allow for one full time limit of waiting behind another file.
    hard_limit = 2 * timeout + BACKSTOP_GRACE if timeout else None
    stopped = False
    try:
        while pending:
            finished, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for fut in finished:
                try:
                    done(fut.result())
                except BrokenProcessPool:
                    stopped = True  # a worker died (crash, killed for memory…)
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be unpickled
                    done(Result(futures[fut], False, f"内部错误({type(exc).__name__}: {exc})。"))
            if stopped:
                break
            if hard_limit:
                now = time.monotonic()
                for fut in pending:
                    if fut.running():
                        seen_running.setdefault(fut, now)
                if any(now - t > hard_limit for f, t in seen_running.items() if f in pending):
                    stopped = True
                    break
    except BaseException:
        _kill(ex)
        raise
    if stopped:
        _kill(ex)
        return [futures[f] for f in futures if f in pending or _broken(f)]
    ex.shutdown(wait=True)
    return []


def _broken(fut: Future) -> bool:
    return fut.done() and not fut.cancelled() and isinstance(fut.exception(), BrokenProcessPool)


def _run_isolated(jobs: list[Job], timeout: float | None, done, work=None) -> None:
    """One file at a time in a one-worker pool, so a hang or crash is pinned on its file."""
    work = work or _work
    ex = None
    hard_limit = timeout + BACKSTOP_GRACE if timeout else None
    try:
        for job in jobs:
            if ex is None:
                ex = ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=_init_worker)
            fut = ex.submit(work, job, timeout)
            finished, _ = wait([fut], timeout=hard_limit)
            if not finished:
                _kill(ex)
                ex = None
                done(Result(job, False, _timeout_reason(timeout)))
                continue
            try:
                done(fut.result())
            except BrokenProcessPool:
                ex.shutdown(wait=False)
                ex = None
                done(Result(job, False, "解析进程异常退出(可能是内存不足或文件损坏)。"))
            except Exception as exc:  # noqa: BLE001
                done(Result(job, False, f"内部错误({type(exc).__name__}: {exc})。"))
    except BaseException:
        if ex is not None:
            _kill(ex)
        raise
    if ex is not None:
        ex.shutdown(wait=True)


# ---- the command -------------------------------------------------------------------


def _check_folders(src: Path, out: Path) -> None:
    if not src.exists():
        raise FazhiError(f"找不到文件夹 {src}:请检查路径。")
    if not src.is_dir():
        raise FazhiError(f"{src} 不是文件夹。")
    try:
        with os.scandir(src):
            pass
    except PermissionError:
        raise FazhiError(f"没有权限读取文件夹 {src}:请检查文件夹权限。") from None
    except OSError as exc:
        raise FazhiError(f"无法读取文件夹 {src}:{_os_reason(exc)}。") from None
    if out.exists() and not out.is_dir():
        raise FazhiError(f"输出位置 {out} 已存在且不是文件夹:请换一个 --out 文件夹。")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise FazhiError(f"没有权限创建输出文件夹 {out}:请检查权限或换一个位置。") from None
    except OSError as exc:
        raise FazhiError(f"无法创建输出文件夹 {out}:{_os_reason(exc)}。") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise FazhiError(f"没有权限写入输出文件夹 {out}:请检查权限或换一个位置。")


def parse_dir(
    src: Path,
    out: Path,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: bool = True,
) -> int:
    """Parse every supported document under `src` into `out/<name>.json`.

    Prints a summary on stdout (the progress bar goes to stderr). Returns 0 when all
    files were parsed, 1 when some failed; raises FazhiError (exit 2) when `src` cannot
    be read or `out` cannot be written.
    """
    src, out = Path(src), Path(out)
    if jobs is not None and jobs < 1:
        raise FazhiError("--jobs 必须是正整数。")
    _check_folders(src, out)
    try:
        files, problems = find_documents(src, exclude=out)
    except OSError as exc:
        raise FazhiError(f"无法读取文件夹 {src}:{_os_reason(exc)}。") from None
    if not files and not problems:
        exts = "、".join(sorted(SUPPORTED_EXTENSIONS))
        print(f"{src} 中没有可解析的文档(支持 {exts})。")
        return 0

    names = output_names(files, src)
    todo = [Job(str(f), str(out / n), _rel(f, src)) for f, n in zip(files, names, strict=True)]
    results: list[Result] = []

    from tqdm import tqdm

    bar = tqdm(total=len(todo), desc="解析", unit="个", file=sys.stderr, disable=not progress,
               dynamic_ncols=True, leave=True)

    def done(result: Result) -> None:
        results.append(result)
        bar.update(1)

    try:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        left = _run_parallel(todo, workers, timeout, done) if todo else []
        if left:
            bar.write(f"有文件导致解析进程卡住或退出,剩余 {len(left)} 个文件逐个处理…", file=sys.stderr)
            _run_isolated(left, timeout, done)
    finally:
        bar.close()

    failures = [(r.job.name, r.error) for r in results if not r.ok] + problems
    failures.sort(key=lambda f: f[0])
    total = len(todo) + len(problems)
    print(f"已处理 {total} 个文件:成功 {total - len(failures)} 个,失败 {len(failures)} 个")
    for name, reason in failures:
        print(f"  {name}:{reason}")
    if len(failures) < total:
        print(f"JSON 已写入 {out}")
    return 1 if failures else 0
