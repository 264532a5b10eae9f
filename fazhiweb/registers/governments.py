"""Finding a government and a unit by the names the command line is given.

One place on purpose: the office branch brings the installation-wide resolver (`fazhi government
add`, names and aliases); swapping it in means changing these two functions only."""

from __future__ import annotations

from fazhi.errors import FazhiError
from fazhiweb.accounts.models import Government
from fazhiweb.directory.models import Unit


def government_named(name: str | None) -> Government:
    """The government called `name`; without a name, the only one the installation holds."""
    if name:
        gov = Government.objects.filter(name=name.strip()).first()
        if gov is None:
            raise FazhiError(f"找不到名为“{name}”的政府:请先用 fazhi government add 添加,或检查名称。")
        return gov
    govs = list(Government.objects.order_by("id")[:2])
    if not govs:
        raise FazhiError("本系统还没有任何政府:请先用 fazhi government add 添加。")
    if len(govs) > 1:
        raise FazhiError("本系统有多个政府:请用 --government 指定政府名称。")
    return govs[0]


def unit_named(government: Government, name: str | None) -> Unit | None:
    """The unit of `government` called `name` (full name, short name or alias); None without a name."""
    if not name:
        return None
    name = name.strip()
    for unit in Unit.objects.filter(government=government):
        if name in unit.names():
            return unit
    raise FazhiError(f"{government.name}的单位名录中没有“{name}”:请先在单位名录中添加,或检查名称。")
