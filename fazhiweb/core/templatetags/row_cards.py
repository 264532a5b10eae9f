"""Assignment rows of the liaison pages (the home's cards, the task list), built in Python: 30 rows
with three links each cost ~10 template nodes, an include and URL reversals apiece in the template
engine, the larger part of a cache miss. Same markup as the templates they replace (compared on
the province data); every value goes through format_html."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()
MARK = 987654321


def _pattern(name: str) -> str:
    return reverse(name, args=[MARK]).replace(str(MARK), "{}")


def _card(r, urls: dict) -> str:
    a = r.assignment
    task = a.task
    if r.overdue:
        cls, flag = " is-overdue", mark_safe(' <span class="overdue">已逾期</span>')
    elif r.due_soon:
        cls, flag = " is-soon", format_html(' <span class="soon">剩 {} 个工作日</span>', r.workdays_left)
    else:
        cls, flag = "", ""
    latest = r.latest
    if latest is not None and latest.state == "submitted":
        button = format_html('<a class="button" href="{}">审核中</a>', urls["report"].format(latest.pk))
    else:
        button = format_html('<a class="button primary" href="{}">{}</a>', urls["new"].format(a.pk),
                             "修改后重报" if latest is not None and latest.state == "returned" else "报送")
    return format_html(
        '<li class="item{}">\n  <div class="what"><a href="{}">{} {}</a>\n'
        '    <div class="muted">{} · {} · {}</div></div>\n'
        '  <div class="when"><b>{}</b>{}\n    <div class="muted">{}</div></div>\n'
        '  <div class="do">{}</div>\n</li>\n',
        cls, urls["task"].format(task.pk), task.label, task.short, a.unit.name, a.get_role_display(),
        task.plan.title, r.due.isoformat() if r.due else "无时限", flag, r.status_label, button)


@register.simple_tag
def item_cards(rows) -> str:
    """<li> cards of progress.dashboard.Row objects (the old home/_item.html)."""
    urls = {"task": _pattern("progress:task"), "report": _pattern("progress:report"),
            "new": _pattern("progress:report_new")}
    return mark_safe("".join(_card(r, urls) for r in rows))  # noqa: S308 -- built with format_html


def _task_row(r, urls: dict) -> str:
    a = r.assignment
    task = a.task
    latest = r.latest
    withdrawn = not a.active or task.removed
    if r.overdue:
        flag = mark_safe('<div class="overdue">已逾期</div>')
    elif r.due_soon:
        flag = format_html('<div class="soon">剩 {} 个工作日</div>', r.workdays_left)
    else:
        flag = ""
    if latest is not None and latest.state == "submitted":
        do = format_html('<a href="{}">审核中(可撤回)</a>', urls["report"].format(latest.pk))
    elif withdrawn:
        do = format_html('<a href="{}">查看报告</a>', urls["report"].format(latest.pk if latest else ""))
    else:
        do = format_html('<a class="button primary" href="{}">{}</a>', urls["new"].format(a.pk),
                         "修改后重报" if latest is not None and latest.state == "returned" else "报送进展")
    returned = (format_html('<div class="error">已退回:{}</div>', latest.review_comment)
                if latest is not None and latest.state == "returned" else "")
    pct = r.percent
    return format_html(
        '<tr>\n<td data-label="完成时限">{}{}</td>\n'
        '<td data-label="任务"><a href="{}">{} {}</a><div class="muted">{} · {}</div>{}</td>\n'
        '<td data-label="角色">{}</td>\n<td data-label="状态">{}{}</td>\n'
        '<td data-label="进度"><div class="bar" title="{}%"><span style="width: {}%"></span><em>{}%</em></div>\n</td>\n'
        '<td class="do">{}</td>\n</tr>',
        r.due.isoformat() if r.due else "—", flag, urls["task"].format(task.pk), task.label, task.short, a.unit.name,
        task.plan.title, mark_safe('<div class="error">该分工已在修订后的计划中撤销,已报送的报告保留</div>') if withdrawn else "",
        a.get_role_display(), r.status_label, returned, pct, pct, pct, do)


@register.simple_tag
def task_rows(rows) -> str:
    """<tr> rows of the liaison's task list (progress/_my_body.html), as its loop rendered them."""
    urls = {"task": _pattern("progress:task"), "report": _pattern("progress:report"),
            "new": _pattern("progress:report_new")}
    return mark_safe("".join(_task_row(r, urls) for r in rows))  # noqa: S308 -- built with format_html
