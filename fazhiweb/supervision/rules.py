"""Supervision rules kept as data (rules.json, each with its source) and read once."""

from __future__ import annotations

import functools
import json
from pathlib import Path

RULES_FILE = Path(__file__).with_name("rules.json")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def notice_kinds() -> list[tuple[str, str]]:
    return [(k["code"], k["label"]) for k in rules()["notice_kinds"]["items"]]


def notice_states() -> list[tuple[str, str]]:
    return [(s["code"], s["label"]) for s in rules()["notice_flow"]["states"]]


def transitions() -> dict[str, dict]:
    return {t["action"]: t for t in rules()["notice_flow"]["transitions"]}


def extend_rest_day_deadlines() -> bool:
    return rules()["deadline_on_rest_day"]["rule"] == "next_workday"
