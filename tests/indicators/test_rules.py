"""评分标准 sentences of our own writing, each read into its structured rule."""

import pytest

from fazhi.indicators.rules import read_rule

D = lambda n: {"type": "deduct", "points": n}  # noqa: E731
EACH = lambda n, m=None: {"type": "deduct_each", "points": n, "max": m}  # noqa: E731
RATE = lambda x, n: {"type": "rate", "full_at": x, "per_point": n}  # noqa: E731
ZERO = {"type": "zero_if"}
BONUS = lambda n, m: {"type": "bonus_each", "points": n, "max": m}  # noqa: E731

CASES = [
    ("未按时制定年度法治政府建设工作计划的扣2分。", D(2)),
    ("未召开常务会议专题听取法治政府建设情况汇报的,扣1分", D(1)),
    ("年度报告未在规定时间内向社会公开的扣0.5分", D(0.5)),
    ("未建立法律顾问制度的扣两分。", D(2)),
    ("每发现一件规范性文件未经合法性审核即印发的扣1分,扣完为止。", EACH(1)),
    ("行政执法案卷评查中发现不合格案卷的,每件扣0.5分,最多扣3分。", EACH(0.5, 3)),
    ("重大行政决策未履行公众参与程序的,每项扣1分,本项最多扣4分", EACH(1, 4)),
    ("被上级督办通报的扣1分/次,扣完为止", EACH(1)),
    ("每少报送一次信息扣0.2分,累计扣分不超过2分。", EACH(0.2, 2)),
    ("行政机关负责人出庭应诉率达到100%的得满分,每低1个百分点扣0.5分。", RATE(100, 0.5)),
    ("规范性文件备案率达到95%以上得满分,每下降1个百分点扣1分,扣完为止", RATE(95, 1)),
    ("执法人员培训学时达标率低于90%的,每低2个百分点扣1分", RATE(90, 0.5)),
    ("发生重大行政执法过错并造成恶劣社会影响的,本项不得分。", ZERO),
    ("行政复议决定被依法撤销造成严重后果的,该项得0分", ZERO),
    ("获评全国法治政府建设示范地区的加3分。", BONUS(3, 3)),
    ("工作经验被省级以上刊物推广的,每篇加0.5分,最高加2分", BONUS(0.5, 2)),
    ("承办全市现场推进会的,每次加1分,本项累计不超过3分。", BONUS(1, 3)),
    (
        "未制定权责清单的扣2分;清单未按规定动态调整的扣1分。",
        [D(2), D(1)],
    ),
    (
        "(1)未成立法治建设领导小组的扣1分;(2)每发现一项决策未经集体讨论的扣0.5分,扣完为止。",
        [D(1), EACH(0.5)],
    ),
    (
        "行政诉讼败诉率超过15%的本项不得分,未落实负责人出庭制度的扣2分",
        [ZERO, D(2)],
    ),
    ("未按要求报送统计数据的扣1分,本项分值扣完为止。", EACH(1)),
    ("每发现一起违法行政行为扣0.5分,直至该项分值扣完。", EACH(0.5)),
    ("未开展行政执法公示的,扣除该项全部分值。", ZERO),
    ("被投诉并查实的扣0.5分/件,最高扣2分", EACH(0.5, 2)),
    ("未建立制度的扣2分,情节严重的本项不得分。", [D(2), ZERO]),
    ("复议纠错率低于全市平均水平的,每低1个百分点扣0.2分", None),
    ("未按要求每年开展一次案卷评查的扣1分。", D(1)),
    ("执法监督中发现一次违法行为扣1分。", EACH(1)),
    ("行政许可按时办结率100%的得满分,每下降1%扣0.5分。", RATE(100, 0.5)),
    ("未建立决策目录制度的,扣1分;目录未向社会公开的,扣0.5分", [D(1), D(0.5)]),
    ("根据工作开展情况酌情扣1-3分。", None),
    ("由考核组综合评定,表现突出的得满分,一般的得3分。", None),
    ("查阅相关资料,核实工作落实情况。", None),
    ("", None),
    # as typed in Word with full-width punctuation and digits (written as escapes here so that
    # no editor normalises them away): ；， ％ （） and １００
    ("未按时报送年度报告的扣1分\uff1b报告内容不全的扣0.5分\u3002", [D(1), D(0.5)]),
    ("未建立制度的扣2分\uff0c情节严重的本项不得分\u3002", [D(2), ZERO]),
    ("出庭应诉率达到\uff11\uff10\uff10\uff05的得满分\uff0c每低1个百分点扣0.5分\u3002", RATE(100, 0.5)),
    ("\uff081\uff09未成立领导小组的扣1分\uff1b\uff082\uff09每发现一项决策未经集体讨论的扣0.5分\uff0c扣完为止\u3002",
     [D(1), EACH(0.5)]),
]


@pytest.mark.parametrize(("text", "rule"), CASES, ids=[c[0][:14] or "empty" for c in CASES])
def test_rule(text, rule):
    assert read_rule(text) == rule


def test_enough_sentences():
    assert len(CASES) >= 20
