"""A 评分标准 sentence read into a structured rule (the text itself is always kept).

    未按期报送的扣2分                       → {"type": "deduct", "points": 2}
    每发现一起扣1分,扣完为止               → {"type": "deduct_each", "points": 1, "max": None}
    达到95%的得满分,每低1个百分点扣0.5分   → {"type": "rate", "full_at": 95, "per_point": 0.5}
    发生…的,本项不得分                     → {"type": "zero_if"}
    每获一项加1分,最高加3分                → {"type": "bonus_each", "points": 1, "max": 3}

A criterion holding several such clauses gives a list; one whose scoring clauses cannot all
be read (a range, 酌情) gives None: a person scores it.
"""

from __future__ import annotations

import re
import unicodedata

from fazhi.indicators.data import pattern, to_number

# Sentences end at 。 ; ；(written as escapes: an editor's width normalising must not merge them)
# or before a numbered item "(2)" / "2." / "②"; clauses at , and ，.
_SENTENCE = re.compile(r"[。;\uff1b\n]+|(?<=\S)(?=[(\uff08]\d{1,2}[)\uff09]|(?<![\d.])\d{1,2}[.、](?!\d)|[①-⑳])")
_CLAUSE = re.compile(r"[,\uff0c]")
MAX_CHARS = 2000


def _clauses(text: str) -> list[str]:
    """Clauses that each hold one scoring verb, with their conditions and caps."""
    verb, zero = pattern("rules", "verb"), pattern("rules", "zero_if")
    modifier = pattern("rules", "modifier")
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        buf, first = "", len(out)
        for piece in _CLAUSE.split(sentence):
            piece = piece.strip()
            if not piece:
                continue
            if len(out) > first and not buf and modifier.match(piece):
                out[-1] += "," + piece
                continue
            buf = f"{buf},{piece}" if buf else piece
            if verb.search(piece) or zero.search(piece):
                out.append(buf)
                buf = ""
        if buf and len(out) > first:
            out[-1] += "," + buf  # "…扣1分,直至该项分值扣完"
    return out


def _cap(m: re.Match | None):
    if not m:
        return None
    return to_number(m.group("max") or m.group("max2"))


def clause_rule(clause: str) -> dict | None | bool:
    """One clause → a rule dict; None when it cannot be read; False when it only states
    the full mark ("全部完成的得满分"), which needs no rule."""
    rate = pattern("rules", "rate").search(clause)
    if rate:
        step = to_number(rate.group("step")) or 1
        points = to_number(rate.group("points"))
        per_point = round(points / step, 4) if points is not None else None
        if isinstance(per_point, float) and per_point.is_integer():
            per_point = int(per_point)
        return {"type": "rate", "full_at": to_number(rate.group("full_at")), "per_point": per_point}
    if pattern("rules", "manual").search(clause):
        return None
    bonus = pattern("rules", "bonus").search(clause)
    if bonus:
        points = to_number(bonus.group("points"))
        cap = _cap(pattern("rules", "bonus_cap").search(clause, bonus.end()))
        if cap is None and not pattern("rules", "each").search(clause):
            cap = points  # a one-off bonus: given once at most
        return {"type": "bonus_each", "points": points, "max": cap}
    deduct = pattern("rules", "deduct").search(clause)
    if deduct:
        points = to_number(deduct.group("points"))
        cap = _cap(pattern("rules", "deduct_cap").search(clause, deduct.end()))
        if cap is not None or pattern("rules", "each").search(clause):
            return {"type": "deduct_each", "points": points, "max": cap}
        return {"type": "deduct", "points": points}
    if pattern("rules", "zero_if").search(clause):
        return {"type": "zero_if"}
    if re.search(r"满分|全分|得\s*\d", clause) and not re.search(r"不得|[得计]\s*[0零]", clause):
        return False if "满分" in clause or "全分" in clause else None
    return None


def read_rule(text: str | None) -> dict | list | None:
    """The structured rule of a 评分标准, a list when it holds several, None when unreadable."""
    if not text or len(text) > MAX_CHARS:
        return None  # a page-long "criterion" is prose for a person, not a rule
    # Full-width digits, ％, ，；（） as typed in Word tables read as their ASCII forms (the text
    # itself is kept as written by the caller).
    text = unicodedata.normalize("NFKC", text)
    rules: list[dict] = []
    for clause in _clauses(text):
        rule = clause_rule(clause)
        if rule is None:
            return None
        if rule:
            rules.append(rule)
    if not rules:
        return None
    return rules[0] if len(rules) == 1 else rules
