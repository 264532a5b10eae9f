"""How alike two passages are (this year's 不足 against last year's), with the analyses'
explainable similarity (fazhi.analysis.similarity: TF-IDF over character n-grams)."""

from __future__ import annotations

from fazhi.analysis.similarity import Weights, cosine, grams, score_matrix, segments


def _weights(*texts: str) -> Weights:
    return Weights([grams(s) for t in texts for s in segments(t)])


def similarity(a: str, b: str) -> float:
    """Cosine of the two passages, weighted over the sentences of both."""
    w = _weights(a, b)
    return cosine(w.vector(grams(a)), w.vector(grams(b)))


def closest_passages(a: str, b: str, threshold: float) -> tuple[str, str]:
    """The sentences of `a` that have a counterpart in `b` at or above `threshold`, and
    those counterparts (each joined with 。), to show side by side; at least the closest pair."""
    sa, sb = segments(a), segments(b)
    if not sa or not sb:
        return a, b
    w = _weights(a, b)
    matrix = score_matrix([w.vector(grams(s)) for s in sa], [w.vector(grams(s)) for s in sb])
    best = [max(range(len(sb)), key=lambda j, i=i: matrix[i][j]) for i in range(len(sa))]
    pairs = [(i, best[i]) for i in range(len(sa)) if matrix[i][best[i]] >= threshold]
    if not pairs:
        i = max(range(len(sa)), key=lambda i: matrix[i][best[i]])
        pairs = [(i, best[i])]
    return "。".join(sa[i] for i, _ in pairs), "。".join(dict.fromkeys(sb[j] for _, j in pairs))
