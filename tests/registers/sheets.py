"""台账 of our own making (invented cases), written with openpyxl the way offices lay
them out: title rows, a two-line header under merged group titles, merged cells,
divider rows, rows holding only a 序号, blank rows, a 合计 row and a footer."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

D = dt.date

# Cases of the 示例县 reconsideration register (invented). Dates are written below in
# every way offices write them.
HEADER_TOP = ["序号", "案号", "申请人", "被申请人", "复议事项", "类别", "收到日期", "受理", None,
              "中止/恢复", None, "延期天数", "延期批准日期", "结案日期", "决定结果", "备注"]  # fmt: skip
HEADER_SUB = [None, None, None, None, None, None, None, "受理情况", "受理日期",
              "中止日期", "恢复日期", None, None, None, None, None]  # fmt: skip


def reconsideration_workbook(path, rows=None, *, title_rows=2) -> None:
    """Write a reconsideration 台账; `rows` are 15 values after 序号 (dates as written)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "复议台账"
    r = 1
    if title_rows >= 1:
        ws.cell(1, 1, "示例县2025年行政复议案件登记台账")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=16)
        r = 2
    if title_rows >= 2:
        ws.cell(2, 1, "填报单位:示例县司法局(盖章)          填报日期:2026年1月6日")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=16)
        r = 3
    head = r
    for c, text in enumerate(HEADER_TOP, start=1):
        if text:
            ws.cell(head, c, text)
    for c, text in enumerate(HEADER_SUB, start=1):
        if text:
            ws.cell(head + 1, c, text)
    ws.merge_cells(start_row=head, start_column=8, end_row=head, end_column=9)
    ws.merge_cells(start_row=head, start_column=10, end_row=head, end_column=11)
    for c, text in enumerate(HEADER_TOP, start=1):
        if text and not HEADER_SUB[c - 1] and c not in (8, 10):
            ws.merge_cells(start_row=head, start_column=c, end_row=head + 1, end_column=c)
    r = head + 2
    serial = 0
    for values in rows if rows is not None else DEFAULT_ROWS:
        if values == "divider":
            ws.cell(r, 1, "一、县市场监管局、县自然资源局")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=16)
        elif values == "serial-only":
            serial += 1
            ws.cell(r, 1, serial)
        elif values == "blank":
            pass
        elif values == "total":
            ws.cell(r, 1, "合计")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            ws.cell(r, 3, "共5件")
        elif values == "footer":
            ws.cell(r, 1, "填表人:王某某            审核人:李某某")
        else:
            serial += 1
            ws.cell(r, 1, serial)
            for c, v in enumerate(values, start=2):
                if v is not None:
                    ws.cell(r, c, v)
        r += 1
    _merge_equal_runs(ws, head + 2, r - 1, column=4)
    wb.save(path)


def _merge_equal_runs(ws, first: int, last: int, column: int) -> None:
    """Merge a column's cells down over consecutive rows holding the same text, as offices
    do for the unit of several cases (the value stays in the top cell only)."""
    r = first
    while r <= last:
        value = ws.cell(r, column).value
        end = r
        while end + 1 <= last and value and ws.cell(end + 1, column).value == value:
            end += 1
        if end > r:
            for k in range(r + 1, end + 1):
                ws.cell(k, column).value = None
            ws.merge_cells(start_row=r, start_column=column, end_row=end, end_column=column)
        r = end + 1


DEFAULT_ROWS = [
    "divider",
    # 案号, 申请人, 被申请人, 复议事项, 类别, 收到日期, 受理情况, 受理日期, 中止, 恢复, 延期天数,
    # 延期批准, 结案日期, 决定结果, 备注
    [
        "示复〔2025〕1号",
        "赵一",
        "县市场监管局",
        "罚款决定",
        "行政处罚",
        D(2025, 1, 6),
        "受理",
        "2025-01-08",
        "/",
        "/",
        None,
        None,
        "2025/3/4",
        "维持",
        None,
    ],
    [
        "示复〔2025〕2号",
        "钱二",
        "县市场监管局",
        "吊销许可证",
        "行政许可",
        45668,
        "已受理",
        "2025.1.15",
        None,
        None,
        30,
        "2025年3月10日",
        "2025年4月14日",
        "撤销",
        "无",
    ],
    "serial-only",
    "blank",
    [
        "示复〔2025〕3号",
        "孙三",
        "县自然资源局",
        "不履行职责",
        "不作为",
        "2025年2月3日",
        "受理",
        "2025年2月5日",
        "2025-02-20",
        "2025-03-12",
        None,
        None,
        "2025-04-20",
        "责令履行",
        "—",
    ],
    [
        "示复〔2025〕4号",
        "李四",
        "县自然资源局",
        "信息公开答复",
        "政府信息公开",
        "2025-02-10",
        "不予受理",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "超过申请期限",
    ],
    [
        "示复〔2025〕5号",
        "某某农业合作社",
        "县综合执法局",
        "强制拆除",
        "行政强制",
        "20250301",
        "受理",
        "2025-03-03",
        None,
        None,
        None,
        None,
        "2025-06-10",
        "确认违法",
        "审结逾期",
    ],
    "total",
    "footer",
]
