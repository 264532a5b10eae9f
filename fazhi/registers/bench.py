"""Register speed figures on generated records (our own random data, nothing stored):

    python -m fazhi.registers.bench [--governments 100]

Each government gets a year of 40 复议, 25 应诉 and 15 规范性文件 records (~80, as in the
province generator); prints the time for the statistics and the open clocks of all of them,
and for importing and exporting one 1,000-row 台账."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from fazhi.registers import (
    StatutoryCalendar,
    evaluate,
    load_kind,
    open_clocks,
    read_sheet,
    write_register,
)

SIZES = {"reconsideration": 40, "litigation": 25, "normative_doc": 15}


def generate(governments: int) -> list[dict]:
    """Each government's year of records, invented by registers.demo."""
    from fazhi.registers.demo import generate as invent

    return [
        {
            name: invent(load_kind(name), 2025, n, seed=g, prefix=f"府{g}")
            for name, n in SIZES.items()
        }
        for g in range(governments)
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fazhi.registers.bench")
    ap.add_argument("--governments", type=int, default=100)
    args = ap.parse_args(argv)
    govs = generate(args.governments)
    cal = StatutoryCalendar()
    kinds = {name: load_kind(name) for name in govs[0]}
    for name, kind in kinds.items():  # warm the calendar and the compiled definitions
        evaluate(kind, govs[0][name], 2025, calendar=cal)
    t = time.perf_counter()
    for gov in govs:
        for name, kind in kinds.items():
            evaluate(kind, gov[name], 2025, calendar=cal, as_of=dt.date(2026, 1, 10))
    stats_s = time.perf_counter() - t
    t = time.perf_counter()
    n_clocks = sum(
        len(open_clocks(kind, gov[name], cal, dt.date(2025, 12, 1)))
        for gov in govs
        for name, kind in kinds.items()
    )
    clocks_s = time.perf_counter() - t
    records = [r for gov in govs[:25] for r in gov["reconsideration"]][:1000]
    kind = kinds["reconsideration"]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        write_register(kind, records, Path(tmp) / "r.xlsx")
        export_s = time.perf_counter() - t
        t = time.perf_counter()
        result = read_sheet(kind, Path(tmp) / "r.xlsx", calendar=cal)
        import_s = time.perf_counter() - t
    total = sum(len(v) for gov in govs for v in gov.values())
    print(f"统计:{len(govs)} 个政府、{total} 条记录,{stats_s * 1000:.0f} ms")
    print(f"时限:{n_clocks} 个未结时限,{clocks_s * 1000:.0f} ms")
    print(f"导出 {len(records)} 行:{export_s * 1000:.0f} ms;导入:{import_s * 1000:.0f} ms"
          f"({len(result.records)} 条,{len(result.errors)} 个错误)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
