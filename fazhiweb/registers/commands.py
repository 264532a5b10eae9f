"""The register subcommands of the `fazhi` command line (see fazhi/cli_registers.py), on the same
services and queries as the pages. JSON in UTF-8 with the keys issue 11 names."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from fazhi import registers as core
from fazhi.errors import FazhiError
from fazhiweb.core.clock import today as clock_today
from fazhiweb.registers import queries, services
from fazhiweb.registers.governments import government_named, unit_named

CLOCK_KEYS = ("kind", "ref", "unit", "clock", "start", "due", "status")
FIGURE_KEYS = ("value", "unit", "definition", "records")


def _kind(name: str):
    try:
        return core.load_kind(name)
    except core.KindError as exc:
        raise FazhiError(str(exc)) from None


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_import(args) -> int:
    kind = _kind(args.kind)
    gov = government_named(args.government)
    unit = unit_named(gov, args.unit)
    services.check_file(Path(args.file))
    out = services.import_sheet(None, gov, kind.name, Path(args.file), unit=unit, dry_run=args.dry_run)
    sheet = out.sheet
    if sheet.header_row is not None:
        print(f"工作表“{sheet.sheet}”,表头在第 {sheet.header_row} 行;识别列:{'、'.join(sheet.mapping) or '无'}")
    if sheet.unmatched:
        print(f"未识别的列(未导入):{'、'.join(sheet.unmatched)}")
    for row, why in sheet.skipped:
        print(f"第{row}行:已跳过({why})")
    if not out.ok:
        for err in out.errors:
            print(f"错误:{err}", file=sys.stderr)
        print(f"有 {len(out.errors)} 处错误,未导入任何记录。", file=sys.stderr)
        return 2
    for r in sheet.records:
        for flag in r.flags:
            print(f"第{r.row}行 提示:{flag}")
    print(out.summary() + ("(试导入,未保存)" if args.dry_run else ""))
    return 0


def cmd_export(args) -> int:
    kind = _kind(args.kind)
    gov = government_named(args.government)
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise FazhiError(f"输出文件应为 .xlsx:{out}")
    count = queries.cases_of(gov.pk, kind.name).count()
    services.write_export(gov.pk, kind.name, out)
    print(f"已导出{gov.name}{kind.label} {count} 件到 {out}")
    return 0


def _date(text: str | None) -> dt.date:
    if not text:
        return clock_today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FazhiError(f"日期格式应为 YYYY-MM-DD:{text}") from None


def clocks_json(government, as_of: dt.date) -> dict:
    states = queries.open_clock_states(queries.cases_of(government.pk), as_of,
                                       queries.settings_of(government.pk))
    cases = []
    for s in states:
        d = s.to_dict()
        cases.append({k: d[k] for k in CLOCK_KEYS})
    return {"as_of": as_of.isoformat(), "cases": cases}


def cmd_clocks(args) -> int:
    gov = government_named(args.government)
    data = clocks_json(gov, _date(args.date))
    if args.json:
        _print_json(data)
        return 0
    labels = {"running": "进行中", "paused": "中止", "extended": "已延期", "late": "已超期"}
    for c in data["cases"]:
        print(f"{c['due'] or '(中止中)'}  {labels.get(c['status'], c['status'])}  "
              f"{_kind(c['kind']).label} {c['ref']} {c['unit'] or ''} {c['clock']}")
    print(f"截至 {data['as_of']},共 {len(data['cases'])} 个未结期限")
    return 0


def stats_json(government, year: int, unit: str | None = None) -> dict:
    figures = queries.figures(government.pk, year, unit)
    return {"government": government.name, "year": year,
            "figures": {key: {k: f[k] for k in FIGURE_KEYS} for key, f in figures.items()}}


def cmd_stats(args) -> int:
    gov = government_named(args.government)
    if not 1900 <= args.year <= 2200:
        raise FazhiError(f"年度应为四位数年份:{args.year}")
    data = stats_json(gov, args.year, args.unit)
    if args.json:
        _print_json(data)
        return 0
    for key, f in data["figures"].items():
        value = "—" if f["value"] is None else f["value"]
        print(f"{key}\t{value}{f['unit']}\t{f['definition']}")
    return 0
