from fazhiweb.core.permissions import membership as _membership


def membership(request):
    m = _membership(getattr(request, "user", None))
    return {"member": m}
