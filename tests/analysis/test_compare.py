"""Comparison of annual reports of our own writing (tests/analysis/reports.py)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from fazhi.analysis.comparison import compare, definition_of, government_of, sentence_of
from fazhi.analysis.load import load
from tests.analysis.formats import WRITERS
from tests.analysis.reports import REPORTS

ROOT = Path(__file__).resolve().parents[2]
needs_reportlab = pytest.mark.skipif(
    importlib.util.find_spec("reportlab") is None, reason="reportlab 未安装(测试依赖,用于生成 PDF)"
)


def _write_all(folder: Path, ext: str) -> list[Path]:
    return [WRITERS[ext](text, folder / f"{name}{ext}") for name, text in REPORTS.items()]


def _shape(table: dict) -> tuple[list, list]:
    """The table with the file names reduced to their stems, for comparing formats."""
    docs = [{**d, "file": Path(d["file"]).stem} for d in table["documents"]]
    rows = [
        (r["key"], Path(f).stem, json.dumps(c, ensure_ascii=False, sort_keys=True))
        for r in table["rows"]
        for f, c in r["values"].items()
    ]
    return docs, rows


@pytest.fixture(scope="module")
def txt_table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("txt")
    files = _write_all(folder, ".txt")
    return {Path(f).stem: str(f) for f in files}, compare([load(f) for f in files])


def _cell(txt_table, stem: str, key: str) -> dict:
    files, table = txt_table
    row = next(r for r in table["rows"] if r["key"] == key)
    return row["values"].get(files[stem])


@pytest.mark.parametrize("ext", [".docx", ".html", pytest.param(".pdf", marks=needs_reportlab)])
def test_every_format_gives_the_same_table(tmp_path, txt_table, ext):
    table = compare([load(f) for f in _write_all(tmp_path, ext)])
    assert _shape(table) == _shape(txt_table[1])


def test_documents_government_year_date_missing_parts(txt_table):
    docs = {Path(d["file"]).stem: d for d in txt_table[1]["documents"]}
    assert docs["qingshi"]["government"] == "青石县人民政府"
    assert docs["qingshi"]["year"] == 2024
    assert docs["qingshi"]["issued"] == "2025-01-18"
    assert docs["qingshi"]["missing"] == []
    assert docs["hongling"]["government"] == "红岭县"
    assert docs["hongling"]["missing"] == ["first_responsible", "next_year"]
    assert docs["hongling"]["sections"]["achievements"] is True


def test_values_units_approx_and_sentence(txt_table):
    cell = _cell(txt_table, "qingshi", "hotline.calls")
    assert (cell["value"], cell["unit"], cell["approx"]) == (12000, "件", False)
    assert cell["text"].startswith("12345热线受理群众来电1.2万件") and cell["text"].endswith("。")
    cell = _cell(txt_table, "hongling", "reconsideration.received")
    assert (cell["value"], cell["approx"]) == (40, True)
    assert _cell(txt_table, "hongling", "litigation.cases") is None


def test_first_statement_is_the_value_others_in_also(txt_table):
    cell = _cell(txt_table, "baixi", "npc.suggestions")
    assert cell["value"] == 74
    assert [a["value"] for a in cell["also"]] == [3]
    assert "补充" in cell["also"][0]["text"]


def test_scope_of_litigation_cases_is_marked(txt_table):
    assert _cell(txt_table, "qingshi", "litigation.cases")["definition"] == "仅本级政府为被告"
    assert _cell(txt_table, "baixi", "litigation.cases")["definition"] == "政府及其部门为被告"
    assert _cell(txt_table, "baixi", "litigation.head_appearance_rate")["definition"] is None


def test_scope_is_read_before_the_figure_not_after():
    # the count's clause says nothing; the rate after it names 综合纠错率
    assert definition_of("reconsideration.corrected", "纠错12件") is None
    assert definition_of("reconsideration.correction_rate", "综合纠错率15.4%") == "综合纠错率"


def test_government_from_title_when_no_issuer():
    assert government_of({"title": "2023年某某市法治政府建设年度报告"}) == "某某市"
    assert government_of({"issuer": "某县人民政府", "title": "x"}) == "某县人民政府"
    assert government_of({"title": "关于2023年法治政府建设情况的报告"}) == ""


def test_sentence_of_falls_back_to_the_clause():
    assert sentence_of("受理5件", ["无关的句子。"]) == "受理5件"
    assert sentence_of("受理5件", ["前一句。新收8件,受理5件,审结4件。后一句。"]) == "新收8件,受理5件,审结4件。"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args], capture_output=True, text=True, encoding="utf-8",
        cwd=cwd, timeout=120,
    )  # fmt: skip


def test_cli_json_keys_and_files_as_given(tmp_path):
    _write_all(tmp_path, ".txt")
    res = run("compare", "qingshi.txt", "./baixi.txt", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "青石县" in res.stdout  # UTF-8, not \\u escapes
    out = json.loads(res.stdout)
    assert [d["file"] for d in out["documents"]] == ["qingshi.txt", "./baixi.txt"]
    assert set(out["documents"][0]) >= {"file", "government", "year", "sections"}
    row = next(r for r in out["rows"] if r["key"] == "litigation.cases")
    assert set(row) >= {"key", "name", "values"}
    assert set(row["values"]) == {"qingshi.txt", "./baixi.txt"}
    assert set(row["values"]["qingshi.txt"]) >= {"value", "unit", "approx", "text", "also"}


def test_cli_skips_an_unreadable_file_with_exit_1(tmp_path):
    good = WRITERS[".txt"](REPORTS["baixi"], tmp_path / "baixi.txt")
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    res = run("compare", str(good), str(bad), "--json")
    assert res.returncode == 1
    assert "broken.docx" in res.stderr and "Traceback" not in res.stderr
    assert [d["file"] for d in json.loads(res.stdout)["documents"]] == [str(good)]


def test_cli_refuses_when_nothing_is_readable(tmp_path):
    res = run("compare", str(tmp_path / "missing.txt"), "--json")
    assert res.returncode == 2
    assert res.stderr.count("错误") >= 1 and "Traceback" not in res.stderr


def test_cli_xlsx_with_values_reports_and_charts(tmp_path):
    files = [str(f) for f in _write_all(tmp_path, ".txt")]
    out = tmp_path / "对比.xlsx"
    res = run("compare", *files, "--xlsx", str(out))
    assert res.returncode == 0, res.stderr
    wb = openpyxl.load_workbook(out)
    ws = wb["指标对比"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["指标", "单位"] and "青石县人民政府2024年度\n数值" in header
    col = header.index("青石县人民政府2024年度\n数值") + 1
    row = next(r for r in range(2, ws.max_row + 1) if "litigation.cases" in ws.cell(r, 1).value)
    assert ws.cell(row, col).value == 17
    assert "仅本级政府为被告" in ws.cell(row, col + 1).value
    reports = wb["报告"]
    assert any("下一年度工作安排" in str(c.value) for c in reports["E"])
    assert wb["图表"]._charts  # one chart per indicator stated by two or more reports


def test_cli_xlsx_bad_target_is_refused(tmp_path):
    f = WRITERS[".txt"](REPORTS["baixi"], tmp_path / "baixi.txt")
    res = run("compare", str(f), "--xlsx", str(tmp_path / "no" / "out.xlsx"))
    assert res.returncode == 2 and "不存在" in res.stderr


def test_cli_a_folder_stands_for_its_reports(tmp_path):
    _write_all(tmp_path, ".txt")
    res = run("compare", str(tmp_path), "--json")
    assert res.returncode == 0, res.stderr
    files = [d["file"] for d in json.loads(res.stdout)["documents"]]
    assert files == [str(tmp_path / f"{n}.txt") for n in ("baixi", "hongling", "qingshi")]
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run("compare", str(empty), "--json")
    assert res.returncode == 2 and "没有可读取的文档" in res.stderr


def test_only_stated_keys_are_rows(tmp_path, txt_table):
    """A key no report states — the register-only ones (§台账§) among them — is no row."""
    from fazhi.parse.rules import indicators

    _, table = txt_table
    assert table["rows"] and all(r["values"] for r in table["rows"])
    register_only = {i.key for i in indicators() if "§台账§" in (i.context or "")}
    assert register_only and not register_only & {r["key"] for r in table["rows"]}
    order = [i.key for i in indicators()]
    assert [r["key"] for r in table["rows"]] == sorted((r["key"] for r in table["rows"]), key=order.index)
    _write_all(tmp_path, ".txt")
    res = run("compare", "qingshi.txt", "baixi.txt", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert all(r["values"] for r in json.loads(res.stdout)["rows"])


def _pdf_writer():
    """reportlab, else LibreOffice converting the .docx, else None (the format is then skipped)."""
    if importlib.util.find_spec("reportlab") is not None:
        return WRITERS[".pdf"]
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None

    def write(text: str, path: Path) -> Path:
        src = WRITERS[".docx"](text, path.with_suffix(".src.docx"))
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(src)],
                       capture_output=True, timeout=180, check=True)
        path.with_name(src.stem + ".pdf").rename(path)
        return path

    return write


def test_four_formats_in_one_comparison_give_the_same_table(tmp_path, txt_table):
    """Every report written as .txt, .docx, .html and .pdf, all compared at once: each copy of a
    report reads to the same documents entry and the same cells as the others."""
    writers = {ext: WRITERS[ext] for ext in (".txt", ".docx", ".html")}
    pdf = _pdf_writer()
    if pdf is not None:
        writers[".pdf"] = pdf
    files = [w(text, tmp_path / f"{name}{ext}") for ext, w in writers.items() for name, text in REPORTS.items()]
    table = compare([load(f) for f in files])
    by_format: dict[str, tuple] = {}
    for ext in writers:
        part = {"documents": [d for d in table["documents"] if d["file"].endswith(ext)],
                "rows": [{**r, "values": {f: c for f, c in r["values"].items() if f.endswith(ext)}}
                         for r in table["rows"]]}
        by_format[ext] = _shape(part)
    assert by_format[".txt"] == _shape(txt_table[1])
    for ext, shape in by_format.items():
        assert shape == by_format[".txt"], ext
    if pdf is None:
        pytest.skip("未安装 reportlab 或 LibreOffice:PDF 未参与比较(.txt/.docx/.html 三种格式一致)")
