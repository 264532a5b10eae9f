"""Errors: junk API input gets JSON 400 (never an HTML 500); a locked database gets 503 请稍后重试
(JSON for the API, a page otherwise) after the busy timeout, while reads that need no write go on."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError
from django.test import Client

from fazhiweb.accounts.security import issue_token

from .test_reliability import Server


@pytest.fixture
def api(people):
    _tok, key = issue_token(people["王主任"])
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.mark.parametrize("method, path, body", [
    ("get", "/api/assignments?unit=abc", None),
    ("post", "/api/reports/1/review", [1, 2]),
    ("post", "/api/reports/1/review", "not json"),
    ("post", "/api/token", ["wang"]),
    ("post", "/api/token", {"username": ["wang"], "password": 1}),
    ("get", "/api/plans/abc/tasks", None),
    ("get", "/api/no-such-thing", None),
])
def test_junk_api_input_is_json_4xx(published_plan, api, method, path, body):
    client = Client(raise_request_exception=False)
    kwargs = dict(api)
    if body is not None:
        kwargs.update(data=body if isinstance(body, str) else json.dumps(body), content_type="application/json")
    resp = getattr(client, method)(path, **kwargs)
    assert resp.status_code in (400, 404), resp.content[:200]
    assert resp["Content-Type"].startswith("application/json") and resp.json()["error"]


def test_locked_database_in_a_view_is_503(client, people, api, monkeypatch):
    from fazhiweb.api import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views.Plan.objects, "filter", locked)
    client = Client(raise_request_exception=False)
    resp = client.get("/api/plans", **api)
    assert resp.status_code == 503 and "请稍后重试" in resp.json()["error"] and resp["Retry-After"]
    client.force_login(people["王主任"])
    monkeypatch.setattr("fazhiweb.plans.views.Plan.objects.filter", locked, raising=False)
    page = client.get("/plans/")
    assert page.status_code == 503 and "请稍后重试" in page.content.decode()


def _call(base, path, data=None, headers=None, timeout=30):
    req = urllib.request.Request(base + path, data=None if data is None else json.dumps(data).encode(),
                                 headers={"Content-Type": "application/json", **(headers or {})},
                                 method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode()


def test_sqlite_locked_by_another_writer(tmp_path):
    """A real server on a SQLite file while another process holds the write lock: a read goes on,
    a write gets 503 with 请稍后重试 after the busy timeout (JSON for the API, a page for a form)."""
    server = Server(tmp_path)
    server.run("setup")
    browser = server.start()
    try:
        status, _, body = _call(browser.base, "/api/token", {"username": "wang", "password": "pw-for-tests-123"})
        assert status == 201
        auth = {"Authorization": f"Token {json.loads(body)['token']}"}
        assert _call(browser.base, "/api/plans", headers=auth)[0] == 200  # last_used written now
        csrf = browser.csrf("/accounts/login/")
        lock = sqlite3.connect(server.env["FAZHI_DB_PATH"], timeout=1)
        lock.execute("BEGIN IMMEDIATE")
        lock.execute("UPDATE accounts_government SET name = name")
        try:
            t0 = time.monotonic()
            status, ctype, _ = _call(browser.base, "/api/plans", headers=auth)
            assert status == 200  # a read needs no write: it does not wait for the lock
            status, ctype, body = _call(browser.base, "/api/token", {"username": "wang",
                                                                   "password": "pw-for-tests-123"})
            waited = time.monotonic() - t0
            assert status == 503 and ctype.startswith("application/json") and "请稍后重试" in body
            assert waited >= 4  # after the busy timeout, not at once
            status = browser.post("/accounts/login/", {"csrfmiddlewaretoken": csrf, "username": "wang",
                                                       "password": "pw-for-tests-123"})
            assert status == 503
        finally:
            lock.rollback()
            lock.close()
        assert _call(browser.base, "/api/plans", headers=auth)[0] == 200
    finally:
        server.kill()


def test_errors_are_logged_with_request_id_and_disk_full_is_503(client, people, monkeypatch, settings):
    import errno
    from pathlib import Path

    from fazhiweb.plans import views as plan_views

    def broken(*args, **kwargs):
        raise RuntimeError("boom-for-the-log")

    client = Client(raise_request_exception=False)
    client.force_login(people["王主任"])
    monkeypatch.setattr(plan_views, "render", broken)
    resp = client.get("/plans/")
    assert resp.status_code == 500 and "请稍后重试" in resp.content.decode()
    rid = resp["X-Request-ID"]
    log = (Path(settings.LOG_DIR) / "fazhi.log").read_text(encoding="utf-8")
    assert f"[{rid}]" in log and "boom-for-the-log" in log  # traceback in the file, with the request id

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(plan_views, "render", full)
    resp = client.get("/plans/")
    assert resp.status_code == 503 and "存储空间不足" in resp.content.decode()


def test_audit_retention_below_six_months_refused(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "FAZHI_AUDIT_RETENTION_DAYS": "90", "DJANGO_SETTINGS_MODULE": "fazhiweb.settings"}
    proc = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "FAZHI_AUDIT_RETENTION_DAYS" in proc.stderr
