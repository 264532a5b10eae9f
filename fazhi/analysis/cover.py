"""Coverage: which of a plan's tasks a report says something about, with its sentences.

Every report sentence is scored against every task (TF-IDF cosine over character n-grams,
similarity.py). A sentence counts for a task when its score reaches COVER_MIN and is close
to the sentence's best score over all tasks (within BEST_RATIO): a sentence is about one
thing, so sharing a loose word with a second task (执法 training against a task on 执法
证件) does not count for that one — unless most of what it shares with the second task
are words the best task does not share (one sentence reporting two tasks). As the IDF
comes from the plan and the report themselves, words that every task uses weigh little. A sentence whose score comes from one
shared phrase alone (群众反映强烈的问题 in a sentence on noise and in a task on 督办) needs a
much higher score than one that shares several separate words with the task.
"""

from __future__ import annotations

from fazhi.analysis.load import Loaded
from fazhi.analysis.report_text import report_sentences
from fazhi.analysis.similarity import (
    Weights,
    grams,
    other_words,
    phrase_weight,
    score_matrix,
    shared_terms,
)

COVER_MIN = 0.24  # score a sentence needs with a task to count as saying something about it,
ONE_PHRASE = 0.75  # ... when no single shared phrase makes up this share of the score;
ONE_PHRASE_MIN = 0.35  # a sentence that shares one phrase only with a task needs this score
BEST_RATIO = 0.75  # and the score must be at least this share of the sentence's best,
SECOND_TOPIC = 0.5  # or this share of it must come from words the best task does not share


def task_passage(task: dict) -> str:
    """A task's words for comparison: its title and text (the text usually starts with it)."""
    title = (task.get("title") or "").strip()
    text = (task.get("text") or "").strip()
    return text if title and text.startswith(title) else f"{title}。{text}"


def _scores(tasks: list[dict], sentences: list[str]):
    """Task × sentence scores, with a sentence that shares one phrase only with a task
    (and scores under ONE_PHRASE_MIN) set to 0; the vectors for explanations."""
    tg = [grams(task_passage(t)) for t in tasks]
    sg = [grams(s) for s in sentences]
    weights = Weights(tg + sg)
    tv = [weights.vector(g) for g in tg]
    sv = [weights.vector(g) for g in sg]
    scores = score_matrix(tv, sv)
    for i, row in enumerate(scores):
        for j, s in enumerate(row):
            if COVER_MIN <= s < ONE_PHRASE_MIN and phrase_weight(sentences[j], tv[i], sv[j]) >= ONE_PHRASE * s:
                row[j] = 0.0  # one shared phrase and nothing else: a keyword, not the task
    return scores, tv, sv


def coverage_detail(plan: Loaded, report: Loaded) -> list[dict]:
    """Per task: covered flag, the sentences with their scores and the shared terms."""
    tasks = plan.doc.get("tasks") or []
    sentences = report_sentences(report)
    scores, tv, sv = _scores(tasks, sentences)
    best = [max(range(len(tasks)), key=lambda i, j=j: scores[i][j], default=None) for j in range(len(sentences))]

    def counts(i: int, j: int) -> bool:
        s, b = scores[i][j], best[j]
        if s < COVER_MIN:
            return False
        if b is None or b == i or s >= BEST_RATIO * scores[b][j]:
            return True
        # a weaker second task counts when other words of the sentence match it
        # ("会前由司法局审查,并邀请群众代表列席" speaks of two tasks)
        return other_words(tv[i], tv[b], sv[j]) >= SECOND_TOPIC

    out = []
    for i, task in enumerate(tasks):
        hits = [(scores[i][j], j) for j in range(len(sentences)) if counts(i, j)]
        hits.sort(key=lambda h: h[1])  # document order
        out.append(
            {
                "path": list(task.get("path") or []),
                "title": task.get("title") or (task.get("text") or "")[:24],
                "covered": bool(hits),
                "sentences": [sentences[j] for _, j in hits],
                "scores": [round(s, 3) for s, _ in hits],
                "terms": [shared_terms(tv[i], sv[j], 4) for _, j in hits],
            }
        )
    return out


def coverage(plan: Loaded, report: Loaded) -> dict:
    """The `fazhi coverage --json` object: tasks with covered flag and sentences, and the
    covered fraction (0–1, 4 decimals)."""
    return summary(coverage_detail(plan, report))


def summary(detail: list[dict]) -> dict:
    """The JSON object of issue 15 from `coverage_detail` (scores and terms left out)."""
    tasks = [{"path": t["path"], "covered": t["covered"], "sentences": t["sentences"]} for t in detail]
    share = sum(t["covered"] for t in tasks) / len(tasks) if tasks else 0.0
    return {"tasks": tasks, "coverage": round(share, 4)}
