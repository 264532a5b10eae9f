"""Case registers (台账) on one engine: each register kind is a data file in
fazhi/data/registers/ declaring fields, states, clocks, checks and statistics with their
legal sources. Pure Python: the Django `registers` app stores records and calls this.

    kind = load_kind("reconsideration")
    result = read_sheet(kind, "台账.xlsx", mapping=None, known_units=names, calendar=cal)
    result.records / result.errors / result.unmatched            # dry run shows these
    plan = merge(kind, existing_by_key, result)                  # update in place by 案号/文号
    write_register(kind, records, "out.xlsx")                    # reads back to the same
    clock_states(kind, record, calendar, as_of)                  # next statutory dates
    evaluate(kind, records, year, unit=None, settings=gov_settings)   # {key: figure}
    check_settings(kind, gov_settings)                           # the settings form's errors
    kind.transitions_from(record)                                # gates; caller checks perms
    write_statistics(kind, records, year, "stats.xlsx")
    to_json / from_json(kind, data); clean(kind, form_texts); public(kind, record)
    demo.generate(kind, year, count, units, seed)                # invented records
    figures({kind: records}, year, …) / clocks_report({kind: records}, as_of)   # CLI JSON

`settings` is always the government's whole settings dict ({kind name: {param: value,
"definitions": {...}}}); `calendar` anything with is_workday(date) (the web app's one
clock; StatutoryCalendar by default). The data file format: docs/registers.md.
"""

from fazhi.registers.checks import check_record, check_steps
from fazhi.registers.clocks import (
    ClockState,
    StatutoryCalendar,
    add_period,
    breaches,
    clock_states,
    open_clocks,
)
from fazhi.registers.export import mask_name, register_rows, write_register, write_statistics
from fazhi.registers.kinds import Kind, KindError, kind_names, load_kind, load_kind_file
from fazhi.registers.merge import MergePlan, merge
from fazhi.registers.records import clean, from_json, public, to_json
from fazhi.registers.schema import check_settings
from fazhi.registers.sheet import RowError, SheetImport, key_of, read_grid, read_sheet
from fazhi.registers.stats import (
    breakdowns,
    definition_of,
    evaluate,
    fill_totals,
    member_records,
    shortfalls,
    totals_by,
)
from fazhi.registers.summary import clocks_report, figures, leadership

__all__ = [
    "ClockState",
    "Kind",
    "KindError",
    "MergePlan",
    "RowError",
    "SheetImport",
    "StatutoryCalendar",
    "add_period",
    "breaches",
    "breakdowns",
    "check_record",
    "check_settings",
    "clean",
    "check_steps",
    "clock_states",
    "clocks_report",
    "definition_of",
    "evaluate",
    "figures",
    "fill_totals",
    "from_json",
    "key_of",
    "kind_names",
    "leadership",
    "load_kind",
    "load_kind_file",
    "mask_name",
    "member_records",
    "merge",
    "open_clocks",
    "public",
    "read_grid",
    "read_sheet",
    "register_rows",
    "shortfalls",
    "totals_by",
    "to_json",
    "write_register",
    "write_statistics",
]
