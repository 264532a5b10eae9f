"""Build the optional compiled parser (`make fast`): the pure-Python parse core compiled to C
extensions with mypyc, OUT of the source tree (see fazhi/_fast.py for how and when they load).

    python tools/build_fast.py          # build .fast/ (C sources and objects kept in .fast-build/)
    python tools/build_fast.py --clean  # remove both
    python tools/build_fast.py --if-stale  # build only when .fast/ is missing or out of date

The extensions go to .fast/<package path>/<module>.so, never beside the .py files, with a
manifest of the SHA-256 of every compiled source: fazhi/_fast.py loads them only while every
source still has its recorded hash, and otherwise runs the pure Python. The new build is
written to .fast.new/ and swapped in by renaming, so a running process that mapped the old
.so files keeps them intact and a half-built directory is never loaded.
Exit 0 built, 1 failed, 2 refused (mypy or a C compiler missing: the pure Python is unaffected).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["FAZHI_PURE"] = "1"  # this process must not map the .so files it replaces

from fazhi._fast import FAST_DIR, GROUP, MANIFEST, MODULES, _check, hashed_files, source_hash  # noqa: E402

BUILD_DIR = ".fast-build"
MYPY_FLAGS = ["--follow-imports=silent", "--ignore-missing-imports",
              "--disable-error-code=annotation-unchecked"]


def _refuse() -> str | None:
    try:
        import mypyc.build  # noqa: F401
        import setuptools  # noqa: F401
    except ImportError:
        return "make fast 需要 mypy(含 mypyc):.venv/bin/pip install -e '.[fast]'"
    cc = sysconfig.get_config_var("CC") or "cc"
    if shutil.which(os.environ.get("CC", cc).split()[0]) is None:
        return "make fast 需要 C 编译器(Debian:apt-get install gcc)"
    include = sysconfig.get_paths()["include"]
    if not (Path(include) / "Python.h").is_file():
        return f"make fast 需要 Python 头文件 {include}/Python.h(Debian:apt-get install python3.11-dev)"
    return None


def build(jobs: int) -> int:
    reason = _refuse()
    if reason:
        print(f"{reason};纯 Python 解析器不受影响。")
        return 2
    from mypyc.build import mypycify
    from setuptools import setup

    final, new, work = ROOT / FAST_DIR, ROOT / (FAST_DIR + ".new"), ROOT / BUILD_DIR
    shutil.rmtree(new, ignore_errors=True)
    os.chdir(ROOT)  # module names come from the paths relative to the root
    paths = [m.replace(".", "/") + ".py" for m in MODULES]
    hashes = {f: source_hash(ROOT / f) for f in hashed_files()}
    t0 = time.monotonic()
    try:
        setup(
            name="fazhi-fast",
            ext_modules=mypycify([*MYPY_FLAGS, *paths], opt_level="3", target_dir=str(work / "c"),
                                 group_name=GROUP.removesuffix("__mypyc"), multi_file=True),
            script_args=["-q", "build_ext", "--build-lib", str(new), "--build-temp", str(work / "o"),
                         "--parallel", str(jobs)],
        )
    except SystemExit as exc:  # mypyc reports type errors, setuptools compiler errors, then exit
        if exc.code not in (None, 0):
            print("编译失败(见上);纯 Python 解析器不受影响。")
            return 1
    if any(source_hash(ROOT / f) != h for f, h in hashes.items()):
        shutil.rmtree(new, ignore_errors=True)
        print("编译期间源文件有改动,请重新运行 make fast。")
        return 1
    manifest = {"python": sys.version.split()[0], "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
                "sources": hashes}
    (new / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    old = ROOT / (FAST_DIR + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    print(f"已编译 {len(MODULES)} 个模块到 {final}({time.monotonic() - t0:.0f} 秒);"
          "源文件改动后自动改用纯 Python,重新运行 make fast 即可")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--clean", action="store_true", help="remove the compiled modules")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--if-stale", action="store_true", help="build only when the build is missing or stale")
    args = ap.parse_args(argv)
    if args.clean:
        for d in (FAST_DIR, FAST_DIR + ".new", FAST_DIR + ".old", BUILD_DIR):
            shutil.rmtree(ROOT / d, ignore_errors=True)
        return 0
    if args.if_stale and _check(ROOT / FAST_DIR)[0] is not None:
        print(f"编译的解析器已是最新({ROOT / FAST_DIR})")
        return 0
    return build(args.jobs)


if __name__ == "__main__":
    sys.exit(main())
