"""Permission matrix: every persona × every page and API endpoint → allowed or denied."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhiweb.accounts.security import issue_token
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services
from fazhiweb.progress.models import Report

from .conftest import PDF_BYTES

PERSONAS = ["王主任", "李局长", "张联络员", "赵联络员", "外县主任", None]  # None = anonymous
O, L, Z, T, X, A = PERSONAS  # noqa: E741  (office, leader, 张, 赵, other county, anonymous)


@pytest.fixture
def world(published_plan, draft_plan_2, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a_sfj = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit__name="县司法局")
    a_town = Assignment.objects.get(task__plan=published_plan, task__path_key="一/(一)", unit__name="东湖镇")
    report = progress_services.submit_report(people["张联络员"], a_sfj, {"status": "in_progress", "text": "x",
                                             "percent": 10}, [SimpleUploadedFile("a.pdf", PDF_BYTES)])
    import datetime as dt

    from django.utils import timezone

    from fazhiweb.core.models import Notification
    from fazhiweb.supervision import services as supervision_services

    notice = supervision_services.issue_notice(
        people["王主任"], published_plan.government, a_sfj.unit, [a_sfj], "daily", "矩阵",
        (timezone.localdate() + dt.timedelta(days=10)).isoformat())
    return {"plan": published_plan, "draft": draft_plan_2, "task": a_sfj.task, "a_sfj": a_sfj, "a_town": a_town,
            "report": report, "evidence": report.evidence.get(), "unit": a_sfj.unit,
            "town": a_town.unit, "member": people["赵联络员"].membership, "notice": notice,
            "note": Notification.objects.get(user=people["张联络员"], kind="notice")}


@pytest.fixture
def draft_plan_2(county, people):
    from fazhiweb.plans.services import create_plan_from_document

    from .conftest import PLAN_DOC

    return create_plan_from_document(people["王主任"], county, {**PLAN_DOC, "title": "草稿计划"})


def _pages(w):
    """(name, url, method, who may). Government-wide pages (lists, directory, audit) are open to the
    other county's office too — they show that county's own data (checked in test_isolation)."""
    everyone = {O, L, Z, T}
    return [
        ("计划列表", reverse("plans:list"), "get", everyone | {X}),
        ("已发布计划", reverse("plans:detail", args=[w["plan"].pk]), "get", everyone),
        ("草稿计划", reverse("plans:detail", args=[w["draft"].pk]), "get", {O, L}),
        ("进度看板", reverse("progress:dashboard", args=[w["plan"].pk]), "get", everyone),
        ("任务页", reverse("progress:task", args=[w["task"].pk]), "get", everyone),
        ("单位页(司法局)", reverse("progress:unit", args=[w["plan"].pk, w["unit"].pk]), "get", {O, L, Z}),
        ("导出分工表", reverse("progress:export_tasks", args=[w["plan"].pk]), "get", everyone),
        ("导出台账", reverse("progress:export_ledger", args=[w["plan"].pk]), "get", {O, L}),
        ("上传计划页", reverse("plans:upload"), "get", {O, X}),
        ("编辑任务", reverse("plans:task_edit", args=[w["task"].pk]), "get", {O}),
        ("发布草稿", reverse("plans:publish", args=[w["draft"].pk]), "post", {O}),
        ("单位名录", reverse("directory:index"), "get", everyone | {X}),
        ("新增单位", reverse("directory:unit_new"), "get", {O, X}),
        ("编辑单位", reverse("directory:unit_edit", args=[w["unit"].pk]), "get", {O}),
        ("导出名录", reverse("directory:export"), "get", everyone | {X}),
        ("本单位任务", reverse("progress:my"), "get", everyone | {X}),
        ("报送(司法局)", reverse("progress:report_new", args=[w["a_sfj"].pk]), "get", {Z}),
        ("报送(东湖镇)", reverse("progress:report_new", args=[w["a_town"].pk]), "get", {T}),
        ("报告详情", reverse("progress:report", args=[w["report"].pk]), "get", {O, L, Z}),
        ("佐证下载", reverse("progress:evidence", args=[w["evidence"].pk]), "get", {O, L, Z}),
        ("审核队列", reverse("progress:review_queue"), "get", {O, X}),
        ("审核", reverse("progress:review", args=[w["report"].pk]), "post", {O}),
        ("审计日志", reverse("audit:index"), "get", {O, X}),
        ("公开页", reverse("public_plan", args=[w["plan"].pk]), "get", set(PERSONAS)),
        ("公开页(草稿)", reverse("public_plan", args=[w["draft"].pk]), "get", set()),
        # issue 8: accounts, holidays, search, readable audit log, archiving (changes last)
        ("修改本人密码", reverse("accounts:password_change"), "get", everyone | {X}),
        ("搜索", reverse("search") + "?q=审批", "get", everyone | {X}),
        ("用户管理", reverse("accounts:users"), "get", {O, X}),
        ("新增用户", reverse("accounts:user_new"), "get", {O, X}),
        ("编辑用户", reverse("accounts:user_edit", args=[w["member"].pk]), "get", {O}),
        ("节假日调整", reverse("core:holidays"), "get", {O, X}),
        ("审计导出", reverse("audit:export"), "get", {O, X}),
        ("校验审计哈希链", reverse("audit:verify"), "get", {O, X}),
        ("节假日批量录入", reverse("core:holidays_bulk"), "post", {O, X}),
        ("重置密码", reverse("accounts:user_reset", args=[w["member"].pk]), "post", {O}),
        ("解锁并撤销令牌", reverse("accounts:user_unlock", args=[w["member"].pk]), "post", {O}),
        ("停用用户", reverse("accounts:user_active", args=[w["member"].pk]), "post", {O}),
        # issue 8: 督办 pages, home pages, the unread list, leaders' 批示
        ("督办首页", reverse("supervision:index"), "get", everyone | {X}),
        ("督办看板", reverse("supervision:board", args=[w["plan"].pk]), "get", {O, L}),
        ("导出督办看板", reverse("supervision:board_export", args=[w["plan"].pk]), "get", {O, L}),
        ("督办问题清单", reverse("supervision:notices"), "get", everyone | {X}),
        ("导出问题清单", reverse("supervision:notices_export"), "get", everyone | {X}),
        ("下发督办单", reverse("supervision:notice_new") + f"?plan={w['plan'].pk}&status=all", "get", {O, X}),
        ("督办单(司法局)", reverse("supervision:notice", args=[w["notice"].pk]), "get", {O, L, Z}),
        ("首页", reverse("home"), "get", everyone | {X}),
        ("待阅", reverse("inbox"), "get", everyone | {X}),
        ("打开待阅(张)", reverse("inbox_open", args=[w["note"].pk]), "get", {Z}),
        ("全部已读", reverse("inbox_read_all"), "post", everyone | {X}),
        ("批示任务", reverse("comment_add", args=["task", w["task"].pk]), "post", {L}),
        ("批示单位", reverse("comment_add", args=["unit", w["unit"].pk]), "post", {L}),
        ("批示督办单", reverse("comment_add", args=["notice", w["notice"].pk]), "post", {L}),
        ("归档计划", reverse("plans:archive", args=[w["plan"].pk]), "post", {O}),
    ]


def _allowed(resp) -> bool:
    return resp.status_code in (200, 302) and not (
        resp.status_code == 302 and "/accounts/login/" in resp.headers.get("Location", ""))


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_matrix(client, world, people, persona):
    if persona:
        client.force_login(people[persona])
    failures = []
    for name, url, method, who in _pages(world):
        data = {"action": "return", "comment": "矩阵测试"} if method == "post" else None
        resp = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        if method == "post" and persona in who and resp.status_code == 302:
            pass  # POST may redirect with a message (e.g. publish refused): still allowed
        got = _allowed(resp)
        if got != (persona in who):
            failures.append(f"{persona} {name} {url} → {resp.status_code}")
        if not got and persona is None and name != "公开页(草稿)":
            assert resp.status_code in (302, 404, 405), (name, resp.status_code)
    assert not failures, failures


def test_other_government_gets_404_not_403(client, world, people):
    client.force_login(people["外县主任"])
    assert client.get(reverse("plans:detail", args=[world["plan"].pk])).status_code == 404
    assert client.get(reverse("progress:report", args=[world["report"].pk])).status_code == 404


def _api(world):
    return [
        ("GET /api/plans", "get", "/api/plans", {O, L, Z, T, X}),
        ("GET tasks", "get", f"/api/plans/{world['plan'].pk}/tasks", {O, L, Z, T}),
        ("GET draft tasks", "get", f"/api/plans/{world['draft'].pk}/tasks", {O, L}),
        ("GET /api/assignments", "get", "/api/assignments", {O, L, Z, T, X}),
        ("POST report 司法局", "post", f"/api/assignments/{world['a_sfj'].pk}/reports", {Z}),
        ("POST review", "post", f"/api/reports/{world['report'].pk}/review", {O}),
        ("POST publish draft", "post", f"/api/plans/{world['draft'].pk}/publish", {O}),
        ("GET /api/audit", "get", "/api/audit", {O, X}),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix(client, world, people, persona):
    headers = {}
    if persona:
        _tok, key = issue_token(people[persona])
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    failures = []
    for name, method, url, who in _api(world):
        data = {"status": "in_progress", "text": "api", "percent": "5", "action": "return", "comment": "x"}
        resp = client.post(url, data, **headers) if method == "post" else client.get(url, **headers)
        if persona is None:
            if resp.status_code != 401:
                failures.append(f"anon {name} → {resp.status_code}")
            continue
        ok = resp.status_code < 300 or (resp.status_code == 400 and persona in who)
        if ok != (persona in who):
            failures.append(f"{persona} {name} → {resp.status_code} {resp.content[:80]!r}")
        elif persona not in who:
            assert resp.status_code in (403, 404), (name, resp.status_code)
    assert not failures, failures


def test_api_liaison_sees_only_own_assignments(client, world, people):
    _tok, key = issue_token(people["赵联络员"])
    data = client.get("/api/assignments", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert data["assignments"] and {a["unit"] for a in data["assignments"]} == {"东湖镇"}
    assert Report.objects.count() == 1


def test_isolation_lists_show_only_own_government(client, world, people):
    client.force_login(people["外县主任"])
    assert "示例县" not in client.get(reverse("plans:list")).content.decode()
    assert list(client.get(reverse("plans:list")).context["plans"]) == []
    body = client.get(reverse("directory:index")).content.decode()
    assert "邻县司法局" in body and "县财政局" not in body
    assert list(client.get(reverse("progress:review_queue")).context["reports"]) == []
    assert {e.action for e in client.get(reverse("audit:index")).context["page"]} <= {"login"}  # only its own
    _tok, key = issue_token(people["外县主任"])
    h = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/plans", **h).json()["plans"] == []
    assert client.get("/api/assignments", **h).json()["assignments"] == []
    assert {e["user"] for e in client.get("/api/audit", **h).json()["entries"]} == {"waixian"}


# -- case registers --------------------------------------------------------------------------------


@pytest.fixture
def reg_world(county, people):
    """A 行政复议 case kept by 县司法局 and one kept by 东湖镇, entered by the office."""
    from fazhiweb.registers import services as reg

    def case(no, unit):
        return reg.create_case(people["王主任"], county, "reconsideration", {
            "case_no": no, "applicant": "褚文博", "respondent": unit.name, "applied_on": "2025-06-02"}, unit=unit)

    return {"sfj": case("县复〔2025〕11号", county.u["县司法局"]), "town": case("县复〔2025〕12号", county.u["东湖镇"])}


def _register_pages(w):
    everyone = {O, L, Z, T}
    sfj, town = w["sfj"], w["town"]
    edit = {"version": sfj.version, "case_no": sfj.ref, "applied_on": "2025-06-03"}
    step = {"intake": "受理", "accepted_on": "2025-06-04"}  # no version: the current one
    return [
        ("台账总览", reverse("registers:overview"), None, everyone | {X}),
        ("复议台账", reverse("registers:register", args=["reconsideration"]), None, everyone | {X}),
        ("案件(司法局)", reverse("registers:case", args=[sfj.pk]), None, {O, L, Z}),
        ("案件(东湖镇)", reverse("registers:case", args=[town.pk]), None, {O, L, T}),
        ("登记", reverse("registers:new", args=["reconsideration"]), None, {O, Z, T, X}),
        ("导入", reverse("registers:import", args=["reconsideration"]), None, {O, Z, T, X}),
        ("导出", reverse("registers:export", args=["reconsideration"]), None, everyone | {X}),
        ("统计表", reverse("registers:stats_export", args=["reconsideration"]), None, everyone | {X}),
        ("口径设置", reverse("registers:settings"), None, {O, X}),
        ("修改(司法局)", reverse("registers:case", args=[sfj.pk]), edit, {O, Z}),
        ("受理(司法局)", reverse("registers:step", args=[sfj.pk, "accept"]), step, {O, Z}),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_register_matrix(client, reg_world, people, persona):
    from fazhiweb.registers.models import Case

    if persona:
        client.force_login(people[persona])
    failures = []
    for name, url, data, who in _register_pages(reg_world):
        resp = client.post(url, data) if data is not None else client.get(url)
        got = _allowed(resp)
        if got != (persona in who):
            failures.append(f"{persona} {name} {url} → {resp.status_code}")
        if not got and persona is not None:
            assert resp.status_code in (403, 404), (name, resp.status_code)
    assert not failures, failures
    sfj = Case.objects.get(pk=reg_world["sfj"].pk)
    assert (sfj.state == "accepted") == (persona in {O, Z})  # only they changed it


def test_register_other_government_and_other_unit_get_404(client, reg_world, people):
    client.force_login(people["外县主任"])
    assert client.get(reverse("registers:case", args=[reg_world["sfj"].pk])).status_code == 404
    assert "县复〔2025〕11号" not in client.get(reverse("registers:register", args=["reconsideration"])).content.decode()
    client.force_login(people["赵联络员"])
    body = client.get(reverse("registers:register", args=["reconsideration"])).content.decode()
    assert "县复〔2025〕12号" in body and "县复〔2025〕11号" not in body


# -- 三员分立: the system, security and audit administrators see no business data ----------------

ADMINS = {
    "sysadmin": {"用户管理", "新增用户", "编辑用户", "停用用户", "节假日调整", "节假日批量录入"},
    "secadmin": {"用户管理", "编辑用户", "重置密码", "解锁并撤销令牌"},
    "auditor": {"审计日志", "审计导出", "校验审计哈希链"},
}
EVERY_ACCOUNT = {"修改本人密码", "公开页", "首页"}  # 首页 sends an administrator to their own page


def _admin(county, role):
    from .conftest import _user

    return _user(f"admin-{role}", county, role)


@pytest.mark.parametrize("role", sorted(ADMINS))
def test_admin_role_matrix(client, world, county, role):
    client.force_login(_admin(county, role))
    may = ADMINS[role] | EVERY_ACCOUNT
    failures = []
    for name, url, method, _who in _pages(world):
        resp = client.post(url, {"action": "return", "comment": "矩阵"}) if method == "post" else client.get(url)
        if _allowed(resp) != (name in may):
            failures.append(f"{role} {name} {url} → {resp.status_code}")
        if name not in may:
            assert resp.status_code in (403, 404, 405), (name, resp.status_code)
    assert not failures, failures


def test_admin_roles_have_no_business_api(client, world, county):
    for role in ADMINS:
        _tok, key = issue_token(_admin(county, role))
        for name, method, url, _who in _api(world):
            resp = getattr(client, method)(url, HTTP_AUTHORIZATION=f"Token {key}")
            expected = (200,) if (role, name) == ("auditor", "GET /api/audit") else (403, 404)
            assert resp.status_code in expected, (role, name, resp.status_code)


def test_admin_home_goes_to_own_page(client, county):
    client.force_login(_admin(county, "auditor"))
    assert client.get(reverse("home"))["Location"] == reverse("audit:index")
    client.force_login(_admin(county, "sysadmin"))
    assert client.get(reverse("home"))["Location"] == reverse("accounts:users")


def test_no_one_administers_their_own_account(client, county, people):
    from fazhiweb.accounts import services
    from fazhiweb.accounts.models import Membership
    from fazhiweb.audit.models import AuditEntry

    sec = _admin(county, "secadmin")
    m = sec.membership
    with pytest.raises(services.AccountError):
        services.update_user(sec, m, role="office")
    with pytest.raises(services.AccountError):
        services.reset_password(sec, m)
    office = people["王主任"]
    client.force_login(office)
    resp = client.post(reverse("accounts:user_edit", args=[office.membership.pk]), {"role": "auditor"})
    assert resp.status_code == 200 and "自己" in resp.content.decode()
    client.post(reverse("accounts:user_active", args=[office.membership.pk]), {"active": "0"})
    assert Membership.objects.get(pk=office.membership.pk).role == "office"
    office.refresh_from_db()
    assert office.is_active
    denied = AuditEntry.objects.filter(action="user.self_denied")
    assert denied.count() == 4 and set(denied.values_list("username", flat=True)) == {"admin-secadmin", "wang"}


def test_security_admin_assigns_roles_system_admin_does_not(county, people):
    from django.core.exceptions import PermissionDenied

    from fazhiweb.accounts import services

    target, sys = people["李局长"].membership, _admin(county, "sysadmin")
    with pytest.raises(PermissionDenied):
        services.update_user(sys, target, role="auditor")
    with pytest.raises(PermissionDenied):  # nor may the system administrator make an administrator
        services.create_user(sys, county, "new-aud", "auditor")
    services.update_user(_admin(county, "secadmin"), target, role="auditor")
    target.refresh_from_db()
    assert target.role == "auditor"


def test_user_pages_offer_each_administrator_only_their_part(client, county, people):
    from fazhiweb.accounts.models import Membership

    client.force_login(_admin(county, "sysadmin"))
    page = client.get(reverse("accounts:user_new")).content.decode()
    assert 'value="liaison"' in page and 'value="auditor"' not in page  # roles of 三员 are the security admin's
    target = people["李局长"].membership
    client.force_login(_admin(county, "secadmin"))
    assert "新增用户</a>" not in client.get(reverse("accounts:users")).content.decode()
    resp = client.post(reverse("accounts:user_edit", args=[target.pk]),
                       {"role": "auditor", "email": "changed@example.cn", "full_name": "改名", "phone": "1"})
    assert resp.status_code == 302
    target = Membership.objects.select_related("user").get(pk=target.pk)
    assert target.role == "auditor" and target.user.email == "" and target.user.first_name == ""


def test_security_admin_unlocks_and_revokes_anothers_tokens(client, county, people):
    from axes.models import AccessAttempt

    from fazhiweb.accounts.security import active_tokens

    zhang = people["张联络员"]
    issue_token(zhang)
    AccessAttempt.objects.create(username="zhang", ip_address="10.0.0.9", user_agent="x", failures_since_start=5,
                                 get_data="", post_data="", http_accept="", path_info="/accounts/login/")
    client.force_login(_admin(county, "sysadmin"))
    assert client.post(reverse("accounts:user_unlock", args=[zhang.membership.pk])).status_code == 403
    assert AccessAttempt.objects.filter(username="zhang").exists()
    sec = _admin(county, "secadmin")
    client.force_login(sec)
    assert client.post(reverse("accounts:user_unlock", args=[zhang.membership.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(username="zhang").exists() and not active_tokens(zhang).exists()
    issue_token(sec)
    client.post(reverse("accounts:user_unlock", args=[sec.membership.pk]))
    assert active_tokens(sec).exists()  # not one's own


def test_auditor_verifies_own_chain(client, county, people):
    from fazhiweb.accounts import services

    services.update_user(people["王主任"], people["李局长"].membership, role="leader", phone="123")
    client.force_login(_admin(county, "auditor"))
    page = client.get(reverse("audit:verify"), follow=True).content.decode()
    assert "审计日志完整" in page


def test_django_admin_refuses_a_superuser_their_own_rights(client, county, people):
    from django.contrib.auth.models import User

    from fazhiweb.audit.models import AuditEntry

    root = User.objects.create_superuser("root", password="Root-pass-2026x")
    client.force_login(root)
    other = people["李局长"]
    page = client.get(reverse("admin:auth_user_change", args=[root.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_active"' not in page
    assert 'name="is_superuser"' in client.get(reverse("admin:auth_user_change", args=[other.pk])).content.decode()
    resp = client.post(reverse("admin:auth_user_password_change", args=[root.pk]),
                       {"password1": "Another-pass-2026", "password2": "Another-pass-2026"})
    assert resp["Location"] == reverse("accounts:password_change")
    root.refresh_from_db()
    assert root.check_password("Root-pass-2026x")
    assert AuditEntry.objects.filter(action="user.self_denied", username="root").exists()


def test_strict_separation_takes_administration_from_the_office(client, world, people, settings):
    settings.FAZHI_SEPARATE_ADMINS = True
    client.force_login(people["王主任"])
    for name in ("audit:index", "audit:export", "accounts:users", "accounts:user_new", "core:holidays"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("plans:detail", args=[world["plan"].pk])).status_code == 200  # business stays
    page = client.get(reverse("plans:list")).content.decode()
    assert "审计日志</a>" not in page and "用户管理</a>" not in page
