"""API: token flow and upload → publish → report → review."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhiweb.plans import services as plan_services
from fazhiweb.progress.models import Report

from .conftest import PASSWORD, PDF_BYTES, PLAN_DOC


def _token(client, username):
    resp = client.post("/api/token", json.dumps({"username": username, "password": PASSWORD}),
                       content_type="application/json")
    assert resp.status_code == 201
    return {"HTTP_AUTHORIZATION": f"Token {resp.json()['token']}"}


def test_token_errors(client, people):
    assert client.post("/api/token", {"username": "wang", "password": "wrong"}).status_code == 401
    assert client.get("/api/plans").status_code == 401
    assert client.get("/api/plans", HTTP_AUTHORIZATION="Token nope").status_code == 401
    assert client.get("/api/token").status_code == 405


def test_openapi_lists_endpoints(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/token", "/api/plans", "/api/plans/{id}/publish", "/api/plans/{id}/tasks", "/api/assignments",
            "/api/assignments/{id}/reports", "/api/reports/{id}/review", "/api/audit"} <= set(spec["paths"])


def test_full_flow(client, people, county, monkeypatch):
    monkeypatch.setattr(plan_services, "parse_file", lambda path: PLAN_DOC)
    office = _token(client, "wang")
    liaison = _token(client, "zhang")
    up = SimpleUploadedFile("要点.txt", "一、测试\n".encode())
    resp = client.post("/api/plans", {"file": up}, **office)
    assert resp.status_code == 201, resp.content
    plan_id = resp.json()["id"]
    # liaison may not see the draft nor publish it
    assert client.get(f"/api/plans/{plan_id}/tasks", **liaison).status_code == 403
    assert client.post(f"/api/plans/{plan_id}/publish", **liaison).status_code == 403
    # unresolved 区司法局 blocks publishing with a clear message
    resp = client.post(f"/api/plans/{plan_id}/publish", **office)
    assert resp.status_code == 400 and "区司法局" in resp.json()["error"]
    tasks = client.get(f"/api/plans/{plan_id}/tasks", **office).json()["tasks"]
    assert len(tasks) == 3
    from fazhiweb.plans.models import TaskUnitMention

    plan_services.resolve_mention(people["王主任"], TaskUnitMention.objects.get(raw_name="区司法局"),
                                  unit=county.u["县司法局"])
    resp = client.post(f"/api/plans/{plan_id}/publish", **office)
    assert resp.status_code == 200 and resp.json()["assignments"]["created"] == 8
    mine = client.get("/api/assignments", **liaison).json()["assignments"]
    assert {a["unit"] for a in mine} == {"县司法局"} and len(mine) == 2
    aid = mine[0]["id"]
    resp = client.post(f"/api/assignments/{aid}/reports",
                       {"status": "done", "text": "完成", "percent": "100",
                        "files": [SimpleUploadedFile("a.pdf", PDF_BYTES)]},
                       HTTP_IDEMPOTENCY_KEY="k1", **liaison)
    assert resp.status_code == 201, resp.content
    rid = resp.json()["id"]
    again = client.post(f"/api/assignments/{aid}/reports", {"status": "done", "text": "完成", "percent": "100"},
                        HTTP_IDEMPOTENCY_KEY="k1", **liaison)
    assert again.json()["id"] == rid and Report.objects.count() == 1
    bad = client.post(f"/api/assignments/{aid}/reports", {"status": "done", "text": "x", "percent": "150"},
                      **liaison)
    assert bad.status_code == 400
    assert client.post(f"/api/reports/{rid}/review", {"action": "accept"}, **liaison).status_code == 403
    resp = client.post(f"/api/reports/{rid}/review", json.dumps({"action": "return"}),
                       content_type="application/json", **office)
    assert resp.status_code == 400 and "意见" in resp.json()["error"]
    resp = client.post(f"/api/reports/{rid}/review", json.dumps({"action": "accept", "comment": "好"}),
                       content_type="application/json", **office)
    assert resp.status_code == 200 and resp.json()["state"] == "accepted"
    audit = client.get("/api/audit", **office).json()["entries"]
    assert {"plan.import", "plan.publish", "report.submit", "report.accept"} <= {e["action"] for e in audit}
    assert client.get("/api/audit", **liaison).status_code == 403
    assert client.get("/api/assignments/999999/reports", **liaison).status_code == 405
    assert client.post("/api/assignments/999999/reports", {}, **liaison).status_code == 404


def test_api_draft_withdraw_and_liaison_scope(client, published_plan, people):
    from fazhiweb.accounts.models import ApiToken
    from fazhiweb.plans.models import Assignment

    def auth(user):
        return {"HTTP_AUTHORIZATION": f"Token {ApiToken.objects.create(user=user, key=ApiToken.new_key()).key}"}

    zhang = auth(people["张联络员"])
    mine = client.get("/api/assignments", **zhang).json()["assignments"]
    assert mine and {a["unit"] for a in mine} == {"县司法局"}
    a = Assignment.objects.get(task__path_key="一/(一)", unit__name="县司法局")
    r = client.post(f"/api/assignments/{a.pk}/reports", {"status": "in_progress", "text": "草稿", "percent": 5,
                                                         "draft": "1"}, **zhang).json()
    assert r["state"] == "draft"
    r = client.post(f"/api/assignments/{a.pk}/reports", {"status": "in_progress", "text": "报送", "percent": 20},
                    **zhang).json()
    assert r["state"] == "submitted"
    resp = client.post(f"/api/reports/{r['id']}/withdraw", {"lock_version": r["lock_version"]}, **zhang)
    assert resp.status_code == 200 and resp.json()["state"] == "draft"
    zhao = auth(people["赵联络员"])
    assert client.post(f"/api/reports/{r['id']}/withdraw", {}, **zhao).status_code == 403
