"""Word automatic numbering rendered into paragraph text (fazhi.docs.docx_numbering).

python-docx has no numbering API: the documents are built with python-docx, paragraphs get
w:numPr through oxml, and word/numbering.xml is replaced inside the saved package.
"""

from __future__ import annotations

import zipfile

import pytest

import fazhi
from fazhi.docs import Table, read
from fazhi.docs.docx_numbering import chinese_number, format_number

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{extra}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, starts: dict[int, int] | None = None) -> str:
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
        for i, s in (starts or {}).items()
    )
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def numbering_xml(*parts: str) -> str:
    # abstractNum elements come before num elements in the schema.
    body = "".join(p for p in parts if p.startswith("<w:abstractNum")) + "".join(
        p for p in parts if p.startswith("<w:num ")
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>{body}</w:numbering>'


PLAN = abstract(
    1,
    lvl(0, "chineseCounting", "%1、"),
    lvl(1, "chineseCounting", "（%2）"),
    lvl(2, "decimal", "%3."),
)
DECIMAL = abstract(2, lvl(0, "decimal", "%1."))
BULLET = abstract(3, lvl(0, "bullet", "\uf0b7"))


def set_num(paragraph, num_id: int | None, ilvl: int | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    if ilvl is not None:
        el = OxmlElement("w:ilvl")
        el.set(qn("w:val"), str(ilvl))
        numpr.append(el)
    if num_id is not None:
        el = OxmlElement("w:numId")
        el.set(qn("w:val"), str(num_id))
        numpr.append(el)
    ppr.append(numpr)


def add(d, text: str, num_id: int | None = None, ilvl: int | None = None, style=None):
    p = d.add_paragraph(text, style=style)
    if num_id is not None or ilvl is not None:
        set_num(p, num_id, ilvl)
    return p


def save(d, path, numbering: str):
    d.save(str(path))
    with zipfile.ZipFile(path) as zf:
        items = {name: zf.read(name) for name in zf.namelist()}
    items["word/numbering.xml"] = numbering.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    return path


def strings(source) -> list[str]:
    return [b for b in source.blocks if isinstance(b, str)]


def task_paths(path) -> list[list[str]]:
    return [t["path"] for t in fazhi.parse_file(path)["tasks"]]


# ---------------------------------------------------------------- formats


def test_chinese_counting():
    got = [chinese_number(n) for n in (1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 111, 1000, 10001)]
    assert got == ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "一百", "一百〇一",
                   "一百一十", "一百一十一", "一千", "一万〇一"]  # fmt: skip


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (3, "decimal", "3"),
        (3, "decimalZero", "03"),
        (12, "decimalFullWidth", "１２"),
        (12, "chineseCountingThousand", "十二"),
        (105, "chineseCountingThousand", "一百零五"),
        (11, "japaneseCounting", "十一"),
        (2, "ideographTraditional", "乙"),
        (11, "ideographTraditional", "甲"),
        (12, "ideographDigital", "一二"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (1, "decimalEnclosedCircle", "①"),
        (20, "decimalEnclosedCircleChinese", "⑳"),
        (21, "decimalEnclosedCircle", "21"),
        (3, "decimalEnclosedParen", "(3)"),
        (28, "upperLetter", "BB"),
        (2, "lowerLetter", "b"),
        (14, "upperRoman", "XIV"),
        (4, "lowerRoman", "iv"),
        (2, "ordinal", "2nd"),
        (5, "bullet", ""),
        (5, "none", ""),
        (5, "somethingNew", "5"),
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


# ---------------------------------------------------------------- documents


def make_plan(path):
    import docx

    d = docx.Document()
    add(d, "某县2021年法治政府建设工作计划")
    add(d, "依法全面履行政府职能", 1, 0)
    add(d, "深化行政审批制度改革。（牵头单位：县司法局）", 1, 1)
    add(d, "全面推行证明事项告知承诺制。", 1, 2)
    add(d, "压缩审批时限。", 1, 2)
    add(d, "加强事中事后监管。（牵头单位：县市场监管局）", 1, 1)
    add(d, "完善依法行政制度体系", 1, 0)
    add(d, "加强重点领域立法。（牵头单位：县司法局）", 1, 1)
    return save(d, path, numbering_xml(PLAN, num(1, 1)))


def test_three_level_plan(tmp_path):
    path = make_plan(tmp_path / "plan.docx")
    assert strings(read(path)) == [
        "某县2021年法治政府建设工作计划",
        "一、依法全面履行政府职能",
        "（一）深化行政审批制度改革。（牵头单位：县司法局）",
        "1.全面推行证明事项告知承诺制。",
        "2.压缩审批时限。",
        "（二）加强事中事后监管。（牵头单位：县市场监管局）",
        "二、完善依法行政制度体系",
        "（一）加强重点领域立法。（牵头单位：县司法局）",  # level 2 restarts under 二
    ]
    assert task_paths(path) == [["一", "(一)", "1"], ["一", "(一)", "2"], ["一", "(二)"], ["二", "(一)"]]


def test_two_level_plan_task_paths(tmp_path):
    import docx

    d = docx.Document()
    add(d, "某县2022年法治政府建设工作要点")
    add(d, "依法全面履行政府职能", 1, 0)
    add(d, "深化行政审批制度改革。（牵头单位：县司法局）", 1, 1)
    add(d, "加强事中事后监管。（牵头单位：县市场监管局）", 1, 1)
    add(d, "完善依法行政制度体系", 1, 0)
    add(d, "加强重点领域立法。（牵头单位：县司法局）", 1, 1)
    save(d, tmp_path / "plan.docx", numbering_xml(PLAN, num(1, 1)))
    assert task_paths(tmp_path / "plan.docx") == [["一", "(一)"], ["一", "(二)"], ["二", "(一)"]]


def test_numbering_read_without_python_docx(tmp_path):
    """A macro-enabled content type makes python-docx refuse the package; the XML is then
    read from the zip directly, numbering part included."""
    path = make_plan(tmp_path / "plan.docx")
    with zipfile.ZipFile(path) as zf:
        items = {name: zf.read(name) for name in zf.namelist()}
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    docm = tmp_path / "plan.docm"
    with zipfile.ZipFile(docm, "w") as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    assert strings(read(docm))[1:4] == [
        "一、依法全面履行政府职能",
        "（一）深化行政审批制度改革。（牵头单位：县司法局）",
        "1.全面推行证明事项告知承诺制。",
    ]


def test_start_override_and_shared_counters(tmp_path):
    import docx

    d = docx.Document()
    add(d, "第一项", 2, 0)
    add(d, "第二项", 2, 0)
    add(d, "重新编号", 5, 0)  # num 5: same definition, startOverride 1
    add(d, "继续", 5, 0)
    add(d, "另一个列表实例继续计数", 6, 0)  # num 6: same definition, no override
    add(d, "从十开始", 7, 0)  # num 7: startOverride 10
    add(d, "关闭编号", 0, 0)  # numId 0: no number
    add(d, "未定义的编号", 99, 0)  # a numId that does not exist: left alone
    save(d, tmp_path / "a.docx", numbering_xml(DECIMAL, num(2, 2), num(5, 2, {0: 1}), num(6, 2), num(7, 2, {0: 10})))
    assert strings(read(tmp_path / "a.docx")) == [
        "1.第一项",
        "2.第二项",
        "1.重新编号",
        "2.继续",
        "3.另一个列表实例继续计数",
        "10.从十开始",
        "关闭编号",
        "未定义的编号",
    ]


def add_numpr_to_style(style, num_id: int, ilvl: int | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numpr = OxmlElement("w:numPr")
    if ilvl is not None:
        el = OxmlElement("w:ilvl")
        el.set(qn("w:val"), str(ilvl))
        numpr.append(el)
    el = OxmlElement("w:numId")
    el.set(qn("w:val"), str(num_id))
    numpr.append(el)
    style.element.get_or_add_pPr().insert(0, numpr)


def test_style_based_numbering(tmp_path):
    """Chapters and articles from heading styles: 第%1章 and 第%2条 counted through the
    document (w:lvlRestart 0); Heading 2 finds its level through w:pStyle; a paragraph
    style based on Heading 2 inherits the numbering."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    add_numpr_to_style(d.styles["Heading 1"], 8, 0)
    add_numpr_to_style(d.styles["Heading 2"], 8)  # no ilvl: the level naming Heading2
    article = d.styles.add_style("Article", WD_STYLE_TYPE.PARAGRAPH)
    article.base_style = d.styles["Heading 2"]
    add(d, "某县行政规范性文件管理办法")
    add(d, "总则", style="Heading 1")
    add(d, "为了规范行政规范性文件管理，制定本办法。", style="Heading 2")
    add(d, "本办法适用于本县行政机关。", style="Article")
    add(d, "制定程序", style="Heading 1")
    add(d, "起草单位应当开展调研。", style="Heading 2")
    unnumbered = add(d, "附则", style="Heading 1")
    set_num(unnumbered, 0)
    chapters = abstract(
        4,
        lvl(0, "chineseCounting", "第%1章", extra='<w:pStyle w:val="Heading1"/><w:suff w:val="space"/>'),
        lvl(1, "chineseCounting", "第%2条", extra='<w:pStyle w:val="Heading2"/><w:lvlRestart w:val="0"/>'),
    )
    save(d, tmp_path / "rules.docx", numbering_xml(chapters, num(8, 4)))
    assert strings(read(tmp_path / "rules.docx")) == [
        "某县行政规范性文件管理办法",
        "第一章 总则",
        "第一条 为了规范行政规范性文件管理，制定本办法。",
        "第二条 本办法适用于本县行政机关。",
        "第二章 制定程序",
        "第三条 起草单位应当开展调研。",  # articles do not restart per chapter
        "附则",
    ]


def test_legal_numbering_and_multilevel_text(tmp_path):
    import docx

    d = docx.Document()
    add(d, "总体要求", 9, 0)
    add(d, "指导思想", 9, 1)
    add(d, "基本原则", 9, 1)
    legal = abstract(
        5,
        lvl(0, "chineseCounting", "%1、"),
        lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
    )
    save(d, tmp_path / "a.docx", numbering_xml(legal, num(9, 5)))
    assert strings(read(tmp_path / "a.docx")) == ["一、总体要求", "1.1 指导思想", "1.2 基本原则"]


def test_bullets_are_ignored(tmp_path):
    import docx

    d = docx.Document()
    add(d, "主要任务", 1, 0)
    add(d, "要点甲", 3, 0)
    add(d, "要点乙", 3, 0)
    add(d, "深化改革。", 1, 1)
    add(d, "重点工作", 1, 0)
    save(d, tmp_path / "a.docx", numbering_xml(PLAN, BULLET, num(1, 1), num(3, 3)))
    assert strings(read(tmp_path / "a.docx")) == ["一、主要任务", "要点甲", "要点乙", "（一）深化改革。", "二、重点工作"]


def test_default_template_list_number_style(tmp_path):
    """The default template's List Number style is numbered through its own numbering part."""
    import docx

    d = docx.Document()
    d.add_paragraph("第一项任务", style="List Number")
    d.add_paragraph("第二项任务", style="List Number")
    d.save(str(tmp_path / "a.docx"))
    assert strings(read(tmp_path / "a.docx")) == ["1.第一项任务", "2.第二项任务"]


HEADER = ["序号", "工作任务", "牵头单位", "完成时限"]


def test_numbered_table_column(tmp_path):
    import docx

    d = docx.Document()
    add(d, "某县2021年法治政府建设工作任务分工表")
    t = d.add_table(rows=4, cols=4)
    for i, h in enumerate(HEADER):
        t.cell(0, i).text = h
    rows = [
        ["推进行政审批制度改革", "县司法局", "2021年12月底"],
        ["规范行政执法行为", "县市场监管局", "长期坚持"],
        ["提升行政复议质量", "县司法局", "2021年6月"],
    ]
    for r, values in enumerate(rows, 1):
        set_num(t.cell(r, 0).paragraphs[0], 2, 0)  # an empty, auto-numbered 序号 cell
        for c, v in enumerate(values, 1):
            t.cell(r, c).text = v
    save(d, tmp_path / "table.docx", numbering_xml(DECIMAL, num(2, 2)))
    source = read(tmp_path / "table.docx")
    (table,) = [b for b in source.blocks if isinstance(b, Table)]
    assert table.rows == [HEADER] + [[f"{n}.", *values] for n, values in enumerate(rows, 1)]
    doc = fazhi.parse_file(tmp_path / "table.docx")
    assert [t["path"] for t in doc["tasks"]] == [["1"], ["2"], ["3"]]


def test_broken_numbering_part_does_not_break_reading(tmp_path):
    import docx

    d = docx.Document()
    add(d, "依法全面履行政府职能", 1, 0)
    # A num pointing at a missing definition and a level with no text.
    add(d, "编号过大", 3, 0)
    # A level with no text, a num pointing at a missing definition, an absurd start value.
    broken = numbering_xml(
        abstract(1, '<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>'),
        abstract(2, lvl(0, "decimal", "%1.", start=10**9)),
        num(1, 1),
        num(2, 42),
        num(3, 2),
    )
    save(d, tmp_path / "a.docx", broken)
    assert strings(read(tmp_path / "a.docx")) == ["依法全面履行政府职能", "32767.编号过大"]


def test_list_style_link_and_level_override(tmp_path):
    """w:numStyleLink: the definition a num points at only names a list style, whose own
    num leads to the definition holding the levels.  A w:lvlOverride may also replace a
    level outright."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    list_style = d.styles.add_style("PlanList", WD_STYLE_TYPE.PARAGRAPH)
    list_style.element.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type", "numbering")
    add_numpr_to_style(list_style, 20)
    add(d, "依法全面履行政府职能", 21, 0)
    add(d, "深化行政审批制度改革。", 21, 1)
    add(d, "完善依法行政制度体系", 21, 0)
    add(d, "加强重点领域立法。", 22, 1)
    holder = abstract(6, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）"))
    holder = holder.replace("<w:lvl ", '<w:styleLink w:val="PlanList"/><w:lvl ', 1)
    pointer = '<w:abstractNum w:abstractNumId="7"><w:numStyleLink w:val="PlanList"/></w:abstractNum>'
    override = (
        '<w:num w:numId="22"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="1">'
        + lvl(1, "decimalEnclosedCircle", "%2")
        + "</w:lvlOverride></w:num>"
    )
    save(d, tmp_path / "a.docx", numbering_xml(holder, pointer, num(20, 6), num(21, 7), override))
    assert strings(read(tmp_path / "a.docx")) == [
        "一、依法全面履行政府职能",
        "（一）深化行政审批制度改革。",
        "二、完善依法行政制度体系",
        "① 加强重点领域立法。",  # same counters (shared definition), the overriding level's format
    ]
