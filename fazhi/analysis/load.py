"""Documents for the analyses: the document JSON (SCHEMA.md) plus the lines of its text.

The document JSON holds a report's figures and a plan's tasks but not the report's running
text, which coverage reads and comparison quotes (a figure's whole sentence, not only its
clause). So a file is read once, parsed, and its cleaned lines kept beside the JSON. A
document JSON file (`fazhi parse --json` output) is accepted too; its text is then taken
from an optional "text" field, else only the clauses inside the JSON are quoted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.errors import FazhiError

SCHEMA_PREFIX = "fazhi.document/"
_SENTENCE_END = re.compile(r"(?<=[。!?;])")


@dataclass
class Loaded:
    """One document: `label` names it as the user did (the path as typed)."""

    label: str
    doc: dict
    lines: list[str] = field(default_factory=list)

    def sentences(self) -> list[str]:
        """The text cut at 。!?; — one list for the whole document, in order."""
        out: list[str] = []
        for line in self.lines:
            out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
        return out


def from_doc(doc: dict, text: str | None = None, label: str = "") -> Loaded:
    """Wrap a document dict (and, when known, its text) for the analyses."""
    from fazhi.parse.text import clean

    if not isinstance(doc, dict):
        raise FazhiError(f"{label or '文档'} 不是文档 JSON:应为一个对象。")
    if text is None:
        text = doc.get("text") if isinstance(doc.get("text"), str) else ""
    lines = [ln for ln in (clean(x) for x in text.splitlines()) if ln]
    return Loaded(label=label or str(doc.get("title") or ""), doc=doc, lines=lines)


def _load_json(path: Path, label: str) -> Loaded:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FazhiError(f"{label} 不是有效的 JSON 文件:{exc}。") from None
    except OSError as exc:
        raise FazhiError(f"无法读取 {label}:{exc.strerror or exc}。") from None
    if not isinstance(doc, dict) or not str(doc.get("schema", "")).startswith(SCHEMA_PREFIX):
        raise FazhiError(f"{label} 不是 fazhi 文档 JSON(缺少 \"schema\": \"fazhi.document/1\")。")
    return from_doc(doc, label=label)


def load(path: str | Path) -> Loaded:
    """Read and parse one file (any format the readers take, or a document JSON)."""
    import fazhi

    label = str(path)
    p = Path(path)
    if p.suffix.lower() == ".json" and p.is_file():
        return _load_json(p, label)
    return from_source(fazhi.read_document(p), label)


def from_source(source, label: str = "") -> Loaded:
    """Parse a read document, keeping the parser's own cleaned paragraphs (a PDF's wrapped
    lines rejoined, furniture dropped) as the text, so sentences match its clauses."""
    from fazhi.parse import stages
    from fazhi.parse.model import Doc

    doc = Doc(source=source)
    for stage in stages():
        doc = stage(doc)
    lines = list(doc.lines)
    for table in doc.tables:  # a statistics table's rows hold figures too
        lines.extend("".join(c for c in row if c) for row in table.rows)
    return Loaded(label=label, doc=doc.to_dict(), lines=lines)


def load_kind(path: str | Path, kind: str, role: str) -> Loaded:
    """Load a file that must be a plan (or a report): refuse the wrong kind clearly."""
    loaded = load(path)
    names = {"plan": "计划(方案)", "report": "报告"}
    if kind == "plan" and not loaded.doc.get("tasks"):
        raise FazhiError(f"{role} {path} 中没有识别出编号的任务条目:请提供{names[kind]}文档。")
    if kind == "report" and not loaded.lines:
        raise FazhiError(
            f"{role} {path} 中没有可比对的正文:请提供报告文件,"
            "或在文档 JSON 中加入 \"text\" 字段(报告全文)。"
        )
    return loaded
