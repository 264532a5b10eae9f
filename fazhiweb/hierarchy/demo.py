"""Demo data for the government above (called by load_demo): an invented city 示例市 above the
demo county 示例县 and two sibling counties (东山县, 南岭县), each with a published plan of this
year written so that alignment finds carried, missing and own items, a little progress, and last
year's annual reports (texts of our own writing in demo_docs/, uploaded as report documents by
the city's office). Safe to run again: it only adds what is missing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

import fazhi
from fazhiweb.accounts.models import Government, Membership
from fazhiweb.audit.services import bump_data_version
from fazhiweb.hierarchy.models import ReportDocument
from fazhiweb.hierarchy.tree import lower_for
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Assignment, Plan

DOCS = Path(__file__).with_name("demo_docs")
CITY = "示例市"
SIBLINGS = {"东山县": "dongshan", "南岭县": "nanling"}
# username, name, government, role, unit
USERS = [("cityadmin", "陈主任", CITY, Membership.OFFICE, None),
         ("cityleader", "林市长", CITY, Membership.LEADER, None),
         ("dongshan", "东山县管理员", "东山县", Membership.OFFICE, None),
         ("nanling", "南岭县管理员", "南岭县", Membership.OFFICE, None),
         ("dongshan_sfj", "东山县司法局联络员", "东山县", Membership.LIAISON, "县司法局")]


def _text(name: str) -> str:
    year = timezone.localdate().year
    return (DOCS / name).read_text(encoding="utf-8").replace("{Y}", str(year)).replace("{P}", str(year - 1))


def _users(govs: dict, password: str) -> dict:
    out = {}
    for username, name, gov, role, unit_name in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": name, "email": f"{username}@example.org"})
        if created:
            user.set_password(password)
            user.save()
        unit = None
        if unit_name:
            from fazhiweb.directory.models import Unit

            unit, _ = Unit.objects.get_or_create(government=govs[gov], name=unit_name,
                                                 defaults={"kind": "dept", "short_name": unit_name[1:]})
        Membership.objects.get_or_create(user=user, defaults={"government": govs[gov], "role": role, "unit": unit})
        out[username] = user
    return out


def _plan(gov, user, name: str) -> Plan:
    plan = Plan.objects.filter(government=gov).first()
    if plan is not None:
        return plan
    doc = fazhi.parse_source(fazhi.Source(blocks=_text(name).splitlines()))
    plan = plan_services.create_plan_from_document(user, gov, doc, source_name=doc.get("title") or name)
    plan_services.settle_mentions(user, plan)
    plan_services.publish(user, plan, confirm_unitless=True)
    plan.refresh_from_db()
    return plan


def _progress(plan: Plan, liaison, office) -> None:
    from fazhiweb.progress import services as progress_services
    from fazhiweb.progress.models import Report

    if Report.objects.filter(assignment__task__plan=plan).exists():
        return
    mine = list(Assignment.objects.filter(task__plan=plan, unit=liaison.membership.unit, active=True)
                .order_by("task__order"))
    if len(mine) >= 2:
        r = progress_services.submit_report(liaison, mine[0], {"status": "done", "percent": 100,
                                                               "text": "年度报告已按时报送并在门户网站公开。"})
        progress_services.review_report(office, r, "accept")
        progress_services.submit_report(liaison, mine[1], {"status": "in_progress", "percent": 60,
                                                           "text": "已有六个执法部门接入监督平台,其余部门正在调试。"})


def _reports(city_admin, govs: dict) -> None:
    files = {"示例县": "shili_report.txt", "东山县": "dongshan_report.txt", "南岭县": "nanling_report.txt"}
    from fazhiweb.hierarchy import services

    for gov_name, name in files.items():
        gov = govs[gov_name]
        if ReportDocument.objects.filter(subject=gov).exists():
            continue
        upload = SimpleUploadedFile(f"{gov_name}{timezone.localdate().year - 1}年度法治政府建设情况报告.txt",
                                    _text(name).encode("utf-8"), content_type="text/plain")
        services.upload_report(city_admin, lower_for(city_admin, gov.pk, "hierarchy.upload"), upload)


def load(county: Government, password: str) -> list[str]:
    """Add the city and the sibling counties; returns lines for the command's output."""
    with transaction.atomic():
        city, _ = Government.objects.get_or_create(name=CITY, parent=None, defaults={"level": "city"})
        if county.parent_id is None:
            Government.objects.filter(pk=county.pk).update(parent=city)
            bump_data_version(county.pk)
            county.refresh_from_db()
        govs = {CITY: city, county.name: county}
        for name in SIBLINGS:
            govs[name], _ = Government.objects.get_or_create(name=name, parent=city, defaults={"level": "county"})
        users = _users(govs, password)
    _plan(city, users["cityadmin"], "city_plan.txt")
    dongshan = _plan(govs["东山县"], users["dongshan"], "dongshan_plan.txt")
    _plan(govs["南岭县"], users["nanling"], "nanling_plan.txt")
    _progress(dongshan, users["dongshan_sfj"], users["dongshan"])
    _reports(users["cityadmin"], govs)
    return [f"  {u:12s} {n} · {g} · {dict(Membership.ROLES)[r]}" for u, n, g, r, _ in USERS]
