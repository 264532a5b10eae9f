"""metric_keys.key_for (aliases indexed by prefix and required word, issue 10) gives every figure
the key the old loop over the aliases gave (tests/parse/key_for_oracle.py, kept as the oracle)."""

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fazhi
from fazhi.parse import metric_keys, metrics
from fazhi.parse.quantities import find_quantities
from fazhi.parse.rules import indicators, rules

from . import key_for_oracle as oracle

ROOT = Path(__file__).resolve().parents[2]


def _vocabulary() -> list[str]:
    """The configuration's own words: every alias (regex ones with their plain runs), its pieces,
    the domain, place and outcome words, separators, asides, and figures in every measure."""
    words = set()
    for ind in indicators():
        for alias in ind.aliases:
            words.add(alias)
            words.update(metric_keys._plain_runs(alias))
            words.update(alias[i : i + 2] for i in range(0, len(alias), 2))
        words.update(ind.context)
    m = rules()["metrics"]
    words.update(m["place_nouns"])
    words.update(m["outcome_words"])
    words.update(["的", "了", "共", "累计", "其中", "(含简易程序)", "(", ")", "、", ",", ";", "。", ":", "“", "《"])
    for cls in metric_keys.UNIT_CLASSES:
        for unit in cls:
            words.update([f"12{unit}", f"3.5{unit}", f"两{unit}"])
    return sorted(words)


_WORDS = _vocabulary()


def _keys(key_for, text: str, with_memo: bool) -> list:
    """key_for's answer for every quantity of text, called as metrics_of calls it (and with no
    memo, as _key_of_name does)."""
    qs = find_quantities(text, ops=False)
    memo: dict | None = {} if with_memo else None
    out = []
    for i, q in enumerate(qs):
        prev_end = qs[i - 1].end if i and qs[i - 1].clause_start == q.clause_start else q.clause_start
        next_start = qs[i + 1].start if i + 1 < len(qs) else len(text)
        out.append(key_for(q, prev_end, next_start, text, memo))
    return out


def _same(text: str) -> None:
    for memo in (True, False):
        assert _keys(metric_keys.key_for, text, memo) == _keys(oracle.key_for, text, memo), text


def test_random_sentences_of_the_configuration_words():
    r = random.Random(61)
    for _ in range(4000):
        _same("".join(r.choice(_WORDS) for _ in range(r.randrange(1, 12))))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
def test_hypothesis_sentences_of_the_configuration_words(parts):
    _same("".join(parts))


# Compiled (make fast), metrics calls key_for inside the compiled group: a patched module
# attribute is not seen, so this check of the pure Python runs only on the pure Python.
@pytest.mark.skipif(fazhi._fast.MODE == "compiled", reason="compiled parser (make fast): monkeypatch cannot reach it")
def test_every_figure_of_the_realistic_and_fixture_documents(monkeypatch):
    """Every key_for call of the metrics stage over the realistic fixtures, the test fixtures and
    the seeds (when ../shared is there) gives the oracle's answer."""
    calls = []

    def both(q, prev_end, next_start, context, domains=None):
        # The memo may hold a rule's override (metrics._rivals_before: a domain taken as absent),
        # so the oracle gets the same entries, keyed by its domain patterns.
        theirs = {re.compile("|".join(map(re.escape, words))): v for words, v in (domains or {}).items()}
        new = metric_keys.key_for(q, prev_end, next_start, context, domains)
        old = oracle.key_for(q, prev_end, next_start, context, theirs)
        assert new == old, q.clause
        calls.append(new)
        return new

    monkeypatch.setattr(metrics, "key_for", both)
    files = sorted((ROOT / "tests/fixtures/realistic/docs").iterdir()) + sorted((ROOT / "tests/fixtures/docs").glob("*.txt"))
    seeds = ROOT.parent / "shared" / "seeds"
    files += sorted(seeds.iterdir()) if seeds.is_dir() else []
    for f in files:
        if f.is_file():
            fazhi.parse_file(f)
    assert len(calls) > 1000 and sum(1 for k in calls if k) > 300


def test_index_holds_every_alias_once():
    for unit_class in range(-1, len(metric_keys.UNIT_CLASSES)):
        entries = metric_keys._alias_patterns(unit_class)
        index, finder, rest = metric_keys._key_index(unit_class)
        indexed = [e[2] for groups in index.values() for _need, es in groups for e in es] + [e[2] for *_, e in rest]
        assert sorted(p.pattern for p in indexed) == sorted(e[2].pattern for e in entries)
        if index:
            assert finder is not None


@pytest.mark.parametrize("text", ["受理行政复议案件105件", "办结(含终止)90件", "设立行政复议咨询受理点12个", "25件合同经合法性审查"])
def test_examples(text):
    _same(text)
