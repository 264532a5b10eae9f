"""Coverage and alignment on the pairs of our own writing in samples/analysis/.

Each *.gold.json names a plan and a report (or an upper and a lower plan) and the answer
written with them: which tasks the report covers in paraphrase (the others meet distractor
sentences that share their words), which lower items carry which upper tasks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.analysis import align, coverage, from_doc, load
from fazhi.analysis.bench import prf
from fazhi.analysis.report_text import report_sentences

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "analysis"


def _gold(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["county_coverage", "city_coverage", "district_coverage", "bureau_coverage", "banner_coverage", "county2026_coverage", "city2026_coverage"])
def test_coverage_pairs(name):
    gold = _gold(name)
    result = coverage(load(SAMPLES / gold["plan"]), load(SAMPLES / gold["report"]))
    covered = {tuple(t["path"]) for t in result["tasks"] if t["covered"]}
    p, r, f = prf(covered, {tuple(p) for p in gold["covered"]})
    assert f >= 0.9, (p, r, covered)
    assert result["coverage"] == round(len(covered) / len(result["tasks"]), 4)
    for t in result["tasks"]:
        assert t["covered"] == bool(t["sentences"])


def test_coverage_quotes_the_report_sentence():
    gold = _gold("county_coverage")
    result = coverage(load(SAMPLES / gold["plan"]), load(SAMPLES / gold["report"]))
    task = next(t for t in result["tasks"] if t["path"] == ["六", "(二)"])
    assert any("出庭应诉率保持100%" in s for s in task["sentences"])


PLAN = """某县2025年法治政府建设工作要点
一、规范执法
(一)严格执法证件管理。全面清理行政执法证件,对不再从事执法工作人员的证件及时注销,做到持证上岗、亮证执法。
(二)开展行政执法人员培训。组织执法人员参加法律知识和业务技能培训,每人每年培训不少于40学时。
(三)推进行政复议规范化建设。畅通行政复议申请渠道,提高复议案件办理质量。
"""


def _doc(text: str):
    import fazhi

    return from_doc(fazhi.parse_text(text), text)


def test_a_sentence_sharing_only_keywords_is_not_coverage():
    report = _doc(
        "某县2025年度法治政府建设情况的报告\n一、主要举措和成效\n"
        "全县组织执法人员法律知识培训3期,参训执法人员420人次,人均培训42学时。\n"
        "县档案馆清理馆藏证件档案,注销过期借阅证200余张。\n"
    )
    result = coverage(_doc(PLAN), report)
    covered = {tuple(t["path"]) for t in result["tasks"] if t["covered"]}
    assert covered == {("一", "(二)")}  # training, not the 证件 task, not 复议


def test_next_year_plans_and_headings_are_not_an_account():
    report = _doc(
        "某县2025年度法治政府建设情况的报告\n一、主要举措和成效\n(一)规范执法。\n"
        "对全县执法证件进行集中清理,注销不再从事执法工作人员的证件15个。\n"
        "二、下一年度工作安排\n将畅通行政复议申请渠道,提高复议案件办理质量。\n"
    )
    sentences = report_sentences(report)
    assert not any("复议" in s for s in sentences)
    assert "(一)规范执法。" not in sentences
    result = coverage(_doc(PLAN), report)
    assert [t["covered"] for t in result["tasks"]] == [True, False, False]


@pytest.mark.parametrize("name", ["town_align", "county_align", "street_align", "sumu_align", "town2026_align", "county2026b_align"])
def test_alignment_pairs(name):
    gold = _gold(name)
    upper, lower = load(SAMPLES / gold["upper"]), load(SAMPLES / gold["lower"])
    result = align(upper, lower)
    gold_pairs = {(tuple(a), tuple(b)) for a, b in gold["matches"]}
    pairs = {(tuple(u["path"]), tuple(m["path"])) for u in result["upper"] for m in u["matches"]}
    assert prf(pairs, gold_pairs)[2] >= 0.9, pairs ^ gold_pairs
    gold_missing = {tuple(t["path"]) for t in upper.doc["tasks"]} - {a for a, _ in gold_pairs}
    assert prf({tuple(p) for p in result["missing"]}, gold_missing)[2] >= 0.9
    # own items have no target in issue 15; the last held-out pair shows the known weakness
    # (an own item sharing one topic word with an upper task is taken as carrying it)
    assert prf({tuple(p) for p in result["own"]}, {tuple(p) for p in gold["own"]})[2] >= 0.6
    for u in result["upper"]:
        assert all(0 <= m["score"] <= 1 for m in u["matches"])
        assert (u["path"] in result["missing"]) == (not u["matches"])


def test_a_lower_item_may_carry_two_upper_tasks():
    gold = _gold("county_align")
    result = align(load(SAMPLES / gold["upper"]), load(SAMPLES / gold["lower"]))
    carriers = {tuple(u["path"]): [m["path"] for m in u["matches"]] for u in result["upper"]}
    assert ["四", "(七)"] in carriers[("四", "10")] and ["四", "(七)"] in carriers[("四", "11")]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args], capture_output=True, text=True, encoding="utf-8",
        cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_cli_coverage_json():
    gold = _gold("city_coverage")
    res = run("coverage", str(SAMPLES / gold["plan"]), str(SAMPLES / gold["report"]), "--json")
    assert res.returncode == 0, res.stderr
    assert "习近平" in res.stdout  # UTF-8, not escaped
    out = json.loads(res.stdout)
    assert set(out) == {"tasks", "coverage"}
    assert set(out["tasks"][0]) == {"path", "covered", "sentences"}
    assert out["tasks"][0]["path"] == ["一", "1"]
    assert 0 <= out["coverage"] <= 1


def test_cli_align_json():
    gold = _gold("county_align")
    res = run("align", str(SAMPLES / gold["upper"]), str(SAMPLES / gold["lower"]), "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {"upper", "missing", "own"}
    assert set(out["upper"][0]) == {"path", "matches"}
    assert set(out["upper"][0]["matches"][0]) == {"path", "score"}
    assert ["二", "4"] in out["missing"] and ["七", "(十四)"] in out["own"]


def test_cli_readable_output():
    gold = _gold("county_align")
    res = run("align", str(SAMPLES / gold["upper"]), str(SAMPLES / gold["lower"]))
    assert res.returncode == 0 and "未承接" in res.stdout


@pytest.mark.parametrize("command", ["coverage", "align"])
def test_cli_bad_input_is_refused_with_one_message(tmp_path, command):
    plan = str(SAMPLES / "city_plan.txt")
    missing = str(tmp_path / "nothing.docx")
    res = run(command, plan, missing, "--json")
    assert res.returncode == 2 and "nothing.docx" in res.stderr and "Traceback" not in res.stderr
    no_tasks = tmp_path / "note.txt"
    no_tasks.write_text("这是一段没有编号条目的说明文字。\n", encoding="utf-8")
    res = run(command, str(no_tasks), plan, "--json")
    assert res.returncode == 2 and "任务" in res.stderr and "Traceback" not in res.stderr
    bad_json = tmp_path / "x.json"
    bad_json.write_text("{not json", encoding="utf-8")
    res = run(command, str(bad_json), plan, "--json")
    assert res.returncode == 2 and "JSON" in res.stderr and "Traceback" not in res.stderr


def test_document_json_files_are_accepted(tmp_path):
    """A plan exported with `fazhi parse --json` aligns like the plan itself."""
    gold = _gold("county_align")
    exported = tmp_path / "upper.json"
    exported.write_text(run("parse", str(SAMPLES / gold["upper"]), "--json").stdout, encoding="utf-8")
    res = run("align", str(exported), str(SAMPLES / gold["lower"]), "--json")
    direct = run("align", str(SAMPLES / gold["upper"]), str(SAMPLES / gold["lower"]), "--json")
    assert res.returncode == 0 and json.loads(res.stdout) == json.loads(direct.stdout)


def test_promises_are_not_an_account_even_without_parts():
    report = _doc(
        "某县2025年度法治政府建设情况\n"
        "全县组织执法人员法律知识培训3期,参训执法人员420人次,人均培训42学时。\n"
        "下一步,我县将全面清理行政执法证件,及时注销不再从事执法工作人员的证件。\n"
        "2026年,将畅通行政复议申请渠道,提高复议案件办理质量。\n"
    )
    assert report.doc.get("year") == 2025
    result = coverage(_doc(PLAN), report)
    assert [t["covered"] for t in result["tasks"]] == [False, True, False]


def test_a_heading_on_last_year_plan_is_not_next_year():
    from fazhi.analysis.report_text import _part_of

    assert _part_of("一、2025年度工作计划完成情况") == "achievements"
    assert _part_of("三、下一年度工作安排") == "next_year"


def test_one_sentence_may_report_two_tasks():
    plan = _doc(
        "某县2025年工作要点\n一、决策\n"
        "(一)县政府常务会议审议涉法议题前由县司法局出具书面合法性审查意见。\n"
        "(二)推行县政府常务会议公众列席制度,邀请群众代表列席会议。\n"
        "(三)开展重大行政决策后评估,选取已实施的决策进行评估。\n"
    )
    report = _doc(
        "某县2025年度法治政府建设情况的报告\n一、主要举措和成效\n"
        "涉法议题提交县政府常务会议前均由县司法局书面审查,并邀请群众代表列席会议20人次。\n"
    )
    covered = [t["covered"] for t in coverage(plan, report)["tasks"]]
    assert covered == [True, True, False]


def test_cli_a_report_json_without_its_text_is_refused(tmp_path):
    gold = _gold("city_coverage")
    exported = tmp_path / "report.json"
    exported.write_text(run("parse", str(SAMPLES / gold["report"]), "--json").stdout, encoding="utf-8")
    res = run("coverage", str(SAMPLES / gold["plan"]), str(exported), "--json")
    assert res.returncode == 2 and '"text"' in res.stderr and "Traceback" not in res.stderr
    doc = json.loads(exported.read_text(encoding="utf-8"))
    doc["text"] = (SAMPLES / gold["report"]).read_text(encoding="utf-8")
    exported.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    res = run("coverage", str(SAMPLES / gold["plan"]), str(exported), "--json")
    direct = run("coverage", str(SAMPLES / gold["plan"]), str(SAMPLES / gold["report"]), "--json")
    assert res.returncode == 0 and json.loads(res.stdout) == json.loads(direct.stdout)


def test_a_report_written_as_a_numbered_list_is_read():
    report = _doc(
        "某县2025年度法治政府建设情况\n"
        "1.全县执法证件集中清理注销。\n"
        "2.(二)执法培训。组织执法人员法律知识培训3期,人均培训42学时。\n"
    )
    sentences = report_sentences(report)
    assert "1.全县执法证件集中清理注销。" in sentences
    assert not any(s.startswith("2.(二)执法培训") for s in sentences)
