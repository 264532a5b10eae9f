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
