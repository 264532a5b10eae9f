"""The demo county's annual reports (called from load_demo): last year's report written and
published (our own invented wording), and this year's drafted from the demo ledger and
registers — whose 不足 part the office has filled by copying last year's, so that the audit's
repeated-不足 check has something to find. The 县司法局 also drafts and submits its own
report, which the government's page offers as a source. Safe to run again."""

from __future__ import annotations

from fazhiweb.annual import services
from fazhiweb.annual.models import AnnualReport
from fazhiweb.core.clock import today
from fazhiweb.registers.demo import demo_year

# Last year's report, part by part (invented for the demo; Markdown as the editor takes it).
PREVIOUS = {
    "first_responsible": (
        "县政府主要负责人认真履行推进法治建设第一责任人职责,全年主持召开政府常务会议专题学法4次,"
        "听取全县法治政府建设工作汇报2次,对重大行政决策合法性审查工作作出批示3次。"),
    "achievements": (
        "### (一)依法全面履行政府职能\n\n"
        "完成县级权责清单动态调整,取消和下放行政权力事项23项,政务服务事项网上可办率达到95%。\n\n"
        "### (二)严格规范公正文明执法\n\n"
        "组织行政执法人员培训4期,参训人员320人次;开展执法案卷评查,评查案卷120卷。"
        "例如,县市场监管局推行轻微违法行为首次不罚清单,全年适用42件。"),
    "shortcomings": (
        "一是部分行政执法单位案卷制作不够规范,评查中发现文书填写不完整、证据目录缺失等问题。"
        "二是基层法治力量较为薄弱,乡镇(街道)合法性审查人员不足,专业化水平有待提高。"
        "三是部分单位对规范性文件备案审查重视不够,存在报备不及时的情况。\n\n"
        "主要原因是学习培训针对性不强,监督考核的约束作用发挥不充分。"),
    "next_year": "一是持续深化行政执法规范化建设。二是加强基层法治队伍建设。三是严格落实规范性文件备案审查制度。",
    "other": "无其他需要报告的情况。",
}


def _previous(gov, year: int, admin, leader) -> None:
    if AnnualReport.objects.filter(government=gov, unit__isnull=True, year=year).exists():
        return
    r = services.start_report(admin, gov, year)
    for key, text in PREVIOUS.items():
        errors = services.save_part(admin, r, key, text)
        assert not errors, errors
    r = services.approve(leader, r)
    r = services.secrecy_review(admin, r, "经审查,公开版不含涉密和敏感内容。")
    services.record_dispatch(admin, r, "县委、县人大常委会、市人民政府", today())
    services.publish(admin, r)


# This year's 不足 as an office in a hurry writes it: last year's, lightly touched.
COPIED = (
    "一是部分行政执法单位案卷制作仍不够规范,评查中发现文书填写不完整、证据目录缺失等问题。"
    "二是基层法治力量较为薄弱,乡镇(街道)合法性审查人员不足,专业化水平有待提高。"
    "三是部分单位对规范性文件备案审查重视不够,存在报备不及时的情况。\n\n"
    "主要原因是学习培训针对性不强,监督考核的约束作用发挥不够充分。"
)


def _current(gov, year: int, admin) -> None:
    if AnnualReport.objects.filter(government=gov, unit__isnull=True, year=year).exists():
        return
    r = services.start_report(admin, gov, year)
    # The office replaced what Fazhi drafted from the ledger with last year's wording, keeping
    # only the first item the ledger gave.
    from fazhi.annual.markup import to_markdown

    drafted = to_markdown(r.draft.part("shortcomings")).split("\n\n")[0]
    kept = "" if drafted.strip() == "待补充" else "\n\n" + drafted
    services.save_part(admin, r, "shortcomings", COPIED + kept)


def _department(gov, year: int, liaison) -> None:
    from fazhiweb.accounts.models import Membership

    m = Membership.objects.filter(user=liaison).select_related("unit").first()
    if m is None or m.unit is None:
        return
    if AnnualReport.objects.filter(government=gov, unit=m.unit, year=year).exists():
        return
    r = services.start_report(liaison, gov, year, m.unit)
    services.submit(liaison, r)


def load(gov, users: dict) -> str:
    year, _ = demo_year(today())
    admin, leader = users["admin"], users["leader"]
    _previous(gov, year - 1, admin, leader)
    if "sifaju" in users:
        _department(gov, year, users["sifaju"])
    _current(gov, year, admin)
    return f"年度报告:{year - 1}年度已公开,{year}年度起草中"
