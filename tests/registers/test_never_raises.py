"""Whatever a sheet holds, the import answers with records and row errors, never a traceback."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.registers import evaluate, kind_names, load_kind, open_clocks, read_grid
from fazhi.registers.records import clean

KINDS = [load_kind(n) for n in kind_names()]
HEADERS = sorted({h for k in KINDS for f in k.fields for h in (f.label, *f.synonyms)})

cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        [
            "/",
            "—",
            "无",
            "合计",
            "是",
            "否",
            "2025年2月30日",
            "2025-03-04",
            "45720",
            "受理",
            "维持",
            "(必填)",
            "一、县政府",
            "三十",
            "-1",
            "1e9",
            "NaN",
        ]
    ),  # fmt: skip
    st.integers(-(10**6), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
)
header_rows = st.lists(st.one_of(st.sampled_from(HEADERS), cells), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(KINDS),
    head=header_rows,
    body=st.lists(st.lists(cells, max_size=12), max_size=8),
    title=st.booleans(),
)
def test_read_grid_never_raises(kind, head, body, title):
    rows = ([["某县台账"]] if title else []) + [head] + body
    result = read_grid(kind, rows)
    assert all(e.message for e in result.errors)
    for r in result.records:
        assert set(r.values) <= set(kind.field_names)
    records = [r.values for r in result.records]
    evaluate(kind, records, 2025)
    open_clocks(kind, records, None, dt.date(2025, 12, 31))


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_a_form_never_raises(kind, data):
    raw = {f.name: data.draw(st.one_of(st.none(), st.text(max_size=10), st.sampled_from(
        ["2025-01-01", "是", "3", "/", "2025年1月"]))) for f in kind.fields}  # fmt: skip
    values, errors, flags = clean(kind, raw)
    assert isinstance(errors, dict) and isinstance(flags, list)
