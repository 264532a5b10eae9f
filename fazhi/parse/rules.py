"""Loads the extraction rules and indicator list kept as data in fazhi/data/."""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Sequence
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


# --- The one catalogue of labels (extraction.toml), read by notes, label lines and tables.


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True))


@cache
def unit_labels() -> dict[str, str]:
    """Unit label → role: 牵头单位 → lead, 承办单位 → responsible, 协办单位 → support,
    责任领导 → person (the label of a leader, whose words name no unit)."""
    u = rules()["units"]
    out = {lab: "lead" for lab in u["lead_labels"]}
    out.update({lab: "responsible" for lab in u["responsible_labels"]})
    out.update({lab: "support" for lab in u["support_labels"]})
    out.update({lab: "person" for lab in u["person_labels"]})  # a leader's name: no unit
    out.update(u["short_labels"])  # only with a colon (units.py)
    return out


@cache
def deadline_labels() -> tuple[str, ...]:
    return tuple(rules()["deadlines"]["labels"])


@cache
def deadline_label_re() -> re.Pattern:
    """'完成时限:' at the start of a text (a line, a cell or a bracketed note)."""
    return re.compile(rf"({_alt(deadline_labels())})\s*[:：]\s*")


@cache
def label_line_re() -> re.Pattern:
    """A line of its own that starts with a unit or deadline label and a colon."""
    return re.compile(rf"^[\[【(]?({_alt([*unit_labels(), *deadline_labels()])})\s*[:：]")


@cache
def columns() -> dict[str, tuple[str, ...]]:
    """Task-table column names by field; the unit and deadline columns are the labels."""
    c = rules()["columns"]
    roles = unit_labels()
    out = {name: tuple(c[name]) for name in ("seq", "section", "task")}
    for role in ("lead", "responsible", "support"):
        out[role] = tuple(lab for lab, r in roles.items() if r == role)
    out["deadline"] = (*deadline_labels(), *c["deadline"])
    out["target"] = tuple(c["target"])
    return out


@cache
def _footer_res() -> tuple[re.Pattern, re.Pattern]:
    b = rules()["boilerplate"]
    return re.compile(rf"(?:^|\s)({_alt(b['site_labels'])})\s*[:：]"), re.compile(_alt(b["footer_cues"]))


def is_site_footer(line: str, neighbours: Sequence[str] = ()) -> bool:
    """A portal footer's 主办/承办 line ("主办:某县政府办公室 承办:某县大数据中心 网站标识码…"),
    told from a unit note written with the same words by a footer cue on it or next to it."""
    label, cue = _footer_res()
    if len(line) > 200 or not label.search(line):
        return False
    return any(cue.search(s) for s in (line, *neighbours))
