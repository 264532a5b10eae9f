"""Register speed figures on generated records (our own random data, nothing stored):

    python -m fazhi.registers.bench [--governments 100]

Each government gets a year of 40 复议, 25 应诉 and 15 规范性文件 records (~80, as in the
province generator); prints the time for the statistics and the open clocks of all of them,
and for importing and exporting one 1,000-row 台账."""

from __future__ import annotations

import argparse
import datetime as dt
import random
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

DAY = dt.timedelta(days=1)


def _reconsideration(rnd: random.Random, g: int, i: int) -> dict:
    applied = dt.date(2025, 1, 1) + rnd.randrange(365) * DAY
    accepted = rnd.random() < 0.85
    concluded = applied + rnd.randrange(20, 95) * DAY if accepted and rnd.random() < 0.8 else None
    outcomes = load_kind("reconsideration").field("outcome").choices
    return {
        "case_no": f"府{g}复〔2025〕{i}号", "applied_on": applied,
        "intake": "受理" if accepted else "不予受理",
        "accepted_on": applied + 3 * DAY if accepted else None,
        "respondent": f"单位{rnd.randrange(12)}", "concluded_on": concluded,
        "outcome": rnd.choice(outcomes) if concluded else None,
        "suspended_on": applied + 20 * DAY if rnd.random() < 0.05 else None,
    }  # fmt: skip


def _litigation(rnd: random.Random, g: int, i: int) -> dict:
    notified = dt.date(2025, 1, 1) + rnd.randrange(330) * DAY
    return {
        "case_no": f"(2025)府{g}行初{i}号", "notified_on": notified,
        "hearing_on": notified + 40 * DAY, "head_appeared": rnd.random() < 0.9,
        "closed_on": notified + 80 * DAY, "outcome": rnd.choice(["驳回诉讼请求", "撤销", "原告撤诉"]),
        "defendant": f"单位{rnd.randrange(12)}",
    }  # fmt: skip


def _normative(rnd: random.Random, g: int, i: int) -> dict:
    issued = dt.date(2025, 1, 1) + rnd.randrange(330) * DAY
    filed = issued + rnd.randrange(5, 45) * DAY if rnd.random() < 0.9 else None
    return {"doc_no": f"府{g}规〔2025〕{i}号", "title": f"文件{i}", "issued_on": issued,
            "filed_on": filed, "issuer": f"单位{rnd.randrange(12)}"}  # fmt: skip


def generate(governments: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    return [
        {
            "reconsideration": [_reconsideration(rnd, g, i) for i in range(40)],
            "litigation": [_litigation(rnd, g, i) for i in range(25)],
            "normative_doc": [_normative(rnd, g, i) for i in range(15)],
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
