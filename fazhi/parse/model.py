"""The parser's working state, passed from stage to stage, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field

from fazhi.docs.base import Source, Table

SCHEMA = "fazhi.document/1"
ROLES = ("lead", "responsible", "support")


class Node:
    """One numbered item of the outline (or a row of a task table).

    A plain class with __slots__ and one constructor, not a dataclass: outline.build makes
    one per numbered paragraph, and the dataclass's default factories cost more than the
    rest of the item's reading."""

    __slots__ = ("label", "kind", "paras", "parent", "children", "units", "deadline_texts", "target_texts",
                 "from_table", "dated_by_column", "line", "number", "closed")

    def __init__(self, label: str, kind: str, paras: list[str], parent: Node | None = None, line: int = 0,
                 from_table: bool = False, dated_by_column: bool = False, number: int = 0) -> None:
        self.label = label  # normalised number: "一", "(一)", "1", "①", "第一条"
        self.kind = kind  # marker family: "cn", "paren_cn", "arabic", "paren_arabic", "circled", "article"…
        self.paras = paras  # the item's paragraphs, marker removed (continuations follow)
        self.parent = parent
        self.children: list[Node] = []
        self.units: dict[str, list[str]] = {"lead": [], "responsible": [], "support": []}  # ROLES
        self.deadline_texts: list[str] = []  # from a 完成时限 line/column
        self.target_texts: list[str] = []  # from a 量化指标 column
        self.from_table = from_table
        self.dated_by_column = dated_by_column  # a row of a table with a 完成时限 column: that cell is its deadline
        self.line = line  # index of the item's first paragraph in Doc.lines
        self.number = number  # the marker's number (for checking that numbering runs on)
        self.closed = False  # a unit note ended the item: later plain paragraphs are not its own

    def __repr__(self) -> str:
        return f"Node(label={self.label!r}, kind={self.kind!r}, paras={self.paras!r}, units={self.units!r})"

    @property
    def text(self) -> str:
        return "".join(self.paras)

    def lineage(self) -> list[Node]:
        """This item, its parent, … up to its top-level section."""
        n: Node | None
        out, n = [], self
        while n is not None:
            out.append(n)
            n = n.parent
        return out

    def path(self) -> list[str]:
        return [n.label for n in reversed(self.lineage())]

    def root(self) -> Node:
        n = self
        while n.parent is not None:  # up the chain, no list of the lineage
            n = n.parent
        return n

    def leaves(self):
        """The items without children under this one (itself if it has none), in order."""
        return iter(_leaves([self]))


assert tuple(Node("", "", []).units) == ROLES  # the literal in __init__ spells ROLES out


def _leaves(nodes: list[Node]) -> list[Node]:
    """The leaves under `nodes` in document order: one loop with a stack, not a generator
    per level (called by several stages on every item)."""
    out: list[Node] = []
    stack = nodes[::-1]
    while stack:
        n = stack.pop()
        if n.children:
            stack.extend(reversed(n.children))
        else:
            out.append(n)
    return out


@dataclass
class Doc:
    source: Source
    lines: list[str] = field(default_factory=list)  # cleaned paragraphs of running text
    tables: list[Table] = field(default_factory=list)
    table_positions: list[int] = field(default_factory=list)  # line index each table follows
    table_intros: list[str] = field(default_factory=list)  # the text line just before each table
    meta: dict[str, str] = field(default_factory=dict)  # title/date/issuer from metadata lines
    kind: str = "other"
    title: str | None = None
    issuer: str | None = None
    issued: str | None = None
    year: int | None = None
    default_deadline: str | None = None
    catch_all: str | None = None  # the sentence that set default_deadline
    aliases: dict[str, list[str]] = field(default_factory=dict)
    roots: list[Node] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # paragraphs before the first item
    closing: list[str] = field(default_factory=list)  # paragraphs after the last item
    orphans: list[int] = field(default_factory=list)  # line numbers of unowned paragraphs
    task_tables: int = 0  # how many tables were read as 任务分工表
    tasks: list[dict] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)
    sections: dict[str, bool] = field(default_factory=dict)
    # A memo, no part of the result: (lines, their match_marker) as clean left them; outline
    # reads the markers from it while `lines` is still that list, else matches afresh.
    line_markers: tuple | None = field(default=None, compare=False, repr=False)

    def leaves(self) -> list[Node]:
        return _leaves(self.roots)

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "kind": self.kind,
            "title": self.title,
            "issuer": self.issuer,
            "issued": self.issued,
            "year": self.year,
            "default_deadline": self.default_deadline,
            "aliases": self.aliases,
            "tasks": self.tasks,
            "metrics": self.metrics,
            "sections": self.sections,
        }
