"""Governments and accounts: the two set-up commands, a fresh installation run end to end, the
office's account pages, everyone's own password, the holiday table page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi import cli
from fazhiweb.accounts import services
from fazhiweb.accounts.models import Government, Membership
from fazhiweb.audit.models import AuditEntry
from fazhiweb.core.models import Holiday
from fazhiweb.directory.models import Unit

from .conftest import PASSWORD

NEW_PASSWORD = "A-new-secret-2024"



def _login(client, username: str, password: str) -> bool:
    """Through the login form, as a person does (the lockout backend needs the request)."""
    resp = client.post(reverse("login"), {"username": username, "password": password})
    return resp.status_code == 302

def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def otp_from(text: str) -> str:
    m = re.search(r"一次性密码[::]\s*(?:<[^>]+>)?([A-Za-z0-9]{8,})", text)
    assert m, text
    return m.group(1)


# -- fazhi government add ---------------------------------------------------------------------

def test_government_add_builds_a_tree_and_is_idempotent(db, capsys):
    assert run(capsys, "government", "add", "示范省", "--level", "province")[0] == 0
    assert run(capsys, "government", "add", "甲市", "--level", "city", "--parent", "示范省")[0] == 0
    code, out, _ = run(capsys, "government", "add", "甲市", "--level", "city", "--parent", "示范省")
    assert code == 0 and "已存在,未作改动" in out
    assert Government.objects.filter(name="甲市").count() == 1
    assert AuditEntry.objects.filter(action="government.create").count() == 2
    city = Government.objects.get(name="甲市")
    assert city.parent.name == "示范省" and city.level == "city" and city.path == "示范省/甲市"


def test_government_add_clash_exits_2_with_a_message(db, capsys):
    run(capsys, "government", "add", "示例县", "--level", "county")
    code, out, err = run(capsys, "government", "add", "示例县", "--level", "town")
    assert code == 2 and "层级为县级" in err and "Traceback" not in err
    code, _, err = run(capsys, "government", "add", "东湖镇", "--level", "town", "--parent", "没有这个县")
    assert code == 2 and "找不到政府" in err
    code, _, err = run(capsys, "government", "add", "长" * 101, "--level", "county")
    assert code == 2 and "Traceback" not in err and not Government.objects.filter(level="county").exclude(
        name="示例县").exists()
    with pytest.raises(SystemExit) as exc:  # argparse refuses an unknown level
        cli.main(["government", "add", "x", "--level", "village"])
    assert exc.value.code == 2


def test_names_are_unique_among_one_parents_children_only(db, capsys):
    for county in ("甲县", "乙县"):
        run(capsys, "government", "add", county, "--level", "county")
        assert run(capsys, "government", "add", "城关镇", "--level", "town", "--parent", county)[0] == 0
    assert Government.objects.filter(name="城关镇").count() == 2
    # the bare name is now ambiguous: a clear refusal naming both, and the path form works
    code, _, err = run(capsys, "user", "add", "u1", "--government", "城关镇", "--role", "office")
    assert code == 2 and "甲县/城关镇" in err and "乙县/城关镇" in err
    assert run(capsys, "user", "add", "u1", "--government", "乙县/城关镇", "--role", "office")[0] == 0
    assert Membership.objects.get(user__username="u1").government.parent.name == "乙县"


def test_town_government_is_linked_to_the_unit_of_its_name(db, capsys):
    run(capsys, "government", "add", "示例县", "--level", "county")
    county = Government.objects.get(name="示例县")
    unit = Unit.objects.create(government=county, name="东湖镇", kind="town")
    run(capsys, "government", "add", "东湖镇", "--level", "town", "--parent", "示例县")
    assert Government.objects.get(name="东湖镇").unit == unit


# -- fazhi user add ---------------------------------------------------------------------------

def test_user_add_prints_a_one_time_password_that_must_be_changed(db, capsys, client):
    run(capsys, "government", "add", "示例县", "--level", "county")
    code, out, _ = run(capsys, "user", "add", "wang", "--role", "office", "--email", "wang@example.gov.cn")
    assert code == 0  # --government omitted: the installation's one government
    password = otp_from(out)
    m = Membership.objects.get(user__username="wang")
    assert m.must_change_password and m.government.name == "示例县" and m.user.email == "wang@example.gov.cn"
    assert password not in str(list(AuditEntry.objects.values_list("after", flat=True)))
    assert _login(client, "wang", password)
    resp = client.get(reverse("plans:list"))
    assert resp.status_code == 302 and resp["Location"] == reverse("accounts:password_change")
    resp = client.post(reverse("accounts:password_change"), {"old_password": password, "new_password1": NEW_PASSWORD,
                                                    "new_password2": NEW_PASSWORD})
    assert resp.status_code == 302
    assert client.get(reverse("plans:list")).status_code == 200
    m.refresh_from_db()
    assert not m.must_change_password
    assert AuditEntry.objects.filter(action="password.change", username="wang").exists()


def test_user_add_makes_the_three_administrators(db, capsys):
    run(capsys, "government", "add", "示例县", "--level", "county")
    for name, role in (("sun", "sysadmin"), ("zhou", "secadmin"), ("wu", "auditor")):
        code, out, _ = run(capsys, "user", "add", name, "--role", role)
        assert code == 0 and Membership.objects.get(user__username=name).role == role
    assert "审计管理员" in out
    with pytest.raises(SystemExit) as exc:  # argparse refuses an unknown role
        run(capsys, "user", "add", "x", "--role", "root")
    assert exc.value.code == 2


def test_user_add_refusals(db, capsys):
    run(capsys, "government", "add", "示例县", "--level", "county")
    code, _, err = run(capsys, "user", "add", "zhang", "--role", "liaison")
    assert code == 2 and "联络员必须指定所在单位" in err
    code, _, err = run(capsys, "user", "add", "zhang", "--role", "liaison", "--unit", "县司法局")
    assert code == 2 and "单位名录中没有" in err
    code, _, err = run(capsys, "user", "add", "zhang", "--role", "office", "--unit", "县司法局")
    assert code == 2 and "只有联络员关联单位" in err
    code, _, err = run(capsys, "user", "add", "zhang", "--role", "office", "--email", "not-an-address")
    assert code == 2 and "邮箱" in err
    run(capsys, "user", "add", "zhang", "--role", "office")
    code, _, err = run(capsys, "user", "add", "zhang", "--role", "office")
    assert code == 2 and "已被使用" in err
    run(capsys, "government", "add", "邻县", "--level", "county")
    code, _, err = run(capsys, "user", "add", "li", "--role", "leader")
    assert code == 2 and "多个政府" in err
    assert not User.objects.filter(username="li").exists()


def test_remind_takes_the_government_name(db, capsys):
    run(capsys, "government", "add", "示例县", "--level", "county")
    assert run(capsys, "remind", "--government", "示例县", "--date", "2024-07-03")[0] == 0
    code, _, err = run(capsys, "remind", "--government", "没有", "--date", "2024-07-03")
    assert code == 2 and "找不到政府" in err


# -- a fresh installation, set up with the two commands only ----------------------------------

FRESH_PLAN = """示例县2024年法治政府建设工作要点
一、严格规范公正文明执法
（一）规范执法行为，2024年6月底前完成执法案卷评查。（牵头单位：县司法局）
"""


def test_fresh_installation_from_the_two_commands_to_a_reminder_mail(db, capsys, client):
    assert run(capsys, "government", "add", "示例县", "--level", "county")[0] == 0
    code, out, _ = run(capsys, "user", "add", "office1", "--government", "示例县", "--role", "office")
    assert code == 0
    # the office logs in with the one-time password and must set their own first
    assert _login(client, "office1", otp_from(out))
    assert client.get(reverse("directory:index")).status_code == 302
    client.post(reverse("accounts:password_change"), {"old_password": otp_from(out), "new_password1": NEW_PASSWORD,
                                             "new_password2": NEW_PASSWORD})
    assert client.post(reverse("directory:unit_new"), {"name": "县司法局", "kind": "dept"}).status_code == 302
    unit = Unit.objects.get(name="县司法局")
    resp = client.post(reverse("accounts:user_new"), {"username": "zhang", "full_name": "张联络员", "role": "liaison",
                                                       "unit": unit.pk, "email": "zhang@example.gov.cn"})
    assert resp.status_code == 200 and "一次性密码" in resp.content.decode()
    assert Membership.objects.get(user__username="zhang").must_change_password
    resp = client.post(reverse("plans:upload"), {"file": SimpleUploadedFile("要点.txt", FRESH_PLAN.encode())})
    assert resp.status_code == 302, resp.content.decode()[:500]
    plan_url = resp["Location"]
    plan_pk = int(re.search(r"/plans/(\d+)/", plan_url).group(1))
    resp = client.post(reverse("plans:publish", args=[plan_pk]))
    assert resp.status_code == 302 and "dashboard" in resp["Location"]
    mail.outbox.clear()
    code, out, _ = run(capsys, "remind", "--date", "2024-07-03")
    assert code == 0 and "发送 1 封" in out
    assert [m.to for m in mail.outbox] == [["zhang@example.gov.cn"]]
    assert "县司法局" in mail.outbox[0].subject


# -- the office's account pages ---------------------------------------------------------------

def test_office_manages_its_users_each_change_audited(client, people, county):
    client.force_login(people["王主任"])
    resp = client.post(reverse("accounts:user_new"), {"username": "qian", "role": "liaison",
                                                       "unit": county.u["县财政局"].pk, "email": "qian@example.gov.cn",
                                                       "phone": "0531-1234567"})
    assert resp.status_code == 200 and "no-store" in resp["Cache-Control"]
    m = Membership.objects.get(user__username="qian")
    assert (m.unit, m.phone, m.must_change_password) == (county.u["县财政局"], "0531-1234567", True)
    resp = client.post(reverse("accounts:user_edit", args=[m.pk]), {"role": "leader", "email": "q@example.gov.cn",
                                                                     "full_name": "钱局长"})
    assert resp.status_code == 302
    m.refresh_from_db()
    assert (m.role, m.unit, m.user.email, m.user.first_name) == ("leader", None, "q@example.gov.cn", "钱局长")
    old_hash = m.user.password
    resp = client.post(reverse("accounts:user_reset", args=[m.pk]))
    m.user.refresh_from_db()
    assert m.user.check_password(otp_from(resp.content.decode())) and m.user.password != old_hash
    client.post(reverse("accounts:user_active", args=[m.pk]), {"active": "0"})
    m.user.refresh_from_db()
    assert not m.user.is_active and User.objects.filter(username="qian").exists()  # deactivated, not deleted
    actions = list(AuditEntry.objects.filter(object_type="accounts.membership", object_id=str(m.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["user.create", "user.update", "user.reset_password", "user.deactivate"]
    body = client.get(reverse("accounts:users")).content.decode()
    assert "qian" in body and "已停用" in body and "waixian" not in body


def test_office_cannot_touch_another_governments_accounts_or_itself(client, people):
    client.force_login(people["外县主任"])
    target = people["张联络员"].membership
    assert client.post(reverse("accounts:user_reset", args=[target.pk])).status_code == 404
    assert client.get(reverse("accounts:user_edit", args=[target.pk])).status_code == 404
    client.force_login(people["王主任"])
    me = people["王主任"].membership
    client.post(reverse("accounts:user_active", args=[me.pk]), {"active": "0"})
    me.user.refresh_from_db()
    assert me.user.is_active


def test_user_form_errors_are_shown_not_raised(client, people, county):
    client.force_login(people["王主任"])
    resp = client.post(reverse("accounts:user_new"), {"username": "zhang", "role": "office"})
    assert resp.status_code == 200 and "已被使用" in resp.content.decode()
    resp = client.post(reverse("accounts:user_new"), {"username": "new1", "role": "liaison"})
    assert resp.status_code == 200 and "联络员必须选择所在单位" in resp.content.decode()
    other_unit = Unit.objects.get(name="邻县司法局")
    resp = client.post(reverse("accounts:user_new"), {"username": "new2", "role": "liaison", "unit": other_unit.pk})
    assert resp.status_code == 200 and not User.objects.filter(username="new2").exists()


def test_everyone_changes_their_own_password(client, people):
    client.force_login(people["赵联络员"])
    resp = client.post(reverse("accounts:password_change"), {"old_password": "wrong", "new_password1": NEW_PASSWORD,
                                                    "new_password2": NEW_PASSWORD})
    assert resp.status_code == 200
    resp = client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                                    "new_password2": NEW_PASSWORD})
    assert resp.status_code == 302
    assert client.get(reverse("progress:my")).status_code == 200  # still logged in
    people["赵联络员"].refresh_from_db()
    assert people["赵联络员"].check_password(NEW_PASSWORD)


def test_find_government_without_any(db):
    with pytest.raises(services.AccountError, match="还没有任何政府"):
        services.find_government(None)


# -- the holiday table ------------------------------------------------------------------------

def test_office_keeps_the_holiday_table_audited(client, people):
    client.force_login(people["王主任"])
    resp = client.post(reverse("core:holidays"), {"date": "2099-01-01", "name": "元旦"})
    assert resp.status_code == 302
    day = Holiday.objects.get(date="2099-01-01")
    assert not day.is_workday
    client.post(reverse("core:holiday_edit", args=[day.pk]), {"date": "2099-01-01", "is_workday": "on",
                                                              "name": "调休"})
    day.refresh_from_db()
    assert day.is_workday
    resp = client.post(reverse("core:holidays"), {"date": "2099-01-01", "name": "重复"})
    assert resp.status_code == 200 and Holiday.objects.count() == 1
    client.post(reverse("core:holiday_delete", args=[day.pk]))
    assert not Holiday.objects.exists()
    assert list(AuditEntry.objects.filter(object_type="core.holiday").order_by("id").values_list("action", flat=True)) \
        == ["holiday.create", "holiday.update", "holiday.delete"]


def test_holiday_table_is_kept_by_the_top_level_office_only(client, people, county):
    town = Government.objects.create(name="东湖镇", level="town", parent=county)
    town_office = User.objects.create_user("town", password=PASSWORD)
    Membership.objects.create(user=town_office, government=town, role="office")
    client.force_login(town_office)
    assert client.get(reverse("core:holidays")).status_code == 403
    client.force_login(people["张联络员"])
    assert client.post(reverse("core:holidays"), {"date": "2099-01-01"}).status_code == 403
    assert not Holiday.objects.exists()


def test_services_refuse_a_non_office_actor(people, county):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        services.create_user(people["李局长"], county, "x1", "office")
    with pytest.raises(Http404):
        services.reset_password(people["外县主任"], people["张联络员"].membership)
    assert not User.objects.filter(username="x1").exists()


def test_a_deactivated_account_cannot_log_in_and_its_session_ends(client, people):
    client.force_login(people["张联络员"])
    services.set_active(people["王主任"], people["张联络员"].membership, False)
    assert client.get(reverse("progress:my")).status_code == 302  # back to the login page
    assert not _login(client, "zhang", PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_migration_to_the_government_tree_keeps_existing_rows():
    """Governments and memberships made before the tree exists survive the migration unchanged."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    old, new = [("accounts", "0004_alter_government_data_version")], \
        [("accounts", "0005_government_tree_member_phone_password_flag")]
    executor = MigrationExecutor(connection)
    executor.migrate(old)
    state = executor.loader.project_state(old).apps
    OldGov = state.get_model("accounts", "Government")
    OldUser = state.get_model("auth", "User")
    OldMember = state.get_model("accounts", "Membership")
    gov = OldGov.objects.create(name="旧县", level="county", data_version=1)
    OldMember.objects.create(user=OldUser.objects.create(username="old"), government=gov, role="office")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(new)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    g = Government.objects.get(name="旧县")
    assert (g.level, g.parent, g.unit) == ("county", None, None)
    m = Membership.objects.get(user__username="old")
    assert (m.government, m.phone, m.must_change_password) == (g, "", False)


def test_holidays_entered_in_bulk_all_or_nothing(client, people):
    client.force_login(people["王主任"])
    client.post(reverse("core:holidays_bulk"), {"lines": "2099-01-01 至 2099-01-03 放假 元旦\n2099-1-4 上班 元旦调休\n"})
    days = {h.date.isoformat(): h.is_workday for h in Holiday.objects.all()}
    assert days == {"2099-01-01": False, "2099-01-02": False, "2099-01-03": False, "2099-01-04": True}
    assert AuditEntry.objects.filter(object_type="core.holiday").count() == 4
    resp = client.post(reverse("core:holidays_bulk"), {"lines": "2099-02-01 放假 x\n2099-13-01 放假 坏日期"},
                       follow=True)
    assert "第2行" in resp.content.decode() and Holiday.objects.count() == 4


def test_a_one_time_password_gets_no_api_token(client, people, county):
    m, password = services.create_user(people["王主任"], county, "newbie", "leader")
    resp = client.post("/api/token", {"username": "newbie", "password": password})
    assert resp.status_code == 403 and "修改密码" in resp.json()["error"]
    services.change_own_password(m.user, NEW_PASSWORD)
    assert client.post("/api/token", {"username": "newbie", "password": NEW_PASSWORD}).status_code == 201
