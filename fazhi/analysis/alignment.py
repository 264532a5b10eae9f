"""Alignment: which lower-plan items carry each upper-plan task; what is missing; what is own.

Items are scored pairwise (TF-IDF cosine over character n-grams, similarity.py, weights
from both plans). A pair matches when its score reaches MATCH_MIN and is close to the best
score of both its upper task and its lower item (within BEST_RATIO of each), or when it
reaches STRONG on its own. A lower item that merges two upper tasks scores well with both
and carries both; an item that only shares loose words with a task is beaten by the task
it is really about.
"""

from __future__ import annotations

from fazhi.analysis.cover import task_passage
from fazhi.analysis.load import Loaded
from fazhi.analysis.similarity import Weights, grams, score_matrix, shared_terms

MATCH_MIN = 0.10
BEST_RATIO = 0.75
STRONG = 0.45


def align_detail(upper: Loaded, lower: Loaded) -> dict:
    up = upper.doc.get("tasks") or []
    low = lower.doc.get("tasks") or []
    ug = [grams(task_passage(t)) for t in up]
    lg = [grams(task_passage(t)) for t in low]
    weights = Weights(ug + lg)
    uv = [weights.vector(g) for g in ug]
    lv = [weights.vector(g) for g in lg]
    scores = score_matrix(uv, lv)
    best_u = [max(row, default=0.0) for row in scores]
    best_l = [max((scores[i][j] for i in range(len(up))), default=0.0) for j in range(len(low))]
    carried = [False] * len(low)
    rows = []
    for i, task in enumerate(up):
        matches = []
        for j, s in enumerate(scores[i]):
            close = s >= BEST_RATIO * best_u[i] and s >= BEST_RATIO * best_l[j]
            if s >= STRONG or (s >= MATCH_MIN and close):
                matches.append((s, j))
                carried[j] = True
        matches.sort(reverse=True)
        rows.append(
            {
                "path": list(task.get("path") or []),
                "title": task.get("title") or (task.get("text") or "")[:24],
                "matches": [
                    {
                        "path": list(low[j].get("path") or []),
                        "score": round(min(s, 1.0), 3),
                        "title": low[j].get("title"),
                        "terms": shared_terms(uv[i], lv[j], 4),
                    }
                    for s, j in matches
                ],
            }
        )
    return {
        "upper": rows,
        "missing": [r["path"] for r in rows if not r["matches"]],
        "own": [list(low[j].get("path") or []) for j in range(len(low)) if not carried[j]],
    }


def align(upper: Loaded, lower: Loaded) -> dict:
    """The `fazhi align --json` object (scores 0–1, 3 decimals)."""
    return summary(align_detail(upper, lower))


def summary(detail: dict) -> dict:
    """The JSON object of issue 15 from `align_detail` (titles and terms left out)."""
    return {
        "upper": [
            {"path": r["path"], "matches": [{"path": m["path"], "score": m["score"]} for m in r["matches"]]}
            for r in detail["upper"]
        ],
        "missing": detail["missing"],
        "own": detail["own"],
    }
