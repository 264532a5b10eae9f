"""The assessment's rules as data (rules.json, each block naming its source)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

RULES_FILE = Path(__file__).with_name("rules.json")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def grade_rules() -> dict:
    g = rules()["grades"]
    return {"levels": [dict(x) for x in g["levels"]], "veto_grade": g["veto_grade"], "source": g["source"]}


def categories() -> list[str]:
    return list(rules()["categories"]["names"])


def category_of_kind(kind: str) -> str:
    return rules()["categories"]["by_unit_kind"].get(kind, categories()[0])


def category_of_level(level: str) -> str:
    """The category of a lower government assessed as a whole (a town government: 乡镇街道)."""
    return rules()["categories"].get("by_government_level", {}).get(level, categories()[0])


def ledger_keys() -> dict[str, str]:
    return {i["key"]: i["label"] for i in rules()["ledger_figures"]["items"]}


def mark_labels() -> dict[str, str]:
    return {i["code"]: i["label"] for i in rules()["demo_marks"]["items"]}
