"""Annual reports of our own writing for the audit tests (invented county, invented text)."""

from __future__ import annotations

FIRST = """一、党政主要负责人履行推进法治建设第一责任人职责情况
县长主持召开县政府常务会议专题学法5次,听取法治政府建设工作汇报3次,对重点任务作出批示8次。"""

ACHIEVEMENTS = """二、主要举措和成效
(一)行政复议。全年收到行政复议申请{received}件,审结行政复议案件30件,纠错率{rate}%。
(二)行政应诉。全年行政应诉案件22件,行政机关负责人出庭应诉率100%,行政诉讼败诉率4.55%。
(三)规范性文件。全年制定行政规范性文件9件,规范性文件报备率100%。
(四)矛盾调解。全年调解矛盾纠纷420件,调解成功率96.43%。
(五)执法培训。全年行政执法人员培训310人,评查行政执法案卷150件。"""

SPECIFIC = """三、存在的不足和原因
一是河口镇2件行政执法案件因程序瑕疵被复议撤销,执法人员对新修订的程序规定掌握不够。
二是县农业农村局3件规范性文件未在30日内报送备案,原因是备案审查衔接不顺。"""

VAGUE = """三、存在的不足和原因
一是依法行政意识有待进一步增强,运用法治思维解决问题的能力还不够强。
二是法治工作队伍建设仍需加强,基层法治力量比较薄弱。"""

OTHER_SHORTCOMINGS = """三、存在的不足和原因
一是县自然资源局土地执法案件办理超期4件,人员配备与案件数量不相适应。
二是乡镇合法性审查覆盖率仅为80%,12个村级组织尚未配备法律顾问。"""

NEXT = """四、下一年度主要安排
(一)推进行政执法协调监督平台建设,年底前覆盖全部执法部门。
(二)开展规范性文件集中清理。"""

OTHER = """五、其他需要报告的情况
本年度无其他需要报告的情况。"""

TITLE = "河口县人民政府关于{year}年度法治政府建设情况的报告"
SIGN = "河口县人民政府\n{year1}年2月25日"


def report(year: int = 2025, parts=("first", "achievements", "specific", "next", "other"),
           received: int = 35, rate: str = "28.57") -> str:
    blocks = {"first": FIRST, "achievements": ACHIEVEMENTS.format(received=received, rate=rate),
              "specific": SPECIFIC, "vague": VAGUE, "other_short": OTHER_SHORTCOMINGS,
              "next": NEXT, "other": OTHER}
    body = "\n".join(blocks[p] for p in parts)
    return f"{TITLE.format(year=year)}\n\n中共河口县委:\n现将本县{year}年度法治政府建设情况报告如下。\n{body}\n\n{SIGN.format(year1=year + 1)}\n"
