"""Reliability: optimistic locking of reports, and no partial records when the server is killed.

Locking: a report carries `lock_version`; the review form and API send back the value the user saw and
the service changes the row with a conditional UPDATE, so a second concurrent change gets
"该报告已被他人修改,请刷新后重试" and nothing is overwritten. A new report is based on the assignment's
current report version (hidden `base_version` in the form, `version` in the API).

Crash tests: a real server process (wsgiref via django.core.servers.basehttp) against a temp SQLite
file and temp media folder, paused inside the import / upload transaction by a hook that exists
only in the launcher below (nothing in the application code), then killed with SIGKILL.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhiweb.audit.models import AuditEntry
from fazhiweb.core.workflow import CONFLICT_MESSAGE
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services
from fazhiweb.progress.models import Report

from .conftest import PDF_BYTES

CONFLICT = CONFLICT_MESSAGE
ROOT = Path(__file__).resolve().parents[2]


def _assignment(plan, unit_name="县司法局", path="一/(一)"):
    return Assignment.objects.get(task__plan=plan, task__path_key=path, unit__name=unit_name)


def _submitted(plan, people, text="已召开专题会议。"):
    return services.submit_report(people["张联络员"], _assignment(plan), {"status": "in_progress", "text": text,
                                                                        "percent": 40})


def _audit(action):
    return AuditEntry.objects.filter(action=action).count()


# ---------------------------------------------------------------- optimistic locking: pages

def test_two_reviewers_second_gets_conflict(client, published_plan, people):
    from django.test import Client

    r = _submitted(published_plan, people)
    office2 = Client()
    client.force_login(people["王主任"])
    office2.force_login(people["王主任"])
    # both open the report page and see the same lock version
    seen = [c.get(reverse("progress:report", args=[r.pk])).context["report"].lock_version for c in (client, office2)]
    assert seen == [0, 0]
    assert 'name="lock_version" value="0"' in client.get(reverse("progress:report", args=[r.pk])).content.decode()
    resp = client.post(reverse("progress:review", args=[r.pk]), {"action": "accept", "lock_version": "0"})
    assert resp.status_code == 302 and resp.url == reverse("progress:review_queue")
    resp = office2.post(reverse("progress:review", args=[r.pk]),
                        {"action": "return", "comment": "请补充材料。", "lock_version": "0"}, follow=True)
    assert CONFLICT in resp.content.decode()
    r.refresh_from_db()
    assert (r.state, r.review_comment, r.lock_version) == (Report.ACCEPTED, "", 1)
    assert _audit("report.accept") == 1 and _audit("report.return") == 0


def test_liaison_revision_based_on_stale_version_is_refused(client, published_plan, people):
    from django.test import Client

    a = _assignment(published_plan)
    r1 = _submitted(published_plan, people)
    services.review_report(people["王主任"], r1, "return", "请补充。")
    liaison2 = Client()
    client.force_login(people["张联络员"])
    liaison2.force_login(people["张联络员"])
    url = reverse("progress:report_new", args=[a.pk])
    # both liaisons open the form while version 1 (returned) is current
    for c in (client, liaison2):
        page = c.get(url)
        assert page.context["base_version"] == 1 and 'name="base_version" value="1"' in page.content.decode()
    data = {"status": "in_progress", "percent": "60", "base_version": "1"}
    resp = client.post(url, {**data, "text": "第一人修订。", "token": "t-a"})
    assert resp.status_code == 302
    resp = liaison2.post(url, {**data, "text": "第二人修订。", "token": "t-b"})
    assert resp.status_code == 409 and CONFLICT in resp.content.decode()
    # the second user's text stays in the form; the form now builds on version 2
    assert "第二人修订。" in resp.content.decode() and resp.context["base_version"] == 2
    assert list(a.reports.order_by("version").values_list("version", "text")) == [
        (1, "已召开专题会议。"), (2, "第一人修订。")]
    assert _audit("report.submit") == 2  # v1 and the winning v2


def test_office_review_while_liaison_revises(client, published_plan, people):
    """The liaison's form was based on version 1; the office accepted a version 2 meanwhile."""
    a = _assignment(published_plan)
    r1 = _submitted(published_plan, people)
    services.review_report(people["王主任"], r1, "return", "请补充。")
    client.force_login(people["张联络员"])
    url = reverse("progress:report_new", args=[a.pk])
    assert client.get(url).context["base_version"] == 1
    r2 = services.submit_report(people["张联络员"], a, {"status": "done", "text": "已完成。", "percent": 100},
                                base_version=1)
    services.review_report(people["王主任"], r2, "accept", lock_version=0)
    resp = client.post(url, {"status": "in_progress", "percent": "50", "text": "过时的修订。", "base_version": "1",
                             "token": "t-c"})
    assert resp.status_code == 409 and CONFLICT in resp.content.decode()
    assert a.reports.count() == 2 and a.latest_report().state == Report.ACCEPTED


def test_stale_lock_version_refused_in_service(published_plan, people):
    r = _submitted(published_plan, people)
    with pytest.raises(services.ReportConflict, match=CONFLICT):
        services.review_report(people["王主任"], r, "accept", lock_version=5)
    with pytest.raises(ValidationError):  # a garbage version is a validation error, not a crash
        services.review_report(people["王主任"], r, "accept", lock_version="abc")
    r.refresh_from_db()
    assert r.state == Report.SUBMITTED and r.lock_version == 0 and _audit("report.accept") == 0
    # without a version (older callers) the review still works, and bumps the lock version
    services.review_report(people["王主任"], r, "accept")
    r.refresh_from_db()
    assert r.state == Report.ACCEPTED and r.lock_version == 1 and _audit("report.accept") == 1


def test_conditional_update_loses_race(published_plan, people, monkeypatch):
    """Another transaction changes the row between our read and our write: the conditional UPDATE
    matches nothing, the service refuses, and its transaction (audit entry included) rolls back."""
    from django.db.models import F
    from django.utils import timezone as real_timezone

    r = _submitted(published_plan, people)

    class RacingClock:
        @staticmethod
        def now():
            Report.objects.filter(pk=r.pk).update(lock_version=F("lock_version") + 1, review_comment="别人改的")
            return real_timezone.now()

    monkeypatch.setattr(services, "timezone", RacingClock)
    with pytest.raises(services.ReportConflict):
        services.review_report(people["王主任"], r, "accept", lock_version=0)
    r.refresh_from_db()
    # the racing change itself ran inside the rolled-back transaction, so the row is untouched
    assert (r.state, r.lock_version, r.review_comment) == (Report.SUBMITTED, 0, "")
    assert _audit("report.accept") == 0


# ---------------------------------------------------------------- optimistic locking: API

def _token(client, username):
    from .conftest import PASSWORD

    resp = client.post("/api/token", json.dumps({"username": username, "password": PASSWORD}),
                       content_type="application/json")
    return {"HTTP_AUTHORIZATION": f"Token {resp.json()['token']}"}


def test_api_review_without_version_still_works(client, published_plan, people):
    r = _submitted(published_plan, people)
    office = _token(client, "wang")
    resp = client.post(f"/api/reports/{r.pk}/review", json.dumps({"action": "accept"}),
                       content_type="application/json", **office)
    assert resp.status_code == 200
    again = client.post(f"/api/reports/{r.pk}/review", json.dumps({"action": "accept"}),
                        content_type="application/json", **office)
    assert again.status_code in (400, 409) and _audit("report.accept") == 1


def test_api_review_conflict_is_409(client, published_plan, people):
    r = _submitted(published_plan, people)
    office = _token(client, "wang")
    url = f"/api/reports/{r.pk}/review"
    first = client.post(url, json.dumps({"action": "accept", "lock_version": 0}),
                        content_type="application/json", **office)
    assert first.status_code == 200 and first.json()["lock_version"] == 1
    second = client.post(url, json.dumps({"action": "return", "comment": "补充", "lock_version": 0}),
                         content_type="application/json", **office)
    assert second.status_code == 409 and CONFLICT in second.json()["error"]
    assert _audit("report.accept") == 1 and _audit("report.return") == 0


def test_api_report_conflict_is_409(client, published_plan, people):
    a = _assignment(published_plan)
    liaison = _token(client, "zhang")
    url = f"/api/assignments/{a.pk}/reports"
    data = {"status": "in_progress", "text": "进展", "percent": "10", "version": "0"}
    first = client.post(url, {**data, "files": [SimpleUploadedFile("a.pdf", PDF_BYTES)]}, **liaison)
    assert first.status_code == 201
    services.review_report(people["王主任"], Report.objects.get(), "return", "请补充。")
    stale = client.post(url, data, **liaison)  # still based on "no report yet"
    assert stale.status_code == 409 and CONFLICT in stale.json()["error"]
    assert Report.objects.count() == 1 and _audit("report.submit") == 1


# ---------------------------------------------------------------- killing the server mid-request

CAN_KILL = hasattr(signal, "SIGKILL") and hasattr(os, "fork")
crash = pytest.mark.skipif(not CAN_KILL, reason="needs a POSIX platform (fork and SIGKILL) to kill the server")

CRASH_PLAN = """示例县2025年法治政府建设工作要点
一、依法全面履行政府职能
（一）深化审批改革。（牵头单位：县司法局）
（二）推进政务公开。（牵头单位：县司法局）
二、严格规范公正文明执法
（一）规范执法行为。（责任单位：县司法局）
（二）加强执法监督。（责任单位：县司法局）
"""

# Run in a subprocess as `python -c SERVER <mode> <port> <marker>`; the database and media folder come
# from FAZHI_DB_PATH / FAZHI_MEDIA_ROOT. Test-only pause hooks are installed here, by wrapping module
# functions of the running server; the application code has no test hooks.
SERVER = r'''
import json, os, pathlib, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")
import django
django.setup()
mode, port, marker = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3])

def pause(state):
    marker.write_text(json.dumps(state))
    time.sleep(120)  # the test kills us with SIGKILL while we sit inside the transaction

if mode == "setup":
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from fazhiweb.accounts.models import Government, Membership
    from fazhiweb.directory.models import Unit
    from fazhiweb.plans import services
    call_command("migrate", verbosity=0)
    gov = Government.objects.create(name="示例县", level="county")
    sfj = Unit.objects.create(government=gov, name="县司法局", kind="dept")
    for username, role, unit in [("wang", "office", None), ("zhang", "liaison", sfj)]:
        user = User.objects.create_user(username, password="pw-for-tests-123")
        Membership.objects.create(user=user, government=gov, role=role, unit=unit)
    doc = {"title": "已发布计划", "year": 2025, "tasks": [
        {"path": ["一"], "text": "已有任务。", "units": {"lead": ["县司法局"]}}]}
    plan = services.create_plan_from_document(User.objects.get(username="wang"), gov, doc)
    services.publish(User.objects.get(username="wang"), plan)
    sys.exit(0)

if mode == "import":
    from fazhiweb.plans import services
    original, done = services.set_mentions, []
    def _set_mentions(task, units, resolver):
        original(task, units, resolver)
        done.append(task.pk)
        if len(done) == 2:  # half of the plan's 4 tasks are written
            pause({"tasks_in_transaction": task.plan.tasks.count()})
    services.set_mentions = _set_mentions

if mode == "upload":
    from fazhiweb.progress import services
    original_record = services.record
    def record(user, action, *args, **kwargs):
        entry = original_record(user, action, *args, **kwargs)
        if action == "report.submit":  # rows written, evidence file moved into place, not committed
            from django.conf import settings
            from fazhiweb.progress.models import Evidence
            ev = Evidence.objects.get()
            pause({"evidence_in_transaction": ev.path,
                   "file_in_place": (pathlib.Path(settings.MEDIA_ROOT) / ev.path).is_file()})
        return entry
    services.record = record

from django.core.servers.basehttp import WSGIServer, run
from django.core.wsgi import get_wsgi_application
run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """urllib with a cookie jar and Django's CSRF token taken from each form page."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=10) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def csrf(self, path: str) -> str:
        status, html = self.get(path)
        assert status == 200, (path, status)
        start = html.index('name="csrfmiddlewaretoken" value="') + len('name="csrfmiddlewaretoken" value="')
        return html[start:html.index('"', start)]

    def post(self, path: str, fields: dict, files: dict | None = None, timeout: float = 60) -> int:
        boundary = "----fazhi-test-boundary"
        body = io.BytesIO()
        for k, v in fields.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        for k, (name, data) in (files or {}).items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                       f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        req = urllib.request.Request(self.base + path, data=body.getvalue(), method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path})
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def login(self, username: str) -> None:
        token = self.csrf("/accounts/login/")
        assert self.post("/accounts/login/", {"csrfmiddlewaretoken": token, "username": username,
                                              "password": "pw-for-tests-123"}) == 200  # redirect followed


class Server:
    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.env = {**os.environ, "FAZHI_DB_PATH": str(tmp_path / "crash.sqlite3"),
                    "FAZHI_MEDIA_ROOT": str(tmp_path / "media"), "DJANGO_SETTINGS_MODULE": "fazhiweb.settings"}
        self.env.pop("DATABASE_URL", None)
        self.marker = tmp_path / "paused"
        self.proc: subprocess.Popen | None = None

    def run(self, mode: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", SERVER, mode, "0", str(self.marker)], env=self.env,
                              cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)

    def start(self, mode: str = "serve") -> Browser:
        port = _free_port()
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, mode, str(port), str(self.marker)],
                                     env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return Browser(base)
            except OSError:
                assert self.proc.poll() is None, "the server exited"
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None

    def wait_paused(self, timeout: float = 15) -> dict:
        """Wait for the hook's marker file; return what it saw inside the transaction."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return json.loads(self.marker.read_text())
            except (FileNotFoundError, ValueError):
                pass
            assert time.monotonic() < deadline, "the request never reached the pause"
            assert self.proc.poll() is None, "the server exited"
            time.sleep(0.05)

    def query(self, sql: str) -> list[tuple]:
        db = sqlite3.connect(self.env["FAZHI_DB_PATH"])
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def counts(self) -> dict[str, int]:
        tables = ["plans_plan", "plans_task", "plans_taskunitmention", "progress_report", "progress_evidence",
                  "audit_auditentry"]
        return {t: self.query(f"select count(*) from {t}")[0][0] for t in tables}


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path)
    s.run("setup")
    yield s
    s.kill()


def _in_thread(fn, *args) -> threading.Thread:
    result = {}

    def target():
        try:
            result["status"] = fn(*args)
        except Exception as exc:  # the connection dies with the server
            result["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.result = result
    t.start()
    return t


def _check_restart(server: Server) -> None:
    browser = server.start()
    status, html = browser.get("/accounts/login/")
    assert status == 200 and "csrfmiddlewaretoken" in html
    browser.login("wang")
    assert browser.get("/plans/")[0] == 200


@crash
def test_kill_during_plan_import_leaves_nothing(server):
    before = server.counts()
    browser = server.start("import")
    browser.login("wang")
    token = browser.csrf("/plans/upload/")
    t = _in_thread(browser.post, "/plans/upload/", {"csrfmiddlewaretoken": token},
                   {"file": ("崩溃测试要点.txt", CRASH_PLAN.encode())})
    assert server.wait_paused() == {"tasks_in_transaction": 2}  # half the plan is written, uncommitted
    server.kill()
    t.join(10)
    assert "status" not in t.result  # the request never completed
    assert server.counts() == before
    assert server.query("select count(*) from plans_plan where source_name like '%崩溃测试%'") == [(0,)]
    assert server.query("select count(*) from audit_auditentry where action = 'plan.import'") == [(1,)]  # setup's
    _check_restart(server)
    assert server.counts() == before


@crash
def test_kill_during_evidence_upload_leaves_no_report(server):
    before = server.counts()
    assert before["progress_report"] == 0
    aid = server.query("select id from plans_assignment")[0][0]
    browser = server.start("upload")
    browser.login("zhang")
    path = f"/progress/assignments/{aid}/report/"
    token = browser.csrf(path)
    t = _in_thread(browser.post, path, {"csrfmiddlewaretoken": token, "status": "in_progress", "percent": "30",
                                        "text": "崩溃前的报送", "token": "crash-1", "base_version": "0"},
                   {"files": ("纪要.pdf", PDF_BYTES)})
    seen = server.wait_paused()
    assert seen["file_in_place"]  # the row and its file exist inside the uncommitted transaction
    server.kill()
    t.join(10)
    assert "status" not in t.result
    assert server.counts() == before  # no report, no evidence row, no audit entry
    # every evidence row that exists has its file (none here); an orphan file on disk is acceptable
    _check_restart(server)
    # the same upload goes through after the restart
    server.kill()
    browser = server.start()
    browser.login("zhang")
    token = browser.csrf(path)
    status = browser.post(path, {"csrfmiddlewaretoken": token, "status": "in_progress", "percent": "30",
                                 "text": "重启后的报送", "token": "crash-2", "base_version": "0"},
                          {"files": ("纪要.pdf", PDF_BYTES)})
    assert status == 200
    rows = server.query("select r.text, e.path from progress_report r join progress_evidence e on e.report_id = r.id")
    assert [r[0] for r in rows] == ["重启后的报送"]
    assert (server.tmp / "media" / rows[0][1]).read_bytes() == PDF_BYTES
