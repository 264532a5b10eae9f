from fazhiweb.core.permissions import membership as _membership


def membership(request):
    user = getattr(request, "user", None)
    m = _membership(user)

    def unread_count():  # called by the header only when it is rendered: one COUNT query
        from fazhiweb.core.notify import unread

        return unread(user).count() if m is not None else 0

    return {"member": m, "unread_count": unread_count}
