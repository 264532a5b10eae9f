"""A plain-text task table for a terminal, aware of double-width Chinese characters.

Box-drawing characters are East Asian "ambiguous" width (two columns in many CJK
terminals), so the table uses only ASCII rules and spaces.
"""

from __future__ import annotations

import shutil
import unicodedata

from fazhi.export import (
    KIND_NAMES,
    SECTION_NAMES,
    chapter_label,
    deadline_labels,
    fmt_number,
    path_label,
    target_labels,
    units_label,
)

__all__ = ["char_width", "format_task_table", "text_width", "truncate", "wrap"]

GAP = "  "
MIN_WIDTH = 40
CARD_BELOW = 96  # narrower terminals get one block per task instead of columns
MAX_CELL_LINES = 4  # a task cell wraps to at most this many lines, then "…"
ELLIPSIS = "…"  # ambiguous width: counted as 2 to be safe


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if ch in "\n\r\t":
        return 1
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") or ch == ELLIPSIS else 1


def text_width(s: str) -> int:
    return sum(char_width(c) for c in s)


def _clean(s) -> str:
    return " ".join(str(s or "").split())


def truncate(s: str, width: int) -> str:
    """Cut `s` to at most `width` columns, ending with "…" when cut."""
    s = _clean(s)
    if text_width(s) <= width:
        return s
    out, used, limit = [], 0, max(width - text_width(ELLIPSIS), 0)
    for c in s:
        w = char_width(c)
        if used + w > limit:
            break
        out.append(c)
        used += w
    return "".join(out) + ELLIPSIS if width >= 2 else "".join(out)


CLOSING = "，。、；：！？）》”’,.;:!?)"
SEPARATORS = "、，,;；"


def _break_at(cur: list[str]) -> int | None:
    """Index after the last separator in the second half of `cur`, if any."""
    for i in range(len(cur) - 1, len(cur) // 2, -1):
        if cur[i - 1] in SEPARATORS:
            return i
    return None


def wrap(s: str, width: int, max_lines: int | None = None) -> list[str]:
    """Break `s` into lines of at most `width` columns (by character: Chinese has no spaces).

    A line never starts with common closing punctuation when it can be avoided.
    """
    s = _clean(s)
    if not s:
        return [""]
    width = max(width, 2)
    lines: list[str] = []
    cur, used = [], 0
    for c in s:
        w = char_width(c)
        if used + w > width and cur:
            if c in CLOSING:
                # break after the last list separator in the line's second half (a unit
                # list breaks between units), else carry one character over so that
                # punctuation doesn't start a line
                cut = _break_at(cur)
                if cut is None and len(cur) > 1:
                    cut = len(cur) - 1
            else:
                cut = _break_at(cur)
            if cut is None:
                cut = len(cur)
            lines.append("".join(cur[:cut]).rstrip())
            cur = cur[cut:]
            while cur and cur[0] == " ":
                cur.pop(0)
            used = text_width("".join(cur))
        if not cur and c == " ":
            continue
        cur.append(c)
        used += w
    if cur:
        lines.append("".join(cur))
    if max_lines and len(lines) > max_lines:
        rest = "".join(lines[max_lines - 1 :])
        lines = lines[: max_lines - 1] + [truncate(rest, width)]
    return lines


def _pad(s: str, width: int) -> str:
    return s + " " * max(width - text_width(s), 0)


def _terminal_width() -> int:
    return max(shutil.get_terminal_size((120, 24)).columns, MIN_WIDTH)


def _header(doc: dict, width: int) -> list[str]:
    title = doc.get("title") or "(未识别标题)"
    kind = KIND_NAMES.get(doc.get("kind"), doc.get("kind") or "未知")
    facts = [f"类型:{kind}"]
    if doc.get("year"):
        facts.append(f"年度:{doc['year']}")
    if doc.get("issuer"):
        facts.append(f"发文单位:{doc['issuer']}")
    if doc.get("issued"):
        facts.append(f"发文日期:{doc['issued']}")
    if doc.get("default_deadline"):
        facts.append(f"默认完成时限:{doc['default_deadline']}")
    lines = wrap(f"《{title}》" if not title.startswith("《") else title, width)
    line = ""
    for fact in facts:  # break between facts, not inside one
        if line and text_width(line + "  " + fact) > width:
            lines.append(line)
            line = ""
        if text_width(fact) > width:
            lines += wrap(fact, width)
        else:
            line = f"{line}  {fact}" if line else fact
    if line:
        lines.append(line)
    return lines


def _task_cells(task: dict, default_deadline: str | None) -> list[str]:
    title = _clean(task.get("title"))
    work = title or _clean(task.get("text"))
    if not title and text_width(work) > 80:
        work = truncate(work, 80)
    deadlines = deadline_labels(task)
    if not deadlines and default_deadline:
        deadlines = [f"{default_deadline}*"]
    return [
        path_label(task, "."),
        work,
        units_label(task, "lead"),
        units_label(task, "responsible"),
        units_label(task, "support"),
        "、".join(deadlines),
        ";".join(target_labels(task)),
    ]


def _layout(rows: list[list[str]], heads: list[str], width: int) -> list[int]:
    """Column widths: fixed-ish for short columns, the rest to 工作任务 (column 1)."""
    caps = [14, None, 16, 20, 16, 16, 14]
    widths = []
    for i, head in enumerate(heads):
        natural = max([text_width(head)] + [text_width(r[i]) for r in rows])
        cap = caps[i]
        widths.append(natural if cap is None else min(natural, cap))
    other = sum(w for i, w in enumerate(widths) if i != 1) + len(GAP) * (len(heads) - 1)
    widths[1] = max(min(widths[1], width - other), 16)
    # Too narrow a terminal: squeeze the unit columns, then the others, to keep 工作任务 ≥ 16.
    excess = other + widths[1] - width
    for i in (3, 4, 2, 6, 5, 0):
        if excess <= 0:
            break
        floor = max(text_width(heads[i]), 4)
        cut = min(excess, widths[i] - floor)
        if cut > 0:
            widths[i] -= cut
            excess -= cut
    return widths


def _chapter_lines(task: dict, chapter: str | None, width: int) -> tuple[list[str], str | None]:
    """A section line when the task starts a new top-level section."""
    ch = chapter_label(task)
    if ch and ch != chapter and len(task.get("path") or []) > 1:
        return ([""] if chapter is not None else []) + wrap(ch, width), ch
    return [], chapter


def _summary(tasks: list[dict], rows: list[list[str]], width: int) -> list[str]:
    summary = f"共 {len(tasks)} 项任务"
    if any(r[5].endswith("*") for r in rows):
        summary += ";带 * 的时限为文件统一规定的默认完成时限"
    return wrap(summary, width)


def _tasks_cards(tasks: list[dict], rows: list[list[str]], heads: list[str], width: int) -> list[str]:
    """Narrow terminals: one block per task instead of columns."""
    rule = "-" * width
    out = [rule]
    chapter = None
    for task, row in zip(tasks, rows, strict=True):
        lines, chapter = _chapter_lines(task, chapter, width)
        out += lines
        label = row[0] + " " if row[0] else ""
        out += wrap(label + row[1], width, MAX_CELL_LINES)
        for head, cell in zip(heads[2:], row[2:], strict=True):
            if cell:
                out += ["    " + ln for ln in wrap(f"{head}:{cell}", width - 4, MAX_CELL_LINES)]
    out.append(rule)
    return out + _summary(tasks, rows, width)


def _tasks_table(doc: dict, width: int) -> list[str]:
    tasks = doc.get("tasks") or []
    heads = ["序号", "工作任务", "牵头", "责任", "配合", "时限", "指标"]
    rows = [_task_cells(t, doc.get("default_deadline")) for t in tasks]
    if width < CARD_BELOW:
        return _tasks_cards(tasks, rows, heads, width)
    widths = _layout(rows, heads, width)
    total = sum(widths) + len(GAP) * (len(widths) - 1)
    rule = "-" * min(total, width)
    out = [rule, GAP.join(_pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip(), rule]
    chapter = None
    for task, row in zip(tasks, rows, strict=True):
        lines, chapter = _chapter_lines(task, chapter, width)
        out += lines
        cells = [wrap(c, w, MAX_CELL_LINES) for c, w in zip(row, widths, strict=True)]
        for k in range(max(len(c) for c in cells)):
            parts = [_pad(c[k] if k < len(c) else "", w) for c, w in zip(cells, widths, strict=True)]
            out.append(GAP.join(parts).rstrip())
    out.append(rule)
    return out + _summary(tasks, rows, width)


def _metrics_table(doc: dict, width: int) -> list[str]:
    metrics = doc.get("metrics") or []
    out: list[str] = []
    if metrics:
        heads = ["指标", "数值", "单位", "标准指标"]
        rows = []
        for m in metrics:
            value = fmt_number(m.get("value"))
            if m.get("approx"):
                value = "约" + value
            rows.append([_clean(m.get("name") or m.get("text")), value, _clean(m.get("unit")), _clean(m.get("key"))])
        widths = [max([text_width(h)] + [text_width(r[i]) for r in rows]) for i, h in enumerate(heads)]
        widths[0] = min(widths[0], 40)
        widths[3] = min(widths[3], 36)
        excess = sum(widths) + 3 * len(GAP) - width
        for i, floor in ((3, 8), (0, 12)):  # squeeze the key, then the name
            cut = max(min(excess, widths[i] - floor), 0)
            widths[i] -= cut
            excess -= cut
        rule = "-" * min(sum(widths) + 3 * len(GAP), width)
        out += [rule, GAP.join(_pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip(), rule]
        for r in rows:
            cells = [truncate(c, w) for c, w in zip(r, widths, strict=True)]
            out.append(GAP.join(_pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip())
        out.append(rule)
        out.append(f"共 {len(metrics)} 项数据")
    else:
        out.append("未识别到任务或数据指标。")
    sections = doc.get("sections") or {}
    if sections:
        out.append("")
        out.append("报告组成部分:")
        for key, name in SECTION_NAMES.items():
            if key in sections:
                out.extend("  " + line for line in wrap(f"[{'有' if sections[key] else '缺'}] {name}", width - 2))
    return out


def format_task_table(doc: dict, width: int | None = None) -> str:
    """The document as readable text: its tasks, or for a report its figures and sections."""
    width = max(width or _terminal_width(), MIN_WIDTH)
    lines = _header(doc, width)
    if doc.get("tasks"):
        lines += _tasks_table(doc, width)
    else:
        lines += _metrics_table(doc, width)
    return "\n".join(lines) + "\n"
