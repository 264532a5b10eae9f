"""The main pages at 1280×800 and on a 390-pixel-wide phone: no horizontal overflow of the
page (wide tables scroll inside their own box), and the navigation stays usable."""

from __future__ import annotations

import re

import pytest

from fazhiweb.plans import services as plan_services
from fazhiweb.plans.models import Assignment
from fazhiweb.progress import services as progress_services

from .conftest import ARTIFACTS, DESKTOP, PHONE, missing_reason

if (_reason := missing_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)

DOC = {
    "kind": "plan", "title": "2020年青岛市即墨区法治政府建设工作计划", "year": 2020,
    "default_deadline": "2020-12-31", "aliases": {},
    "tasks": [
        {"path": ["二", "(一)"], "heading": "完善依法行政制度体系", "title": None,
         "text": "持续开展规范性文件清理工作,确保制度建设始终与经济社会发展相适应。",
         "units": {"lead": ["区司法局"], "responsible": ["区政府有关部门", "区直有关单位"], "support": []},
         "deadlines": [], "targets": []},
        {"path": ["五", "(二)"], "heading": "强化对行政权力的制约监督", "title": None,
         "text": "落实行政机关负责人出庭应诉情况和不出庭情况通报制度,保持行政机关负责人出庭应诉率100%。",
         "units": {"lead": ["区司法局"], "responsible": ["区政府有关部门", "各镇政府"], "support": []},
         "deadlines": [{"date": "2020-06-30", "text": "2020年6月底前", "recurring": None}],
         "targets": [{"value": 100, "unit": "%", "op": ">=", "text": "行政机关负责人出庭应诉率100%"}]},
        {"path": ["六", "(一)"], "heading": "完善矛盾纠纷多元化解机制", "title": None,
         "text": "坚持发展新时代“枫桥经验”,完善矛盾纠纷多元化解机制。全区建立行政调解委员会不少于5个。",
         "units": {"lead": ["区司法局"], "responsible": ["区政府各部门", "各镇政府"], "support": ["区信访局"]},
         "deadlines": [], "targets": [{"value": 5, "unit": "个", "op": ">=", "text": "行政调解委员会不少于5个"}]},
    ],
}

OVERFLOW_JS = """() => {
  const w = window.innerWidth, out = [];
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 1 && !scrolls(el)) out.push(el.tagName.toLowerCase() + '.' + el.className + ' → ' + Math.round(r.right));
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, culprits: out.slice(0, 8)};
}"""


@pytest.fixture
def ledger(jimo):
    """A published three-task plan with one report in each state for the 区司法局 liaison."""
    office, liaison = jimo.people["王主任"], jimo.people["张联络员"]
    plan = plan_services.create_plan_from_document(office, jimo, DOC, source_name="即墨区工作计划.txt")
    plan_services.publish(office, plan)
    mine = list(Assignment.objects.filter(task__plan=plan, unit=jimo.u["区司法局"]).order_by("task__order"))
    r = progress_services.submit_report(liaison, mine[0], {"status": "done", "percent": 100,
                                                           "text": "已完成规范性文件清理,共清理文件 128 件。"})
    progress_services.review_report(office, r, "accept")
    r = progress_services.submit_report(liaison, mine[1], {"status": "in_progress", "percent": 60,
                                                           "text": "出庭应诉率 92%,正在督促。", "figures": {0: 92}})
    progress_services.review_report(office, r, "return", "请补充未出庭案件的说明。")
    submitted = progress_services.submit_report(liaison, mine[2], {"status": "behind", "percent": 20,
                                                                   "text": "已建立调解委员会 2 个。"})
    return {"plan": plan, "mine": mine, "submitted": submitted, "task": mine[0].task}


def _pages(jimo, ledger) -> dict[str | None, list[str]]:
    plan, task = ledger["plan"], ledger["task"]
    return {
        None: ["/accounts/login/", "/public/", f"/public/plans/{plan.pk}/"],
        "wang": ["/plans/", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/dashboard/",
                 f"/plans/{plan.pk}/units/{jimo.u['区司法局'].pk}/", f"/plans/tasks/{task.pk}/",
                 "/progress/review/", f"/progress/reports/{ledger['submitted'].pk}/", "/plans/upload/",
                 "/directory/", "/audit/", "/accounts/users/", "/accounts/users/new/", "/holidays/",
                 "/accounts/password/", "/search/?q=规范性文件"],
        "li": [f"/plans/{plan.pk}/dashboard/"],
        "zhang": ["/progress/my/", f"/progress/assignments/{ledger['mine'][1].pk}/report/",
                  f"/plans/tasks/{task.pk}/"],
    }


NAV_JS = """() => [...document.querySelectorAll('header.top nav a, header.top .who button')].map(el => {
  const r = el.getBoundingClientRect(), st = getComputedStyle(el);
  return {text: el.textContent.trim(), left: r.left, right: r.right, height: r.height,
          visible: r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none'};
})"""


def _check_nav(page, width: int) -> list[str]:
    """Every nav link (and the logout button) is shown inside the screen and big enough to tap."""
    items = page.evaluate(NAV_JS)
    if not any(i["text"] for i in items):
        return ["no navigation links"]
    return [f"{i['text']}: {i}" for i in items
            if not i["visible"] or i["left"] < 0 or i["right"] > width + 1 or i["height"] < 20]


def test_main_pages_fit_phone_and_desktop(open_session, jimo, ledger):
    """Each page is checked at 390×844 and at 1280×800 (resizing one logged-in page)."""
    problems = []
    for username, paths in _pages(jimo, ledger).items():
        s = open_session(username, viewport=PHONE)
        for path in paths:
            s.goto(path)
            for viewport in (PHONE, DESKTOP):
                s.page.set_viewport_size(viewport)
                width = viewport["width"]
                where = f"{username or '匿名'} {path} @{width}"
                info = s.page.evaluate(OVERFLOW_JS)
                if info["scrollWidth"] > info["innerWidth"] + 1:
                    name = re.sub(r"\W+", "-", path).strip("-")
                    s.shot(f"overflow-{width}-{username or 'anon'}-{name}")
                    problems.append(f"{where}: {info}")
                problems += [f"{where} nav {p}" for p in _check_nav(s.page, width)]
            s.page.set_viewport_size(PHONE)
    assert not problems, "\n".join(problems)


def test_phone_navigation_works(open_session, jimo, ledger):
    s = open_session("wang", viewport=PHONE)
    s.goto("/plans/")
    s.shot("phone-01-plans")
    s.page.locator("header.top nav a", has_text="待审核").click()
    s.page.wait_for_url(re.compile(r"/progress/review/$"))
    assert "待审核报告" in s.page.locator("h1").inner_text()
    s.page.locator("main table tr", has_text="区司法局").get_by_role("link", name="审核").click()
    s.page.wait_for_url(re.compile(r"/progress/reports/\d+/$"))
    s.shot("phone-02-report")
    s.page.locator("header.top nav a", has_text="审计日志").click()
    s.page.wait_for_url(re.compile(r"/audit/$"))
    s.page.locator("header.top .who button").click()
    s.page.wait_for_url(re.compile(r"/accounts/login/"))

    liaison = open_session("zhang", viewport=PHONE)
    liaison.shot("phone-03-my-tasks")
    liaison.page.get_by_role("link", name="修改后重报").click()
    liaison.page.wait_for_url(re.compile(r"/report/$"))
    box = liaison.page.get_by_role("button", name="提交").bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    liaison.shot("phone-04-report-form")
    assert (ARTIFACTS / "phone-04-report-form.png").exists()

    # The overflow probe itself notices a page that is too wide.
    liaison.page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                          "'<div id=too-wide style=\"width:600px\">x</div>')")
    info = liaison.page.evaluate(OVERFLOW_JS)
    assert info["scrollWidth"] > PHONE["width"] and any("too-wide" in c or c.startswith("div") for c in info["culprits"])
