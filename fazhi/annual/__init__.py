"""The annual 法治政府建设 report (issue 13), pure Python: the Django `annual` app calls these.

    from fazhi.annual import audit, compose, read_report, route, write_docx, render_html, to_pdf

    report = read_report("2025.docx")               # any readable file → parts.Report
    result = audit(report, previous=read_report("2024.docx"),
                   expected={"reconsideration.correction_rate": 31.25})
    # → {"sections": {...}, "findings": [{"code", "severity", "message", "text", ...}]}
    inputs["ledger"] = ledger_from_rows(rows)        # flat task rows from plans + progress
    draft = compose(2025, "示例县人民政府", inputs)    # plain inputs, see draft.py
    data = draft.to_dict(); Draft.from_dict(data)    # JSON for storage
    write_docx(draft, "out.docx"); render_html(draft, public=True); to_pdf(docx, pdf)
    route(2025, "government", local_due="2026-02-28")  # due dates, recipients, copies
    untraced(draft)                                  # numbers typed by hand in the text
    figure_changes(draft, stats["figures"]); accept_changes(draft, stats["figures"], keys)

Settings (thresholds, routing, layout) are fazhi/data/annual.toml, each function taking an
`overrides` mapping of the same shape for a government's own settings. The database is
reached only from fazhi/annual/db.py (the CLI's seam).
"""

from fazhi.annual.audit import audit
from fazhi.annual.docx_writer import write_docx
from fazhi.annual.draft import compose
from fazhi.annual.figures import accept_changes, figure_changes, untraced
from fazhi.annual.ledger import ledger_from_rows
from fazhi.annual.model import Draft, Figure, Paragraph, Part
from fazhi.annual.parts import Report, from_source, from_text, read_report
from fazhi.annual.render import render_html, to_pdf
from fazhi.annual.routing import route
from fazhi.annual.settings import settings

__all__ = [
    "Draft", "Figure", "accept_changes", "figure_changes", "untraced", "Paragraph", "Part", "Report", "audit", "compose", "from_source", "from_text", "ledger_from_rows",
    "read_report", "render_html", "route", "settings", "to_pdf", "write_docx",
]
