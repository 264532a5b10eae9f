"""Cell values as offices write them → typed field values.

Dates come as Excel dates, 2025-03-04, 2025/3/4, 2025.3.4, 2025年3月4日 or 20250304;
`/`, `—`, `无` and their kin mean empty. A value that cannot be what its field says
raises `ValueError` with the message shown in the row's error.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "EMPTY_MARKS", "format_value", "is_empty", "parse_date", "parse_month", "parse_value",
]  # fmt: skip

EMPTY_MARKS = frozenset(
    {"", "/", "／", "\\", "—", "——", "－", "-", "--", "–", "无", "暂无", "空", "N/A", "n/a", "NA"}
)
_DATE = re.compile(
    r"^(\d{4})\s*(?:[-/.年]|\s)\s*(\d{1,2})\s*(?:[-/.月]|\s)\s*(\d{1,2})\s*日?"
    r"(?:\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*)$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_TRUE = frozenset(
    {"是", "有", "已出庭", "出庭", "√", "✓", "Y", "y", "yes", "Yes", "TRUE", "True", "1"}
)
_FALSE = frozenset({"否", "未出庭", "没有", "×", "✗", "N", "n", "no", "No", "FALSE", "False", "0"})
_SPACES = re.compile(r"\s+")


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return _SPACES.sub("", value) in EMPTY_MARKS
    return False


def parse_date(value) -> dt.date:
    """A date from a cell: a datetime/date, an Excel serial number, or the usual writings."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if _SERIAL.match(text) or isinstance(value, int | float):
        serial = float(text)
        if 20000 <= serial <= 80000:  # 1954 … 2119: a plausible Excel date number
            return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
        raise ValueError(f"无法识别的日期“{text}”")
    m = _DATE.match(text) or _COMPACT.match(text)
    if not m:
        raise ValueError(f"无法识别的日期“{text}”")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"不存在的日期“{text}”") from None


_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")


def parse_month(value) -> dt.date:
    """A month as its first day: 2025-03, 2025年3月, 2025.3, or a full date / Excel date."""
    m = _MONTH.match(str(value).strip()) if isinstance(value, str) else None
    if m and 1 <= int(m[2]) <= 12:
        return dt.date(int(m[1]), int(m[2]), 1)
    try:
        return parse_date(value).replace(day=1)
    except ValueError:
        raise ValueError(f"无法识别的月份“{str(value).strip()}”") from None


def _parse_int(text: str) -> int:
    """30, 30日, 30.0, 延长30日: the one whole number written; two numbers are ambiguous."""
    m = re.match(r"^(\d+)(?:\.0+)?\s*(?:日|天|个工作日|学时|小时|件|次|人)?$", text)
    if m:
        return int(m[1])
    numbers = re.findall(r"\d+(?:\.\d+)?", text)
    if len(numbers) == 1 and "." not in numbers[0]:
        return int(numbers[0])
    raise ValueError(f"应为整数:“{text}”")


def _parse_number(text: str) -> int | float:
    m = re.match(r"^(-?\d+(?:\.\d+)?)\s*(?:万元|元|学时|小时|分|%)?$", text.replace(",", ""))
    if not m:
        raise ValueError(f"应为数字:“{text}”")
    number = float(m[1])
    return int(number) if number.is_integer() else number


def _parse_bool(text: str) -> bool:
    """是/否 and their kin; also 是(张副县长) or 否(因公出差): the answer comes first."""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] in "是√✓" and (len(text) == 1 or text[1] in "(（,，;；:： "):
        return True
    if text[0] in "否×✗" and (len(text) == 1 or text[1] in "(（,，;；:： "):
        return False
    raise ValueError(f"应填“是”或“否”:“{text}”")


def parse_value(field, value):
    """A typed value for `field` (a kinds.Field), None for an empty cell.

    Returns (value, note): note is a flag text for a value kept as written (an unknown
    choice), never an error; impossible values raise ValueError."""
    if is_empty(value):
        return None, None
    if field.type == "date":
        return parse_date(value), None
    if field.type == "month":
        return parse_month(value), None
    if isinstance(value, dt.datetime | dt.date) and field.type not in ("text", "choice"):
        raise ValueError(f"应为{_TYPE_WORDS.get(field.type, '文字')},不是日期")
    text = _cell_str(value)
    if field.type == "int":
        return _parse_int(text), None
    if field.type == "number":
        return _parse_number(text), None
    if field.type == "bool":
        return _parse_bool(text), None
    if field.type == "choice":
        return _choice(field, text)
    if field.type == "list":
        return [m for m in _LIST_SEP.split(text) if m and not is_empty(m)], None
    return text, None


_LIST_SEP = re.compile(r"\s*[、,，;；/\n]\s*|\s{2,}")


_TYPE_WORDS = {
    "int": "整数",
    "number": "数字",
    "bool": "是或否",
    "unit": "单位名称",
    "person": "姓名",
}


def _cell_str(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _choice(field, text: str):
    if text in field.choices:
        return text, None
    if text in field.aliases:
        return field.aliases[text], None
    squeezed = _SPACES.sub("", text)
    for candidate in (squeezed, squeezed.rstrip("。;；")):
        if candidate in field.choices:
            return candidate, None
        if candidate in field.aliases:
            return field.aliases[candidate], None
    return text, f"{field.label}“{text}”不在选项中,已按原文保留"


def format_value(field, value):
    """A field value as our export writes it (dates stay dates; booleans as 是/否)."""
    if value is None:
        return None
    if field.type == "bool":
        return "是" if value else "否"
    if field.type == "list":
        return "、".join(value)
    if field.type == "month":
        return f"{value.year}-{value.month:02d}"
    return value
