"""Unit names as matched: normalisation, the own government's prefixes, kind guessing.
Pure functions: the directory models and the resolver (directory.resolve) build on them."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_TRAIL = re.compile(r"(等(有关|相关)?(部门|单位)|等)$")
_SIMPLE_PREFIX = ("县", "区", "市", "旗")


def normalize(name: str) -> str:
    """Fold full/half width (NFKC), drop whitespace and a trailing 等部门/等单位."""
    s = unicodedata.normalize("NFKC", name or "")
    s = _SPACE.sub("", s)
    s = _TRAIL.sub("", s)
    return s


def core(name: str) -> str:
    """The name without its administrative prefix: 县司法局 / 区司法局 / 司法局 → 司法局."""
    s = normalize(name)
    if len(s) > 2 and s[0] in _SIMPLE_PREFIX:
        return s[1:]
    return s


_LEVEL_SUFFIX = ("自治州", "自治县", "自治旗", "新区", "省", "市", "区", "县", "旗", "州", "镇", "乡")


def own_prefixes(government_name: str) -> list[str]:
    """What a plan may write in front of a unit of its own government: the full name
    (青岛市即墨区), its last part (即墨区), that part without its level (即墨) and the level
    word alone (区). Longest first."""
    name = normalize(government_name)
    out = {name}
    for sep in ("省", "市", "州", "盟"):
        if sep in name[:-1]:
            tail = name[name.index(sep) + 1:]
            if len(tail) >= 2:
                out.add(tail)
    for n in list(out):
        for suf in _LEVEL_SUFFIX:
            if n.endswith(suf):
                if len(n) > len(suf) + 1:
                    out.add(n[: -len(suf)])
                out.add(suf)
                break
    return sorted(out, key=len, reverse=True)


def key(name: str, prefixes: list[str]) -> str:
    """The name as matched: normalised, without the own government's prefix (区司法局,
    即墨区司法局 and 司法局 are the same unit of 即墨区; 县司法局 is not)."""
    s = normalize(name)
    for p in prefixes:
        if s.startswith(p) and len(s) > len(p) + 1:
            return s[len(p):]
    return s


def guess_kind(name: str) -> str:
    """A new unit's kind from its name: 镇/乡 → town, 街道 → subdistrict, else department."""
    s = normalize(name)
    if s.startswith("各"):  # a group term (各乡镇, 各街道): not one unit
        return "other"
    if s.endswith("街道") or s.endswith("街道办事处"):
        return "subdistrict"
    if s.endswith(("镇", "乡", "镇人民政府", "乡人民政府", "镇政府", "乡政府")):
        return "town"
    return "dept"
