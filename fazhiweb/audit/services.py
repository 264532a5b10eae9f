"""Writing audit entries. Called by every service function that changes data."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.apps import apps
from django.db.models import F

from fazhiweb.audit.models import AuditEntry

ACTION_LABELS = {
    "unit.create": "新增单位",
    "unit.update": "修改单位",
    "group.create": "新增分组",
    "group.update": "修改分组",
    "directory.import": "导入单位名录",
    "plan.import": "导入计划",
    "plan.reimport": "重新导入计划",
    "plan.publish": "发布计划",
    "task.update": "修改任务",
    "mention.resolve": "确认单位",
    "mention.accept_suggestions": "按建议确认单位",
    "mention.add_units": "新增单位并确认",
    "task.decide": "决定修订稿的修改",
    "assignment.create": "生成分工",
    "report.save": "保存进展草稿",
    "report.submit": "报送进展",
    "report.withdraw": "撤回进展报告",
    "report.accept": "审核通过",
    "report.return": "退回修改",
    "token.create": "生成接口令牌",
    "notice.issue": "下发督办",
    "comment.add": "领导批示",
    "notice.sign": "签收督办",
    "notice.reply": "反馈整改情况",
    "notice.close": "核查销号",
    "notice.return": "退回整改",
    "reminder.send": "发送到期提醒",
    "holiday.create": "新增节假日调整",
    "holiday.update": "修改节假日调整",
    "holiday.delete": "删除节假日调整",
    "plan.archive": "归档计划",
    "plan.unarchive": "取消归档",
    "government.create": "新增政府",
    "user.create": "新增用户",
    "user.update": "修改用户",
    "user.reset_password": "重置密码",
    "user.deactivate": "停用用户",
    "user.activate": "启用用户",
    "user.password_change": "修改本人密码",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def record(
    user,
    action: str,
    obj=None,
    *,
    government=None,
    object_type: str | None = None,
    object_id: Any = None,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one audit entry and bump the government's data version (the page caches' key, see
    core.pagecache); an entry without a government (the holiday table, ...) bumps every government.
    Call inside the service's transaction, after the change, so that both commit together."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        if government is None:
            government = getattr(obj, "government", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    bump_data_version(government)
    return AuditEntry.objects.create(
        government=government,
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "系统",
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        before=_jsonable(before),
        after=_jsonable(after),
    )


def bump_data_version(government=None) -> None:
    """Mark the government's records (all governments' for None) as changed: cached pages keyed by
    the previous version are never served again."""
    # by app label: every app records through audit, so audit imports none of them
    Government = apps.get_model("accounts", "Government")
    gid = getattr(government, "pk", government)
    qs = Government.objects.all() if gid is None else Government.objects.filter(pk=gid)
    qs.update(data_version=F("data_version") + 1)
