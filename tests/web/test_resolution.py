"""Units resolved once per distinct name: the actions it takes to resolve a 34-task 任务分工表
against a fresh directory (the README prints the number), and a second import needing none."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhiweb.accounts.models import Government
from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.directory.resolve import Resolver
from fazhiweb.plans.models import Assignment, Plan, TaskUnitMention
from fazhiweb.plans.resolution import unresolved_names

from . import resolution_plan as rp
from .conftest import _user

ACTION_BUDGET = 15  # the target for a 34-task plan


class Counting:
    """A test client that counts the clicks and submits that change state (POSTs)."""

    def __init__(self, client):
        self.client, self.actions = client, 0

    def post(self, *args, **kw):
        self.actions += 1
        resp = self.client.post(*args, **kw)
        assert resp.status_code in (200, 302), resp.status_code
        return resp


@pytest.fixture
def linhe(db):
    gov = Government.objects.create(name=rp.GOVERNMENT, level="county")
    units = {name: Unit.objects.create(government=gov, name=name, short_name=short, kind=kind)
             for name, short, kind in rp.UNITS}
    group = UnitGroup.objects.create(government=gov, name=rp.GROUP[0])
    group.members.set([units[n] for n in rp.GROUP[1]])
    gov.office = _user("linhe-office", gov, "office")
    return gov


def _upload(ui, n):
    ui.post(reverse("plans:upload"), {"file": SimpleUploadedFile(f"分工表{n}.xlsx", rp.workbook_bytes())})
    return Plan.objects.order_by("-id").first()


def _map(ui, plan, name, target_name):
    ui.post(reverse("plans:name_resolve", args=[plan.pk]), {"name": name, "target_name": target_name})


def test_resolving_a_34_task_table_takes_few_actions_and_is_remembered(client, linhe):
    client.force_login(linhe.office)
    ui = Counting(client)
    plan = _upload(ui, 1)
    assert plan.tasks.count() == 34
    names = unresolved_names(plan)
    # only exact names (full, short, own prefix) were confirmed silently: 县卫健委, 县教体局, … were not
    silent = {m.raw_name: (m.unit or m.group).name for m in TaskUnitMention.objects.filter(task__plan=plan)
              if m.resolved}
    assert silent["司法局"] == "县司法局" and silent["临河县财政局"] == "县财政局" and silent["县人社局"] == \
        "县人力资源和社会保障局"
    assert {"县卫健委", "县教体局", "县行政审批局", "各乡镇"} <= {r.name for r in names}
    # one row per distinct name, with its mention count
    assert sum(r.count for r in names) == TaskUnitMention.objects.filter(task__plan=plan, unit=None, group=None).count()
    assert len(names) < sum(r.count for r in names)
    # a misleading near name is never the top suggestion of another office
    top = {r.name: (r.suggestions[0][0].name if r.suggestions else None) for r in names}
    assert top["县行政审批局"] == "县行政审批服务局"

    start = ui.actions
    ui.post(reverse("plans:names_accept", args=[plan.pk]), {"threshold": "80"})
    _map(ui, plan, "各乡镇", "各乡镇（街道）")
    _map(ui, plan, "各乡镇人民政府", "各乡镇（街道）")
    _map(ui, plan, "县卫健委", "县卫生健康局")
    _map(ui, plan, "县教体局", "县教育局")
    left = {r.name for r in unresolved_names(plan)}
    assert left == {"县委宣传部", "县融媒体中心", "县城管局", "新城镇"}, left
    ui.post(reverse("plans:names_add", args=[plan.pk]))  # the rest are new units, kind guessed
    assert Unit.objects.get(government=linhe, name="新城镇").kind == "town"
    assert not unresolved_names(plan)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    confirm = {"confirm_unitless": "1"} if "confirm_unitless" in page else {}
    ui.post(reverse("plans:publish", args=[plan.pk]), confirm)
    plan.refresh_from_db()
    assert plan.is_published
    used = ui.actions - start
    print(f"\nACTIONS to resolve every unit of a 34-task plan and publish it: {used} (upload not counted)")
    assert used <= ACTION_BUDGET
    # one duty per unit per task
    pairs = list(Assignment.objects.filter(task__plan=plan).values_list("task_id", "unit_id"))
    assert len(pairs) == len(set(pairs))

    # the directory learned the aliases: the same table again resolves silently
    again = _upload(ui, 2)
    assert unresolved_names(again) == []
    assert Resolver(linhe).resolve("县卫健委").unit.name == "县卫生健康局"


def test_exact_only_confirms_silently(linhe):
    r = Resolver(linhe)
    assert r.resolve("临河县司法局").unit.name == "县司法局"  # own government's full prefix
    assert r.resolve("司法局").unit.name == "县司法局"
    assert r.resolve("市司法局").kind == "suggest"  # another level's office is never silent
    assert r.resolve("县审计局").unit.name == "县审计局"
    assert r.resolve("县行政审批局").kind == "suggest"
    assert all(u.name != "县审计局" for u, _ in r.resolve("县行政审批局").suggestions[:1])


def test_named_directly_and_through_a_group_reports_once(published_plan, county, people):
    from fazhiweb.plans import services

    t = published_plan.tasks.get(path_key="一/(一)")
    services.update_task(people["王主任"], t, {"units": {"lead": ["东湖镇"], "responsible": ["县财政局", "各乡镇"],
                                                          "support": []}})
    roles = list(Assignment.objects.filter(task=t, unit__name="东湖镇", active=True).values_list("role", flat=True))
    assert roles == ["lead"]  # 牵头 and, through 各乡镇, 责任: one duty in the stronger role


def test_publish_warns_about_tasks_without_units(client, county, people):
    from fazhiweb.plans import services

    from .conftest import PLAN_DOC

    doc = {**PLAN_DOC, "tasks": [*PLAN_DOC["tasks"], {"path": ["三"], "heading": "", "title": "", "text": "无单位任务。",
                                                       "units": {}, "deadlines": [], "targets": []}]}
    plan = services.create_plan_from_document(people["王主任"], county, doc)
    m = plan.tasks.get(path_key="一/(二)").mentions.get(raw_name="区司法局")
    services.resolve_mention(people["王主任"], m, unit=county.u["县司法局"])
    client.force_login(people["王主任"])
    resp = client.post(reverse("plans:publish", args=[plan.pk]), follow=True)
    assert re.search("1 项任务没有责任单位", resp.content.decode())
    plan.refresh_from_db()
    assert not plan.is_published
    client.post(reverse("plans:publish", args=[plan.pk]), {"confirm_unitless": "1"})
    plan.refresh_from_db()
    assert plan.is_published
