"""One indicator system of our own writing, written out as .xlsx, a Word table and text.

The three files use different header wordings and layouts on purpose (merged cells, a
spanning 加分项 row versus a merged 加分项 cell, title rows and notes around the table).
"""

from __future__ import annotations

TITLE = "示例县2025年度法治政府建设考核指标及评分细则"
LEAD = "县委依法治县办"

# (name, points, [(name, points, [(name, points, criteria, evidence, assessor)])])
SYSTEM = [
    ("组织领导与责任落实", 20, [
        ("第一责任人职责", 12, [
            ("主要负责人专题研究法治建设", 6,
             "全年未召开常务会议专题研究法治政府建设的扣3分;未按时报送述法报告的扣1分。",
             "会议纪要、述法报告", LEAD),
            ("领导干部集体学法", 6, "每少组织一次集体学法扣1分,扣完为止。", "学法记录、签到表", "县司法局"),
        ]),
        ("年度工作部署", 8, [
            ("年度计划与情况报告", 8,
             "未按期公开年度法治政府建设情况报告的扣2分;每迟报一次扣0.5分,最多扣2分。",
             "网站公开截图", LEAD),
        ]),
    ]),
    ("依法行政与执法监督", 30, [
        ("规范性文件管理", 10, [
            ("合法性审核", 5, "每发现一件未经合法性审核即印发的文件扣1分,扣完为止。", "审核意见书", "县司法局"),
            ("备案审查", 5, "报备率达到100%的得满分,每低1个百分点扣0.5分。", "备案登记表", "县司法局"),
        ]),
        ("行政执法", 20, [
            ("执法案卷质量", 10, "案卷评查不合格的,每卷扣2分,最多扣6分。", "案卷评查结果", "县司法局"),
            ("执法过错", 10, "发生执法过错被追责并造成严重影响的,本项不得分。", "追责文书", LEAD),
        ]),
    ]),
]
TOTAL = 50
BONUS_NAME, BONUS_CAP = "加分项", 5
BONUS = [
    ("示范创建", "获评省级法治政府建设示范地区的加3分。", "命名文件", LEAD),
    ("经验推广", "工作经验被市级以上媒体刊发的,每篇加0.5分,最高加2分。", "刊发材料", "县委宣传部"),
]
VETO = ("发生因行政违法引发的重大群体性事件并造成恶劣影响的,实行一票否决。", "有关通报", LEAD)
NOTES = ["说明:1.各项扣分以该项分值为限,扣完为止。", "2.加分项由被考核单位提供材料,经核实后计分。"]


def leaf_rows():
    """(level-1, p1, level-2, p2, level-3, p3, criteria, evidence, assessor) per leaf."""
    for n1, p1, kids in SYSTEM:
        for n2, p2, leaves in kids:
            for n3, p3, crit, ev, who in leaves:
                yield n1, p1, n2, p2, n3, p3, crit, ev, who


def write_xlsx(path, system=SYSTEM):
    """Header 一级指标|分值|二级指标|分值|考核内容|分值|评分标准|佐证材料|牵头考核单位,
    levels merged vertically, title rows and notes merged across, a merged 加分项 cell."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核细则"
    width = 9
    ws.append([TITLE] + [None] * (width - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append(["(考核对象:县政府各部门)"] + [None] * (width - 1))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.append(["一级指标", "分值", "二级指标", "分值", "考核内容", "分值", "评分标准", "佐证材料", "牵头考核单位"])
    r = 4
    for n1, p1, kids in system:
        top1 = r
        for n2, p2, leaves in kids:
            top2 = r
            for n3, p3, crit, ev, who in leaves:
                first1, first2 = r == top1, r == top2
                ws.append([n1 if first1 else None, p1 if first1 else None,
                           n2 if first2 else None, p2 if first2 else None, n3, p3, crit, ev, who])
                r += 1
            for col in (3, 4):
                ws.merge_cells(start_row=top2, start_column=col, end_row=r - 1, end_column=col)
        for col in (1, 2):
            ws.merge_cells(start_row=top1, start_column=col, end_row=r - 1, end_column=col)
    top = r
    for i, (name, crit, ev, who) in enumerate(BONUS):
        ws.append([BONUS_NAME if i == 0 else None, BONUS_CAP if i == 0 else None, name, None, None, None, crit, ev, who])
        r += 1
    for col in (1, 2):
        ws.merge_cells(start_row=top, start_column=col, end_row=r - 1, end_column=col)
    ws.append(["一票否决", None, None, None, None, None, VETO[0], VETO[1], VETO[2]])
    ws.append(["合计", TOTAL] + [None] * (width - 2))
    r += 2
    for note in NOTES:
        ws.append([note] + [None] * (width - 1))
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    wb.save(path)


def write_docx(path, system=SYSTEM):
    """The same system as a Word table with other wordings (权重/考核要点/扣分标准/查验资料/
    责任单位), a 序号 column, vertical merges, a spanning 加分项 row and a spanning 一票否决 row."""
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph("各被考核单位应于次年1月10日前报送自评结果和佐证材料。")
    rows = [["序号", "一级指标", "权重", "二级指标", "权重", "考核要点", "分数", "扣分标准", "查验资料", "责任单位"]]
    merges: list[tuple[int, int, int]] = []  # (col, first row, last row)
    spans: list[int] = []
    n = 0
    for n1, p1, kids in system:
        top1 = len(rows)
        for n2, p2, leaves in kids:
            top2 = len(rows)
            for n3, p3, crit, ev, who in leaves:
                n += 1
                rows.append([str(n), n1, str(p1), n2, str(p2), n3, str(p3), crit, ev, who])
            merges += [(3, top2, len(rows) - 1), (4, top2, len(rows) - 1)]
        merges += [(1, top1, len(rows) - 1), (2, top1, len(rows) - 1)]
    spans.append(len(rows))
    rows.append([f"{BONUS_NAME}(最高加{BONUS_CAP}分)"] + [""] * 9)
    for name, crit, ev, who in BONUS:
        n += 1
        rows.append([str(n), name, "", "", "", "", "", crit, ev, who])
    spans.append(len(rows))
    rows.append(["一票否决"] + [""] * 9)
    rows.append(["", "", "", "", "", "", "", VETO[0], VETO[1], VETO[2]])
    rows.append(["合计", "", str(TOTAL)] + [""] * 7)
    table = d.add_table(rows=len(rows), cols=10)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    for col, a, b in merges:
        if b > a:
            value = rows[a][col]
            cell = table.cell(a, col).merge(table.cell(b, col))
            cell.text = value
    for i in spans:
        value = rows[i][0]
        cell = table.cell(i, 0).merge(table.cell(i, 9))
        cell.text = value
    for note in NOTES:
        d.add_paragraph(note)
    d.save(path)


def text_version(system=SYSTEM) -> str:
    out = [TITLE, "(考核对象:县政府各部门)"]
    for n1, p1, kids in system:
        out.append(f"一级指标:{n1}({p1}分)")
        for n2, p2, leaves in kids:
            out.append(f"二级指标:{n2} 分值:{p2}分")
            for n3, p3, crit, ev, who in leaves:
                out += [f"考核内容:{n3}", f"分值:{p3}分", f"评分细则:{crit}", f"佐证材料:{ev}", f"考核单位:{who}"]
    out.append(f"{BONUS_NAME}(最高加{BONUS_CAP}分)")
    for i, (name, crit, ev, who) in enumerate(BONUS, 1):
        out += [f"二级指标:{name}", f"评分标准:{crit}", f"佐证材料:{ev}", f"考核单位:{who}"]
        assert i
    out += ["一票否决", VETO[0], f"佐证材料:{VETO[1]}", f"考核单位:{VETO[2]}", f"合计:{TOTAL}分"]
    out += NOTES
    return "\n".join(out) + "\n"
