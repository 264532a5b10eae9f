"""The annual report's only seam to the database: the CLI calls these two functions, which
load Django lazily through fazhi.cli (the project's one loader) and ask the web apps.

Until the registers app (fazhiweb/registers, `fazhi stats`) and the annual app are in
this installation, `expected_figures` returns None (the audit then checks structure and
text only) and `draft_inputs` refuses with a clear message. Wiring them is this file only.
"""

from __future__ import annotations

import importlib.util

from fazhi.errors import FazhiError


def _app_present(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def register_figures(year: int, government: str) -> dict | None:
    """`fazhi stats --year Y --government NAME --json`'s "figures" mapping
    ({key: {"value", "unit", "definition", "records"}}), or None without the registers app."""
    if not _app_present("fazhiweb.registers"):
        return None
    from fazhi.cli import _django_setup

    _django_setup()
    # As `fazhi stats` computes them on the registers-web branch (fazhiweb/registers/commands.py).
    from fazhiweb.registers.commands import stats_json
    from fazhiweb.registers.governments import government_named

    return stats_json(government_named(government), year)["figures"]


def expected_figures(year: int, government: str) -> dict | None:
    """{key: value} of the register figures, the audit's `expected` mapping."""
    figures = register_figures(year, government)
    if figures is None:
        return None
    return {k: f.get("value") for k, f in figures.items()}


def draft_inputs(year: int, government: str | None, unit: str | None) -> dict:
    """The composer's plain inputs (see fazhi.annual.draft.compose) from the ledger and
    the registers. Needs the annual app; refuses clearly without it."""
    if not _app_present("fazhiweb.annual"):
        raise FazhiError(
            "本安装尚无年度报告模块(fazhiweb.annual),无法从数据库读取台账和登记簿:"
            "可用 --inputs FILE.json 提供起草数据。"
        )
    from fazhi.cli import _django_setup

    _django_setup()
    from fazhiweb.annual import services  # takes names or objects (fazhiweb/annual/inputs.py)

    return services.draft_inputs(year=year, government=government, unit=unit)
