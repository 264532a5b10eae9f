"""An indicator system of our own writing (for the demo county and the tests), written as the
office's .xlsx table so that it is imported through the parser like a real one."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = ["一级指标", "分值", "二级指标", "分值", "评分标准", "佐证材料", "考核单位"]

# (first level, points, [(second level, points, criteria, evidence, assessor)])
ROWS = [
    ("组织领导", 15, [
        ("主要负责人述法", 5, "未按要求开展年度述法的扣5分。", "述法报告", "县委依法治县办"),
        ("会前学法", 10, "每少开展一次会前学法扣2分,扣完为止。", "会议记录", "县司法局"),
    ]),
    ("依法行政", 45, [
        ("规范性文件备案", 10, "报备率达到100%的得满分,每低1个百分点扣0.5分。", "备案登记表", "县司法局"),
        ("负责人出庭应诉", 10, "出庭应诉率达到100%的得满分,每低1个百分点扣1分。", "出庭记录", "县司法局"),
        ("年度任务落实", 15, "分工任务按期完成率达到100%的得满分,每低1个百分点扣0.5分。", "进展报告", "县委依法治县办"),
        ("督办整改", 10, "督办事项逾期未反馈的,每件扣2分,最多扣10分。", "督办单", "县委依法治县办"),
    ]),
    # Each unit type's 个性 set is written out of 100 and counts for 40 (set per category on import).
    ("个性指标(部门)", 100, [
        ("严格规范执法", 50, "发生行政执法重大过错被追责的,本项不得分。", "执法案卷", "县司法局"),
        ("行政复议工作", 50, "根据行政复议纠错情况酌情扣分。", "复议决定书", "县司法局"),
    ]),
    ("个性指标(乡镇街道)", 100, [
        ("民主法治示范村创建", 50, "未开展民主法治示范村创建的扣5分。", "创建材料", "县司法局"),
        ("矛盾纠纷调处", 50, "调解成功率达到95%的得满分,每低1个百分点扣1分。", "调解台账", "县司法局"),
    ]),
]
BONUS = ("加分项(最高5分)", [("示范创建", "被评为法治政府建设示范地区或项目的,每项加2分,最高加4分。", "命名文件", "县委依法治县办")])
VETO = ("一票否决", "发生严重违法行政行为造成恶劣社会影响的,实行一票否决。", "有关通报", "县委依法治县办")


def write_sample(path: str | Path, year: int, county: str = "示例县") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "考核指标"
    ws.append([f"{county}{year}年度法治建设绩效考核指标及评分细则"])
    ws.append(HEADER)
    for first, points, seconds in ROWS:
        for i, (name, pts, criteria, evidence, assessor) in enumerate(seconds):
            ws.append([first if i == 0 else "", points if i == 0 else "", name, pts, criteria, evidence, assessor])
    block, items = BONUS
    for i, (name, criteria, evidence, assessor) in enumerate(items):
        ws.append([block if i == 0 else "", 5 if i == 0 else "", name, "", criteria, evidence, assessor])
    name, criteria, evidence, assessor = VETO
    ws.append([name, "", "", "", criteria, evidence, assessor])
    path = Path(path)
    wb.save(path)
    return path
