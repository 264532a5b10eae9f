"""Loads the extraction rules and indicator list kept as data in fazhi/data/."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@cache
def rules() -> dict:
    with resources.files("fazhi.data").joinpath("extraction.toml").open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    aliases: tuple[str, ...]  # the name first, then the also-written forms (may be regexes)
    unit: str
    context: tuple[str, ...]  # domain words required near a generic alias


@cache
def indicators() -> tuple[Indicator, ...]:
    text = resources.files("fazhi.data").joinpath("indicators.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t"):
        aliases = (row["name"], *[a for a in row["also_written"].split("|") if a])
        context = tuple(c for c in (row.get("context") or "").split("|") if c)
        out.append(Indicator(row["key"], row["name"], aliases, row["unit"], context))
    return tuple(out)
