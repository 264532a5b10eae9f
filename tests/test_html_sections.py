"""Portal pages whose article is split into one <section> per part."""

from fazhi.docs import read as read_document

PARTS = (
    ("一、主要举措和成效", "全年办理行政复议申请31件，依法审结28件。"),
    ("二、存在的不足和原因", "部分乡镇合法性审核人员配备不足。"),
    ("三、下一年度主要安排", "持续推进行政执法规范化建设。"),
)


def _page(tmp_path, extra: str = "") -> str:
    sections = "".join(f"<section><h2>{h}</h2><p>{p}</p></section>" for h, p in PARTS)
    html = (
        "<html><head><meta charset='utf-8'><title>报告</title></head><body>"
        "<nav>首页 | 政务公开</nav><div class='main'><h1>某镇2025年法治建设情况报告</h1>"
        f"{sections}</div>{extra}</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return read_document(path).text()


def test_every_part_section_is_read(tmp_path):
    text = _page(tmp_path)
    for heading, para in PARTS:
        assert heading in text and para in text


def test_a_link_list_beside_the_article_stays_out(tmp_path):
    links = "".join(f"<li><a href='/{i}'>相关文章标题第{i}篇通知公告</a></li>" for i in range(8))
    text = _page(tmp_path, f"<section class='related'><ul>{links}</ul></section>")
    assert "相关文章标题" not in text
    assert PARTS[1][1] in text
