"""The composer's `ledger` input from flat task rows, as the web app reads them from the plan
ledger and the units' latest accepted progress reports:

    rows = [{"heading": "依法全面履行政府职能", "title": "…", "units": ["县司法局"],
             "status": "done", "status_label": "已完成", "reason": "", "account": "…",
             "figures": [{"text" or "name": "…", "value": 12, "unit": "项"}]}]
    ledger = ledger_from_rows(rows)

Which status keys count as completed or lagging is data (annual.toml [draft.statuses]); the
labels come with the rows (the progress app owns them).
"""

from __future__ import annotations

from fazhi.annual.settings import settings


def ledger_from_rows(rows: list[dict], overrides: dict | None = None) -> dict:
    cfg = settings(overrides)["draft"]["statuses"]
    sections: dict[str, list[dict]] = {}
    lagging, unfinished = [], []
    for row in rows:
        heading = row.get("heading") or "其他工作"
        sections.setdefault(heading, [])
        units = list(row.get("units") or [])
        status = row.get("status")
        if status in cfg["done"]:
            figures = [{"name": f.get("name") or f.get("text") or "", "value": f.get("value"), "unit": f.get("unit") or ""}
                       for f in row.get("figures") or [] if f.get("value") is not None]
            sections[heading].append({"title": row.get("title") or "", "units": units,
                                      "account": row.get("account") or "", "figures": figures})
            continue
        if status in cfg["lagging"]:
            lagging.append({"title": row.get("title") or "", "units": units,
                            "status": row.get("status_label") or status, "reason": row.get("reason") or ""})
        unfinished.append({"title": row.get("title") or "", "units": units})
    return {"sections": [{"heading": h, "completed": done} for h, done in sections.items()],
            "lagging": lagging, "unfinished": unfinished}
