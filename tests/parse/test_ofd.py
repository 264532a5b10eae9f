"""The OFD reader on OFD packages written here (GB/T 33190 layout: OFD.xml → Document.xml →
Pages/Page_N/Content.xml with positioned TextObjects)."""

import zipfile

import pytest

import fazhi
from fazhi.docs import ofd
from fazhi.errors import DocumentError

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
SIZE = 4.2  # 三号 in millimetres, roughly
LEFT, WIDTH = 25.0, 160.0


def _text_object(i, x, y, text, size=SIZE, per_char=False):
    if per_char:  # some writers place every glyph in its own object
        return "".join(_text_object(f"{i}{k}", x + k * size, y, ch, size) for k, ch in enumerate(text))
    delta = f"g {len(text) - 1} {size}" if len(text) > 1 else ""
    return (
        f'<ofd:TextObject ID="{i}" Boundary="{x} {y - size} {len(text) * size} {size * 1.2}" Font="1" Size="{size}">'
        f'<ofd:TextCode X="0" Y="{size}" DeltaX="{delta}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def _wrap(text, indent):
    per_line = int(WIDTH / SIZE)
    first = per_line - (2 if indent else 0)
    out, rest = [text[:first]], text[first:]
    while rest:
        out.append(rest[:per_line])
        rest = rest[per_line:]
    return out


def make_ofd(path, pages, title="", header=None, per_char=False, doc_root="Doc_0/Document.xml"):
    """pages: lists of paragraphs; each paragraph is wrapped at the page width, first line indented."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
            f"<ofd:DocInfo><ofd:DocID>x</ofd:DocID><ofd:Title>{title}</ofd:Title></ofd:DocInfo>"
            f"<ofd:DocRoot>{doc_root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(f'<ofd:Page ID="{n + 10}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
        z.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
            f"</ofd:PageArea></ofd:CommonData><ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        for n, paras in enumerate(pages):
            objs, y, k = [], 30.0, 0
            if header:
                objs.append(_text_object(f"{n}h", LEFT, 15.0, header, 3.0))
            for para in paras:
                indent = not para.startswith(("一、", "二、", "三、"))
                for j, line in enumerate(_wrap(para, indent)):
                    x = LEFT + (2 * SIZE if indent and j == 0 else 0)
                    objs.append(_text_object(f"{n}_{k}", x, y, line, per_char=per_char))
                    y += SIZE * 1.8
                    k += 1
            objs.append(_text_object(f"{n}p", 100.0, 285.0, f"- {n + 1} -", 3.0))
            z.writestr(
                f"Doc_0/Pages/Page_{n}/Content.xml",
                f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="{n + 100}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>',
            )


PLAN = [
    [
        "示例县2024年法治政府建设工作要点",
        "为深入推进依法行政,结合本县实际,制定本要点,请各单位认真抓好落实,确保各项任务按时完成。",
        "一、完善依法决策机制",
        "(一)编制年度重大行政决策事项目录并向社会公布,合法性审查率达到100%。(县司法局牵头,县政府办公室配合)",
    ],
    [
        "二、规范行政执法行为",
        "(二)开展行政执法案卷评查,2024年9月底前完成,每个执法部门抽查案卷不少于10卷。(县直各执法部门按职责分工分别负责)",
    ],
]


@pytest.mark.parametrize("per_char", [False, True])
def test_ofd_plan_reads_as_a_plan(tmp_path, per_char):
    path = tmp_path / "要点.ofd"
    make_ofd(path, PLAN, header="示例县人民政府办公室", per_char=per_char)
    src = fazhi.read_document(path)
    assert src.format == "ofd"
    text = src.text()
    assert "示例县人民政府办公室" not in text and "- 1 -" not in text  # running header, page number
    assert "制定本要点,请各单位认真抓好落实,确保各项任务按时完成。" in text  # wrapped lines joined
    data = fazhi.parse_file(path)
    assert data["kind"] == "plan" and data["year"] == 2024
    assert [t["path"] for t in data["tasks"]] == [["一", "(一)"], ["二", "(二)"]]
    assert data["tasks"][0]["units"] == {"lead": ["县司法局"], "responsible": [], "support": ["县政府办公室"]}
    assert [d["date"] for d in data["tasks"][1]["deadlines"]] == ["2024-09-30"]
    assert [(g["value"], g["unit"]) for g in data["tasks"][1]["targets"]] == [(10, "卷")]


def test_ofd_by_content_whatever_the_name_and_absolute_locations(tmp_path):
    path = tmp_path / "download.bin"
    make_ofd(path, PLAN, doc_root="/Doc_0/Document.xml", title="示例县2024年法治政府建设工作要点")
    src = fazhi.read_document(path)
    assert src.format == "ofd" and src.title == "示例县2024年法治政府建设工作要点"


def test_ofd_without_text_is_refused_clearly(tmp_path):
    path = tmp_path / "scan.ofd"
    make_ofd(path, [[], []])  # page numbers only
    with pytest.raises(DocumentError, match="扫描件"):
        ofd.read(path)


def test_broken_ofd_is_one_clear_message(tmp_path):
    path = tmp_path / "bad.ofd"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody/></ofd:OFD>")
    with pytest.raises(DocumentError, match="已损坏"):
        fazhi.read_document(path)


def test_entities_are_not_expanded(tmp_path):
    plain, path = tmp_path / "plain.ofd", tmp_path / "lol.ofd"
    make_ofd(plain, PLAN)
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="1">{_text_object(1, LEFT, 30, "一、正文")}'
        f'<ofd:TextObject ID="2" Boundary="25 40 100 5" Size="4"><ofd:TextCode X="0" Y="4">&c;</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as z:
        for name in src.namelist():
            z.writestr(name, bomb if name == "Doc_0/Pages/Page_0/Content.xml" else src.read(name))
    try:
        text = fazhi.read_document(path).text()
    except DocumentError:
        return  # refusing is fine too
    assert "A" * 100 not in text


def test_zip_limits_are_the_docx_limits(tmp_path, monkeypatch):
    from fazhi.docs import safezip

    path = tmp_path / "many.ofd"
    make_ofd(path, PLAN)
    monkeypatch.setattr(safezip, "MAX_ZIP_ENTRIES", 2)
    with pytest.raises(DocumentError, match="条目过多"):
        fazhi.read_document(path)
