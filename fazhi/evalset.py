"""Accuracy on a folder of documents with hand-written gold: `python -m fazhi.evalset DIR`.

DIR holds docs/ (documents in any readable format) and gold/ (NAME.json per document, as in
SCHEMA.md). Each document is parsed and scored with the project's shared scorer
(../shared/eval/score.py, the same per-dimension F1 the issue's target is measured with);
without it the command says so and exits 0, since the scorer is not ours to copy.
Prints each document's mean F1, then the scorer's table over all documents and the mean.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import shutil
import sys
import tempfile
from pathlib import Path


def load_scorer(shared: Path):
    path = shared / "eval" / "score.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("fazhi_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(scorer, pred: Path, gold: Path, verbose: bool = False) -> tuple[float, str]:
    """The scorer's mean F1 and printed table for the gold files in `gold`."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        scorer.main([str(pred), str(gold)] + (["-v"] if verbose else []))
    text = out.getvalue()
    last = text.strip().splitlines()[-1]
    return float(last.rsplit(":", 1)[1]), text


def documents(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "docs").iterdir() if p.is_file() and not p.name.startswith("."))


def evaluate(folder: Path, scorer, verbose: bool = False) -> tuple[dict[str, float], float, str]:
    """Per-document mean F1, the mean over all documents, and the scorer's table."""
    import fazhi

    gold_dir = folder / "gold"
    per_doc: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = Path(tmp) / "pred"
        pred_dir.mkdir()
        for path in documents(folder):
            gold = gold_dir / f"{path.stem}.json"
            if not gold.is_file():
                continue
            try:
                data = fazhi.parse_file(path)
                (pred_dir / gold.name).write_text(fazhi.to_json(data), encoding="utf-8")
            except Exception as e:  # noqa: BLE001 - a crash is a miss to score, not the end of the run
                print(f"{path.name}: 无法解析({type(e).__name__}: {e})", file=sys.stderr)
            one = Path(tmp) / path.stem
            one.mkdir()
            shutil.copy(gold, one / gold.name)
            per_doc[path.name], _ = _score(scorer, pred_dir, one)
        mean, table = _score(scorer, pred_dir, gold_dir, verbose)
    return per_doc, mean, table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fazhi.evalset", description="按人工标注评估解析准确率")
    ap.add_argument("folder", help="含 docs/ 与 gold/ 的文件夹")
    ap.add_argument("--shared", default="../shared", help="共享评测材料文件夹(默认 ../shared)")
    ap.add_argument("-v", "--verbose", action="store_true", help="列出每个文档的差异")
    args = ap.parse_args(argv)
    folder = Path(args.folder)
    if not (folder / "docs").is_dir() or not (folder / "gold").is_dir():
        print(f"错误:{folder} 下应有 docs/ 和 gold/ 两个文件夹", file=sys.stderr)
        return 2
    scorer = load_scorer(Path(args.shared))
    if scorer is None:
        print(f"跳过:未找到评分脚本 {Path(args.shared) / 'eval' / 'score.py'}")
        return 0
    per_doc, mean, table = evaluate(folder, scorer, args.verbose)
    for name, f1 in per_doc.items():
        print(f"{name:<36} {f1:.3f}")
    print(table.rstrip())
    print(f"realistic documents: {len(per_doc)}, mean F1 {mean:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
