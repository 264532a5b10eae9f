"""Analysis figures: `python -m fazhi.analysis.bench` (prints, asserts nothing).

- F1 of `compare` over (report, key, value) on the shared seed reports with a gold file;
- precision / recall / F1 of coverage (over covered tasks) and of alignment (over missing
  upper tasks, over matched pairs, over own items) on the pairs of our own writing in
  samples/analysis/ (*.gold.json name the files and the expected answer);
- speed: `compare` over 100 generated reports, one process; `align` of a 150-task upper
  plan against a 60-task lower plan, built from the sample plans.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fazhi.docs.docx_numbering import chinese_number

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "analysis"


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _line(name: str, pred: set, gold: set) -> tuple[int, int, int]:
    p, r, f = prf(pred, gold)
    print(f"  {name:<28} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (预测 {len(pred)},标准 {len(gold)})")
    tp = len(pred & gold)
    return tp, len(pred), len(gold)


def _total(name: str, counts: list[tuple[int, int, int]]) -> None:
    tp, np_, ng = (sum(c[k] for c in counts) for k in range(3))
    p = tp / np_ if np_ else 1.0
    r = tp / ng if ng else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"  合计 {name:<23} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


def _name(g: Path, gold: dict) -> str:
    """The pair's name; "*" marks one held out (written after the thresholds were set)."""
    held_out = str(gold.get("note", "")).startswith("Held out")
    return g.name.removesuffix(".gold.json") + ("*" if held_out else "")


def _golds(kind: str, folder: Path) -> list[tuple[Path, dict]]:
    return [(g, json.loads(g.read_text(encoding="utf-8"))) for g in sorted(folder.glob(f"*_{kind}.gold.json"))]


def quality(folder: Path) -> None:
    from fazhi.analysis.alignment import align
    from fazhi.analysis.cover import coverage
    from fazhi.analysis.load import load

    print("(* = 留出样例:阈值确定之后才写成,见 samples/analysis/README.md)")
    print("覆盖(报告 ↔ 计划),按“已覆盖的任务”计:")
    counts = []
    for g, gold in _golds("coverage", folder):
        result = coverage(load(folder / gold["plan"]), load(folder / gold["report"]))
        pred = {tuple(t["path"]) for t in result["tasks"] if t["covered"]}
        counts.append(_line(_name(g, gold), pred, {tuple(p) for p in gold["covered"]}))
    _total("已覆盖的任务", counts)

    print("对应(上级计划 ↔ 下级计划):")
    missing, pairs, own = [], [], []
    for g, gold in _golds("align", folder):
        upper, lower = load(folder / gold["upper"]), load(folder / gold["lower"])
        result = align(upper, lower)
        name = _name(g, gold)
        gold_pairs = {(tuple(a), tuple(b)) for a, b in gold["matches"]}
        all_upper = {tuple(t["path"]) for t in upper.doc["tasks"]}
        gold_missing = all_upper - {a for a, _ in gold_pairs}
        missing.append(_line(f"{name} 未承接", {tuple(p) for p in result["missing"]}, gold_missing))
        pred_pairs = {(tuple(u["path"]), tuple(m["path"])) for u in result["upper"] for m in u["matches"]}
        pairs.append(_line(f"{name} 承接对", pred_pairs, gold_pairs))
        own.append(_line(f"{name} 自有条目", {tuple(p) for p in result["own"]}, {tuple(p) for p in gold["own"]}))
    _total("未承接的上级任务", missing)
    _total("承接对", pairs)
    _total("下级自有条目", own)


def compare_quality(shared: Path) -> None:
    """F1 over (report, key, value) of `compare` on the shared seed documents that have
    keyed figures in their gold file (real reports); skipped, saying so, without them."""
    from fazhi.analysis.comparison import compare
    from fazhi.analysis.load import load

    seeds, gold_dir = shared / "seeds", shared / "gold"
    pairs = []
    for g in sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []:
        gold = json.loads(g.read_text(encoding="utf-8"))
        keyed = {(m["key"], float(m["value"])) for m in gold.get("metrics") or [] if m.get("key")}
        doc = next(iter(sorted(seeds.glob(g.stem + ".*"))), None)
        if keyed and doc is not None:
            pairs.append((doc, keyed))
    if not pairs:
        print(f"对比(compare):{shared} 中没有带指标标准答案的种子文档,跳过。")
        return
    table = compare([load(doc) for doc, _ in pairs])
    pred, gold_all = set(), set()
    for doc, keyed in pairs:
        gold_all |= {(str(doc), k, v) for k, v in keyed}
        for row in table["rows"]:
            cell = row["values"].get(str(doc))
            for c in [cell, *(cell or {}).get("also", [])] if cell else []:
                pred.add((str(doc), row["key"], float(c["value"])))
    print(f"对比(compare),真实报告 {len(pairs)} 份,按(报告, 指标, 数值)计:")
    _line("种子文档", pred, gold_all)


# ---------------------------------------------------------------- speed

def _tasks_of(path: Path) -> list[str]:
    from fazhi.analysis.cover import task_passage
    from fazhi.analysis.load import load

    return [task_passage(t) for t in load(path).doc["tasks"]]


def _plan_text(title: str, items: list[str], per_section: int = 10) -> str:
    """A plan of numbered items, `per_section` under each top-level heading."""
    lines = [title, ""]
    for k in range(0, len(items), per_section):
        lines.append(f"{chinese_number(k // per_section + 1)}、第{k // per_section + 1}部分工作")
        for n, item in enumerate(items[k : k + per_section], start=1):
            lines.append(f"({chinese_number(n)}){item}")
    return "\n".join(lines) + "\n"


def _report_text(bases: list[str], n: int) -> str:
    """A report of about 10 KB: one sample report with the bodies of the others appended,
    figures shifted by n so that no two are the same."""
    first = bases[n % len(bases)]
    rest = [b.split("\n", 1)[1] for k, b in enumerate(bases) if k != n % len(bases)]
    text = "\n".join([first, *rest])
    return re.sub(r"(?<![\d.])(\d{1,4})(?=件|个|卷|人次|次)", lambda m: str(int(m.group(1)) + n % 7), text)


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def speed(folder: Path, repeat: int, shared: Path) -> None:
    from fazhi.analysis.alignment import align
    from fazhi.analysis.comparison import compare
    from fazhi.analysis.load import load

    reports = sorted(folder.glob("*_report.txt")) + sorted(folder.parent.glob("*报告*.txt"))
    bases = [p.read_text(encoding="utf-8") for p in reports]
    # The shared seed plans first when present: real items are several times longer.
    plans = sorted((shared / "seeds").glob("*.txt")) if (shared / "seeds").is_dir() else []
    plans += sorted(folder.glob("*_plan.txt")) + sorted(folder.parent.glob("*工作要点*.txt"))
    items = []
    for p in plans:
        with contextlib.suppress(Exception):
            items.extend(_tasks_of(p))
    with tempfile.TemporaryDirectory(prefix="fazhi-analysis-bench-") as tmp:
        tmpdir = Path(tmp)
        files = []
        for n in range(100):
            f = tmpdir / f"report_{n:03d}.txt"
            f.write_text(_report_text(bases, n), encoding="utf-8")
            files.append(f)
        size = sum(f.stat().st_size for f in files) / len(files) / 1024
        t = _best(lambda: compare([load(f) for f in files]), repeat)
        print(f"速度:compare 100 份报告(平均 {size:.1f} KB;读取+解析+对比,单进程)  {t:.2f} s(目标 < 20 s)")

        upper_items = [items[k % len(items)] for k in range(150)]
        lower_items = [items[(k * 7) % len(items)] for k in range(60)]
        up, low = tmpdir / "upper.txt", tmpdir / "lower.txt"
        up.write_text(_plan_text("上级2025年法治政府建设工作要点", upper_items), encoding="utf-8")
        low.write_text(_plan_text("下级2025年法治政府建设工作要点", lower_items), encoding="utf-8")
        u, lo = load(up), load(low)
        n_u, n_l = len(u.doc["tasks"]), len(lo.doc["tasks"])
        chars = sum(len(t["text"]) for t in u.doc["tasks"] + lo.doc["tasks"]) / max(n_u + n_l, 1)
        t_all = _best(lambda: align(load(up), load(low)), repeat)
        t_align = _best(lambda: align(u, lo), repeat)
        cmd = [sys.executable, "-m", "fazhi", "align", str(up), str(low), "--json"]
        t_cli = _best(lambda: subprocess.run(cmd, capture_output=True, check=True), repeat)
        print(f"速度:align {n_u} 项上级任务 × {n_l} 项下级任务(每项平均 {chars:.0f} 字)  {t_all:.2f} s 含读取解析,"
              f"其中对应计算 {t_align:.2f} s;命令行全程(含启动) {t_cli:.2f} s(目标 < 2 s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fazhi.analysis.bench", description="覆盖/对应的准确率与对比/对应的速度")
    ap.add_argument("--samples", default=str(SAMPLES), help="评测样例文件夹(默认 samples/analysis)")
    ap.add_argument("--repeat", type=int, default=3, help="测速重复次数,取最快一次(默认 3)")
    ap.add_argument("--shared", default="../shared", help="共享资料文件夹(种子文档与标准答案,默认 ../shared)")
    args = ap.parse_args(argv)
    folder = Path(args.samples)
    if not folder.is_dir():
        print(f"评测样例文件夹 {folder} 不存在。")
        return 2
    quality(folder)
    compare_quality(Path(args.shared))
    print()
    speed(folder, max(args.repeat, 1), Path(args.shared))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
