"""`fazhi annual …` end to end: exit codes and JSON keys."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fazhi
from fazhi import cli
from fazhi.annual import db

from .inputs import INPUTS
from .reports import report

ROOT = Path(__file__).resolve().parents[2]
PARTS = {"achievements", "shortcomings", "first_responsible", "next_year", "other"}


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "fazhi", "annual", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)


@pytest.fixture
def files(tmp_path):
    now, before = tmp_path / "2025.txt", tmp_path / "2024.txt"
    now.write_text(report(2025, parts=("first", "achievements", "specific")), encoding="utf-8")
    before.write_text(report(2024), encoding="utf-8")
    return now, before


def test_audit_json_keys_and_exit_0(files):
    now, before = files
    res = run("audit", str(now), "--previous", str(before), "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {"sections", "findings"} and set(out["sections"]) == PARTS
    assert all({"code", "severity", "message", "text"} <= set(f) for f in out["findings"])
    codes = {f["code"] for f in out["findings"]}
    assert {"missing_section:next_year", "missing_section:other", "repeated_shortcomings"} <= codes
    assert "\\u" not in res.stdout  # UTF-8, not escaped


def test_audit_refuses_unreadable_file(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    for path in (bad, tmp_path / "missing.docx"):
        res = run("audit", str(path), "--json")
        assert res.returncode == 2 and "Traceback" not in res.stderr and res.stderr.strip()


def test_audit_year_needs_government(files):
    res = run("audit", str(files[0]), "--year", "2025", "--json")
    assert res.returncode == 2 and "--government" in res.stderr


@pytest.mark.skipif(importlib.util.find_spec("fazhiweb.registers") is not None,
                    reason="the registers app is present: register figures are then read from the database")
def test_audit_without_registers_says_so_and_checks_text(files):
    res = run("audit", str(files[0]), "--year", "2025", "--government", "河口县人民政府", "--json")
    assert res.returncode == 0
    assert "登记簿数据不可用" in res.stderr
    assert json.loads(res.stdout)["sections"]["achievements"] is True


def test_audit_with_register_figures_through_the_seam(files, monkeypatch, capsys):
    stats = {"reconsideration.correction_rate": {"value": 30.0, "unit": "%", "definition": "", "records": []}}
    monkeypatch.setattr(db, "register_figures", lambda year, government: stats)
    assert cli.main(["annual", "audit", str(files[0]), "--year", "2025", "--government", "河口县人民政府", "--json"]) == 0
    found = {f["code"]: f for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found["figure_mismatch:reconsideration.correction_rate"]["text"].endswith("28.57%")


def test_draft_from_inputs_then_audit(tmp_path):
    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps(INPUTS, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "draft.docx"
    res = run("draft", "--year", "2025", "--government", "青石县人民政府", "--inputs", str(inputs), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert fazhi.parse_file(out)["kind"] == "report"
    audit = json.loads(run("audit", str(out), "--json").stdout)
    assert all(audit["sections"].values())
    assert {f["code"] for f in audit["findings"]} == {"placeholder:other", "few_cases"}
    html = tmp_path / "draft.html"
    assert run("draft", "--year", "2025", "--inputs", str(inputs), "--out", str(html)).returncode == 0
    assert "纠错率31.25%" in html.read_text(encoding="utf-8")


@pytest.mark.skipif(importlib.util.find_spec("fazhiweb.annual") is not None, reason="the annual app is present")
def test_draft_without_database_app_refuses(tmp_path):
    res = run("draft", "--year", "2025", "--government", "青石县人民政府", "--out", str(tmp_path / "d.docx"))
    assert res.returncode == 2 and "--inputs" in res.stderr and "Traceback" not in res.stderr


def test_draft_bad_output_format(tmp_path):
    inputs = tmp_path / "inputs.json"
    inputs.write_text("{}", encoding="utf-8")
    res = run("draft", "--year", "2025", "--inputs", str(inputs), "--out", str(tmp_path / "d.odt"))
    assert res.returncode == 2 and ".docx" in res.stderr


def test_routing_json():
    res = run("routing", "--year", "2025", "--level", "department", "--json")
    assert res.returncode == 0
    out = json.loads(res.stdout)
    assert out["due"] == "2026-03-01" and out["publish_due"] == "2026-04-01"
    assert {"recipients", "copies", "source"} <= set(out)


@pytest.mark.parametrize("content", ['[1, 2]', '{"figures": []}', '{"figures": {"x": {"value": "多"}}}', "not json"])
def test_draft_refuses_bad_inputs(tmp_path, content):
    inputs = tmp_path / "inputs.json"
    inputs.write_text(content, encoding="utf-8")
    res = run("draft", "--year", "2025", "--inputs", str(inputs), "--out", str(tmp_path / "d.docx"))
    assert res.returncode == 2 and "Traceback" not in res.stderr and res.stderr.startswith("错误")


def test_core_never_imports_django():
    code = ("import sys, fazhi.annual, fazhi.annual.cli, fazhi.annual.db; "
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0


def test_readable_outputs(files):
    res = run("audit", str(files[0]))
    assert res.returncode == 0 and "[错误] missing_section:next_year" in res.stdout
    res = run("routing", "--year", "2025", "--local-due", "2026-02-28")
    assert res.returncode == 0 and "2026-02-28 前报送" in res.stdout and "第二十四条" in res.stdout
