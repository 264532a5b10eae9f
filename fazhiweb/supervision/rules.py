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


def reply_workdays() -> int:
    """Working days a unit has to reply to a notice, by default (the form's pre-filled date)."""
    return int(rules()["notice_reply"]["workdays"])
