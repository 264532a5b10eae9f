"""Fixtures for the web ledger tests: a county with its directory and named personas.

Django is configured here (no pytest.ini needed): DJANGO_SETTINGS_MODULE is set before
pytest-django's fixtures run. Media files go to a per-test temp dir.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402

from fazhiweb.accounts.models import Government, Membership  # noqa: E402
from fazhiweb.directory.models import Unit, UnitGroup  # noqa: E402

PASSWORD = "pw-for-tests-123"

PLAN_TEXT = """示例县2024年法治政府建设工作要点
一、依法全面履行政府职能
（一）深化审批改革。（牵头单位：县司法局；责任单位：县财政局、各乡镇）
（二）推进政务公开。保持政务公开率100%。（牵头单位：县政务服务中心；配合单位：区司法局）
二、严格规范公正文明执法
（一）规范执法行为，2024年6月底前完成执法案卷评查。（责任单位：县市场监管局）
"""

PLAN_DOC = {
    "kind": "plan",
    "title": "示例县2024年法治政府建设工作要点",
    "year": 2024,
    "default_deadline": "2024-12-31",
    "aliases": {},
    "tasks": [
        {"path": ["一", "(一)"], "heading": "依法全面履行政府职能", "title": "深化审批改革", "text": "深化审批改革。",
         "units": {"lead": ["县司法局"], "responsible": ["县财政局", "各乡镇"], "support": []},
         "deadlines": [], "targets": []},
        {"path": ["一", "(二)"], "heading": "依法全面履行政府职能", "title": "推进政务公开",
         "text": "推进政务公开。保持政务公开率100%。",
         "units": {"lead": ["县政务服务中心"], "responsible": [], "support": ["区司法局"]},
         "deadlines": [], "targets": [{"value": 100, "unit": "%", "op": ">=", "text": "保持政务公开率100%"}]},
        {"path": ["二", "(一)"], "heading": "严格规范公正文明执法", "title": None,
         "text": "规范执法行为，2024年6月底前完成执法案卷评查。",
         "units": {"lead": [], "responsible": ["县市场监管局"], "support": []},
         "deadlines": [{"date": "2024-06-30", "text": "2024年6月底前完成执法案卷评查", "recurring": None}],
         "targets": []},
    ],
}


@pytest.fixture(autouse=True)
def _page_cache():
    """Each test starts with an empty page cache: test databases reuse ids and data versions."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db):
    gov = Government.objects.create(name="示例县", level="county")
    units = {}
    for name, kind in [("县司法局", "dept"), ("县财政局", "dept"), ("县市场监管局", "dept"),
                       ("县政务服务中心", "dept"), ("东湖镇", "town"), ("青山镇", "town"),
                       ("城关街道", "subdistrict")]:
        units[name] = Unit.objects.create(government=gov, name=name, kind=kind,
                                          short_name=name.removeprefix("县") if name.startswith("县") else "")
    towns = UnitGroup.objects.create(government=gov, name="各乡镇（街道）", aliases=["各乡镇"])
    towns.members.set([units["东湖镇"], units["青山镇"], units["城关街道"]])
    gov.u = units
    gov.towns = towns
    return gov


@pytest.fixture
def other_county(db):
    gov = Government.objects.create(name="邻县", level="county")
    Unit.objects.create(government=gov, name="邻县司法局")
    return gov


def _user(username, gov, role, unit=None):
    u = User.objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=u, government=gov, role=role, unit=unit)
    return u


@pytest.fixture
def people(county, other_county):
    """王主任 office, 李局长 leader, 张联络员 县司法局 liaison, 赵联络员 东湖镇 liaison, 外县 office."""
    return {
        "王主任": _user("wang", county, "office"),
        "李局长": _user("li", county, "leader"),
        "张联络员": _user("zhang", county, "liaison", county.u["县司法局"]),
        "赵联络员": _user("zhao", county, "liaison", county.u["东湖镇"]),
        "外县主任": _user("waixian", other_county, "office"),
    }


@pytest.fixture
def draft_plan(county, people):
    from fazhiweb.plans.services import create_plan_from_document

    return create_plan_from_document(people["王主任"], county, PLAN_DOC, source_name="plan.txt")


@pytest.fixture
def published_plan(draft_plan, county, people):
    from fazhiweb.plans import services

    m = draft_plan.tasks.get(path_key="一/(二)").mentions.get(raw_name="区司法局")
    services.resolve_mention(people["王主任"], m, unit=county.u["县司法局"])
    services.publish(people["王主任"], draft_plan)
    draft_plan.refresh_from_db()
    return draft_plan


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


# Minimal files with real magic bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
