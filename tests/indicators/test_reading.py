"""An indicator system of our own writing read from .xlsx, a Word table and text."""

import json
import subprocess
import sys

import pytest

import fazhi
from tests.indicators import system as S


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ind")
    S.write_xlsx(tmp / "细则.xlsx")
    S.write_docx(tmp / "细则.docx")
    (tmp / "细则.txt").write_text(S.text_version(), encoding="utf-8")
    return {ext: fazhi.parse_file(tmp / f"细则.{ext}") for ext in ("xlsx", "docx", "txt")}


def _shape(nodes):
    return [(n["name"], n["points"], n["criteria"], n["evidence"], n["assessor"], _shape(n["children"])) for n in nodes]


def test_kind_and_fields(docs):
    for ext, doc in docs.items():
        assert doc["kind"] == "indicators", ext
        assert doc["schema"] == "fazhi.document/1"
        assert doc["title"] == S.TITLE
        assert doc["year"] == 2025
        assert doc["total_points"] == S.TOTAL
        assert doc["warnings"] == [], (ext, doc["warnings"])


def test_every_node_has_exactly_the_keys(docs):
    keys = {"name", "points", "criteria", "rule", "evidence", "assessor", "children"}

    def walk(nodes):
        for n in nodes:
            assert set(n) == keys
            walk(n["children"])

    for doc in docs.values():
        walk(doc["indicators"])
        for b in doc["bonus"]:
            assert set(b) == {"name", "cap", "items"}
            walk(b["items"])
        for v in doc["veto"]:
            assert set(v) == {"text", "evidence", "assessor"}


def test_tree_matches_the_system(docs):
    want = [
        (n1, p1, None, None, None, [
            (n2, p2, None, None, None, [(n3, p3, c, e, a, []) for n3, p3, c, e, a in leaves])
            for n2, p2, leaves in kids
        ])
        for n1, p1, kids in S.SYSTEM
    ]
    assert _shape(docs["xlsx"]["indicators"]) == want


def test_three_formats_give_the_same_system(docs):
    keys = ("indicators", "bonus", "veto", "total_points", "warnings")
    base = {k: docs["xlsx"][k] for k in keys}
    assert {k: docs["docx"][k] for k in keys} == base
    assert {k: docs["txt"][k] for k in keys} == base


def test_points_add_up(docs):
    tree = docs["xlsx"]["indicators"]
    assert sum(n["points"] for n in tree) == S.TOTAL
    for n in tree:
        assert sum(c["points"] for c in n["children"]) == n["points"]


def test_bonus_and_veto(docs):
    doc = docs["docx"]
    assert [(b["name"], b["cap"]) for b in doc["bonus"]] == [(S.BONUS_NAME, S.BONUS_CAP)]
    items = doc["bonus"][0]["items"]
    assert [i["name"] for i in items] == [b[0] for b in S.BONUS]
    assert items[1]["rule"] == {"type": "bonus_each", "points": 0.5, "max": 2}
    assert doc["veto"] == [{"text": S.VETO[0], "evidence": S.VETO[1], "assessor": S.VETO[2]}]


def test_rules_on_the_leaves(docs):
    leaves = [leaf for n in docs["xlsx"]["indicators"] for c in n["children"] for leaf in c["children"]]
    rules = {leaf["name"]: leaf["rule"] for leaf in leaves}
    assert rules["备案审查"] == {"type": "rate", "full_at": 100, "per_point": 0.5}
    assert rules["执法过错"] == {"type": "zero_if"}
    assert rules["执法案卷质量"] == {"type": "deduct_each", "points": 2, "max": 6}
    assert rules["主要负责人专题研究法治建设"] == [{"type": "deduct", "points": 3}, {"type": "deduct", "points": 1}]


def test_points_that_do_not_add_up_warn(tmp_path):
    bad = [(n1, p1 + 2 if i == 0 else p1, kids) for i, (n1, p1, kids) in enumerate(S.SYSTEM)]
    S.write_xlsx(tmp_path / "bad.xlsx", bad)
    doc = fazhi.parse_file(tmp_path / "bad.xlsx")
    assert doc["kind"] == "indicators"
    assert any("组织领导与责任落实" in w and "22" in w and "20" in w for w in doc["warnings"])
    assert any("合计" in w for w in doc["warnings"])  # 52 by the first level, 50 by the 合计 row
    assert doc["total_points"] == S.TOTAL


def test_cli_prints_the_indicators_kind(tmp_path):
    S.write_docx(tmp_path / "细则.docx")
    res = subprocess.run([sys.executable, "-m", "fazhi", "parse", str(tmp_path / "细则.docx"), "--json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(res.stdout)
    assert data["kind"] == "indicators"
    assert "依法行政与执法监督" in res.stdout  # UTF-8, not \u escapes


def test_cli_table_shows_the_tree_and_xlsx_is_refused(tmp_path, capsys):
    from fazhi.cli import main

    S.write_xlsx(tmp_path / "细则.xlsx")
    assert main(["parse", str(tmp_path / "细则.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "考核指标体系" in out and "基础分:50分" in out
    assert "  规范性文件管理  10分" in out
    assert "[达100%满分,每低1个百分点扣0.5分]" in out
    assert main(["parse", str(tmp_path / "细则.xlsx"), "--xlsx", str(tmp_path / "out.xlsx")]) == 2
    assert "考核指标体系" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()
