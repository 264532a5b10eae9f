"""Text similarity for coverage and alignment: TF-IDF over character bigrams.

Explainable by design: a score is the cosine of two weighted bag-of-bigram vectors, and
`shared_terms` lists the bigrams that made it. Weights come from the two documents under
comparison only (no model, no corpus file): a bigram found in many of their items — 执法,
政府 — weighs little; one found in few — 证件, 裁量 — weighs much. The word lists
(fazhi/data/similarity.toml) drop generic plan language and government levels and write
common paraphrases one way.

Hand-written rather than a library vectoriser: scikit-learn's import alone takes about
2 s on the project's machines, the whole budget of an alignment; the arithmetic here is
a few dozen lines of dictionaries.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from functools import cache
from importlib import resources

Vector = dict[str, float]

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+")
_SEGMENT_END = re.compile(r"[。;!?]")
# A figure with its measure word ("326卷", "1.3亿元", "15日"): dropped, the measure word
# with it, so that it neither joins the next word into a bigram nor counts as one.
NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|万|亿|千|百)?(?:元|人次|个|件|项|次|名|人|场|期|家|卷|份|条|年|月|日|天|户|起|学时|小时)?")


@cache
def _lists() -> dict:
    with resources.files("fazhi.data").joinpath("similarity.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def _drop_pattern() -> re.Pattern:
    words = list(_lists()["levels"]) + list(_lists()["stopwords"])
    words.sort(key=len, reverse=True)  # longest first: 不少于 before 不
    return re.compile("|".join(re.escape(w) for w in words))


@cache
def _synonym_table() -> tuple[re.Pattern, dict[str, str]]:
    table = {}
    for group in _lists()["synonyms"]:
        for word in group[1:]:
            table[word] = group[0]
    words = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), table


def normalise(text: str) -> str:
    pattern, table = _synonym_table()
    text = NUMBER.sub("|", text)
    text = pattern.sub(lambda m: table[m.group(0)], text)
    return _drop_pattern().sub("|", text)


def grams(text: str, sizes: tuple[int, ...] = (2, 3)) -> Counter:
    """Character bigrams and trigrams within runs of Chinese characters, after normalising.
    Bigrams find paraphrases (执法人员 ~ 行政执法人员); trigrams tell apart passages that
    share only loose words (法治政府建设示范创建 vs 民主法治示范村)."""
    out: Counter = Counter()
    for run in _HAN_RUN.findall(normalise(text)):
        for n in sizes:
            out.update(run[i : i + n] for i in range(len(run) - n + 1))
    return out


def segments(text: str) -> list[str]:
    """The sentences and clauses of a passage (cut at 。;!?)."""
    return [s for s in (x.strip() for x in _SEGMENT_END.split(text)) if s]


class Weights:
    """IDF of n-grams over a set of passages (the items of the documents compared)."""

    def __init__(self, passages: list[Counter]):
        self.n = len(passages)
        df: Counter = Counter()
        for g in passages:
            df.update(g.keys())
        self.df = df
        top = math.log(self.n + 1)
        self._idf = {g: top - math.log(d + 1) + 1.0 for g, d in df.items()}
        self._unseen = top + 1.0

    def idf(self, gram: str) -> float:
        return self._idf.get(gram, self._unseen)

    def vector(self, counts: Counter) -> Vector:
        idf, unseen, log = self._idf, self._unseen, math.log
        vec = {g: (1.0 + log(c)) * idf.get(g, unseen) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {g: v / norm for g, v in vec.items()}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[g] for g, v in a.items() if g in b)


def shared_terms(a: Vector, b: Vector, n: int = 6) -> list[str]:
    """The bigrams that contribute most to cosine(a, b), strongest first."""
    common = sorted((a[g] * b[g], g) for g in a.keys() & b.keys())
    return [g for _, g in reversed(common[-n:])]


def score_matrix(a: list[Vector], b: list[Vector]) -> list[list[float]]:
    """cosine(a[i], b[j]) for every pair, through an inverted index of b (most bigrams occur
    in few passages, so this is far cheaper than every pair's dictionary intersection)."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for j, vec in enumerate(b):
        for g, w in vec.items():
            postings.setdefault(g, []).append((j, w))
    out = []
    for vec in a:
        row = [0.0] * len(b)
        for g, w in vec.items():
            for j, wb in postings.get(g, ()):
                row[j] += w * wb
        out.append(row)
    return out


def other_words(a: Vector, best: Vector, b: Vector) -> float:
    """The share of cosine(a, b) that comes from n-grams `best` does not share with b: how
    far b speaks of a's subject through other words than those it shares with `best`."""
    total = sum(v * b[g] for g, v in a.items() if g in b)
    if not total:
        return 0.0
    own = sum(v * b[g] for g, v in a.items() if g in b and g not in best)
    return own / total


def phrase_weight(text: str, a: Vector, b: Vector) -> float:
    """The part of cosine(a, b) that comes from the strongest single shared phrase of `text`
    (the passage b was made from): a contiguous stretch covered by shared n-grams. When it is
    nearly all of the score, two passages share one phrase and nothing else — 群众反映强烈的
    问题 in a sentence about noise and in a task on 督办 — which is a keyword, not a topic."""
    shared = a.keys() & b.keys()
    best = 0.0
    for run in _HAN_RUN.findall(normalise(text)):
        span: set[str] = set()
        span_end = -1
        for i in range(len(run)):
            hits = [run[i : i + n] for n in (3, 2) if i + n <= len(run) and run[i : i + n] in shared]
            if not hits:
                continue
            if i > span_end:  # a gap: the previous phrase ends here
                best = max(best, sum(a[g] * b[g] for g in span))
                span = set()
            span.update(hits)
            span_end = max(span_end, i + len(hits[0]) - 1)
        best = max(best, sum(a[g] * b[g] for g in span))
    return best
