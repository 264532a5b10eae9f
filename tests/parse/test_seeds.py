"""Quality on the shared seed documents, scored by the project's scorer.

The seeds and their gold answers live outside the repository (../shared/); without them
these tests skip and say so. Only the scorer's summary is compared, never a gold file.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import fazhi

SHARED = Path(os.environ.get("FAZHI_SHARED", Path(__file__).resolve().parents[3] / "shared"))
SEEDS, GOLD, SCORER = SHARED / "seeds", SHARED / "gold", SHARED / "eval" / "score.py"

pytestmark = pytest.mark.skipif(
    not (SEEDS.is_dir() and GOLD.is_dir() and SCORER.is_file()),
    reason=f"seed documents not found at {SHARED} (set FAZHI_SHARED to the shared folder)",
)


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("pred")
    for seed in sorted(SEEDS.iterdir()):
        doc = fazhi.parse_file(seed)
        (out / f"{seed.stem}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    res = subprocess.run([sys.executable, str(SCORER), str(out), str(GOLD)], capture_output=True, text=True, check=True)
    f1 = {}
    for line in res.stdout.splitlines():
        m = re.match(r"^(\w+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+(\d+)$", line)
        if m and int(m.group(3)):
            f1[m.group(1)] = float(m.group(2))
        m = re.match(r"^(\w+)\s+accuracy (\d+)/(\d+)", line)
        if m:
            f1[m.group(1)] = int(m.group(2)) / int(m.group(3))
    f1["mean"] = float(re.search(r"mean F1: ([\d.]+)", res.stdout).group(1))
    return f1


def test_every_dimension_at_least_095(scores):
    low = {k: v for k, v in scores.items() if v < 0.95}
    assert not low, f"dimensions below 0.95: {low}"


def test_mean_at_least_097(scores):
    assert scores["mean"] >= 0.97


def test_every_seed_parses_as_json_schema(tmp_path):
    for seed in sorted(SEEDS.iterdir()):
        doc = fazhi.parse_file(seed)
        assert doc["schema"] == "fazhi.document/1"
        assert doc["kind"] in ("plan", "report", "other")
