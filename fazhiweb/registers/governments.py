"""Finding a government and a unit by the names the command line is given.

Governments are found by the accounts app's resolver (the same as `fazhi user add` uses)."""

from __future__ import annotations

from fazhi.errors import FazhiError
from fazhiweb.accounts.models import Government
from fazhiweb.directory.models import Unit


def government_named(name: str | None) -> Government:
    """The government called `name` (上级/本级 where names repeat); without a name, the only one the
    installation holds — the accounts app's one resolver, its refusals as command-line errors."""
    from fazhiweb.accounts.services import AccountError, find_government

    try:
        return find_government(name)
    except AccountError as exc:
        raise FazhiError(str(exc)) from None


def unit_named(government: Government, name: str | None) -> Unit | None:
    """The unit of `government` called `name` (full name, short name or alias); None without a name."""
    if not name:
        return None
    name = name.strip()
    for unit in Unit.objects.filter(government=government):
        if name in unit.names():
            return unit
    raise FazhiError(f"{government.name}的单位名录中没有“{name}”:请先在单位名录中添加,或检查名称。")
