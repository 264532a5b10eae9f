"""A province-sized, internally consistent dataset for load and scale tests.

Tree: 1 province, C cities (default 16) and the G governments as counties under the cities (a
city gets at least 6 counties, so fewer than 6 governments stay flat, without a province); the
upper governments have an office and a leader account and their own 规范性文件, and a share of
every government's 规范性文件 is filed with its parent, filling the parents' 备案审查 queues.

Shape (defaults of `generate_province`): G governments, each with U units (one liaison each), one
office and one leader account, P yearly plans (P defaults to U // fanout, so that every unit
carries about `tasks` assignments per plan year... see below) of T tasks, each task assigned to
`fanout` units (1 lead, 2 responsible, the rest support) with one unit mention per assignment;
R progress reports spread over the assignments (older plans carry more versions and are mostly
accepted as done, the current year's plan is in progress); N 督办 notices with their events.

With --governments 100 --units 60 --tasks 150 (P = 10, fanout 6) that is 150,000 tasks and
900,000 assignments: each unit has about 150 assignments per plan year's worth of tasks.

Rows are written with PostgreSQL COPY (psycopg 3 `cursor.copy()`) or, on other backends, with
large batched INSERTs. Each table is loaded in its own transaction, parents before children, so
a crash leaves a consistent (if partial) dataset; primary keys are assigned here, the sequences
are reset afterwards, and ANALYZE runs at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from fazhiweb.accounts.models import Government, Membership
from fazhiweb.directory.models import Unit
from fazhiweb.plans.models import Assignment, Plan, Task, TaskUnitMention
from fazhiweb.progress.models import Report
from fazhiweb.registers.models import Case, FilingLink
from fazhiweb.registers.scale import CASE_COLUMNS
from fazhiweb.supervision.models import Notice, NoticeEvent

CN = "一二三四五六七八九十"
SECTIONS = ["依法全面履行政府职能", "完善依法行政制度体系", "推进行政决策科学化民主化法治化", "严格规范公正文明执法",
            "强化行政权力制约和监督", "依法有效化解社会矛盾纠纷", "加强法治政府建设组织保障"]
VERBS = ["深化", "推进", "落实", "完善", "健全", "规范", "加强", "开展"]
OBJECTS = ["行政审批制度改革", "政务公开", "行政执法案卷评查", "重大行政决策程序", "合法性审查", "行政复议体制改革",
           "法律顾问制度", "诚信政府建设", "执法人员培训", "基层法治建设"]
DEPT_NAMES = ["司法局", "财政局", "发展改革局", "人社局", "市场监管局", "政务服务中心", "信访局", "生态环境分局",
              "交通运输局", "文旅局", "审计局", "自然资源局", "住建局", "农业农村局", "卫健委", "应急管理局",
              "教育局", "公安局", "民政局", "水利局"]
PROGRESS_TEXT = ["已制定工作方案,正在推进。", "已完成阶段性任务,按计划推进。", "已组织专题培训并开展自查。",
                 "已完成年度任务,相关材料已归档。", "受客观因素影响进度滞后,正在整改。"]
RETURN_COMMENTS = ["佐证材料不足,请补充。", "进展描述不具体,请细化。", "完成值与指标不符,请核实。"]
NOTICE_REASONS = ["任务进度滞后,请于期限前反馈整改情况。", "未按时报送进展,请说明原因。", "专项督查发现问题,请限期整改。"]
UTC = dt.UTC
MIN_COUNTIES_PER_CITY = 6  # 100 counties under 16 cities: six or seven each


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十一, 二十三); the generator never needs more."""
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return (CN[tens - 1] if tens > 1 else "") + "十" + (CN[ones - 1] if ones else "")


@dataclass
class Sizes:
    governments: int = 100
    units: int = 60
    tasks: int = 150
    reports: int = 3_000_000
    notices: int = 50_000
    plans: int | None = None  # per government; default max(1, units // fanout)
    fanout: int = 6  # units per task
    seed: int = 1
    password: str = "bench-pass-123"
    prefix: str = "压测"
    registers: bool = True  # a year of 行政复议/应诉/规范性文件 cases per government
    # The tree above the `governments` counties: a province and this many cities, the counties
    # shared out among the cities in blocks. A city has at least MIN_COUNTIES_PER_CITY counties,
    # so small runs (tests, a single county) stay flat, without a province.
    cities: int = 16
    # Plans of the last `current_years` years stay current; older ones are archived, as an office
    # does once a year's report is out (issue 8: archived plans leave reminders, the board and the
    # home pages). 0 keeps every plan current.
    current_years: int = 2

    @property
    def cities_built(self) -> int:
        return max(0, min(self.cities, self.governments // MIN_COUNTIES_PER_CITY))

    @property
    def plans_per_government(self) -> int:
        return self.plans or max(1, self.units // self.fanout)

    @property
    def units_per_task(self) -> int:
        return max(1, min(self.fanout, self.units))


@dataclass
class Loader:
    """Writes rows of one model into its table: COPY on PostgreSQL, batched INSERT elsewhere."""

    out: object = None  # callable(str) for progress lines
    timings: dict = field(default_factory=dict)
    batch: int = 5000

    @property
    def postgres(self) -> bool:
        return connection.vendor == "postgresql"

    def load(self, model: type[models.Model], names: list[str], rows, label: str | None = None) -> int:
        label = label or model._meta.db_table
        fields = [model._meta.get_field(n) for n in names]
        started = time.monotonic()
        n = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                if self.postgres:
                    n = self._copy(cursor, model, fields, rows, label, started)
                else:
                    n = self._insert(cursor, model, fields, rows, label, started)
        elapsed = time.monotonic() - started
        self.timings[label] = (n, elapsed)
        self._say(f"  {label}: {n:,} rows in {elapsed:.1f} s")
        return n

    def _say(self, line: str) -> None:
        if self.out:
            self.out(line)

    def _tick(self, label, n, started):
        if n % 500_000 == 0:
            self._say(f"    {label}: {n:,} rows ({time.monotonic() - started:.0f} s)")

    def _copy(self, cursor, model, fields, rows, label, started) -> int:
        qn = connection.ops.quote_name
        json_cols = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
        n = 0
        with cursor.copy(sql) as copy:
            for row in rows:
                if json_cols:
                    row = list(row)
                    for i in json_cols:
                        row[i] = json.dumps(row[i], ensure_ascii=False)
                copy.write_row(row)
                n += 1
                self._tick(label, n, started)
        return n

    def _insert(self, cursor, model, fields, rows, label, started) -> int:
        qn = connection.ops.quote_name
        sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
               f"VALUES ({', '.join(['%s'] * len(fields))})")
        n = 0
        chunk = []
        for row in rows:
            chunk.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)])
            n += 1
            self._tick(label, n, started)
            if len(chunk) >= self.batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
        return n


def _next_id(model) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


class ProvinceGenerator:
    def __init__(self, sizes: Sizes, out=None, today: dt.date | None = None):
        self.s = sizes
        self.rng = random.Random(sizes.seed)
        self.out = out or (lambda line: None)
        self.loader = Loader(out=self.out)
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.year = self.today.year

    # -- helpers -------------------------------------------------------------------------------
    def _at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        hour = self.rng.randint(1, 10) if hour is None else hour  # UTC: 09:00–18:00 in Shanghai
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59), tzinfo=UTC)

    def _day_in(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    # -- the run -------------------------------------------------------------------------------
    def run(self) -> dict:
        started = time.monotonic()
        s = self.s
        self.out(f"province: {s.governments} governments × {s.units} units, {s.plans_per_government} plans × "
                 f"{s.tasks} tasks, {s.units_per_task} units per task, {s.reports:,} reports, "
                 f"{s.notices:,} notices (seed {s.seed}, backend {connection.vendor})")
        if s.cities_built:
            self.out(f"tree: 1 province, {s.cities_built} cities, {s.governments} counties under them")
        self._governments()
        self._units()
        self._users()
        self._plans()
        self._tasks()
        self._assignments()
        self._reports()
        self._notices()
        if s.registers:
            self._registers()
        self._finish()
        total = time.monotonic() - started
        self.out(f"total: {total:.1f} s")
        return {"timings": dict(self.loader.timings), "total": total, "governments": self.gov_ids,
                "current_plans": self.current_plans, "province": self.province, "cities": self.city_ids}

    def _governments(self):
        """The tree: a province, its cities, the counties under the cities (`gov_ids`: the counties,
        which hold the units, plans and reports); flat counties when no city is built."""
        first = _next_id(Government)
        n_cities = self.s.cities_built
        self.province = first if n_cities else None
        self.city_ids = list(range(first + 1, first + 1 + n_cities)) if n_cities else []
        start = first + 1 + n_cities if n_cities else first
        self.gov_ids = list(range(start, start + self.s.governments))
        self.parent: dict[int, int] = {}
        for cid in self.city_ids:
            self.parent[cid] = self.province
        for i, gid in enumerate(self.gov_ids):
            if n_cities:
                self.parent[gid] = self.city_ids[i * n_cities // len(self.gov_ids)]
        p = self.s.prefix
        self.gov_names = {gid: f"{p}{gid:04d}县" for gid in self.gov_ids}
        self.gov_names.update({cid: f"{p}{cid:04d}市" for cid in self.city_ids})
        if self.province:
            self.gov_names[self.province] = f"{p}{self.province:04d}省"
        levels = [(self.province, "province")] if self.province else []
        levels += [(cid, "city") for cid in self.city_ids] + [(gid, "county") for gid in self.gov_ids]
        # data_version 0: a load is not a change; _finish() empties this process's page cache.
        self.loader.load(Government, ["id", "name", "level", "parent", "data_version"],
                         ((gid, self.gov_names[gid], level, self.parent.get(gid), 0) for gid, level in levels))

    @property
    def upper_ids(self) -> list[int]:
        return ([self.province] if self.province else []) + self.city_ids

    def _units(self):
        uid = _next_id(Unit)
        self.units: dict[int, list[int]] = {}
        self.unit_name: dict[int, str] = {}
        rows = []
        for gid in self.gov_ids:
            ids = []
            towns = max(0, self.s.units - len(DEPT_NAMES))
            for k in range(self.s.units):
                if k < self.s.units - towns:
                    base = DEPT_NAMES[k % len(DEPT_NAMES)]
                    name = f"县{base}" if k < len(DEPT_NAMES) else f"县{base}{k // len(DEPT_NAMES) + 1}所"
                    kind = "dept"
                else:
                    name, kind = f"第{k + 1}镇", "town"
                rows.append((uid, gid, name, "", kind, [], True))
                self.unit_name[uid] = name
                ids.append(uid)
                uid += 1
            self.units[gid] = ids
        self.loader.load(Unit, ["id", "government", "name", "short_name", "kind", "aliases", "active"], rows)

    def _users(self):
        password = make_password(self.s.password)
        uid = _next_id(User)
        mid = _next_id(Membership)
        joined = self._at(dt.date(self.year - self.s.plans_per_government, 1, 2), 1)
        users, members = [], []
        self.office: dict[int, int] = {}
        self.leader: dict[int, int] = {}
        self.liaison: dict[int, int] = {}  # unit → user
        self.usernames: dict[int, str] = {}
        for gid in self.upper_ids + self.gov_ids:  # the upper governments: an office and a leader
            people = [(f"g{gid}-office", Membership.OFFICE, None), (f"g{gid}-leader", Membership.LEADER, None)]
            people += [(f"g{gid}-u{unit}", Membership.LIAISON, unit) for unit in self.units.get(gid, ())]
            for username, role, unit in people:
                users.append((uid, password, None, False, username, "", "", f"{username}@example.invalid",
                              False, True, joined))
                members.append((mid, uid, gid, role, unit))
                self.usernames[uid] = username
                if role == Membership.OFFICE:
                    self.office[gid] = uid
                elif role == Membership.LEADER:
                    self.leader[gid] = uid
                else:
                    self.liaison[unit] = uid
                uid += 1
                mid += 1
        self.loader.load(User, ["id", "password", "last_login", "is_superuser", "username", "first_name",
                                "last_name", "email", "is_staff", "is_active", "date_joined"], users)
        self.loader.load(Membership, ["id", "user", "government", "role", "unit"], members)

    def _plans(self):
        pid = _next_id(Plan)
        rows = []
        self.plan_year: dict[int, int] = {}
        self.plans: dict[int, list[int]] = {}
        self.current_plans: dict[int, int] = {}
        n = self.s.plans_per_government
        for gid in self.gov_ids:
            self.plans[gid] = []
            for year in range(self.year - n + 1, self.year + 1):
                published = self._at(dt.date(year, 1, 15), 2)
                old = self.s.current_years and year <= self.year - self.s.current_years
                archived = dt.datetime(year + 1, 4, 10, 3, 0, tzinfo=UTC) if old else None
                rows.append((pid, gid, f"{self.gov_names[gid]}{year}年法治政府建设工作要点", year, Plan.PUBLISHED,
                             dt.date(year, 12, 31), f"{year}年工作要点.docx", "", self.office[gid], published,
                             published, 1, archived))
                self.plan_year[pid] = year
                self.plans[gid].append(pid)
                pid += 1
            self.current_plans[gid] = self.plans[gid][-1]
        self.loader.load(Plan, ["id", "government", "title", "year", "status", "default_deadline", "source_name",
                                "source_path", "created_by", "created_at", "published_at", "revision", "archived_at"], rows)

    def _tasks(self):
        """Deadlines: 45 % a date in the plan year, 15 % a yearly duty (quarter end), the rest
        the plan's default (31 Dec). 10 % carry a quantified target."""
        tid = _next_id(Task)
        self.task_plan: list[tuple[int, int]] = []  # (task id, plan id)
        self.task_due: dict[int, dt.date] = {}
        self.task_targets: set[int] = set()
        per_section = max(1, -(-self.s.tasks // len(SECTIONS)))
        rng = self.rng

        def rows():
            nonlocal tid
            for gid in self.gov_ids:
                for plan_id in self.plans[gid]:
                    year = self.plan_year[plan_id]
                    for k in range(self.s.tasks):
                        sec, item = divmod(k, per_section)
                        path = [chinese_number(sec + 1), f"({chinese_number(item + 1)})"]
                        title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
                        r = rng.random()
                        if r < 0.45:
                            due = self._day_in(dt.date(year, 2, 1), dt.date(year, 12, 31))
                            deadlines = [{"date": due.isoformat(), "text": f"{due.month}月底前完成", "recurring": None}]
                        elif r < 0.60:
                            month = 3 * rng.randint(1, 4)
                            due = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
                            deadlines = [{"date": due.isoformat(), "text": "每年按季度完成", "recurring": "yearly"}]
                        else:
                            due, deadlines = dt.date(year, 12, 31), []
                        targets = []
                        if rng.random() < 0.10:
                            targets = [{"value": 100, "unit": "%", "op": ">=", "text": f"{title}覆盖率达到100%"}]
                            self.task_targets.add(tid)
                        self.task_plan.append((tid, plan_id))
                        self.task_due[tid] = due
                        yield (tid, plan_id, path, "/".join(path), k, SECTIONS[sec % len(SECTIONS)], title,
                               f"{title},确保按期完成。", deadlines, targets, False, 1, {}, [], {})
                        tid += 1

        self.loader.load(Task, ["id", "plan", "path", "path_key", "order", "heading", "title", "text", "deadlines",
                                "targets", "removed", "revision", "source", "edited", "pending"], rows())

    def _assignments(self):
        """Each task goes to `fanout` distinct units of its government: 1 lead, 2 responsible, the
        rest support. One unit mention per assignment, as publishing would have made."""
        aid = _next_id(Assignment)
        mid = _next_id(TaskUnitMention)
        plan_gov = {pid: gid for gid, pids in self.plans.items() for pid in pids}
        k = self.s.units_per_task
        rng = self.rng
        # Flat arrays: assignment id → (unit, plan) and the plan's current-year flag.
        self.a_first = aid
        self.a_unit: list[int] = []
        self.a_task: list[int] = []
        self.a_plan: list[int] = []
        for tid, plan_id in self.task_plan:
            for unit in rng.sample(self.units[plan_gov[plan_id]], k):
                self.a_unit.append(unit)
                self.a_task.append(tid)
                self.a_plan.append(plan_id)
        roles = ["lead"] + ["responsible"] * 2 + ["support"] * max(0, k - 3)
        roles = roles[:k]

        def assignment_rows():
            for i, unit in enumerate(self.a_unit):
                plan_id = self.a_plan[i]
                yield (aid + i, self.a_task[i], unit, roles[i % k], True,
                       self._plan_published(plan_id))

        def mention_rows():
            for i, unit in enumerate(self.a_unit):
                yield (mid + i, self.a_task[i], roles[i % k], self.unit_name[unit], unit, None, i % k)

        self.loader.load(Assignment, ["id", "task", "unit", "role", "active", "created_at"], assignment_rows())
        self.loader.load(TaskUnitMention, ["id", "task", "role", "raw_name", "unit", "group", "order"],
                         mention_rows())

    def _plan_published(self, plan_id: int) -> dt.datetime:
        year = self.plan_year[plan_id]
        return dt.datetime(year, 1, 15, 2, 0, tzinfo=UTC)

    def _reports(self):
        """R reports over the assignments: older plans weigh 1.0–1.5, the current plan 0.5; each
        assignment's reports are versions 1..k. Past years end mostly accepted as 已完成; the
        current year is in progress with submitted, accepted and returned versions."""
        n_a = len(self.a_unit)
        if not n_a or not self.s.reports:
            self.loader.load(Report, ["id"], iter(()))
            return
        rng = self.rng
        weights = []
        for plan_id in self.a_plan:
            age = self.year - self.plan_year[plan_id]
            weights.append(0.5 if age == 0 else 1.0 + 0.1 * min(age, 5))
        cum = list(accumulate(weights))
        total_w = cum[-1]
        counts = [0] * n_a
        for _ in range(self.s.reports):
            i = bisect_left(cum, rng.random() * total_w)
            counts[min(i, n_a - 1)] += 1
        rid = _next_id(Report)
        plan_gov = {pid: gid for gid, pids in self.plans.items() for pid in pids}
        today = self.today

        def rows():
            nonlocal rid
            for i in range(n_a):
                k = counts[i]
                if not k:
                    continue
                plan_id = self.a_plan[i]
                year = self.plan_year[plan_id]
                current = year == self.year
                liaison = self.liaison[self.a_unit[i]]
                office = self.office[plan_gov[plan_id]]
                end = min(today, dt.date(year, 12, 31)) if current else dt.date(year, 12, 31)
                start = dt.date(year, 2, 1)
                span = max(1, (end - start).days)
                step = max(1, span // (k + 1))
                day = start
                if current:
                    last_state = rng.choices(("submitted", "accepted", "returned"), (30, 55, 15))[0]
                    done = last_state == "accepted" and rng.random() < 0.35
                else:
                    last_state = "accepted" if rng.random() < 0.95 else "returned"
                    done = last_state == "accepted" and rng.random() < 0.88
                for v in range(1, k + 1):
                    day = min(end, day + dt.timedelta(days=rng.randint(1, step)))
                    last = v == k
                    if last:
                        state = last_state
                        status = "done" if done else rng.choice(("in_progress", "in_progress", "behind",
                                                                 "cannot_finish"))
                    else:
                        state = "returned" if rng.random() < 0.2 else "accepted"
                        status = "in_progress"
                    percent = 100 if status == "done" else min(95, round(100 * v / (k + 1)))
                    reason = "客观条件变化,需调整计划。" if status == "cannot_finish" else ""
                    submitted = self._at(day)
                    if state == "submitted":
                        reviewer, reviewed, comment = None, None, ""
                    else:
                        reviewer = office
                        reviewed = submitted + dt.timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6))
                        comment = rng.choice(RETURN_COMMENTS) if state == "returned" else ""
                    text = PROGRESS_TEXT[3] if status == "done" else PROGRESS_TEXT[v % 3]
                    figures = ([{"index": 0, "text": "覆盖率", "value": percent, "unit": "%", "target": 100}]
                               if self.a_task[i] in self.task_targets and state == "accepted" else [])
                    yield (rid, self.a_first + i, v, status, reason, text, percent, figures, state, None, liaison,
                           submitted, reviewer, reviewed, comment, 0, [])
                    rid += 1

        self.loader.load(Report, ["id", "assignment", "version", "status", "reason", "text", "percent", "figures",
                                  "state", "token", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at",
                                  "review_comment", "lock_version", "milestones"], rows())

    def _notices(self):
        """N notices over the last year, each about 1–3 assignments of one unit in its government's
        current plan; older ones mostly closed, recent ones open (some past their reply-by date)."""
        if not self.s.notices:
            return
        rng = self.rng
        by_unit: dict[int, list[int]] = {}
        current = set(self.current_plans.values())
        for i, unit in enumerate(self.a_unit):
            if self.a_plan[i] in current:
                by_unit.setdefault(unit, []).append(self.a_first + i)
        nid = _next_id(Notice)
        eid = _next_id(NoticeEvent)
        through = Notice.assignments.through
        tid = _next_id(through)
        notices, links, events = [], [], []
        kinds = ["daily", "daily", "daily", "special", "comprehensive", "incident", "clue"]
        for _ in range(self.s.notices):
            gid = rng.choice(self.gov_ids)
            unit = rng.choice(self.units[gid])
            created_day = self.today - dt.timedelta(days=rng.randint(0, 364))
            created = self._at(created_day)
            reply_by = created_day + dt.timedelta(days=rng.randint(5, 20))
            age = (self.today - created_day).days
            if age > 30:
                state = "closed" if rng.random() < 0.9 else rng.choice(("issued", "signed", "replied"))
            else:
                state = rng.choices(("issued", "signed", "replied", "closed"), (35, 25, 25, 15))[0]
            office, liaison = self.office[gid], self.liaison[unit]
            steps = [("issue", "", "issued", office)]
            if state in ("signed", "replied", "closed"):
                steps.append(("sign", "issued", "signed", liaison))
            if state in ("replied", "closed"):
                steps.append(("reply", "signed", "replied", liaison))
            if state == "closed":
                steps.append(("close", "replied", "closed", office))
            at = created
            for action, before, after, user in steps:
                events.append((eid, nid, action, before, after, "" if action != "reply" else "已整改到位。", user,
                               self.usernames[user], at))
                eid += 1
                at = at + dt.timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 5))
            closed_at = at if state == "closed" else None
            reply = "已整改到位。" if state in ("replied", "closed") else ""
            notices.append((nid, gid, unit, rng.choice(kinds), rng.choice(NOTICE_REASONS), reply_by, state,
                            len(steps), reply, office, created, at, closed_at))
            pool = by_unit.get(unit) or []
            for a in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                links.append((tid, nid, a))
                tid += 1
            nid += 1
        self.loader.load(Notice, ["id", "government", "unit", "kind", "reason", "reply_by", "state", "version",
                                  "reply_text", "created_by", "created_at", "updated_at", "closed_at"], notices)
        self.loader.load(through, ["id", "notice", "assignment"], links)
        self.loader.load(NoticeEvent, ["id", "notice", "action", "from_state", "to_state", "comment", "user",
                                       "username", "at"], events)

    def _registers(self):
        from fazhiweb.registers.scale import LINK_COLUMNS, filing_rows, register_rows

        # made before loading: drawing the records reads the holiday table, which PostgreSQL
        # cannot answer on a connection in the middle of a COPY
        at = self._at(self.today, 1)
        parents = {gid: self.gov_names[p] for gid, p in self.parent.items()}
        rows = list(register_rows(self.gov_ids, self.units, self.unit_name, self.today, _next_id(Case), at,
                                  parents=parents, gov_names=self.gov_names))
        # the cities' own 规范性文件, a share filed with the province
        rows += register_rows(self.city_ids, {}, {}, self.today, _next_id(Case) + len(rows), at,
                              parents=parents, gov_names=self.gov_names, kinds=("normative_doc",))
        reviews, links = filing_rows(rows, self.parent, self.gov_names, self.today, _next_id(Case) + len(rows),
                                     _next_id(FilingLink), at)
        self.loader.load(Case, CASE_COLUMNS, rows + reviews)
        self.loader.load(FilingLink, LINK_COLUMNS, links)

    def _finish(self):
        started = time.monotonic()
        touched = [Case, FilingLink, Government, Unit, User, Membership, Plan, Task, Assignment, TaskUnitMention, Report, Notice,
                   Notice.assignments.through, NoticeEvent]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), touched):
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                for model in touched:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            else:
                cursor.execute("ANALYZE")
        cache.clear()  # pages cached (in this process) from an earlier database under version 0
        elapsed = time.monotonic() - started
        self.loader.timings["sequences + ANALYZE"] = (0, elapsed)
        self.out(f"  sequences + ANALYZE: {elapsed:.1f} s")
