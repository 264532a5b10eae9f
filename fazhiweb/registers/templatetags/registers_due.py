"""`{% load registers_due %}{% register_due %}`: the registers' late and due-soon clocks on a page
of another app (the home pages, the supervision pages), in one line of that page's template.
Bodies are cached per government data version and day (core.pagecache)."""

from __future__ import annotations

from django import template

from fazhiweb.core import pagecache
from fazhiweb.registers import hooks, queries

register = template.Library()
LIMIT = 10


@register.simple_tag(takes_context=True)
def register_due(context, mode: str = "mine"):
    """mode "mine": the cases the viewer's unit keeps (the office: the government's own);
    "units": late and due-soon counts per unit (office and leaders)."""
    m = context.get("member")
    if m is None or not hasattr(m, "government_id"):
        return ""
    day = pagecache.today()
    if mode == "units":
        if m.is_liaison:
            return ""
        return pagecache.body(m, "registers.due_units", (), day, "registers/_due_units.html",
                              lambda: {"rows": hooks.unit_counts(m.government_id, day),
                                       "soon_days": queries.SOON_DAYS})
    if m.is_leader:
        return ""
    unit_id = m.unit_id if m.is_liaison else None

    def build():
        lines = hooks.lines_for(m.government_id, unit_id, day)
        return {"lines": lines[:LIMIT], "count": len(lines), "soon_days": queries.SOON_DAYS}

    return pagecache.body(m, "registers.due_mine", (unit_id,), day, "registers/_due_box.html", build)
