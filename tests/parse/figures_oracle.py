"""find_quantities as it was before its per-candidate loop was rewritten for speed (issue 10):
the oracle of test_figure_fast_paths.py. It reads the patterns of quantities._cfg() (c.pattern,
the flat form of the matcher) and its unchanged helpers, so only the rewritten loop is here."""

from __future__ import annotations

import re

from fazhi.parse import quantities as q
from fazhi.parse.text import QUOTE_OPEN, in_spans, merge_spans, quoted_spans

_GROUPS = ("pnum", "num", "ap0", "mult", "ap1", "unit", "num2", "mult2", "ap2", "unit2")


def _rejected(text: str, start: int, end: int, cn: bool, unit: str | None, num: str, c) -> bool:
    before = text[start - 1] if start else ""
    after = text[end : end + 1]
    if before in q._BAD_BEFORE or after in q._BAD_AFTER:
        return True
    if before == "月" and unit in ("日", "天"):
        return True
    if unit == "日" and before in "至到、" and q._DAY_BEFORE.search(text, max(0, start - 8), start - 1):
        return True
    if unit == "小时" and num.lstrip("0") == "24":
        return True
    if unit and len(unit) == 1 and after and after in c.not_followed_by.get(unit, ""):
        return True
    if cn:
        if before and before in q.CN:
            return True
        if num[:1] in "零〇" and num[1:2] != "点":
            return True
        if unit != "次" and c.campaign.match(text, end):
            return True
    near = text[max(0, start - 2) : start]
    return bool(("前" in near or "第" in near) and c.rank.search(text, max(0, start - 8), start))


def find_quantities(text: str, ops: bool = True) -> list[q.Quantity]:
    c = q._cfg()
    matches = list(c.pattern.finditer(text))
    quote = QUOTE_OPEN.search(text)
    first_quote = quote.start() if quote else len(text)
    spans = None
    left = seen = 0
    right = -1
    out = []
    for m in matches:
        pnum, num1, ap0, mult, ap1, unit1, num2, mult2, ap2, unit2 = m.group(*_GROUPS)
        start, stop = m.span()
        unit = "%" if pnum else (unit1 or unit2)
        num = num1 or num2 or ""
        cn = bool(num) and not num[0].isdigit()
        if start > first_quote:
            if spans is None:
                spans = merge_spans(quoted_spans(text))
            if in_spans(start, spans):
                continue
        if (cn and unit in c.arabic_only) or _rejected(text, start, stop, cn, unit, num1 or "", c):
            continue
        last = re.compile("(?s).*[" + re.escape(q.CLAUSE_END) + "]").match(text, seen, start)
        if last is not None:
            left = last.end()
        seen = start
        if cn and not pnum and not q._cn_cued(text, m, c, left):
            continue
        value = q._value(pnum, num1, mult, num2, mult2)
        if value is None:
            continue
        unit = q._UNIT_NAMES.get(unit or "", unit or "")
        if right < stop:
            nxt = q._CLAUSE_END_RE.search(text, stop)
            right = nxt.start() if nxt else len(text)
        before = text[left:start]
        after = text[stop : stop + 3]
        approx = bool(ap0 or ap1 or ap2) or after.startswith(c.approx_after) or before.endswith(c.approx_before)
        op = q._op(before, after, unit, c) if ops else ""
        end = stop
        if after.startswith(c.after_at_least):
            end += next(len(a) for a in c.after_at_least if after.startswith(a))
        out.append(q.Quantity(q._num(value), unit, op, approx, start, end, text[left:right], left))
    return out

