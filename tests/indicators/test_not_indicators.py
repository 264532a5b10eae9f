"""Plans, reports and task tables are never read as indicator systems."""

import os
from pathlib import Path

import docx
import pytest

import fazhi

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("FAZHI_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"


def _table_docx(path, rows, title):
    d = docx.Document()
    d.add_paragraph(title)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    d.save(path)


@pytest.mark.parametrize("sample", sorted((ROOT / "samples").glob("*.txt")), ids=lambda p: p.stem)
def test_samples_are_not_indicators(sample):
    assert fazhi.parse_file(sample)["kind"] in ("plan", "report", "other")


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed documents not found at {SEEDS} (set FAZHI_SHARED)")
def test_seeds_are_not_indicators():
    seeds = sorted(SEEDS.iterdir())
    assert seeds
    for seed in seeds:
        assert fazhi.parse_file(seed)["kind"] != "indicators", seed.name


def test_task_table_with_a_first_level_column_is_a_plan(tmp_path):
    rows = [
        ["序号", "一级指标", "工作任务", "牵头单位", "责任单位", "完成时限"],
        ["1", "依法履职", "公布权责清单,公开率达到100%", "县委编办", "县政府各部门", "2025年6月底前"],
        ["2", "依法履职", "推行证明事项告知承诺制", "县司法局", "各乡镇", "2025年12月31日前"],
        ["3", "依法决策", "公布重大行政决策事项目录", "县政府办", "县司法局", "三季度末前"],
    ]
    _table_docx(tmp_path / "分工.docx", rows, "示例县2025年法治政府建设重点任务分工方案")
    doc = fazhi.parse_file(tmp_path / "分工.docx")
    assert doc["kind"] == "plan"
    assert len(doc["tasks"]) == 3


def test_a_points_column_without_scoring_is_not_enough(tmp_path):
    # A 任务分工表 with a 分值-like number column but task wording and no scoring rules.
    rows = [
        ["序号", "工作任务", "牵头单位", "完成时限", "权重"],
        ["1", "开展行政执法案卷评查", "县司法局", "2025年10月底前", "5"],
        ["2", "组织领导干部旁听庭审", "县法院", "2025年11月底前", "5"],
    ]
    _table_docx(tmp_path / "任务.docx", rows, "示例县2025年法治建设任务清单")
    assert fazhi.parse_file(tmp_path / "任务.docx")["kind"] != "indicators"


def test_plan_text_mentioning_scoring_is_not_indicators():
    text = (
        "示例县2025年法治政府建设工作要点\n"
        "一、完善考核评价\n"
        "(一)修订法治建设考核指标,一级指标设置分值,未完成的扣2分。(县委依法治县办牵头)\n"
        "(二)年底前完成年度考核。(县司法局负责)\n"
        "二、强化执法监督\n"
        "(一)开展案卷评查,评查结果纳入考核。(县司法局负责)\n"
    )
    assert fazhi.parse_text(text)["kind"] == "plan"


def test_a_plan_that_asks_for_an_indicator_system_is_a_plan():
    text = (
        "示例县2025年法治政府建设工作要点\n"
        "一、完善评价体系\n"
        "(一)研究制定法治政府建设指标体系,共设8项一级指标,6月底前印发。(县司法局牵头)\n"
        "(二)开展年度考核。(县委依法治县办负责)\n"
        "二、强化执法监督\n"
        "(一)开展案卷评查。(县司法局负责)\n"
    )
    assert fazhi.parse_text(text)["kind"] == "plan"


def test_the_deduction_gate_finds_what_the_deduct_pattern_finds():
    """Every document is asked whether it is a system; the cheap gate (str.find of the
    characters a deduction starts with, rules.deduct_starts) must miss no deduction."""
    from re import _parser

    from fazhi.indicators.data import config, pattern
    from fazhi.indicators.text import _has_deduction

    starts = config()["rules"]["deduct_starts"]
    first = _parser.parse(pattern("rules", "deduct").pattern)[0]
    alternatives = first[1][1] if first[0] == _parser.BRANCH else [[first]]
    assert alternatives and all(alt[0][0] == _parser.LITERAL and chr(alt[0][1]) in starts for alt in alternatives)
    texts = ["未按时公布的扣2分", "每次扣除0.5分", "酌情减 1 分", "扣减两分", "扣完为止", "减少审批环节", "扣\n3分", ""]
    for text in texts:
        assert _has_deduction(text) == bool(pattern("rules", "deduct").search(text)), text
    assert _has_deduction("评查\n未按时公布的扣2分")
