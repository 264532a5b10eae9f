"""Authentication: lockout (form and API), password rules, forced and expired passwords, idle
timeout, TOTP, hashed expiring tokens, login audit, accounts never deleted."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhiweb.accounts.middleware import LAST_SEEN
from fazhiweb.accounts.models import ApiToken, PasswordState
from fazhiweb.accounts.security import issue_token
from fazhiweb.audit.models import AuditEntry
from fazhiweb.scale.management.commands.load_demo import PASSWORD as DEMO_PASSWORD

from .conftest import PASSWORD

LOGIN = "/accounts/login/"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _api_token(client, username, password, ip="10.0.0.1"):
    return client.post("/api/token", json.dumps({"username": username, "password": password}),
                       content_type="application/json", REMOTE_ADDR=ip)


def _pass_window():
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))


def test_sixth_wrong_password_locks_the_account_for_the_window(people):
    client = Client()
    for _ in range(4):
        assert _login(client, "wang", "wrong-password-1").status_code == 200  # the form again
    assert _login(client, "wang", "wrong-password-1").status_code == 429  # the 5th failure locks
    resp = _login(client, "wang", PASSWORD)  # the right one: refused while locked
    assert resp.status_code == 429 and "锁定" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    assert _login(Client(), "wang", PASSWORD, ip="10.9.9.9").status_code == 429  # the account, from anywhere
    actions = list(AuditEntry.objects.filter(username="wang").values_list("action", flat=True))
    assert actions.count("login.fail") >= 5 and "login.lockout" in actions
    _pass_window()
    assert _login(client, "wang", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="login", username="wang").exists()


def test_api_token_lockout(people):
    client = Client()
    for _ in range(4):
        assert _api_token(client, "li", "wrong-password-1").status_code == 401
    assert _api_token(client, "li", "wrong-password-1").status_code == 429
    resp = _api_token(client, "li", PASSWORD)
    assert resp.status_code == 429 and "锁定" in resp.json()["error"]
    _pass_window()
    assert _api_token(client, "li", PASSWORD).status_code == 201


def test_an_address_is_locked_after_fifty_failures_not_five(people):
    client = Client()
    for i in range(49):  # many people behind one NAT address mistype their passwords
        _login(client, f"nobody{i % 9}", "wrong-password-1", ip="10.1.1.1")
    assert _login(client, "zhao", PASSWORD, ip="10.1.1.1").status_code == 302
    client.logout()
    _login(client, "nobody", "wrong-password-1", ip="10.1.1.1")  # the 50th
    assert _login(Client(), "zhang", PASSWORD, ip="10.1.1.1").status_code == 429
    assert _login(Client(), "zhang", PASSWORD, ip="10.2.2.2").status_code == 302


@pytest.mark.parametrize("bad", ["12345678", "password", "password123", "abcdefghijk", "1234567890123",
                                 "abc12345"])
def test_weak_passwords_refused(db, bad):
    with pytest.raises(ValidationError):
        validate_password(bad)


def test_password_rules_accept_good_and_refuse_the_username(db):
    user = User(username="zhangsanfeng")
    validate_password("he7-quiet-river", user)
    validate_password(DEMO_PASSWORD)
    validate_password(PASSWORD)
    with pytest.raises(ValidationError):
        validate_password("zhangsanfeng1", user)


def test_change_password_page_revokes_tokens(client, people):
    user = people["李局长"]
    _tok, key = issue_token(user)
    client.force_login(user)
    resp = client.post(reverse("accounts:password_change"),
                       {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert resp.status_code == 200 and "error" in resp.content.decode()
    resp = client.post(reverse("accounts:password_change"), {"old_password": PASSWORD,
                                                             "new_password1": "spring-rain-2031",
                                                             "new_password2": "spring-rain-2031"})
    assert resp.status_code == 302
    assert client.get("/api/plans", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert AuditEntry.objects.filter(action="token.revoke").exists()
    assert AuditEntry.objects.filter(action="password.change").exists()


def test_office_created_account_must_change_password_first(client, people):
    user = people["赵联络员"]
    PasswordState.objects.filter(user=user).update(must_change=True)
    assert _login(client, "zhao", PASSWORD).status_code == 302
    resp = client.get(reverse("progress:my"))
    assert resp.status_code == 302 and resp.url == reverse("accounts:password_change")
    client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": "river-stone-77",
                                                      "new_password2": "river-stone-77"})
    assert client.get(reverse("progress:my")).status_code == 200


def test_expired_password_must_be_changed(client, people, settings):
    settings.FAZHI_PASSWORD_MAX_AGE_DAYS = 90
    PasswordState.objects.filter(user=people["赵联络员"]).update(changed_at=timezone.now() - dt.timedelta(days=91))
    _login(client, "zhao", PASSWORD)
    assert client.get(reverse("progress:my")).url == reverse("accounts:password_change")
    settings.FAZHI_PASSWORD_MAX_AGE_DAYS = 0  # off (the demo)
    client.logout()
    _login(client, "zhao", PASSWORD)
    assert client.get(reverse("progress:my")).status_code == 200


def test_idle_session_times_out(client, people, settings):
    settings.FAZHI_IDLE_MINUTES = 30
    client.force_login(people["赵联络员"])
    assert client.get(reverse("progress:my")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("progress:my")).status_code == 200  # 29 minutes: still in
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    resp = client.get(reverse("progress:my"))
    assert resp.status_code == 302 and resp.url.startswith(reverse("login"))
    assert client.get(reverse("progress:my")).url.startswith(reverse("login"))
    assert AuditEntry.objects.filter(action="session.idle", username="zhao").exists()


def _code(device) -> str:
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code just before makes the device wait a second
    device.last_t = -1  # allow the current time step again
    device.save()
    return f"{totp(device.bin_key):06d}"


def test_totp_second_factor_for_office(client, people):
    user = people["王主任"]
    client.force_login(user)
    assert client.get(reverse("accounts:otp_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert "error" in client.post(reverse("accounts:otp_setup"), {"code": "12"}).content.decode()
    assert client.post(reverse("accounts:otp_setup"), {"code": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    assert _login(client, "wang", PASSWORD).status_code == 302
    resp = client.get(reverse("plans:list"))
    assert resp.status_code == 302 and resp.url.startswith(reverse("accounts:otp_verify"))
    assert client.post(reverse("accounts:otp_verify"), {"code": "12"}).status_code == 200
    assert client.post(reverse("accounts:otp_verify"), {"code": _code(device)}).status_code == 302
    assert client.get(reverse("plans:list")).status_code == 200
    assert AuditEntry.objects.filter(action="otp.enable", username="wang").exists()
    # the API asks for the code too
    assert _api_token(Client(), "wang", PASSWORD).status_code == 401
    resp = Client().post("/api/token", json.dumps({"username": "wang", "password": PASSWORD, "otp": _code(device)}),
                         content_type="application/json")
    assert resp.status_code == 201
    client.force_login(people["张联络员"])
    assert client.get(reverse("accounts:otp_setup")).status_code == 403  # office accounts only


def test_tokens_hashed_shown_once_listed_revoked_expiring(client, people, settings):
    resp = _api_token(client, "zhang", PASSWORD)
    assert resp.status_code == 201
    key = resp.json()["token"]
    tok = ApiToken.objects.get(user=people["张联络员"])
    assert key not in (tok.key_hash, tok.prefix) and tok.key_hash == ApiToken.hash_key(key)
    assert tok.expires_at - timezone.now() > dt.timedelta(days=89)
    h = {"HTTP_AUTHORIZATION": f"Token {key}"}
    listed = client.get("/api/tokens", **h).json()["tokens"]
    assert [t["prefix"] for t in listed] == [key[:8]] and "token" not in listed[0]
    # last_used: written once, not again within the minute
    tok.refresh_from_db()
    first = tok.last_used
    assert first is not None
    client.get("/api/plans", **h)
    tok.refresh_from_db()
    assert tok.last_used == first
    ApiToken.objects.filter(pk=tok.pk).update(last_used=first - dt.timedelta(minutes=2))
    client.get("/api/plans", **h)
    tok.refresh_from_db()
    assert tok.last_used > first - dt.timedelta(minutes=1)
    # the page lists it and revokes it
    client.force_login(people["张联络员"])
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert key[:8] in page and key not in page
    created = client.post(reverse("accounts:tokens"), {"action": "create"}).content.decode()
    assert ApiToken.objects.filter(user=people["张联络员"]).count() == 2
    new = ApiToken.objects.latest("id")
    assert new.prefix in created
    assert client.delete(f"/api/tokens/{tok.pk}", **h).json() == {"revoked": tok.pk}
    assert client.get("/api/plans", **h).status_code == 401
    assert AuditEntry.objects.filter(action="token.revoke", object_id=str(tok.pk)).exists()
    # an expired token is refused
    _t, key2 = issue_token(people["张联络员"])
    ApiToken.objects.filter(pk=_t.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/plans", HTTP_AUTHORIZATION=f"Token {key2}").status_code == 401


def test_someone_elses_token_cannot_be_revoked(client, people):
    other, _ = issue_token(people["李局长"])
    _t, key = issue_token(people["张联络员"])
    resp = client.delete(f"/api/tokens/{other.pk}", HTTP_AUTHORIZATION=f"Token {key}")
    assert resp.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_logout_audited_and_users_never_deleted(client, people):
    client.force_login(people["李局长"])
    client.post(reverse("logout"))
    assert AuditEntry.objects.filter(action="logout", username="li").exists()
    with pytest.raises(ProtectedError), transaction.atomic():
        people["李局长"].delete()
    assert User.objects.filter(username="li").exists()
