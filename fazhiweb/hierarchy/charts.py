"""A bar chart per indicator as inline SVG (no script, no library): bar lengths computed here."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.export import fmt_number

WIDTH = 240  # the longest bar, in SVG units


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    length: int
    y: int

    @property
    def text(self) -> str:
        return fmt_number(self.value) if self.value is not None else "—"


def bars(values: list[tuple[str, object]]) -> dict | None:
    """[(government, value)] → bars scaled to the largest; None when fewer than two are numbers."""
    nums = []
    for label, v in values:
        try:
            nums.append((label, float(v)) if v is not None else (label, None))
        except (TypeError, ValueError):
            nums.append((label, None))
    stated = [v for _, v in nums if v is not None]
    if len(stated) < 2:
        return None
    top = max(stated) or 1.0
    out = [Bar(label, v, int(WIDTH * v / top) if v and v > 0 else 0, 4 + 22 * i) for i, (label, v) in enumerate(nums)]
    return {"bars": out, "height": 8 + 22 * len(out), "width": WIDTH}
