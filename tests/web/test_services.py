"""Service-layer tests: import, resolution, publish, re-import, audit."""

from __future__ import annotations

import copy

import pytest

from fazhiweb.audit.models import AuditEntry, AuditImmutableError
from fazhiweb.directory.names import normalize
from fazhiweb.directory.resolve import Resolver
from fazhiweb.plans import services
from fazhiweb.plans.models import Assignment, Plan

from .conftest import PLAN_DOC


def test_normalize_folds_width_and_spaces():
    assert normalize(" 县 司法局 ") == "县司法局"
    assert normalize("ＡＢ（局）") == "AB(局)"
    assert normalize("县财政局等部门") == "县财政局"


def test_resolver_exact_alias_group_and_suggestions(county):
    r = Resolver(county)
    assert r.resolve("县 司法局").unit == county.u["县司法局"]
    assert r.resolve("司法局").unit == county.u["县司法局"]  # short name
    g = r.resolve("各乡镇")
    assert g.kind == "group" and {u.name for u in g.members} == {"东湖镇", "青山镇", "城关街道"}
    s = r.resolve("区司法局")
    assert s.kind == "suggest" and s.suggestions[0][0] == county.u["县司法局"]
    assert r.resolve("县外星局").kind in {"unknown", "suggest"}


def test_import_creates_draft_with_mentions(draft_plan, county):
    assert draft_plan.status == Plan.DRAFT
    assert draft_plan.tasks.count() == 3
    t = draft_plan.tasks.get(path_key="一/(一)")
    roles = {(m.role, m.raw_name): (m.unit or m.group).name for m in t.mentions.all()}
    assert roles[("lead", "县司法局")] == "县司法局"
    assert roles[("responsible", "各乡镇")] == "各乡镇（街道）"
    unresolved = list(services.unresolved_mentions(draft_plan))
    assert [m.raw_name for m in unresolved] == ["区司法局"]
    assert AuditEntry.objects.filter(action="plan.import", object_id=str(draft_plan.pk)).count() == 1


def test_publish_blocked_by_unresolved(draft_plan, people):
    with pytest.raises(services.PlanError, match="区司法局"):
        services.publish(people["王主任"], draft_plan)
    assert not Assignment.objects.exists()


def test_publish_creates_assignments_with_group_expansion(published_plan, county):
    got = {(a.task.path_key, a.unit.name, a.role) for a in Assignment.objects.select_related("task", "unit")}
    assert got == {
        ("一/(一)", "县司法局", "lead"), ("一/(一)", "县财政局", "responsible"),
        ("一/(一)", "东湖镇", "responsible"), ("一/(一)", "青山镇", "responsible"),
        ("一/(一)", "城关街道", "responsible"),
        ("一/(二)", "县政务服务中心", "lead"), ("一/(二)", "县司法局", "support"),
        ("二/(一)", "县市场监管局", "responsible"),
    }
    assert AuditEntry.objects.filter(action="plan.publish").count() == 1


def test_reimport_updates_in_place(published_plan, people):
    doc = copy.deepcopy(PLAN_DOC)
    doc["tasks"][0]["text"] = "深化审批改革,全面推行告知承诺制。"
    doc["tasks"][0]["units"]["responsible"] = ["县财政局"]  # towns dropped
    del doc["tasks"][2]  # 二/(一) removed
    doc["tasks"].append({"path": ["三", "(一)"], "heading": "新增", "title": None, "text": "新增任务。",
                         "units": {"lead": ["县信访局"], "responsible": [], "support": []},
                         "deadlines": [], "targets": []})
    task_id = published_plan.tasks.get(path_key="一/(一)").pk
    summary = services.reimport_document(people["王主任"], published_plan, doc)
    assert summary["added"] == 1 and summary["changed"] == 1 and summary["removed"] == 1
    t = published_plan.tasks.get(path_key="一/(一)")
    assert t.pk == task_id and "告知承诺制" in t.text and t.revision == 2
    assert t.revisions.get(number=1).snapshot["text"] == "深化审批改革。"
    assert published_plan.tasks.get(path_key="二/(一)").removed
    town = Assignment.objects.get(task=t, unit__name="东湖镇")
    assert town.active is False  # kept, deactivated
    assert not Assignment.objects.get(task__path_key="二/(一)").active
    assert AuditEntry.objects.filter(action="plan.reimport").count() == 1


def test_update_task_writes_revision_and_audit(draft_plan, people):
    t = draft_plan.tasks.get(path_key="二/(一)")
    services.update_task(people["王主任"], t, {"text": "改后的内容", "deadlines": [{"date": "2024-09-30", "text": "9月底前", "recurring": None}]})
    t.refresh_from_db()
    assert t.text == "改后的内容" and t.deadlines[0]["date"] == "2024-09-30"
    assert t.revisions.count() == 1
    e = AuditEntry.objects.get(action="task.update")
    assert e.before["text"].startswith("规范执法") and e.after["text"] == "改后的内容"


def test_add_unit_for_mention(draft_plan, people, county):
    m = draft_plan.tasks.get(path_key="一/(二)").mentions.get(raw_name="区司法局")
    # 区司法局 is really a new unit in this test
    services.add_unit_for_mention(people["王主任"], m, {"name": "区司法所", "kind": "other"})
    m.refresh_from_db()
    assert m.unit.name == "区司法所" and "区司法局" in m.unit.aliases
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"unit.create", "mention.resolve"}


def test_audit_is_append_only(draft_plan):
    e = AuditEntry.objects.first()
    e.action = "tampered"
    with pytest.raises(AuditImmutableError):
        e.save()
    with pytest.raises(AuditImmutableError):
        e.delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.update(action="x")


def test_workday_fallback_note(db):
    import datetime as dt

    from fazhiweb.core.clock import WorkCalendar

    cal = WorkCalendar()
    assert cal.workdays_between(dt.date(2024, 9, 27), dt.date(2024, 10, 8)) == 3  # 9-29 (调休), 9-30, 10-8
    far = WorkCalendar()
    far.workdays_between(dt.date(2099, 1, 1), dt.date(2099, 1, 8))
    assert "节假日数据未覆盖" in far.note


def test_holiday_table_covers_years_the_package_does_not(db):
    import datetime as dt

    from fazhiweb.core.clock import WorkCalendar
    from fazhiweb.core.models import Holiday

    # 2099-01-01 is a Thursday: the office marks it a holiday and Saturday 01-03 a working day.
    Holiday.objects.create(date=dt.date(2099, 1, 1), is_workday=False, name="元旦")
    Holiday.objects.create(date=dt.date(2099, 1, 3), is_workday=True, name="调休上班")
    cal = WorkCalendar()
    assert cal.is_workday(dt.date(2099, 1, 1)) is False
    assert cal.is_workday(dt.date(2099, 1, 3)) is True
    assert cal.workdays_between(dt.date(2098, 12, 31), dt.date(2099, 1, 5)) == 3  # 01-02, 01-03, 01-05
    assert "节假日调整表" in cal.note and "按周一至周五" not in cal.note


def test_group_term_defined_in_the_plan_becomes_a_group(people, county):
    office = people["王主任"]
    from fazhiweb.directory.models import Unit, UnitGroup
    from fazhiweb.plans import services as plan_services

    for name in ("东湖镇人民政府", "西山镇人民政府"):
        Unit.objects.get_or_create(government=county, name=name, defaults={"kind": "乡镇"})
    doc = {
        "title": "示例县2024年工作要点", "year": 2024, "aliases": {"两镇政府": ["东湖镇人民政府", "西山镇人民政府"]},
        "tasks": [{"path": ["一", "(一)"], "text": "做好调解。", "units": {"lead": [], "responsible": ["两镇政府"], "support": []},
                   "deadlines": [], "targets": []}],
    }
    plan = plan_services.create_plan_from_document(office, county, doc, "要点.txt")
    group = UnitGroup.objects.get(government=county, name="两镇政府")
    assert sorted(u.name for u in group.members.all()) == ["东湖镇人民政府", "西山镇人民政府"]
    mention = plan.tasks.get().mentions.get()
    assert mention.group_id == group.pk
