"""`{% if member|can:"audit.view" %}`: templates ask the one permission table, never the role."""

from django import template

from fazhiweb.core.permissions import member_may

register = template.Library()


@register.filter
def can(member, perm: str) -> bool:
    return member_may(member, perm)
