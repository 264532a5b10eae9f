"""Writing audit entries. Called by every service function that changes data."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from fazhiweb.audit import chain
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
    "token.revoke": "撤销接口令牌",
    "login": "登录",
    "login.fail": "登录失败",
    "login.lockout": "登录锁定",
    "logout": "退出登录",
    "session.idle": "空闲超时退出",
    "password.change": "修改密码",
    "otp.enable": "启用动态口令",
    "account.create": "新建账户",
    "account.update": "修改账户",
    "backup.restore": "从备份恢复",
    "audit.prune": "清理过期审计记录",
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
    "register.create": "登记台账案件",
    "register.edit": "修改台账案件",
    "register.import": "导入台账",
    "register.settings": "修改台账统计口径",
    "register.file_add": "上传台账案件文件",
    "register.file_remove": "删除台账案件文件",
    "assessment.system.import": "导入指标体系",
    "assessment.category": "设置考核对象类别",
    "assessment.category.unit": "调整单位考核类别",
    "assessment.bind": "设置指标数据来源",
    "assessment.weight": "设置本办自定权重",
    "assessment.round.open": "组织考核",
    "assessment.grades": "设置考核等次规则",
    "assessment.round.refresh": "按数据计分",
    "assessment.round.score": "截止自评、开始评分",
    "assessment.round.announce": "反馈考核结果",
    "assessment.round.publish": "公布考核结果",
    "assessment.self": "报送自评",
    "assessment.file": "上传考核佐证材料",
    "assessment.score": "考核评分",
    "assessment.veto": "认定一票否决",
    "assessment.appeal.submit": "提出申诉",
    "assessment.appeal.keep": "复核维持",
    "assessment.appeal.change": "复核改分",
    "assessment.mark": "示范创建自查",
    "plan.archive": "归档计划",
    "plan.unarchive": "取消归档",
    "annual.start": "起草年度报告",
    "annual.edit": "修改年度报告",
    "annual.accept_figures": "年度报告采用登记簿新数据",
    "annual.approve": "审定年度报告",
    "annual.submit": "报送部门年度报告",
    "annual.secrecy": "年度报告保密审查",
    "annual.dispatch": "登记年度报告报送",
    "annual.publish": "公开年度报告",
    "annual.settings": "修改年度报告设置",
    "government.create": "新增政府",
    "user.create": "新增用户",
    "user.update": "修改用户",
    "user.reset_password": "重置密码",
    "user.deactivate": "停用用户",
    "user.self_denied": "拒绝办理本人账号",
    "user.unlock": "解除锁定并撤销令牌",
    "user.activate": "启用用户",
    "user.password_change": "修改本人密码",
    "inspection.issue": "下发督察通知",
    "inspection.sign": "签收督察通知",
    "inspection.reply": "反馈督察整改情况",
    "inspection.close": "督察核查销号",
    "inspection.return": "督察退回整改",
    "hierarchy.report.upload": "上传下级年度报告",
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
    username: str | None = None,
    bump: bool = True,
) -> AuditEntry:
    """Append one audit entry and bump the government's data version (the page caches' key, see
    core.pagecache); an entry without a government (the holiday table, ...) bumps every government.
    Call inside the service's transaction, after the change, so that both commit together.
    Security events (logins, tokens) pass bump=False: no record changed, cached pages stay good;
    `username` names who acted when there is no user (a failed login's name)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        if government is None:
            government = getattr(obj, "government", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    if bump:
        bump_data_version(government)
    entry = AuditEntry(
        government=government,
        user=user if authenticated else None,
        username=(username or (user.get_username() if authenticated else "系统"))[:150],
        at=timezone.now(),
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        before=_jsonable(before),
        after=_jsonable(after),
    )
    with transaction.atomic():
        chain.lock_chain(connection, entry.government_id)
        last = (AuditEntry.objects.filter(government_id=entry.government_id).order_by("-id")
                .values_list("entry_hash", flat=True).first())
        entry.prev_hash = last or ""
        entry.entry_hash = chain.digest(chain.entry_fields(entry))
        entry.save()
    return entry


def bump_data_version(government=None) -> None:
    """Mark the government's records (all governments' for None) as changed: cached pages keyed by
    the previous version are never served again."""

    Government = apps.get_model("accounts", "Government")  # by label: audit sits below accounts

    # by app label: every app records through audit, so audit imports none of them
    Government = apps.get_model("accounts", "Government")
    gid = getattr(government, "pk", government)
    qs = Government.objects.all() if gid is None else Government.objects.filter(pk=gid)
    qs.update(data_version=F("data_version") + 1)
