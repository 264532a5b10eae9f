"""A register back to Excel: the kind's columns (the headers our import reads) and a
statistics workbook (figures with their definitions, then one table per breakdown).

Both go through the project's one xlsx writer (fazhi.export.xlsx): its header style, text
never a formula, real dates, atomic save."""

from __future__ import annotations

import re
from pathlib import Path

from fazhi.registers import stats
from fazhi.registers.values import format_value

__all__ = [
    "mask_name",
    "register_rows",
    "statistics_sheets",
    "write_register",
    "write_sheets",
    "write_statistics",
]

_ORGANISATION = re.compile(r"(公司|厂|店|社|中心|协会|学校|医院|委员会|集团|所|局|院|村|组|部|行)$")


def mask_name(name) -> str:
    """A person's name for anything public: 张三 → 张*, 欧阳明华 → 欧***; organisations stay."""
    text = str(name or "").strip()
    if not text or _ORGANISATION.search(text) or len(text) > 6:
        return text
    return text[0] + "*" * (len(text) - 1)


def register_rows(kind, records, public: bool = False) -> tuple[list[str], list[list]]:
    """(headers, rows): every field of the kind in order, one row per record."""
    headers = [f.label for f in kind.fields]
    rows = []
    for record in records:
        row = []
        for f in kind.fields:
            value = format_value(f, record.get(f.name))
            if public and not f.public and value is not None:
                value = mask_name(value)
            row.append(value)
        rows.append(row)
    return headers, rows


def write_sheets(path: str | Path, sheets, title: str = "") -> Path:
    """A workbook of tables, [(sheet name, headers, rows)], through the one writer."""
    from fazhi.export.xlsx import build_workbook, save_workbook, table_sheet

    book = build_workbook([table_sheet(name, headers, rows) for name, headers, rows in sheets], title=title)
    return save_workbook(book, path)


def write_register(kind, records, path: str | Path, public: bool = False) -> Path:
    headers, rows = register_rows(kind, records, public)
    return write_sheets(path, [(kind.label, headers, rows)], title=kind.label)


def statistics_sheets(kind, records, year: int, unit: str | None = None,
                      settings: dict | None = None, **options) -> list:  # fmt: skip
    """The sheets of the statistics workbook: figures, then each breakdown table."""
    figures = stats.evaluate(kind, records, year, unit, settings, **options)
    rows = [
        [key, _value(f), f["unit"], f["definition"], "、".join(f["records"])]
        for key, f in figures.items()
    ]
    sheets = [("统计", ["指标", "数值", "单位", "口径", "所计记录"], rows)]
    for title, table in stats.breakdowns(kind, records, year, unit).items():
        total = sum(n for _, n in table)
        body = [[label, n] for label, n in table] + [["合计", total]]
        sheets.append((title, [title.removeprefix("按"), "件数"], body))
    return sheets


def _value(figure: dict):
    return "" if figure["value"] is None else figure["value"]


def write_statistics(kind, records, year: int, path: str | Path, unit: str | None = None,
                     settings: dict | None = None, **options) -> Path:  # fmt: skip
    sheets = statistics_sheets(kind, records, year, unit, settings, **options)
    return write_sheets(path, sheets, title=f"{kind.label}{year}年统计")
