"""Readers: every format into Source blocks. Fixtures are generated here from our own text."""

from __future__ import annotations

import datetime as dt
import importlib.util
import zipfile

import pytest

from fazhi.docs import Table, read
from fazhi.errors import DocumentError

HEADER = ["序号", "工作任务", "牵头单位", "责任单位", "配合单位", "完成时限"]


def paragraphs(source) -> list[str]:
    return [b for b in source.blocks if isinstance(b, str)]


def tables(source) -> list[Table]:
    return [b for b in source.blocks if isinstance(b, Table)]


# ---------------------------------------------------------------- txt

TEXT = "某县2021年法治政府建设工作计划\n一、依法全面履行政府职能\n（一）深化审批改革。（牵头单位：县司法局）\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_txt_encodings(tmp_path, encoding):
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    source = read(path)
    assert source.format == "txt"
    assert source.blocks == [
        "某县2021年法治政府建设工作计划",
        "一、依法全面履行政府职能",
        "（一）深化审批改革。（牵头单位：县司法局）",
    ]


def test_txt_binary_is_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(DocumentError, match="不是文本文档"):
        read(path)


# ---------------------------------------------------------------- docx


def make_docx(path):
    import docx

    d = docx.Document()
    d.core_properties.title = "某县2021年法治政府建设工作计划"
    d.add_paragraph("某县2021年法治政府建设工作计划")
    d.add_paragraph("一、依法全面履行政府职能")
    d.add_paragraph("（一）深化审批改革。（牵头单位：县司法局；责任单位：各镇政府）")
    d.add_paragraph("附件：任务分工表")
    t = d.add_table(rows=4, cols=6)
    for i, h in enumerate(HEADER):
        t.cell(0, i).text = h
    for c, v in enumerate(["1", "推进审批改革", "县司法局", "各镇政府", "", "2021年12月底"]):
        t.cell(1, c).text = v
    for c, v in enumerate(["2", "规范执法行为", "", "县市场监管局", "", "长期坚持"]):
        t.cell(2, c).text = v
    t.cell(1, 2).merge(t.cell(2, 2))  # 牵头单位 merged vertically over two tasks
    t.cell(3, 0).merge(t.cell(3, 5)).text = "二、完善依法行政制度体系"  # a section row
    nested = t.cell(2, 4).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "县财政局"
    nested.cell(0, 1).text = "县审计局"
    d.add_paragraph("二、完善依法行政制度体系")
    d.save(str(path))


def test_docx_blocks_in_order(tmp_path):
    path = tmp_path / "plan.docx"
    make_docx(path)
    source = read(path)
    assert source.format == "docx"
    kinds = ["T" if isinstance(b, Table) else b for b in source.blocks]
    assert kinds == [
        "某县2021年法治政府建设工作计划",
        "一、依法全面履行政府职能",
        "（一）深化审批改革。（牵头单位：县司法局；责任单位：各镇政府）",
        "附件：任务分工表",
        "T",
        "二、完善依法行政制度体系",
    ]
    assert source.title == "某县2021年法治政府建设工作计划"


def test_docx_merged_and_nested_cells(tmp_path):
    path = tmp_path / "plan.docx"
    make_docx(path)
    (table,) = tables(read(path))
    assert table.rows[0] == HEADER
    assert table.rows[1] == ["1", "推进审批改革", "县司法局", "各镇政府", "", "2021年12月底"]
    # The vertical merge repeats 县司法局 so the row stands alone; the nested table is flattened.
    assert table.rows[2] == ["2", "规范执法行为", "县司法局", "县市场监管局", "县财政局 县审计局", "长期坚持"]
    # The horizontal merge gives its text once, not six times.
    assert table.rows[3] == ["二、完善依法行政制度体系", "", "", "", "", ""]


def test_docx_junk_core_title_is_ignored(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Microsoft Word - 文档1"
    d.add_paragraph("某县2022年法治政府建设工作要点")
    path = tmp_path / "a.docx"
    d.save(str(path))
    assert read(path).title is None


def test_docx_detected_by_content_without_extension(tmp_path):
    path = tmp_path / "plan.docx"
    make_docx(path)
    renamed = tmp_path / "download"
    path.rename(renamed)
    assert read(renamed).format == "docx"


def test_docx_zip_bomb_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    chunk = b"0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(210):
                fh.write(chunk)
    with pytest.raises(DocumentError, match="压缩炸弹"):
        read(path)


# ---------------------------------------------------------------- xlsx


def make_xlsx(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务分工表"
    ws.append(HEADER)
    ws.append(["一、依法全面履行政府职能"])
    ws.merge_cells("A2:F2")
    ws.append([1.0, "深化审批改革", "县司法局", "各镇政府", None, dt.datetime(2021, 12, 31)])
    ws.append([2, "规范执法行为", None, "县市场监管局", "县财政局", "长期坚持"])
    ws.merge_cells("C3:C4")
    ws.append([])
    ws.append([None] * 6)
    ws.append([3, "提升复议质量", "县司法局", "各镇政府", None, "2021年6月"])
    wb.create_sheet("Sheet2")  # empty: skipped
    hidden = wb.create_sheet("下拉选项")
    hidden["A1"] = "县司法局"
    hidden.sheet_state = "hidden"
    wb.save(path)


def test_xlsx_task_table(tmp_path):
    path = tmp_path / "tasks.xlsx"
    make_xlsx(path)
    source = read(path)
    assert source.format == "xlsx"
    assert source.blocks[0] == "任务分工表"
    (table,) = tables(source)
    assert table.rows == [
        HEADER,
        ["一、依法全面履行政府职能", "", "", "", "", ""],
        ["1", "深化审批改革", "县司法局", "各镇政府", "", "2021-12-31"],
        ["2", "规范执法行为", "县司法局", "县市场监管局", "县财政局", "长期坚持"],
        ["3", "提升复议质量", "县司法局", "各镇政府", "", "2021年6月"],
    ]


def test_xlsx_streaming_mode_for_big_files(tmp_path, monkeypatch):
    from fazhi.docs import xlsx

    monkeypatch.setattr(xlsx, "FULL_LOAD_MAX_FILE", 0)  # force read-only streaming
    path = tmp_path / "tasks.xlsx"
    make_xlsx(path)
    (table,) = tables(read(path))
    assert table.rows[2] == ["1", "深化审批改革", "县司法局", "各镇政府", "", "2021-12-31"]
    assert len(table.rows) == 5  # empty rows skipped; merges are not visible when streaming


# ---------------------------------------------------------------- pdf

needs_reportlab = pytest.mark.skipif(
    importlib.util.find_spec("reportlab") is None,
    reason="reportlab 未安装(测试依赖,用于生成含中文文字层的 PDF)",
)


def _cjk_canvas(path, **kwargs):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return canvas.Canvas(str(path), pagesize=A4, **kwargs), A4


WRAPPED = (
    "（一）深化行政审批制度改革。全面推行证明事项告知承诺制，进一步精简审批环节，压缩审批时限，"
    "推动政务服务事项全部实现网上可办，提升群众办事满意度和获得感。（牵头单位：县司法局；责任单位：各镇政府）"
)


def make_pdf(path, per_line=26, size=14):
    """A 公文-style plan: running header, '- n -' page numbers, indented wrapped paragraphs."""
    c, (width, height) = _cjk_canvas(path)
    items = [("某县2021年法治政府建设工作计划", "title"), ("一、依法全面履行政府职能", "h"), (WRAPPED, "p")]
    items += [
        (f"（{'二三四五六七八九十'[i]}）第{i + 2}项工作任务持续推进，各责任单位要按照职责分工抓好落实，"
         "确保各项措施落地见效，按时完成年度目标任务并报送进展情况。", "p")
        for i in range(9)
    ]  # fmt: skip
    page = 1

    def furniture():
        c.setFont("STSong-Light", 10)
        c.drawCentredString(width / 2, height - 50, "某县人民政府办公室文件")
        c.drawCentredString(width / 2, 40, f"- {page} -")
        c.setFont("STSong-Light", size)

    furniture()
    y = height - 110
    for text, kind in items:
        lines, rest, first = [], text, per_line - 2
        while rest:
            n = first if not lines else per_line
            lines.append(rest[:n])
            rest = rest[n:]
        if kind != "p":
            lines = [text]
        for i, line in enumerate(lines):
            if y < 90:
                c.showPage()
                page += 1
                furniture()
                y = height - 110
            if kind == "title":
                c.drawCentredString(width / 2, y, line)
            else:
                c.drawString(72 + (2 * size if i == 0 else 0), y, line)
            y -= size * 1.8
    c.showPage()
    c.save()
    return page


@needs_reportlab
def test_pdf_text_layer_rejoined_without_page_furniture(tmp_path):
    path = tmp_path / "plan.pdf"
    pages = make_pdf(path)
    assert pages >= 2
    source = read(path)
    assert source.format == "pdf"
    paras = paragraphs(source)
    assert paras[:3] == ["某县2021年法治政府建设工作计划", "一、依法全面履行政府职能", WRAPPED]
    assert len(paras) == 12  # every paragraph whole, including the one across the page break
    text = "".join(paras)
    assert "某县人民政府办公室文件" not in text
    assert "- 1 -" not in text and "- 2 -" not in text
    assert all(p.startswith(("某县", "一、", "（")) for p in paras)


@needs_reportlab
def test_pdf_ruled_table(tmp_path):
    path = tmp_path / "table.pdf"
    c, _ = _cjk_canvas(path)
    c.setFont("STSong-Light", 11)
    c.drawString(72, 780, "附件：任务分工表")
    rows = [HEADER[:4], ["1", "深化审批改革", "县司法局", "2021年12月"], ["2", "规范执法行为", "县市场监管局", "长期坚持"]]
    xs, top, rh = [72, 120, 330, 440, 540], 760, 24
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.drawString(xs[j] + 4, top - (i + 1) * rh + 8, cell)
    for i in range(len(rows) + 1):
        c.line(xs[0], top - i * rh, xs[-1], top - i * rh)
    for x in xs:
        c.line(x, top, x, top - len(rows) * rh)
    c.drawString(72, 600, "以上任务请各单位认真落实。")
    c.showPage()
    c.save()
    source = read(path)
    assert source.blocks[0] == "附件：任务分工表"
    assert source.blocks[1] == Table(rows=rows)
    assert source.blocks[2] == "以上任务请各单位认真落实。"


def make_scanned_pdf(path):
    c, _ = _cjk_canvas(path)
    c.setFillGray(0.5)
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()


def make_encrypted_pdf(path):
    from reportlab.lib import pdfencrypt

    c, _ = _cjk_canvas(path, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "加密的工作计划")
    c.showPage()
    c.save()


@needs_reportlab
def test_pdf_scanned(tmp_path):
    path = tmp_path / "scan.pdf"
    make_scanned_pdf(path)
    with pytest.raises(DocumentError, match="扫描件.*OCR"):
        read(path)


@needs_reportlab
def test_pdf_encrypted(tmp_path):
    path = tmp_path / "locked.pdf"
    make_encrypted_pdf(path)
    with pytest.raises(DocumentError, match="PDF 已加密"):
        read(path)


# ---------------------------------------------------------------- html

PORTAL = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>某县2021年法治政府建设工作要点_某县人民政府</title>
{meta}
<script>document.write("不应出现的脚本文字");</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div class="header"><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>
<table class="xxgk">
<tr><td>索引号：</td><td>11340000/2021-00123</td><td>主题分类：</td><td>司法</td></tr>
<tr><td>发布机构：</td><td>某县人民政府办公室</td><td>发文日期：</td><td>2021-03-04</td></tr>
<tr><td>文号：</td><td>某政办〔2021〕5号</td><td>有效性：</td><td>有效</td></tr>
</table>
<div class="article">
<h1>某县2021年法治政府建设工作要点</h1>
<div class="info">发布日期：2021-03-05 10:20 来源：县司法局 浏览次数：<span>123</span>
字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
<div id="zoom" class="TRS_Editor">
<p>为深入贯彻落实法治政府建设实施纲要，结合我县实际，制定本工作要点。</p>
<p>一、依法全面履行政府职能</p>
<p>（一）深化行政审批制度改革。全面推行证明事项告知承诺制。（牵头单位：县司法局；责任单位：各镇政府）</p>
<p>（二）加强事中事后监管。全面推行“双随机、一公开”监管。</p>
<p>附件：任务分工表</p>
<table border="1">
<tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成时限</td></tr>
<tr><td>1</td><td>深化审批改革</td><td rowspan="2">县司法局</td><td>2021年12月底</td></tr>
<tr><td>2</td><td>规范执法行为</td><td>长期坚持</td></tr>
</table>
<p style="text-align:right">某县人民政府办公室</p>
<p style="display:none">隐藏的文字</p>
</div>
<div class="share">分享到：<a>微信</a><a>微博</a></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">
<p><a href="/wzdt">网站地图</a> | <a href="/lxwm">联系我们</a></p>
<p>主办单位：某县人民政府办公室　承办：某县数据资源管理局</p>
<p>网站标识码：3400000001　皖ICP备05001234号　皖公网安备 34000002000123号</p>
</div>
</body></html>
"""

BODY = [
    "某县2021年法治政府建设工作要点",
    "为深入贯彻落实法治政府建设实施纲要，结合我县实际，制定本工作要点。",
    "一、依法全面履行政府职能",
    "（一）深化行政审批制度改革。全面推行证明事项告知承诺制。（牵头单位：县司法局；责任单位：各镇政府）",
    "（二）加强事中事后监管。全面推行“双随机、一公开”监管。",
    "附件：任务分工表",
]
PORTAL_TABLE = [
    ["序号", "工作任务", "牵头单位", "完成时限"],
    ["1", "深化审批改革", "县司法局", "2021年12月底"],
    ["2", "规范执法行为", "县司法局", "长期坚持"],
]
JUNK = ["首页", "政务公开", "当前位置", "索引号", "主题分类", "浏览次数", "字号", "分享到", "打印",
        "关闭窗口", "网站地图", "联系我们", "主办单位", "ICP备", "公网安备", "网站标识码", "脚本", "隐藏"]  # fmt: skip


@pytest.mark.parametrize(
    ("charset", "encoding", "meta"),
    [
        ("gb2312", "gbk", ""),
        ("utf-8", "utf-8", '<meta name="ArticleTitle" content="某县2021年法治政府建设工作要点">'
                           '<meta name="PubDate" content="2021-03-05 10:20">'),
    ],
)  # fmt: skip
def test_html_portal_page(tmp_path, charset, encoding, meta):
    path = tmp_path / "content_123.shtml"
    path.write_bytes(PORTAL.format(charset=charset, meta=meta).encode(encoding))
    source = read(path)
    assert source.format == "html"
    assert source.title == "某县2021年法治政府建设工作要点"
    assert source.date == "2021-03-05"
    assert source.meta["issuer"] == "某县人民政府办公室"
    assert source.meta["doc_number"] == "某政办〔2021〕5号"
    assert paragraphs(source)[: len(BODY)] == BODY
    assert tables(source) == [Table(rows=PORTAL_TABLE)]
    text = source.text()
    for junk in JUNK:
        assert junk not in text, junk


def test_html_plain_divs_and_br(tmp_path):
    page = """<html><head><meta charset="utf-8">
<title>关于印发某市2022年法治政府建设工作计划的通知 - 某市司法局</title></head><body>
<div><div><a href="/">首页</a> <a href="/a">机构概况</a> <a href="/b">政策文件</a></div>
<div>您的位置：<a href="/">首页</a> > <a>通知公告</a></div>
<div><div><div>发布时间：2022年2月8日　来源：市司法局</div>
<div>各区县人民政府，市政府各部门：<br>现将《某市2022年法治政府建设工作计划》印发给你们，请认真贯彻执行。<br>
一、加强党对法治政府建设的领导<br>1.认真学习贯彻习近平法治思想。（责任单位：市司法局）</div></div></div>
<div>版权所有：某市司法局　网站标识码：1234567890<br>京ICP备12345678号-1</div></div></body></html>"""
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    source = read(path)
    assert source.title == "关于印发某市2022年法治政府建设工作计划的通知"
    assert source.date == "2022-02-08"
    assert source.blocks == [
        "关于印发某市2022年法治政府建设工作计划的通知",
        "各区县人民政府，市政府各部门：",
        "现将《某市2022年法治政府建设工作计划》印发给你们，请认真贯彻执行。",
        "一、加强党对法治政府建设的领导",
        "1.认真学习贯彻习近平法治思想。（责任单位：市司法局）",
    ]


def test_html_sniffed_without_extension(tmp_path):
    path = tmp_path / "download"
    path.write_bytes(PORTAL.format(charset="utf-8", meta="").encode("utf-8"))
    assert read(path).format == "html"


# ---------------------------------------------------------------- legacy


def test_legacy_without_libreoffice(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2000)
    with pytest.raises(DocumentError, match="请安装 LibreOffice"):
        read(path)
    wps = tmp_path / "old.wps"
    wps.write_bytes(path.read_bytes())
    with pytest.raises(DocumentError, match=r"\.doc/\.wps"):
        read(wps)


def test_encrypted_office_file(tmp_path):
    path = tmp_path / "locked.docx"  # a password-protected .docx is an OLE2 container
    path.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(DocumentError, match="文件已加密.*解除密码"):
        read(path)


def test_legacy_conversion_with_libreoffice(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) 未安装,跳过 .doc 转换测试")
    src = tmp_path / "plan.docx"
    make_docx(src)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
        check=True, timeout=120, capture_output=True,
    )  # fmt: skip
    source = read(tmp_path / "plan.doc")
    assert source.format == "doc"
    assert "一、依法全面履行政府职能" in paragraphs(source)


def _pdf_lines(path, lines, size=12):
    c, (_, height) = _cjk_canvas(path)
    c.setFont("STSong-Light", size)
    y = height - 100
    for x, text in lines:
        c.drawString(x, y, text)
        y -= size * 1.6
    c.showPage()
    c.save()


@needs_reportlab
def test_pdf_paragraphs_without_indent_end_at_sentence_end(tmp_path):
    path = tmp_path / "flat.pdf"
    _pdf_lines(path, [
        (72, "各镇人民政府，县政府各部门：现将本计划印发给你们，请认真贯彻"),
        (72, "执行并按时报送落实情况，确保各项任务落到实处见到实效。"),
        (72, "本计划自印发之日起施行，由县司法局负责解释和组织实施工作"),
        (72, "并开展督促检查。"),
        (72, "县司法局"),
    ])  # fmt: skip
    assert read(path).blocks == [
        "各镇人民政府，县政府各部门：现将本计划印发给你们，请认真贯彻执行并按时报送落实情况，确保各项任务落到实处见到实效。",
        "本计划自印发之日起施行，由县司法局负责解释和组织实施工作并开展督促检查。",
        "县司法局",
    ]


@needs_reportlab
def test_pdf_indented_paragraph_continues_after_full_line_ending_in_full_stop(tmp_path):
    path = tmp_path / "indented.pdf"
    _pdf_lines(path, [
        (96, "（一）深化审批改革。全面推行证明事项告知承诺制，进一步精简"),
        (72, "审批环节，压缩审批时限，推动政务服务事项全部网上可办理。"),
        (72, "提升群众办事满意度和获得感，确保改革任务落地见效并按时完"),
        (72, "成。"),
        (96, "（二）加强事中事后监管。全面推行双随机一公开监管。"),
    ])  # fmt: skip
    assert read(path).blocks == [
        "（一）深化审批改革。全面推行证明事项告知承诺制，进一步精简审批环节，压缩审批时限，"
        "推动政务服务事项全部网上可办理。提升群众办事满意度和获得感，确保改革任务落地见效并按时完成。",
        "（二）加强事中事后监管。全面推行双随机一公开监管。",
    ]


@needs_reportlab
def test_pdf_page_limit(tmp_path, monkeypatch):
    from fazhi.docs import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    path = tmp_path / "plan.pdf"
    make_pdf(path)
    with pytest.raises(DocumentError, match="页数过多"):
        read(path)


def test_html_declared_gb2312_but_utf8(tmp_path):
    path = tmp_path / "mislabelled.html"
    path.write_bytes(PORTAL.format(charset="gb2312", meta="").encode("utf-8"))
    source = read(path)
    assert source.title == "某县2021年法治政府建设工作要点"
    assert paragraphs(source)[: len(BODY)] == BODY


def test_html_unknown_charset_label(tmp_path):
    path = tmp_path / "odd.html"
    path.write_bytes(PORTAL.format(charset="x-no-such-charset", meta="").encode("gbk"))
    assert read(path).title == "某县2021年法治政府建设工作要点"


def _fake_soffice(tmp_path, monkeypatch, body: str):
    """A stand-in `soffice` on PATH, to exercise the conversion plumbing without LibreOffice."""
    import os

    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")


def test_legacy_conversion_plumbing(tmp_path, monkeypatch):
    fixture = tmp_path / "converted.docx"
    make_docx(fixture)
    _fake_soffice(tmp_path, monkeypatch, f"""
while [ $# -gt 0 ]; do
  case "$1" in --outdir) out="$2"; shift;; --convert-to) target="$2"; shift;; *) src="$1";; esac
  shift
done
stem=$(basename "$src"); stem="${{stem%.*}}"
cp "{fixture}" "$out/$stem.$target"
""")  # fmt: skip
    path = tmp_path / "-old plan.wps"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2000)
    source = read(path)
    assert source.format == "wps"
    assert source.path == str(path)
    assert "一、依法全面履行政府职能" in paragraphs(source)


def test_legacy_conversion_timeout(tmp_path, monkeypatch):
    from fazhi.docs import legacy

    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT", 1)
    _fake_soffice(tmp_path, monkeypatch, "sleep 30\n")
    path = tmp_path / "slow.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2000)
    with pytest.raises(DocumentError, match="超时"):
        read(path)


def test_legacy_conversion_failure(tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "exit 1\n")
    path = tmp_path / "broken.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2000)
    with pytest.raises(DocumentError, match="无法转换"):
        read(path)
