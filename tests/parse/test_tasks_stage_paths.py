"""The tasks stage's one-walk rewrite (issue 10, speed only) reads as the stage it replaced,
kept as tests/parse/tasks_oracle.py: the same tasks (paths, headings, titles, deadlines,
targets) and the same default deadline, on outlines built at random from the words of dates,
figures, titles and 完成时限 lines, and on the project's own fixture documents."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fazhi.docs import read as read_source
from fazhi.docs.base import Source
from fazhi.parse import pipeline, tasks
from fazhi.parse.model import Doc, Node
from tests.parse import tasks_oracle

_WORDS = ["2025年", "2026年", "12月", "3月", "31日", "底", "末", "前", "年内", "年底", "每年", "每季度", "上半年", "次年",
          "到", "至", "起", "完成", "实现", "纳入", "考核", "的", ",", "。", ":", "、", "-", "2025-03-31", "推进", "工作",
          "加强", "3个", "两期", "一次", "不少于", "10家", "100%", "95%以上", "“四个意识”", "《条例》", "第一", "统一",
          "1.5万人", "五十件", "开展", "建立", "制度", "x", "一", "1", "\n"]
_CATCH_ALL = "以上工作任务原则上在2025年底前全部完成。"
_LABELS = ["一", "二", "(一)", "(二)", "1", "2", "①", "第一条"]


def _text(r: random.Random) -> str:
    return "".join(r.choice(_WORDS) for _ in range(r.randrange(0, 14)))


def _node(r: random.Random, depth: int, parent: Node | None, lines: bool) -> Node:
    paras = [_text(r) for _ in range(r.randrange(0, 3))]
    if r.random() < 0.3:
        paras.insert(0, r.choice(["依法行政", "加强监督", "x"]) + r.choice(["。", ":", ""]) + _text(r))
    if r.random() < 0.15:
        paras.append(_CATCH_ALL)
    node = Node(r.choice(_LABELS), "cn", paras, parent, dated_by_column=r.random() < 0.2)
    if lines and r.random() < 0.25:
        node.deadline_texts.append(r.choice(["2025年6月底前", "6月、12月", "2026年", "年内", _text(r)]))
    if r.random() < 0.1:
        node.target_texts.append(r.choice(["3个", "不少于10家", _text(r)]))
    if depth < 3 and r.random() < 0.5:
        node.children = [_node(r, depth + 1, node, lines) for _ in range(r.randrange(1, 4))]
    return node


def _doc(r: random.Random) -> Doc:
    doc = Doc(source=Source())
    doc.kind = "plan"
    doc.year, doc.issued = r.choice([(2025, "2025-03-01"), (2024, None), (2025, None)])
    doc.catch_all = _CATCH_ALL if r.random() < 0.3 else None
    doc.default_deadline = r.choice([None, "2024-12-31", "2025-12-31"])
    lines = r.random() < 0.5
    doc.roots = [_node(r, 0, None, lines) for _ in range(r.randrange(0, 5))]
    return doc


def _same(make) -> None:
    # Each stage gets a doc of its own, built again rather than deep-copied: the compiled
    # model's classes (make fast) cannot be copied by copy.deepcopy.
    want = tasks_oracle.stage(make())
    got = tasks.stage(make())
    assert got.tasks == want.tasks
    assert got.default_deadline == want.default_deadline


def test_stage_on_random_outlines_reads_as_the_old_stage():
    found = {"deadlines": 0, "targets": 0, "titles": 0, "headings": 0}
    for seed in range(1500):
        def make(seed=seed) -> Doc:
            return _doc(random.Random(2201 * 10_000 + seed))

        _same(make)
        for t in tasks.stage(make()).tasks:
            found["deadlines"] += bool(t["deadlines"])
            found["targets"] += bool(t["targets"])
            found["titles"] += t["title"] is not None
            found["headings"] += t["heading"] is not None
    assert min(found.values()) > 100, found  # the outlines do hold all of these


def _documents() -> list[Path]:
    here = Path(__file__).resolve().parents[1] / "fixtures"
    return sorted(p for d in (here / "realistic" / "docs", here / "docs") if d.is_dir() for p in d.iterdir() if p.is_file())


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_stage_on_fixture_documents_reads_as_the_old_stage(path):
    try:
        source = read_source(path)
    except Exception as e:  # a fixture made to be refused by its reader
        pytest.skip(f"unreadable fixture: {e}")

    def make() -> Doc:
        doc = Doc(source=source)
        for st in pipeline.STAGES:
            if st is tasks.stage:
                break
            doc = st(doc)
        return doc

    _same(make)
