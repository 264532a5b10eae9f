"""The indicator-system wordings and scoring phrases, loaded once from fazhi/data/."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def config() -> dict:
    with resources.files("fazhi.data").joinpath("indicator_systems.toml").open("rb") as fh:
        return tomllib.load(fh)["indicator_systems"]


@cache
def pattern(section: str, key: str) -> re.Pattern:
    """A regex from the data file, with {N} standing for a number (2, 0.5, 两)."""
    raw = config()[section][key]
    if "{N}" in raw:
        raw = raw.replace("{N}", config()["rules"]["number"])
    return re.compile(raw)


def to_number(text: str | None) -> float | int | None:
    """'5' → 5, '0.5' → 0.5, '两' → 2, '半' → 0.5; None when it is no number."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    if text == "半":
        return 0.5
    try:
        value = float(text)
    except ValueError:
        import cn2an

        try:
            value = float(cn2an.cn2an(("一" + text) if text[0] == "十" else text, "smart"))
        except Exception:  # cn2an raises several kinds on odd input
            return None
    return int(value) if value.is_integer() else value
