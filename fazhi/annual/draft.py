"""Compose the year's report from plain inputs (no database): the web app and the CLI
gather the inputs, this module writes the five parts.

    draft = compose(2025, "示例县人民政府", inputs)

`inputs` (every key optional):
    figures           {key: {"value", "unit", "definition", "records"}}  (`fazhi stats`)
    previous_figures  the same for the year before (figures worse than last year → 不足)
    ledger            {"sections": [{"heading", "completed": [{"title", "units", "account",
                        "figures": [{"name", "value", "unit"}]}]}],
                       "lagging": [{"title", "units", "status", "reason"}],
                       "overdue": [{"title", "unit", "due"}],          (督办 items)
                       "unfinished": [{"title", "units"}]}
    leadership        [{"date": "YYYY-MM-DD", "kind": "学法|汇报|批示|其他", "text"}]
    missed_clocks     [{"kind_label" or "kind", "ref", "unit", "clock", "due"}]  (statutory
                       clocks run out, as `fazhi register clocks` lists the late ones)
    next_plan         [{"heading", "tasks": [str]}]  (the next year's plan, when imported)
    departments       [{"unit", "highlights": [str], "figures": {key: stat}}]  (submitted
                       department reports: kept as the draft's sources, not written in)
    addressee, signer, date, title
"""

from __future__ import annotations

import dataclasses

from fazhi.annual.model import Draft, Figure, Paragraph, Part
from fazhi.annual.model import cn_numeral as _cn
from fazhi.annual.settings import settings
from fazhi.export import date_cn


def indicator_names() -> dict[str, str]:
    from fazhi.parse.rules import indicators

    return {i.key: i.name for i in indicators()}


def register_figure(key: str, stat: dict) -> Figure:
    """A figure token from `fazhi stats` output, named as indicators.tsv names it."""
    return Figure(
        name=indicator_names().get(key, key), value=stat.get("value"), unit=stat.get("unit") or "",
        key=key, definition=stat.get("definition") or "", records=stat.get("records"),
    )


def _sentence(lead: str, figures: list[Figure]) -> list:
    """One sentence listing the figures. Names of the form "group:item" (the answers to
    information requests, say) give their group once, for the first of a run of the same group."""
    runs: list = [lead]
    group = None
    for i, f in enumerate(figures):
        if i:
            runs.append(",")
        head, sep, item = f.name.replace("：", ":").partition(":")
        if sep and head == group and item:
            f = dataclasses.replace(f, name=item)
        group = head if sep else None
        runs.append(f)
    runs.append("。")
    return runs


def _join_units(units) -> str:
    return "、".join(units or [])


def first_responsible(leadership: list[dict], cfg: dict) -> list[Paragraph]:
    """Counts of the leaders' records by kind, each count a figure token traced to them."""
    by_kind: dict[str, list[dict]] = {}
    for rec in leadership:
        kind = rec.get("kind") if rec.get("kind") in cfg["leadership"] else "其他"
        by_kind.setdefault(kind, []).append(rec)
    out = []
    for kind, recs in by_kind.items():
        recs = sorted(recs, key=lambda r: r.get("date") or "")
        before, after = cfg["leadership"][kind].split("{n}", 1)
        count = Figure(before, len(recs), after, definition=f"{kind}记录条数",
                       records=[r.get("id", r.get("date")) for r in recs])
        items = ";".join(f"{date_cn(r.get('date'))}{r.get('text') or ''}" for r in recs)
        out.append(Paragraph([count, (f"({items})" if items else "") + "。"]))
    return out


def achievements(ledger: dict, figures: dict, cfg: dict) -> list[Paragraph]:
    out: list[Paragraph] = []
    if not ledger.get("sections"):  # registers but no plan yet: say what is missing
        out.append(Paragraph([cfg["missing"]["plan"].format(mark=cfg["placeholder"])], placeholder=True))
    n = 0
    for section in ledger.get("sections") or []:
        done = section.get("completed") or []
        if not done:
            continue
        n += 1
        out.append(Paragraph([f"({_cn(n)}){section.get('heading') or '其他工作'}"], style="heading2"))
        for task in done:
            runs: list = [f"{task.get('title') or ''}。"]
            if task.get("units"):
                runs.insert(0, f"{_join_units(task['units'])}:")
            if task.get("account"):
                runs.append(task["account"].rstrip("。") + "。")
            unit_figures = [Figure(f.get("name") or "", f.get("value"), f.get("unit") or "", key=f.get("key"))
                            for f in task.get("figures") or []]
            if unit_figures:
                runs.extend(_sentence("", unit_figures))
            out.append(Paragraph(runs))
    groups: dict[str, list[Figure]] = {}
    for key, stat in figures.items():
        if stat.get("value") is not None:
            groups.setdefault(key.split(".")[0], []).append(register_figure(key, stat))
    if groups:
        n += 1
        out.append(Paragraph([f"({_cn(n)})依法行政主要数据"], style="heading2"))
        for domain, figs in groups.items():
            lead = f"{cfg['domains'].get(domain, domain)}方面,全年"
            out.append(Paragraph(_sentence(lead, figs)))
    return out


def shortcomings(ledger: dict, figures: dict, previous: dict, clocks: list[dict], cfg: dict) -> list[Paragraph]:
    out = []
    for t in ledger.get("lagging") or []:
        who = _join_units(t.get("units"))
        reason = f"原因是{t['reason'].rstrip('。')}" if t.get("reason") else f"原因{cfg['placeholder']}"
        out.append(Paragraph([f"{who + '承担的' if who else ''}“{t.get('title')}”{t.get('status') or '进展滞后'},{reason}。"]))
    for item in ledger.get("overdue") or []:
        due = date_cn(item.get("due")) if item.get("due") else "规定期限"
        out.append(Paragraph([f"督办事项“{item.get('title')}”({item.get('unit') or '承办单位'})超过{due}办结期限仍未办结。"]))
    for c in clocks:
        what = "".join(x for x in (c.get("kind_label") or c.get("kind") or "", c.get("ref") or "") if x)
        out.append(Paragraph([f"{what}({c.get('unit') or '承办单位'}){c.get('clock') or '法定期限'}"
                              f"于{date_cn(c.get('due'))}届满,未在期限内办结。"]))
    worse = cfg["worse"]
    for key, stat in figures.items():
        before = (previous.get(key) or {}).get("value")
        now = stat.get("value")
        if before is None or now is None:
            continue
        if (key in worse["higher"] and now > before) or (key in worse["lower"] and now < before):
            f = register_figure(key, stat)
            was = Figure("较上年的", before, f.unit, definition="上一年度登记簿数值")
            out.append(Paragraph([f, ",", was, "有所退步。"]))
    return out


def next_year(plan: list[dict], ledger: dict) -> list[Paragraph]:
    out = []
    if plan:
        for i, section in enumerate(plan, 1):
            tasks = ";".join(t.rstrip("。") for t in section.get("tasks") or [])
            out.append(Paragraph([f"({_cn(i)}){section.get('heading') or ''}。" + (f"{tasks}。" if tasks else "")]))
        return out
    for t in ledger.get("unfinished") or []:
        who = _join_units(t.get("units"))
        out.append(Paragraph([f"继续推进“{t.get('title')}”" + (f"({who})" if who else "") + "。"]))
    return out


_SHAPES = {"figures": dict, "previous_figures": dict, "ledger": dict, "leadership": list, "next_plan": list,
           "missed_clocks": list,
           "departments": list, "addressee": str, "signer": str, "date": str, "title": str}


def check_inputs(inputs) -> dict:
    """Refuse inputs of the wrong shape with one clear message (they may come from a file)."""
    from fazhi.errors import FazhiError

    if not isinstance(inputs, dict):
        raise FazhiError("起草数据应为一个 JSON 对象。")
    for key, kind in _SHAPES.items():
        if inputs.get(key) is not None and not isinstance(inputs[key], kind):
            raise FazhiError(f"起草数据中的 {key} 应为{'对象' if kind is dict else '列表' if kind is list else '文字'}。")
    stats = {**(inputs.get("figures") or {}), **(inputs.get("previous_figures") or {})}
    for key, stat in stats.items():
        if not isinstance(stat, dict) or not isinstance(stat.get("value"), int | float | None):
            raise FazhiError(f"起草数据中的指标 {key} 应为 {{\"value\": 数值, \"unit\": …}}。")
    return inputs


def compose(year: int, government: str, inputs: dict | None = None, unit: str | None = None,
            overrides: dict | None = None) -> Draft:
    """The draft in the required structure: every part present, in the configured order
    (第一责任人 first by default), a part with nothing to say holding a 待补充 placeholder."""
    from fazhi.annual.routing import route

    inputs = check_inputs(inputs or {})
    cfg = settings(overrides)["draft"]
    ledger = inputs.get("ledger") or {}
    figures = inputs.get("figures") or {}
    bodies = {
        "first_responsible": first_responsible(inputs.get("leadership") or [], cfg),
        "achievements": achievements(ledger, figures, cfg),
        "shortcomings": shortcomings(ledger, figures, inputs.get("previous_figures") or {},
                                     inputs.get("missed_clocks") or [], cfg),
        "next_year": next_year(inputs.get("next_plan") or [], ledger),
        "other": [],
    }
    parts = []
    for key in cfg["order"]:
        paras = bodies[key] or [Paragraph([cfg["placeholder"]], placeholder=True)]
        parts.append(Part(key, cfg["headings"][key], paras))
    author = unit or government
    level = "department" if unit else "government"
    return Draft(
        title=inputs.get("title") or f"{author}关于{year}年度法治政府建设情况的报告",
        year=year, government=government, unit=unit, parts=parts,
        addressee=inputs.get("addressee") or "、".join(route(year, level)["recipients"]),
        signer=inputs.get("signer") or author, date=inputs.get("date"),
        sources=list(inputs.get("departments") or []),
        opening=[Paragraph([f"{year}年,{author}深入学习贯彻习近平法治思想,扎实推进法治政府建设。现将有关情况报告如下。"])],
    )
