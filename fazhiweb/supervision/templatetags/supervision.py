"""`{% due_list %}`: the liaison's due-soon/overdue list, for the liaison's home page."""

from __future__ import annotations

from django import template
from django.conf import settings

from fazhiweb.supervision.deadlines import DueCalculator

register = template.Library()


@register.inclusion_tag("supervision/_due_list.html", takes_context=True)
def due_list(context):
    from fazhiweb.supervision.views import liaison_due

    member = context.get("member")
    if member is None or not member.is_liaison:
        return {"show": False, "items": [], "soon_days": settings.FAZHI_DUE_SOON_DAYS}
    calc = DueCalculator()
    return {"show": True, "items": liaison_due(member, calc), "soon_days": calc.soon_days, "calendar_note": calc.note}
