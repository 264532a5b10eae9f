from django import template

from fazhiweb.core.comments import _kind_of, comments_for
from fazhiweb.core.permissions import allowed

register = template.Library()


@register.inclusion_tag("core/_comments.html", takes_context=True)
def comments_block(context, obj):
    """The 批示 on `obj` the viewer may read, and the form for a leader."""
    request = context["request"]
    return {"comments": comments_for(request.user, obj), "kind": _kind_of(obj), "obj": obj,
            "can_comment": allowed(request.user, "comment.create", obj), "next": request.get_full_path(),
            "csrf_token": context.get("csrf_token")}
