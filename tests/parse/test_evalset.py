"""python -m fazhi.evalset: the realistic fixtures are parsed and scored with the shared scorer."""

import json
from pathlib import Path

import pytest

from fazhi import evalset

REALISTIC = Path(__file__).resolve().parents[1] / "fixtures" / "realistic"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def test_every_realistic_document_has_a_gold_file():
    docs = {p.stem for p in evalset.documents(REALISTIC)}
    gold = {p.stem for p in (REALISTIC / "gold").glob("*.json")}
    assert len(docs) >= 10 and docs == gold
    for path in (REALISTIC / "gold").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["kind"] in ("plan", "report", "indicators", "other")  # SCHEMA.md's kinds


def test_without_the_scorer_it_says_so(tmp_path, capsys):
    assert evalset.main([str(REALISTIC), "--shared", str(tmp_path)]) == 0
    assert "跳过" in capsys.readouterr().out


def test_a_folder_without_docs_is_refused(tmp_path, capsys):
    assert evalset.main([str(tmp_path)]) == 2
    assert "docs/" in capsys.readouterr().err


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="../shared/eval/score.py 不存在,跳过评分")
def test_scores_each_document(capsys):
    assert evalset.main([str(REALISTIC), "--shared", str(SHARED)]) == 0
    out = capsys.readouterr().out
    assert "town_plan_table.docx" in out
    mean = float(out.strip().splitlines()[-1].rsplit(" ", 1)[1])
    assert 0 < mean <= 1
