"""`python manage.py load_demo`: a fictional county 示例县 with directory, users, a published plan
and progress reports in each state. Safe to run again (it only adds what is missing)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

import fazhi
from fazhiweb.accounts.models import Government, Membership
from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Assignment, Plan
from fazhiweb.progress import services as progress_services

GOV = "示例县"
PASSWORD = "fazhi-demo-2026"  # meets the password rules (settings.AUTH_PASSWORD_VALIDATORS)
OLD_PASSWORD = "fazhi-demo"  # demos loaded before the rules: moved to the new one
SAMPLE = Path(settings.BASE_DIR) / "samples" / "示例县2024年法治政府建设工作要点.txt"

DEPTS = ["县委依法治县办", "县委政法委", "县委编办", "县政府办公室", "县司法局", "县财政局", "县发展改革局",
         "县人社局", "县市场监管局", "县政务服务中心", "县信访局", "县生态环境分局", "县交通运输局", "县文旅局",
         "县审计局", "县法院"]
TOWNS = [("东湖镇", "town"), ("青山镇", "town"), ("西河乡", "town"), ("城关街道", "subdistrict")]
NOT_GOV_DEPTS = {"县委依法治县办", "县委政法委", "县委编办", "县法院"}
GROUPS = {
    "各乡镇（街道）": (["各乡镇", "各乡镇(街道)部门", "各乡镇(街道"], [t for t, _ in TOWNS]),
    "县政府各部门": (["县直各部门", "各承办单位"], [d for d in DEPTS if d not in NOT_GOV_DEPTS]),
    "县直有关单位": ([], ["县司法局", "县财政局", "县市场监管局", "县政务服务中心"]),
    "县直各行政执法部门": ([], ["县市场监管局", "县生态环境分局", "县交通运输局", "县文旅局"]),
}
USERS = [  # username, name, role, unit
    ("admin", "王主任", Membership.OFFICE, None),
    ("leader", "李局长", Membership.LEADER, None),
    ("sifaju", "张联络员", Membership.LIAISON, "县司法局"),
    ("donghu", "赵联络员", Membership.LIAISON, "东湖镇"),
    # 三员分立: the three administrators, who see no business data
    ("sysadmin", "孙系统", Membership.SYSADMIN, None),
    ("secadmin", "周安全", Membership.SECADMIN, None),
    ("auditor", "吴审计", Membership.AUDITOR, None),
]

FALLBACK_DOC = {
    "kind": "plan", "title": "示例县2024年法治政府建设工作要点", "year": 2024, "default_deadline": "2024-12-31",
    "aliases": {},
    "tasks": [
        {"path": ["一", "(一)"], "heading": "依法全面履行政府职能", "title": "深化行政审批制度改革",
         "text": "深化行政审批制度改革。全面推行证明事项告知承诺制,2024年6月底前完成事项清单梳理。",
         "units": {"lead": ["县政务服务中心"], "responsible": ["县政府各部门"], "support": ["县司法局"]},
         "deadlines": [{"date": "2024-06-30", "text": "2024年6月底前完成事项清单梳理", "recurring": None}],
         "targets": []},
        {"path": ["一", "(二)"], "heading": "依法全面履行政府职能", "title": "推进基层法治建设",
         "text": "推进基层法治建设。各乡镇(街道)法律顾问覆盖率达到100%。",
         "units": {"lead": ["县司法局"], "responsible": ["各乡镇(街道)"], "support": []},
         "deadlines": [], "targets": [{"value": 100, "unit": "%", "op": ">=", "text": "法律顾问覆盖率达到100%"}]},
        {"path": ["二", "(一)"], "heading": "严格规范公正文明执法", "title": "开展执法案卷评查",
         "text": "开展执法案卷评查。评查案卷不少于50件。",
         "units": {"lead": ["县司法局"], "responsible": ["县市场监管局"], "support": []},
         "deadlines": [], "targets": [{"value": 50, "unit": "件", "op": ">=", "text": "评查案卷不少于50件"}]},
        {"path": ["三", "(一)"], "heading": "预防调处化解社会矛盾纠纷", "title": "推进信访工作法治化",
         "text": "推进信访工作法治化,依法分类处理信访诉求。",
         "units": {"lead": ["县信访局"], "responsible": ["各乡镇(街道)"], "support": []},
         "deadlines": [], "targets": []},
    ],
}

DEMO_PDF = b"%PDF-1.4\n% demo evidence for the example county\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


SAMPLE_YEAR = 2024


def _this_year(text: str) -> str:
    """Move the sample plan to the current year so that the demo has work due, not only
    work two years overdue: every "20xx年" shifts by the same number of years."""
    shift = timezone.localdate().year - SAMPLE_YEAR
    return re.sub(r"(20\d\d)年", lambda m: f"{int(m.group(1)) + shift}年", text)


class Command(BaseCommand):
    help = "载入示例县演示数据(可重复执行)。"

    def handle(self, *args, **options):
        with transaction.atomic():
            gov, _ = Government.objects.get_or_create(name=GOV, defaults={"level": "county"})
            units = self._directory(gov)
            users = self._users(gov, units)
        plan = Plan.objects.filter(government=gov).first()
        if plan is None:
            plan = self._plan(gov, users["admin"])
            self._reports(plan, users)
        self._registers(gov, units)
        from fazhiweb.annual.demo import load as load_annual

        self.stdout.write(load_annual(gov, users))
        from fazhiweb.assessment.demo import load as load_assessment

        load_assessment(gov, users)
        from fazhiweb.hierarchy.demo import load as load_hierarchy

        upper_lines = load_hierarchy(gov, PASSWORD)  # 示例市 above 示例县, two sibling counties
        from fazhiweb.registers.filing import demo_filings
        from fazhiweb.registers.models import FilingLink

        if not FilingLink.objects.filter(source__government=gov).exists():
            demo_filings(gov)  # a few 规范性文件 filed with 示例市, reviewed at different stages
        self.stdout.write(self.style.SUCCESS(f"演示数据就绪:{gov.name} · {plan.title}({plan.get_status_display()})"))
        self.stdout.write(f"演示账号(密码均为 {PASSWORD}):")
        for username, name, role, unit in USERS:
            label = dict(Membership.ROLES)[role]
            self.stdout.write(f"  {username:8s} {name} · {label}{'(' + unit + ')' if unit else ''}")
        self.stdout.write("上级政府演示(示例市及其下辖县):")
        for line in upper_lines:
            self.stdout.write(line)
        self.stdout.write("启动:.venv/bin/python manage.py runserver 127.0.0.1:8000  → http://127.0.0.1:8000")

    def _registers(self, gov, units) -> None:
        """A year of invented 行政复议/应诉/规范性文件 (and the other registers) cases."""
        from fazhiweb.registers.demo import fill

        names = [n for n in DEPTS if n not in NOT_GOV_DEPTS and n != "县司法局"] + [t for t, _ in TOWNS]
        done = fill(gov, names, timezone.localdate(), owners={"reconsideration": units["县司法局"]})
        if done:
            self.stdout.write("案件台账:" + "、".join(f"{k} {n} 件" for k, n in done.items()))

    def _directory(self, gov) -> dict:
        units = {}
        for name in DEPTS:
            short = name.removeprefix("县委" if name.startswith("县委") else "县")
            units[name], _ = Unit.objects.get_or_create(government=gov, name=name,
                                                        defaults={"kind": "dept", "short_name": short})
        for name, kind in TOWNS:
            units[name], _ = Unit.objects.get_or_create(government=gov, name=name, defaults={"kind": kind})
        for gname, (aliases, members) in GROUPS.items():
            g, created = UnitGroup.objects.get_or_create(government=gov, name=gname, defaults={"aliases": aliases})
            if created:
                g.members.set([units[m] for m in members])
        return units

    def _users(self, gov, units) -> dict:
        out = {}
        for username, name, role, unit in USERS:
            # a (reserved, undeliverable) address, so that `fazhi remind` on the demo writes mails
            user, created = User.objects.get_or_create(username=username, defaults={
                "first_name": name, "email": f"{username}@example.org"})
            if created or user.check_password(OLD_PASSWORD):
                user.set_password(PASSWORD)
                user.is_staff = username == "admin"
                user.save()
            Membership.objects.get_or_create(user=user, defaults={
                "government": gov, "role": role, "unit": units[unit] if unit else None})
            out[username] = user
        return out

    def _document(self) -> tuple[dict, str]:
        if SAMPLE.exists():
            try:
                text = _this_year(SAMPLE.read_text(encoding="utf-8"))
                doc = fazhi.parse_source(fazhi.Source(blocks=text.splitlines()))
            except (OSError, fazhi.FazhiError) as exc:
                self.stderr.write(f"示例文件无法解析({exc}),使用内置计划。")
            else:
                if doc.get("tasks"):
                    return doc, doc.get("title") or SAMPLE.name
                self.stderr.write("示例文件未识别出任务,使用内置计划。")
        return FALLBACK_DOC, "内置示例计划"

    def _plan(self, gov, admin) -> Plan:
        doc, source = self._document()
        plan = plan_services.create_plan_from_document(admin, gov, doc, source_name=source)
        plan_services.settle_mentions(admin, plan)
        plan_services.publish(admin, plan)
        plan.refresh_from_db()
        return plan

    def _reports(self, plan, users):
        def assignments(unit_name):
            return list(Assignment.objects.filter(task__plan=plan, unit__name=unit_name, active=True)
                        .select_related("task").order_by("task__order"))

        sfj, dh = assignments("县司法局"), assignments("东湖镇")
        admin = users["admin"]
        pdf = SimpleUploadedFile("工作台账.pdf", DEMO_PDF)
        if len(sfj) >= 3:
            r = progress_services.submit_report(users["sifaju"], sfj[0], {
                "status": "done", "text": "已按要求完成,相关制度已印发。", "percent": 100,
                "figures": {i: t.get("value") for i, t in enumerate(sfj[0].task.targets or [])}}, [pdf])
            progress_services.review_report(admin, r, "accept")
            r = progress_services.submit_report(users["sifaju"], sfj[1], {
                "status": "in_progress", "text": "已起草工作方案。", "percent": 30})
            progress_services.review_report(admin, r, "return", "请补充具体推进措施和时间节点。")
            progress_services.submit_report(users["sifaju"], sfj[2], {
                "status": "behind", "text": "因人员调整,进度滞后,已调整分工。", "percent": 20})
        if len(dh) >= 2:
            progress_services.submit_report(users["donghu"], dh[0], {
                "status": "in_progress", "text": "已召开镇党委会专题研究。", "percent": 50},
                [SimpleUploadedFile("会议照片.pdf", DEMO_PDF + b"% 2\n")])
            r = progress_services.submit_report(users["donghu"], dh[1], {
                "status": "cannot_finish", "reason": "上级配套政策尚未出台。", "text": "已完成前期调研。",
                "percent": 10})
            progress_services.review_report(admin, r, "accept")
