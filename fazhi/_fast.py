"""The optional compiled parser: mypyc builds of the parse core, used only while current.

`make fast` (tools/build_fast.py) compiles MODULES with mypyc into .fast/ at the project root,
never beside the sources, and records the SHA-256 of every file of hashed_files() in
.fast/manifest.json. activate() (run when fazhi/__init__.py imports this module, before any of
MODULES is imported) checks them: when every file still has its recorded hash, an import finder loads exactly MODULES from .fast/; when any
differs (an edited, pulled or checked-out file), when a file is missing, or when
FAZHI_PURE=1 is set, nothing is loaded from .fast/ and the pure Python runs — the modules are
compiled as one group that calls across modules in C, so it is all of them or none. A stale
build therefore never shadows an edited .py, as a .so beside it would. MODE says which ran.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import sysconfig
from pathlib import Path

FAST_DIR = ".fast"
MANIFEST = "manifest.json"
GROUP = "fazhi_fast__mypyc"  # the shared library of the group (group_name "fazhi_fast")
# The hot path of a cold parse (measured: the parse stages and the text reader).
MODULES = tuple(
    f"fazhi.parse.{m}" for m in (
        "clean", "dates", "markers", "meta", "metric_keys", "metrics", "model", "outline",
        "quantities", "rules", "sections", "tables", "tasks", "text", "unit_names",
        "unit_notes", "units",
    )
) + ("fazhi.docs.txt",)
# What the compiled code was type-checked against as well: a change there also invalidates it.
ALSO_HASHED = ("fazhi/parse/__init__.py", "fazhi/parse/pipeline.py", "fazhi/docs/base.py",
               "fazhi/errors.py", "fazhi/_fast.py")

ROOT = Path(__file__).resolve().parent.parent
MODE = "pure"  # "compiled" once activate() installed the finder
STATUS = "未编译(纯 Python)"


def hashed_files() -> list[str]:
    return [m.replace(".", "/") + ".py" for m in MODULES] + list(ALSO_HASHED)


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Finder:
    """Finds exactly the compiled modules (and their group library) in .fast/."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(self, fullname, path=None, target=None):
        f = self.files.get(fullname)
        return importlib.util.spec_from_file_location(fullname, f) if f is not None else None


def _check(d: Path) -> tuple[dict[str, Path] | None, str]:
    try:
        manifest = json.loads((d / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, "未编译(纯 Python)"
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if manifest.get("ext_suffix") != suffix or manifest.get("python") != sys.version.split()[0]:
        return None, "编译模块属于另一个 Python 版本,运行纯 Python(make fast 可重新编译)"
    recorded = manifest.get("sources") or {}
    files = hashed_files()
    try:
        if sorted(recorded) != sorted(files) or any(source_hash(ROOT / f) != recorded[f] for f in files):
            return None, "源文件在编译后有改动,运行纯 Python(make fast 可重新编译)"
    except OSError:
        return None, "源文件缺失,运行纯 Python"
    found = {m: d / (m.replace(".", "/") + suffix) for m in (*MODULES, GROUP)}
    if not all(f.is_file() for f in found.values()):
        return None, "编译模块不完整,运行纯 Python(make fast 可重新编译)"
    return found, f"已编译(mypyc,{len(MODULES)} 个模块,{d})"


def activate() -> str:
    global MODE, STATUS
    if MODE == "compiled":
        return MODE
    if os.environ.get("FAZHI_PURE"):
        STATUS = "FAZHI_PURE 已设置,运行纯 Python"
        return MODE
    d = ROOT / FAST_DIR
    if not (d / MANIFEST).is_file():
        return MODE
    if any(m in sys.modules for m in MODULES):  # too late to choose: already imported
        STATUS = "模块已先以纯 Python 导入"
        return MODE
    found, STATUS = _check(d)
    if found is not None:
        sys.meta_path.insert(0, _Finder(found))
        MODE = "compiled"
    return MODE


activate()
