"""A 任务分工表 of our own writing (34 tasks, fictional 临河县) and a fresh directory for it:
the unit names vary the way real tables write them (short names, the county's own prefix, names
the directory does not know yet, group terms)."""

from __future__ import annotations

import io

from fazhi.export.xlsx import build_workbook

GOVERNMENT = "临河县"
UNITS = [  # (name, short name, kind)
    ("县政府办公室", "县府办", "dept"), ("县司法局", "", "dept"), ("县发展和改革局", "县发改局", "dept"),
    ("县财政局", "", "dept"), ("县教育局", "", "dept"), ("县公安局", "", "dept"), ("县民政局", "", "dept"),
    ("县人力资源和社会保障局", "县人社局", "dept"), ("县自然资源局", "", "dept"), ("县生态环境局", "", "dept"),
    ("县住房和城乡建设局", "县住建局", "dept"), ("县交通运输局", "", "dept"), ("县农业农村局", "", "dept"),
    ("县卫生健康局", "县卫健局", "dept"), ("县市场监督管理局", "县市场监管局", "dept"),
    ("县应急管理局", "", "dept"), ("县审计局", "", "dept"), ("县统计局", "", "dept"), ("县信访局", "", "dept"),
    ("县行政审批服务局", "", "dept"), ("城关镇", "", "town"), ("河口镇", "", "town"), ("东湖乡", "", "town"),
    ("城南街道", "", "subdistrict"),
]
GROUP = ("各乡镇（街道）", ["城关镇", "河口镇", "东湖乡", "城南街道"])

# How the table names them: exact, short, with the county's full name, without prefix, unknown,
# near misses and group terms.
WRITTEN = ["县司法局", "司法局", "临河县财政局", "县发改局", "县人社局", "县市场监管局", "县住建局",
           "县行政审批局", "县委宣传部", "县融媒体中心", "各乡镇", "各乡镇人民政府", "县卫健委", "县城管局",
           "县教体局", "县公安局", "县民政局", "县生态环境局", "县交通运输局", "县农业农村局", "县应急管理局",
           "县审计局", "县统计局", "县信访局", "县政府办公室", "县自然资源局", "新城镇"]
ACTIONS = ["完善", "推进", "落实", "健全", "规范", "加强"]
OBJECTS = ["行政决策程序", "执法案卷评查", "政务公开目录", "法律顾问制度", "复议应诉工作", "权责清单",
           "公平竞争审查", "普法责任清单", "矛盾纠纷排查"]


def document() -> dict:
    tasks = []
    for i in range(34):
        sec = "一二三四"[i // 9]
        n = i % 9 + 1
        lead = WRITTEN[i % len(WRITTEN)]
        others = [WRITTEN[(i * 7 + 3) % len(WRITTEN)], WRITTEN[(i * 5 + 11) % len(WRITTEN)]]
        others = [o for o in dict.fromkeys(others) if o != lead]
        month = 3 + (i % 10)
        tasks.append({
            "path": [sec, f"({'一二三四五六七八九'[n - 1]})"], "heading": f"第{sec}部分重点工作",
            "title": f"{ACTIONS[i % 6]}{OBJECTS[i % 9]}",
            "text": f"{ACTIONS[i % 6]}{OBJECTS[i % 9]}第{i + 1}项措施,{month}月底前形成工作台账。",
            "units": {"lead": [lead], "responsible": others[:1], "support": others[1:]},
            "deadlines": [{"date": f"2025-{month:02d}-{30 if month in (4, 6, 9, 11) else 31}",
                           "text": f"{month}月底前", "recurring": None}],
            "targets": [],
        })
    return {"kind": "plan", "title": "临河县2025年法治政府建设工作任务分工", "year": 2025,
            "default_deadline": "2025-12-31", "tasks": tasks}


def workbook_bytes() -> bytes:
    buf = io.BytesIO()
    build_workbook(document()).save(buf)
    return buf.getvalue()
