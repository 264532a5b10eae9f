"""The annual report's settings: defaults from fazhi/data/annual.toml (with their sources),
overridden per government by a mapping of the same shape (the web app's settings)."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from importlib import resources


@cache
def _defaults() -> dict:
    with resources.files("fazhi.data").joinpath("annual.toml").open("rb") as fh:
        return tomllib.load(fh)


def settings(overrides: dict | None = None) -> dict:
    """The defaults with `overrides` merged in, table by table (a fresh copy each call)."""
    out = copy.deepcopy(_defaults())
    _merge(out, overrides or {})
    return out


def _merge(base: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
