"""`fazhi assessment score|export` on the round services: JSON with every unit's total, rank,
grade and scores; the same .xlsx as the round page; clear refusals (exit 2)."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from fazhi import cli
from fazhiweb.assessment import services
from fazhiweb.assessment.models import Participant

from .test_assessment import YEAR, stub_registers, system  # noqa: F401


def test_score_json_and_export(system, county, people, stub_registers, capsys, tmp_path):  # noqa: F811
    rnd = services.open_round(people["王主任"], system)
    assert cli.main(["assessment", "score", "--year", str(YEAR), "--government", "示例县", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["round"] == rnd.pk and out["base_total"] == 100
    sfj = next(u for u in out["units"] if u["unit"] == "县司法局")
    filing = next(s for s in sfj["scores"] if s["indicator"] == "规范性文件备案")
    assert (filing["figure"], filing["score"]) == (96.0, 8.0) and "满分线" in filing["working"]
    assert sfj["total"] == Participant.objects.get(round=rnd, unit__name="县司法局").total
    assert [u["rank"] for u in out["units"]] == sorted(u["rank"] for u in out["units"])

    target = tmp_path / "结果.xlsx"
    assert cli.main(["assessment", "export", "--round", str(rnd.pk), "--xlsx", str(target)]) == 0
    head = [c.value for c in load_workbook(target)["考核结果"][1]]
    assert head[:3] == ["名次", "单位", "类别"] and head[-3:] == ["总分", "等次", "一票否决"]


def test_refusals(system, county, people, capsys, tmp_path):  # noqa: F811
    assert cli.main(["assessment", "score", "--year", "1999", "--government", "示例县"]) == 2
    assert "没有 1999 年度的考核" in capsys.readouterr().err
    assert cli.main(["assessment", "score", "--round", "9999", "--government", "示例县"]) == 2
    services.open_round(people["王主任"], system)
    services.open_round(people["王主任"], system, title="第二次")
    assert cli.main(["assessment", "export", "--year", str(YEAR), "--government", "示例县",
                     "--xlsx", str(tmp_path / "x.xlsx")]) == 2
    assert "--round" in capsys.readouterr().err
    assert cli.main(["assessment", "export", "--year", str(YEAR), "--government", "示例县",
                     "--xlsx", str(tmp_path / "x.csv")]) == 2
