"""Where the annual report goes and by when (routing as data: fazhi/data/annual.toml
[routing], source 《法治政府建设与责任落实督察工作规定》2019 第二十四条).

    route(2025, "government", local_due="2026-02-28")
    → {"year": 2025, "level": "government", "due": "2026-02-28", "publish_due": "2026-04-01",
       "recipients": [...], "copies": [...], "publish_where": ..., "source": ...}
"""

from __future__ import annotations

import datetime as dt

from fazhi.annual.settings import settings
from fazhi.errors import FazhiError

LEVELS = ("government", "department")


def _date(year: int, mmdd: str) -> str:
    month, day = (int(x) for x in mmdd.split("-"))
    return dt.date(year, month, day).isoformat()


def route(year: int, level: str, local_due: str | None = None, overrides: dict | None = None) -> dict:
    """Due dates, recipients and copies of the report on `year` for a government or a
    department. `local_due` (YYYY-MM-DD) is a government's earlier date where its
    province sets one; it applies only where the routing allows a local date."""
    cfg = settings(overrides)["routing"]
    if level not in LEVELS:
        raise FazhiError(f"报送层级应为 government(政府)或 department(部门):{level}")
    rule = cfg[level]
    due = _date(year + 1, rule["due"])
    if local_due and rule.get("local_due"):
        try:
            local = dt.date.fromisoformat(local_due)
        except ValueError:
            raise FazhiError(f"本地报送日期格式应为 YYYY-MM-DD:{local_due}") from None
        due = min(due, local.isoformat())
    return {
        "year": year,
        "level": level,
        "name": rule["name"],
        "due": due,
        "publish_due": _date(year + 1, cfg["publish_due"]),
        "recipients": list(rule["recipients"]),
        "copies": list(rule["copies"]),
        "publish_where": cfg["publish_where"],
        "source": cfg["source"],
    }
