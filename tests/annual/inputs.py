"""Plain inputs for the composer: an invented county's ledger, registers and leaders' records."""

from __future__ import annotations

FIGURES = {
    "reconsideration.received": {"value": 40, "unit": "件", "definition": "本年度收到的行政复议申请", "records": [11, 12]},
    "reconsideration.concluded": {"value": 32, "unit": "件", "definition": "本年度审结的行政复议案件", "records": []},
    "reconsideration.correction_rate": {"value": 31.25, "unit": "%", "definition": "纠错件数÷审结件数", "records": []},
    "litigation.cases": {"value": 18, "unit": "件", "definition": "", "records": []},
    "litigation.head_appearance_rate": {"value": 94.4444, "unit": "%", "definition": "", "records": []},
    "litigation.loss_rate": {"value": 5.56, "unit": "%", "definition": "", "records": []},
    "normative_docs.issued": {"value": 7, "unit": "件", "definition": "", "records": []},
    "normative_docs.filing_rate": {"value": 100, "unit": "%", "definition": "", "records": []},
    "mediation.cases": {"value": 512, "unit": "件", "definition": "", "records": []},
    "mediation.success_rate": {"value": 97.66, "unit": "%", "definition": "", "records": []},
    "enforcement.personnel_trained": {"value": 260, "unit": "人", "definition": "", "records": []},
    "legality_review.contracts": {"value": 45, "unit": "件", "definition": "", "records": []},
}

INPUTS = {
    "figures": FIGURES,
    "previous_figures": {"litigation.loss_rate": {"value": 3.1, "unit": "%"}},
    "ledger": {
        "sections": [
            {"heading": "依法全面履行政府职能", "completed": [
                {"title": "调整县级权责清单", "units": ["县委编办"], "account": "各部门权责事项完成动态调整",
                 "figures": [{"name": "调整权责事项", "value": 126, "unit": "项"}]}]},
            {"heading": "健全依法行政制度体系", "completed": []},
        ],
        "lagging": [{"title": "建成行政执法协调监督平台", "units": ["县司法局"], "status": "进展滞后",
                     "reason": "平台采购流程尚未完成"}],
        "overdue": [{"title": "整改行政执法案卷评查问题", "unit": "县市场监管局", "due": "2025-10-31"}],
        "unfinished": [{"title": "建成行政执法协调监督平台", "units": ["县司法局"]}],
    },
    "leadership": [
        {"date": "2025-03-14", "kind": "学法", "text": "学习修订后的行政复议法"},
        {"date": "2025-08-20", "kind": "学法", "text": "学习民营经济促进法"},
        {"date": "2025-06-10", "kind": "汇报", "text": "听取县司法局法治政府建设情况汇报"},
    ],
    "addressee": "中共青石县委、青石县人大常委会、青川市人民政府",
    "date": "2026-02-20",
}
