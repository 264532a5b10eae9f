"""The optional compiled parser (make fast, fazhi/_fast.py) is used only while every compiled
source is unchanged; otherwise, and with FAZHI_PURE=1, the pure Python runs."""

import json
import os
import subprocess
import sys
import sysconfig

from fazhi import _fast


def _manifest(d, **change):
    sources = {f: _fast.source_hash(_fast.ROOT / f) for f in _fast.hashed_files()}
    sources.update(change.pop("sources", {}))
    m = {"python": sys.version.split()[0], "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
         "sources": sources, **change}
    (d / _fast.MANIFEST).write_text(json.dumps(m), encoding="utf-8")


def _fake_build(d):
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    for m in (*_fast.MODULES, _fast.GROUP):
        f = d / (m.replace(".", "/") + suffix)
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"")


def test_a_current_build_maps_exactly_the_compiled_modules(tmp_path):
    _fake_build(tmp_path)
    _manifest(tmp_path)
    found, status = _fast._check(tmp_path)
    assert found is not None and set(found) == {*_fast.MODULES, _fast.GROUP}
    assert all(str(f).startswith(str(tmp_path)) for f in found.values())  # never beside the sources
    assert "已编译" in status


def test_an_edited_source_means_pure_python(tmp_path):
    _fake_build(tmp_path)
    _manifest(tmp_path, sources={"fazhi/parse/units.py": "0" * 64})
    found, status = _fast._check(tmp_path)
    assert found is None and "改动" in status


def test_a_missing_module_another_python_or_no_manifest_means_pure_python(tmp_path):
    _manifest(tmp_path)  # no .so files
    assert _fast._check(tmp_path)[0] is None
    _fake_build(tmp_path)
    _manifest(tmp_path, python="3.0.0")
    assert _fast._check(tmp_path)[0] is None
    (tmp_path / _fast.MANIFEST).unlink()
    assert _fast._check(tmp_path)[0] is None


def test_fazhi_pure_forces_the_pure_python():
    env = {**os.environ, "FAZHI_PURE": "1"}
    out = subprocess.run([sys.executable, "-c", "import fazhi, fazhi.parse.units as u; print(fazhi._fast.MODE, u.__file__)"],
                         capture_output=True, text=True, env=env, check=True)
    mode, path = out.stdout.split()
    assert mode == "pure" and path.endswith("units.py")


def _parse_dirs(out, pure: bool) -> None:
    env = {**os.environ, "FAZHI_PURE": "1"} if pure else {k: v for k, v in os.environ.items() if k != "FAZHI_PURE"}
    for d in ("tests/fixtures/realistic/docs", "tests/fixtures/docs", "samples"):
        src = _fast.ROOT / d
        if src.is_dir():
            subprocess.run([sys.executable, "-m", "fazhi", "parse", str(src), "--out", str(out / d.replace("/", "_")),
                            "--jobs", "1"], env=env, capture_output=True, cwd=_fast.ROOT)


def test_the_compiled_parser_writes_the_same_json_as_the_pure_one(tmp_path):
    """Compiled code enforces annotations at run time (a `float` field turned 80 into 80.0):
    a current build must give byte-identical JSON on every fixture document."""
    import pytest

    if _fast._check(_fast.ROOT / _fast.FAST_DIR)[0] is None:
        pytest.skip("no current compiled build (make fast): nothing to compare")
    _parse_dirs(tmp_path / "pure", pure=True)
    _parse_dirs(tmp_path / "compiled", pure=False)
    pure = {p.relative_to(tmp_path / "pure"): p.read_bytes() for p in (tmp_path / "pure").rglob("*.json")}
    compiled = {p.relative_to(tmp_path / "compiled"): p.read_bytes()
                for p in (tmp_path / "compiled").rglob("*.json")}
    assert len(pure) > 300 and pure.keys() == compiled.keys()
    assert [str(k) for k in pure if pure[k] != compiled[k]] == []
