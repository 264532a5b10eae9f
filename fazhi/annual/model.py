"""A drafted annual report as plain data: parts of paragraphs of text runs and figure tokens.

A figure stays a token (its key, value, unit, definition and records), never a typed
number, so the web editor can show where it comes from and the approval can freeze it.
`to_dict`/`from_dict` give the JSON the web app stores.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from fazhi.export import fmt_number


def cn_numeral(n: int) -> str:
    """1 → 一, 12 → 十二: the numbers of 公文 headings (一、 / (一))."""
    import cn2an

    return cn2an.an2cn(n)


@dataclass
class Figure:
    name: str  # the indicator's name (indicators.tsv) or the unit's own wording
    value: float | int
    unit: str = ""
    key: str | None = None  # indicator key; None for a figure a unit reported in words
    definition: str = ""
    records: Any = None  # what `fazhi stats` gives: ids, a count or a link

    def value_label(self) -> str:
        """Rates as percentages to 2 decimals (31.25%), counts as written (40件)."""
        if self.unit == "%":
            return f"{float(self.value):.2f}%"
        return f"{fmt_number(self.value)}{self.unit}"

    def text(self) -> str:
        return f"{self.name}{self.value_label()}"


Run = str | Figure


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = "body"  # body | heading2 (a numbered sub-heading inside a part)
    draft: bool = True  # drafted by Fazhi: to be rewritten by the office
    internal: bool = False  # dropped from the public version (保密 review)
    placeholder: bool = False  # the 待补充 of a part with nothing to say

    def text(self) -> str:
        return "".join(r.text() if isinstance(r, Figure) else r for r in self.runs)

    def figures(self) -> list[Figure]:
        return [r for r in self.runs if isinstance(r, Figure)]


@dataclass
class Part:
    key: str  # one of the five section keys
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Draft:
    title: str
    year: int
    government: str
    parts: list[Part]
    unit: str | None = None
    addressee: str = ""  # 主送
    signer: str = ""  # 落款
    date: str | None = None  # YYYY-MM-DD of the 落款
    opening: list[Paragraph] = field(default_factory=list)
    # Submitted department reports, offered to the office to pull in (not in the text):
    # [{"unit", "highlights": [str], "figures": {key: stat}}]
    sources: list[dict] = field(default_factory=list)

    def numbered_parts(self) -> list[tuple[str, Part]]:
        """The parts with their heading numbers as written: ("一、", part), …"""
        return [(f"{cn_numeral(i)}、", p) for i, p in enumerate(self.parts, 1)]

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    def figures(self) -> list[Figure]:
        return [f for p in self.parts for para in p.paragraphs for f in para.figures()]

    @property
    def is_draft(self) -> bool:
        return any(para.draft for p in self.parts for para in p.paragraphs)

    def text_lines(self, public: bool = False) -> list[str]:
        """The report as lines of plain text (title, 主送, parts with their numbers, 落款):
        what the audit reads and the public text keeps. public=True drops internal passages."""
        from fazhi.export import date_cn

        def body(paras: list[Paragraph]) -> list[str]:
            return [p.text() for p in paras if not (public and p.internal)]

        out = [self.title]
        if self.addressee:
            out.append(f"{self.addressee}:")
        out += body(self.opening)
        for label, part in self.numbered_parts():
            out.append(f"{label}{part.heading}")
            out += body(part.paragraphs)
        out.append(self.signer)
        if self.date:
            out.append(date_cn(self.date))
        return [line for line in out if line]

    def to_dict(self) -> dict:
        def para(p: Paragraph) -> dict:
            d = asdict(p)
            d["runs"] = [({"figure": asdict(r)} if isinstance(r, Figure) else r) for r in p.runs]
            return d

        out = asdict(self)
        out["opening"] = [para(p) for p in self.opening]
        out["parts"] = [{"key": p.key, "heading": p.heading, "paragraphs": [para(x) for x in p.paragraphs]}
                        for p in self.parts]
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Draft:
        def para(d: dict) -> Paragraph:
            runs = [Figure(**r["figure"]) if isinstance(r, dict) else r for r in d["runs"]]
            return Paragraph(**{**d, "runs": runs})

        parts = [Part(p["key"], p["heading"], [para(x) for x in p["paragraphs"]]) for p in data["parts"]]
        rest = {k: v for k, v in data.items() if k not in ("parts", "opening")}
        return cls(**rest, parts=parts, opening=[para(x) for x in data.get("opening") or []])
