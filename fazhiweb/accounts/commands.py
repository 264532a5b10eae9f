"""The `fazhi government add` and `fazhi user add` commands (fazhi/cli.py sets Django up and calls
these): the same services as the office's pages, refusals as FazhiError (exit 2)."""

from __future__ import annotations

from contextlib import contextmanager

from fazhi.errors import FazhiError
from fazhiweb.accounts import services
from fazhiweb.accounts.services import AccountError


@contextmanager
def _refusals():
    try:
        yield
    except AccountError as exc:
        raise FazhiError(str(exc)) from None


def government_id(name: str | None) -> int:
    """`--government NAME` (or none, when the installation holds one government) → its id."""
    with _refusals():
        return services.find_government(name).pk


def government_add(name: str, level: str, parent: str | None) -> int:
    with _refusals():
        parent_gov = services.find_government(parent) if parent else None
        gov, created = services.add_government(None, name, level, parent_gov)
    where = f"(上级:{gov.parent.path})" if gov.parent_id else ""
    if created:
        linked = f",已关联上级名录中的单位“{gov.unit.name}”" if gov.unit_id else ""
        print(f"已新增政府“{gov.name}”{where},层级:{gov.get_level_display()}{linked}")
    else:
        print(f"政府“{gov.name}”{where}已存在,未作改动")
    return 0


def user_add(username: str, government: str | None, role: str, unit: str | None, email: str | None) -> int:
    with _refusals():
        gov = services.find_government(government)
        m, password = services.create_user(None, gov, username, role, unit=unit, email=email or "")
    unit_text = f" · {m.unit.name}" if m.unit_id else ""
    print(f"已新增用户 {m.user.username}({gov.path} · {m.get_role_display()}{unit_text})")
    print(f"一次性密码:{password}")
    print("请将密码当面或电话告知本人;首次登录后须修改密码。此密码不会再次显示。")
    return 0
