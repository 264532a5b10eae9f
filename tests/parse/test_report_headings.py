"""Report headings in texts that were never hard-wrapped, and the title of a report."""

import fazhi
from fazhi.parse.clean import _join_broken

REPORT = """某区人民政府关于2025年度法治政府建设情况的报告

一、党政主要负责人履行推进法治建设第一责任人职责情况
全年召开区政府常务会议学法4次，听取法治政府建设工作汇报2次。
二、2025年度推进法治政府建设的主要举措和成效
全年办理行政复议申请52件，审结47件。
三、存在的不足和原因
个别部门合法性审核力量薄弱。
四、下一年度主要安排
待补充
"""


def test_long_numbered_heading_is_not_joined_to_the_next_paragraph():
    doc = fazhi.parse_text(REPORT)
    texts = [m["text"] for m in doc["metrics"]]
    assert "全年召开区政府常务会议学法4次" in texts
    assert not any("职责情况" in t for t in texts)


def test_hard_wrapped_heading_still_joins():
    # A text broken at a fixed width: a numbered heading reaching that width goes on below,
    # while a short heading of the same text stands alone.
    body = "各部门认真落实行政执法三项制度全面推行执法公示和全过程记录制度全年开展培训十二期"
    heading = "一、深入推进严格规范公正文明执法全面落实行政执法责任制度各项要求"
    lines = [heading[:24], heading[24:] + "。"]
    for _ in range(3):
        lines += [body[:24], body[24:] + "。"]
    lines += ["二、其他工作", body[:24], body[24:] + "。"]
    joined = _join_broken(lines)
    assert joined[0] == heading + "。"
    assert "二、其他工作" in joined


def test_title_is_not_the_achievements_part():
    for title in ("某县司法局2025年度法治政府建设工作情况的报告", "关于某镇法治建设工作情况的报告"):
        text = f"{title}\n\n一、存在的问题\n培训学时不足，全年仅完成40学时。\n二、下一步工作计划\n加强培训。\n"
        sections = fazhi.parse_text(text)["sections"]
        assert sections["shortcomings"] and sections["next_year"]
        assert not sections["achievements"]


def test_a_title_wrapped_over_two_printed_lines_is_one_title():
    import fazhi

    text = "\n".join([
        "青岭县市场监督管理局2025年度法治政府",
        "建设情况报告",
        "县人民政府:",
        "现将我局2025年度法治政府建设情况报告如下。",
        "一、主要工作",
        "全年办理行政处罚案件120件。",
    ])  # fmt: skip
    doc = fazhi.parse_text(text)
    assert doc["title"] == "青岭县市场监督管理局2025年度法治政府建设情况报告"
    assert doc["year"] == 2025 and doc["kind"] == "report"


def test_an_issuer_line_above_a_short_title_is_not_joined_to_it():
    import fazhi

    for head in ("青岭县人民政府办公室", "青岭县人民政府文件", "青政办发〔2026〕3号"):
        doc = fazhi.parse_text(f"{head}\n2026年法治建设工作要点\n一、依法决策\n1.编制决策目录。(县司法局负责)")
        assert doc["title"] == "2026年法治建设工作要点", head
