"""The rotating traffic of `bench_web --rotate`: visits by office users, leaders and liaisons of
every government, each visit a different user (a fresh connection and session), the pages chosen
by role, and a share of the requests real writes through the app's own form views (a liaison
saves a report draft, the office accepts a submitted report, a leader writes a 批示), each of which
moves its government's data version on and so invalidates that government's cached pages."""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from fazhiweb.accounts.models import Membership
from fazhiweb.plans.models import Assignment, Plan, Task
from fazhiweb.progress.models import Report
from fazhiweb.scale.loadgen import Step

REGISTER_KINDS = ("reconsideration", "litigation", "normative_doc")
# Pages per role: (kind, path template); {plan} is the government's newest published plan, {round}
# its newest 考核 round, {kind} a register kind.
ROLE_PAGES = {
    "liaison": [("start", "/"), ("home", "/progress/my/"), ("register_overview", "/registers/")],
    "office": [("overview", "/"), ("dashboard", "/plans/{plan}/dashboard/"), ("board", "/supervision/plans/{plan}/board/"),
               ("register_overview", "/registers/"), ("register", "/registers/{kind}/"),
               ("ranking", "/assessment/rounds/{round}/ranking/")],
    "leader": [("overview", "/"), ("dashboard", "/plans/{plan}/dashboard/"), ("board", "/supervision/plans/{plan}/board/"),
               ("register", "/registers/{kind}/"), ("ranking", "/assessment/rounds/{round}/ranking/")],
    # the office of a government with governments below it (a city, the province): {lower} is one of them
    "upper": [("upper_overview", "/hierarchy/"), ("upper_government", "/hierarchy/g/{lower}/"),
              ("upper_compare", "/hierarchy/compare/"), ("filing_queue", "/registers/filing/")],
}
ROLE_WEIGHTS = {"liaison": 0.5, "office": 0.25, "leader": 0.17, "upper": 0.08}


@dataclass(frozen=True)
class BenchUser:
    role: str
    government_id: int
    cookie: str
    unit_id: int | None = None


@dataclass
class Pool:
    users: dict[str, list[BenchUser]]
    plans: dict[int, int]  # government -> newest published plan
    lower: dict[int, list[int]]  # an upper government -> the governments directly below it
    rounds: dict[int, int]  # government -> newest 考核 round
    assignment_of_unit: dict[int, int]  # a liaison's unit -> an assignment of the newest plan
    task_of_gov: dict[int, list[int]]  # tasks of the newest plan a leader may comment on
    submitted: dict[int, list[int]]  # government -> submitted reports for the office to accept
    lock: threading.Lock = field(default_factory=threading.Lock)

    def governments(self) -> int:
        return len({u.government_id for us in self.users.values() for u in us})


def login_backend() -> str:
    """The backend a session names: the first that loads users (axes' comes first and loads none)."""
    from django.utils.module_loading import import_string

    return next(b for b in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(b), "get_user"))


def _cookies(memberships) -> dict[int, str]:
    """One database session per user, made in bulk (a login per user would cost a password hash)."""
    backend = login_backend()
    expire = timezone.now() + dt.timedelta(days=1)
    store = SessionStore()
    rows, out = [], {}
    for m in memberships:
        key = store._get_new_session_key()
        rows.append(Session(session_key=key, expire_date=expire, session_data=store.encode({
            SESSION_KEY: str(m.user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: m.user.get_session_auth_hash()})))
        out[m.user.pk] = f"{settings.SESSION_COOKIE_NAME}={key}"
    Session.objects.bulk_create(rows, batch_size=1000)
    return out


def build_pool(liaisons_per_government: int, seed: int) -> Pool:
    rng = random.Random(seed)
    plans: dict[int, int] = {}
    for pk, gid in Plan.objects.current().filter(status=Plan.PUBLISHED).order_by(
            "government_id", "-year", "-id").values_list("id", "government_id"):
        plans.setdefault(gid, pk)
    from fazhiweb.assessment.models import Round

    rounds: dict[int, int] = {}
    for pk, gid in Round.objects.order_by("system__government_id", "-id").values_list("id", "system__government_id"):
        rounds.setdefault(gid, pk)
    members = list(Membership.objects.filter(government_id__in=plans, user__is_active=True,
                                             role__in=(Membership.OFFICE, Membership.LEADER, Membership.LIAISON))
                   .select_related("user").order_by("id"))
    by_gov: dict[int, list] = {}
    chosen = []
    for m in members:
        if m.role == Membership.LIAISON:
            if m.unit_id:
                by_gov.setdefault(m.government_id, []).append(m)
        else:
            chosen.append(m)
    for ms in by_gov.values():
        chosen.extend(rng.sample(ms, min(liaisons_per_government, len(ms))))
    from fazhiweb.accounts.models import Government

    lower: dict[int, list[int]] = {}
    for pk, parent in Government.objects.filter(parent__isnull=False).values_list("id", "parent_id"):
        lower.setdefault(parent, []).append(pk)
    uppers = list(Membership.objects.filter(government_id__in=lower, user__is_active=True, role=Membership.OFFICE)
                  .select_related("user").order_by("id"))
    cookies = _cookies(chosen + uppers)
    users: dict[str, list[BenchUser]] = {"liaison": [], "office": [], "leader": [], "upper": []}
    for m in chosen:
        users[m.role].append(BenchUser(m.role, m.government_id, cookies[m.user.pk], m.unit_id))
    for m in uppers:
        users["upper"].append(BenchUser("upper", m.government_id, cookies[m.user.pk]))
    units = {u.unit_id for u in users["liaison"]}
    assignment_of_unit: dict[int, int] = {}
    for unit_id, pk in (Assignment.objects.filter(task__plan_id__in=plans.values(), unit_id__in=units, active=True)
                        .exclude(reports__state=Report.SUBMITTED)  # under review: no new draft until reviewed
                        .values_list("unit_id", "id")):
        assignment_of_unit.setdefault(unit_id, pk)
    task_of_gov: dict[int, list[int]] = {}
    for pk, gid in Task.objects.filter(plan_id__in=plans.values()).values_list("id", "plan__government_id"):
        task_of_gov.setdefault(gid, []).append(pk)
    submitted: dict[int, list[int]] = {}
    for pk, gid in (Report.objects.filter(state=Report.SUBMITTED, assignment__task__plan_id__in=plans.values())
                    .values_list("id", "assignment__task__plan__government_id")):
        submitted.setdefault(gid, []).append(pk)
    for reports in submitted.values():
        rng.shuffle(reports)
    return Pool(users, plans, lower, rounds, assignment_of_unit, task_of_gov, submitted)


class Mix:
    """visit(rng): the next visit — a user drawn by role weight from every government, `length`
    requests of that user's pages, each one a write with probability `write_share`."""

    def __init__(self, pool: Pool, write_share: float = 0.1, length: int = 4):
        self.pool, self.write_share, self.length = pool, write_share, length
        self.roles = [r for r in ROLE_WEIGHTS if pool.users.get(r)]
        self.weights = [ROLE_WEIGHTS[r] for r in self.roles]

    def visit(self, rng: random.Random) -> list[Step]:
        role = rng.choices(self.roles, self.weights)[0]
        user = rng.choice(self.pool.users[role])
        steps = []
        for _ in range(self.length):
            write = rng.random() < self.write_share and self.write(user, rng)
            steps.append(write or self.page(user, rng))
        return steps

    def page(self, user: BenchUser, rng: random.Random) -> Step:
        gid = user.government_id
        choices = [(k, p) for k, p in ROLE_PAGES[user.role] if "{round}" not in p or gid in self.pool.rounds]
        kind, path = rng.choice(choices)
        return Step(kind, path.format(plan=self.pool.plans.get(gid), round=self.pool.rounds.get(gid),
                                      kind=rng.choice(REGISTER_KINDS), lower=rng.choice(self.pool.lower.get(gid, [0]))),
                    user.cookie)

    def write(self, user: BenchUser, rng: random.Random) -> Step | None:
        if user.role == "upper":
            return None  # the upper office reads; the writes below it are the counties' own
        if user.role == "liaison":
            pk = self.pool.assignment_of_unit.get(user.unit_id)
            if pk is None:
                return None
            return Step("write:report_draft", f"/progress/assignments/{pk}/report/", user.cookie,
                        {"status": "in_progress", "percent": str(rng.randint(10, 90)),
                         "text": "压测:本月按计划推进,已完成阶段性工作。", "draft": "1"})
        if user.role == "leader":
            tasks = self.pool.task_of_gov.get(user.government_id)
            if not tasks:
                return None
            return Step("write:comment", f"/comments/task/{rng.choice(tasks)}/", user.cookie,
                        {"text": "请抓紧推进,按期完成。", "next": "/"})
        with self.pool.lock:
            reports = self.pool.submitted.get(user.government_id)
            pk = reports.pop() if reports else None
        if pk is None:
            return None
        return Step("write:review", f"/progress/reports/{pk}/review/", user.cookie, {"action": "accept", "comment": ""})


def fixed_steps(pool: Pool, n: int, seed: int) -> list[list[Step]]:
    """The hit-only set: n users, each always asking the same few pages (no writes)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        role = ("liaison", "office", "leader", "upper")[i % 4]
        if not pool.users.get(role):
            continue
        user = pool.users[role][i % len(pool.users[role])]
        mix = Mix(pool, 0.0)
        out.append([mix.page(user, rng) for _ in range(3)])
    return out


def ensure_rounds(seed: int = 1, leaves: int = 12) -> int:
    """A 考核 round with scores, totals and ranks for every government that has a published plan
    but no round yet (the generator makes none): the data the ranking page reads. Returns the
    rounds made. Hand scores are set directly (the bench measures reading the ranking)."""
    from fazhiweb.accounts.models import Government
    from fazhiweb.assessment import scoring
    from fazhiweb.assessment.models import Indicator, IndicatorSystem, Participant, Round, Score
    from fazhiweb.assessment.rules import grade_rules
    from fazhiweb.directory.models import Unit

    rng = random.Random(seed)
    have = set(Round.objects.values_list("system__government_id", flat=True))
    govs = Government.objects.filter(plans__status=Plan.PUBLISHED).exclude(pk__in=have).distinct()
    made = 0
    for gov in govs:
        with transaction.atomic():
            system = IndicatorSystem.objects.create(government=gov, year=timezone.localdate().year,
                                                    title="压测考核指标体系", total_points=100)
            tops = Indicator.objects.bulk_create([Indicator(system=system, order=i, number=str(i + 1), name=f"一级指标{i + 1}",
                                                            points=25, is_leaf=False) for i in range(4)])
            Indicator.objects.bulk_create([Indicator(system=system, parent=tops[j % 4], order=4 + j,
                                                     number=f"{j % 4 + 1}.{j + 1}", name=f"考核指标{j + 1}",
                                                     points=100 / leaves) for j in range(leaves)])
            rnd = Round.objects.create(system=system, title="压测年度考核", grade_rules=grade_rules())
            parts = Participant.objects.bulk_create([Participant(round=rnd, unit=u, category="部门")
                                                     for u in Unit.objects.filter(government=gov, active=True)])
            scoring.create_scores(rnd, parts)
            scores = list(Score.objects.filter(participant__round=rnd).select_related("indicator"))
            for s in scores:
                s.points = round((s.indicator.points or 0) * rng.uniform(0.7, 1.0), 2)
            Score.objects.bulk_update(scores, ["points"], batch_size=scoring.BATCH)
            Participant.objects.bulk_update(scoring.totals(rnd), ["total", "rank", "grade"], batch_size=scoring.BATCH)
        made += 1
    return made
