"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Everything here is skipped (with the reason) when /usr/bin/chromium or the playwright package
is missing; `make test` installs Chromium when it runs as root. Screenshots of each step go to
test-artifacts/browser/.

Playwright's sync API keeps an event loop in the main thread, which trips Django's
async-safety check on ORM calls made by the test itself; DJANGO_ALLOW_ASYNC_UNSAFE is set
while the browser is up (the live server runs in its own thread and is unaffected).
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402

from fazhiweb.accounts.models import Government, Membership  # noqa: E402
from fazhiweb.directory import services as directory_services  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PASSWORD = "pw-for-browser-123"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def missing_reason() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "浏览器测试已跳过:未安装 playwright(.venv/bin/pip install playwright)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"浏览器测试已跳过:未找到 {CHROMIUM}(以 root 运行 make test 会用 apt 安装 chromium)"
    return None


def seed_path(number: str = "000") -> Path | None:
    """A seed document from ../shared/seeds/ (FAZHI_SHARED overrides ../shared)."""
    shared = Path(os.environ.get("FAZHI_SHARED") or ROOT.parent / "shared")
    found = sorted((shared / "seeds").glob(f"{number}_*.txt"))
    return found[0] if found else None


# ----------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):  # no stale screenshots from an earlier run
        old.unlink()
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield b
            finally:
                b.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _browser_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()  # test databases reuse ids and data versions: no page body from an earlier test


class Session:
    """One logged-in person: a browser context with its own cookies and one page."""

    def __init__(self, browser, base_url: str, viewport: dict):
        self.base_url = base_url.rstrip("/")
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        resp = self.page.goto(self.url(path))
        assert resp is not None and resp.ok, f"{path}: HTTP {resp.status if resp else '—'}"
        return resp

    def login(self, username: str, password: str = PASSWORD):
        self.page.goto(self.url("/accounts/login/"))
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("main form button.primary")
        self.page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))
        return self

    def shot(self, name: str, max_height: int = 2400):
        """Screenshot of the page from the top, at most max_height CSS pixels tall (long
        dashboards would take seconds to capture whole)."""
        width, height = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, max_height)}
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, clip=clip)

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, live_server):
    sessions: list[Session] = []

    def make(username: str | None = None, viewport: dict = DESKTOP) -> Session:
        s = Session(browser, live_server.url, viewport)
        sessions.append(s)
        if username:
            s.login(username)
        return s

    yield make
    for s in sessions:
        s.close()
    errors = [e for s in sessions for e in s.errors]
    assert not errors, f"JavaScript errors: {errors}"


# ----------------------------------------------------------------------------- the county

GOV_DEPTS = ["区政府办公室", "区司法局", "区行政审批局", "区财政局", "区民政局", "区发展改革局", "区审计局",
             "区信访局"]
PARTY_UNITS = ["区委编办", "区委党校", "区委组织部"]
TOWNS = [("田横镇", "town"), ("金口镇", "town"), ("通济街道", "subdistrict"), ("龙山街道", "subdistrict"),
         ("田横岛度假区管委", "other"), ("蓝谷高新区管委", "other"), ("通济新经济区管委", "other")]
ALIASES = {"区司法局": ["司法局"]}
SHORT_NAMES = {"区发展改革局": "发改局"}  # "发展改革局" in the seed is 区发展改革局 without the own prefix
GROUPS = {  # name → (aliases, members)
    "区政府各部门": ([], GOV_DEPTS),
    "区直各单位": ([], PARTY_UNITS),
    "区政府有关部门": ([], [u for u in GOV_DEPTS if u != "区司法局"]),
    "区直有关单位": ([], PARTY_UNITS),
    "各镇政府": (["各镇人民政府", "各街道办事处"], [t for t, _ in TOWNS]),
}


def _person(username: str, name: str, gov, role: str, unit=None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=name)
    Membership.objects.create(user=user, government=gov, role=role, unit=unit)
    return user


@pytest.fixture
def jimo(transactional_db):
    """青岛市即墨区 with the units and groups seed 000 names, and its people:
    王主任 (office), 李局长 (leader), 张联络员 (区司法局 liaison), 钱联络员 (区财政局 liaison)."""
    gov = Government.objects.create(name="青岛市即墨区", level="county")
    units = {}
    for name in GOV_DEPTS + PARTY_UNITS:
        units[name] = directory_services.create_unit(None, gov, {
            "name": name, "short_name": SHORT_NAMES.get(name, ""), "kind": "dept", "aliases": ALIASES.get(name, [])})
    for name, kind in TOWNS:
        units[name] = directory_services.create_unit(None, gov, {"name": name, "kind": kind})
    for gname, (aliases, members) in GROUPS.items():
        directory_services.save_group(None, gov, None, {"name": gname, "aliases": aliases,
                                                        "members": [units[m] for m in members]})
    gov.u = units
    gov.people = {
        "王主任": _person("wang", "王主任", gov, Membership.OFFICE),
        "李局长": _person("li", "李局长", gov, Membership.LEADER),
        "张联络员": _person("zhang", "张联络员", gov, Membership.LIAISON, units["区司法局"]),
        "钱联络员": _person("qian", "钱联络员", gov, Membership.LIAISON, units["区财政局"]),
    }
    return gov


@pytest.fixture
def evidence_pdf(tmp_path) -> Path:
    """A small, valid one-page PDF made with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "规范性文件清理台账.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("evidence")
    c.drawString(72, 760, "Jimo district: normative documents review ledger, 2020.")
    c.drawString(72, 740, "Reviewed: 128 documents; repealed: 6; amended: 11.")
    c.showPage()
    c.save()
    return path


@pytest.fixture
def activity(jimo):
    """A published plan with one returned report of the 区司法局 (the audit log has field changes
    to show; the liaison's home has a returned report)."""
    from fazhiweb.plans import services as plan_services
    from fazhiweb.plans.models import Assignment
    from fazhiweb.progress import services as progress_services

    from .test_layout import DOC

    office, liaison = jimo.people["王主任"], jimo.people["张联络员"]
    plan = plan_services.create_plan_from_document(office, jimo, DOC, source_name="即墨区工作计划.txt")
    plan_services.publish(office, plan)
    a = Assignment.objects.filter(task__plan=plan, unit=jimo.u["区司法局"]).order_by("task__order").first()
    r = progress_services.submit_report(liaison, a, {"status": "in_progress", "percent": 40,
                                                     "text": "已完成规范性文件清理方案起草,正在征求意见。" * 4})
    progress_services.review_report(office, r, "return", "请补充清理文件目录。")
    return plan


def no_sideways_scroll(s) -> None:
    """The page does not scroll sideways (elements inside a scrolling box are allowed to)."""
    from .test_layout import OVERFLOW_JS

    info = s.page.evaluate(OVERFLOW_JS)
    assert info["scrollWidth"] <= info["innerWidth"] + 1, info
