"""Reminders (催办): before each due date and daily once it has passed, to the units that still
owe something; escalating from the liaison to the unit head and then the leader in charge; in the
application and by e-mail; every reminder recorded with where its e-mail is.

What is chased: a round's reports (完成情况), the lead units' 办理方案 not submitted by the plan's
date (or returned and not resubmitted), and the roster (督办工作人员名单) of units that have not
named all three people (due with the 办理方案).

Never twice, in two steps:

1. The reminder. Each has a key (round or plan, unit, which reminder, and the day for the daily
   overdue ones) under a unique constraint; a run claims a reminder by inserting its row (and its
   in-app notices in the same transaction); only the run whose insert succeeded goes on.
2. Its e-mail. A row with addresses starts `pending`. A pass claims it with one conditional
   UPDATE (pending → sending, attempts + 1, only if still pending and due): whichever worker's
   UPDATE changed the row sends it; on PostgreSQL the candidates are first read with
   `SELECT … FOR UPDATE SKIP LOCKED` so two workers take different rows without waiting.
   Sent → `sent`. Failed → `pending` again with the error and a later `next_attempt_at`
   (doubling from `DUBAN_EMAIL_RETRY_BASE` seconds), or `failed` after
   `DUBAN_EMAIL_MAX_ATTEMPTS`; the office sees failures on the 催办 page and may send again.
   A worker that dies while sending leaves `sending` until its claim lapses, then the e-mail is
   retried (the one case where a recipient could get it twice: the server accepted it and the
   worker died before recording so).

A missed day is caught up: the "7 days before" reminder still goes out on day 6.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from duban.web.accounts.models import Role, User
from duban.web.common.permissions import require
from duban.web.common.services import ServiceError, record
from duban.web.cycle import services
from duban.web.cycle.models import (
    EmailState,
    FilingState,
    ImplementationPlan,
    Notification,
    PlanCalendar,
    Reminder,
    ReminderAbout,
    ReminderKind,
    RosterEntry,
    RosterSlot,
    Round,
    RoundState,
)
from duban.web.cycle.permissions import may_run_cycle
from duban.web.cycle.services import notify, owed, remind_days, roster_missing
from duban.web.directory.models import Unit
from duban.web.plans.models import Plan, Task, TaskUnit, UnitRole

log = logging.getLogger("duban.reminders")

LEVEL_LABELS = {1: "经办人", 2: "经办人、单位负责人", 3: "经办人、单位负责人、分管领导"}


def escalate_leader_after() -> int:
    return int(getattr(settings, "DUBAN_ESCALATE_LEADER_AFTER", 3))


def max_attempts() -> int:
    """How many times one reminder's e-mail is tried before it is marked failed."""
    return max(1, int(getattr(settings, "DUBAN_EMAIL_MAX_ATTEMPTS", os.environ.get("DUBAN_EMAIL_MAX_ATTEMPTS", 5))))


def retry_base() -> float:
    """Seconds before the first retry; each further retry waits twice as long."""
    return float(getattr(settings, "DUBAN_EMAIL_RETRY_BASE", os.environ.get("DUBAN_EMAIL_RETRY_BASE", 300)))


def claim_lease() -> dt.timedelta:
    """How long a claimed e-mail is left to its worker before it counts as interrupted."""
    return dt.timedelta(seconds=max(120, 5 * int(getattr(settings, "EMAIL_TIMEOUT", None) or 20)))


@dataclass(frozen=True)
class Due:
    """A reminder that should exist today for one unit about one thing."""

    key: str
    kind: str
    level: int
    days: int


# --- who hears of what, and how often (the one rule) ----------------------------------------------
#
# What a unit owes is the unit's business with the office: before its date the liaison is reminded
# (7 and 3 days before), from the first day late the unit head too, every day until it is in; the
# office sees every reminder on 督办 → 催办 (it sends them; a notice a day per late unit would bury
# its own to-do). A government leader hears only of what they answer for:
#
# - 完成情况: the leader who oversees the unit (分管), with the unit's daily reminder from day
#   `escalate_leader_after()` (3), as a leader follows his units' quarterly reports;
# - 办理方案: the 责任领导 of the tasks whose 办理方案 is not in, about those tasks only, from day
#   `escalate_leader_after()` and then at most once a week (`ESCALATION_EVERY` days) per unit, saying
#   how late it is: not the same reminder every day for 300 days;
# - 督办工作人员名单 (附表2, the unit's staff for this work): never a leader; it is between the office
#   and the unit.

ESCALATION_EVERY = 7  # days between two escalations of one unit's 办理方案 to a 责任领导


def leader_hears_daily(about: str) -> bool:
    """Whether the unit's daily overdue reminder goes to its overseeing leader too (from day
    `escalate_leader_after()`): only a round's reports."""
    return about == ReminderAbout.REPORT


def due_reminder(round_id: int, unit_id: int, due: dt.date, today: dt.date, before: list[int],
                 *, scope: str | None = None, about: str = ReminderAbout.REPORT) -> Due | None:
    """Which reminder (if any) a unit owing something is due today.

    Before the due date: the latest of the `before` days already reached (7, then 3), once each.
    After it: one a day; from day 1 the unit head too, and for a round's reports, from day
    `escalate_leader_after()`, the leader who oversees the unit (`leader_hears_daily`).
    `scope` names what is chased in the key (a round `r12` by default; `p3-impl`, `p3-roster`)."""
    prefix = f"{scope or f'r{round_id}'}-u{unit_id}"
    delta = (due - today).days
    if delta >= 0:
        reached = [d for d in sorted(before) if delta <= d]
        if not reached:
            return None
        d = reached[0]
        return Due(f"{prefix}-before{d}", ReminderKind.BEFORE, 1, delta)
    late = -delta
    level = 3 if leader_hears_daily(about) and late >= escalate_leader_after() else 2
    return Due(f"{prefix}-overdue-{today.isoformat()}", ReminderKind.OVERDUE, level, delta)


def leader_escalation(scope: str, unit_id: int, leader_id: int, due: dt.date, today: dt.date) -> Due | None:
    """The escalation of a unit's late 办理方案 to one 责任领导 of its tasks, if one is due today: from
    day `escalate_leader_after()`, once in each `ESCALATION_EVERY` days (a day missed is caught up
    within its week, never doubled)."""
    late = (today - due).days
    if late < escalate_leader_after():
        return None
    week = (late - escalate_leader_after()) // ESCALATION_EVERY
    return Due(f"{scope}-u{unit_id}-leader{leader_id}-week{week}", ReminderKind.OVERDUE, 3, -late)


def recipients(unit: Unit, level: int) -> tuple[list[User], list[str]]:
    """Users to notify in the app, and e-mail addresses (accounts and the unit's roster)."""
    roles = [Role.LIAISON] + ([Role.UNIT_HEAD] if level >= 2 else [])
    users = list(User.objects.filter(unit=unit, role__in=roles, is_active=True))
    slots = [RosterSlot.LIAISON] + ([RosterSlot.OFFICE_HEAD, RosterSlot.LEADER] if level >= 2 else [])
    emails = [e for e in RosterEntry.objects.filter(unit=unit, slot__in=slots).values_list("email", flat=True) if e]
    if level >= 3:
        users += list(User.objects.filter(role=Role.LEADER, leader__units=unit, is_active=True))
    emails += [u.email for u in users if u.email]
    seen: list[str] = []
    for e in emails:
        if e.lower() not in [s.lower() for s in seen]:
            seen.append(e)
    return users, seen


# --- what is owed ------------------------------------------------------------------------------


@dataclass
class Owing:
    """One unit owing something by a date: the reports of a round, 办理方案, or its roster."""

    about: str
    plan: Plan
    unit: Unit
    due: dt.date
    missing: int
    round: Round | None = None
    items: list[str] = field(default_factory=list)  # task numbers, or roster slots
    task_ids: list[int] = field(default_factory=list)  # 办理方案: the tasks not in (never filed or returned)
    returned: list[str] = field(default_factory=list)  # 办理方案 returned and not resubmitted
    detail: str = ""  # a round's reports: what is not in, as services.describe_owed says it

    @property
    def scope(self) -> str:
        return f"r{self.round.pk}" if self.round else f"p{self.plan.pk}-{self.about}"

    @property
    def url(self) -> str:
        if self.round:
            return f"/cycle/rounds/{self.round.pk}/mine/"
        return "/cycle/roster/" if self.about == ReminderAbout.ROSTER else "/cycle/"


def impl_plans_owing(plan: Plan) -> dict[int, tuple[list[Task], list[Task]]]:
    """Lead units whose 办理方案 are not in: unit id → (tasks never submitted, tasks returned and
    not resubmitted). A submitted or accepted plan counts; a draft or a returned one does not."""
    lead = (TaskUnit.objects.filter(task__plan=plan, task__removed=False, role=UnitRole.LEAD)
            .select_related("task").order_by("task__position", "task_id"))
    states = {(ip.task_id, ip.unit_id): ip.state
              for ip in ImplementationPlan.objects.filter(task__plan=plan).only("task_id", "unit_id", "state")}
    out: dict[int, tuple[list[Task], list[Task]]] = {}
    for tu in lead:
        state = states.get((tu.task_id, tu.unit_id))
        if state in (FilingState.SUBMITTED, FilingState.ACCEPTED):
            continue
        missing, returned = out.setdefault(tu.unit_id, ([], []))
        (returned if state == FilingState.RETURNED else missing).append(tu.task)
    return out


def _owing_reports(today: dt.date) -> Iterator[tuple[Owing, list[int]]]:
    for rnd in Round.objects.filter(state=RoundState.OPEN).select_related("plan"):
        pending = {uid: o for uid, o in owed(rnd).items() if o.outstanding}
        if not pending:
            continue
        before = remind_days(rnd.plan)
        units = Unit.objects.in_bulk(list(pending))
        for uid, o in sorted(pending.items()):
            yield Owing(ReminderAbout.REPORT, rnd.plan, units[uid], o.due, len(o.outstanding), round=rnd,
                        detail=o.what), before


def _owing_filings(today: dt.date) -> Iterator[tuple[Owing, list[int]]]:
    """办理方案 and rosters, for every published plan of this year (or later) whose office has set
    the 办理方案 date; a past year's plan is no longer chased for them."""
    cals = PlanCalendar.objects.filter(impl_plan_due__isnull=False, plan__status="published",
                                       plan__year__gte=today.year).select_related("plan")
    for cal in cals:
        plan, due = cal.plan, cal.impl_plan_due
        assert due is not None
        before = remind_days(plan)
        owing = impl_plans_owing(plan)
        units = Unit.objects.in_bulk(list(owing))
        for uid, (missing, returned) in sorted(owing.items()):
            yield Owing(ReminderAbout.IMPL_PLAN, plan, units[uid], due, len(missing) + len(returned),
                        items=[t.number or str(t.pk) for t in missing], task_ids=[t.pk for t in [*missing, *returned]],
                        returned=[t.number or str(t.pk) for t in returned]), before
        for unit, slots in roster_missing(plan):
            yield Owing(ReminderAbout.ROSTER, plan, unit, due, len(slots), items=slots), before


# --- composing and claiming ---------------------------------------------------------------------


def _compose(o: Owing, d: Due) -> tuple[str, str]:
    when = f"{o.due.month}月{o.due.day}日"
    unit = o.unit.name
    if o.about == ReminderAbout.REPORT:
        assert o.round is not None
        what, thing = f"{o.round}完成情况", ""
        detail = ""  # what is not in is said in the first line, 未报 and 配合部分 apart, as the 通报 counts them
    elif o.about == ReminderAbout.IMPL_PLAN:
        what, thing = f"{o.plan}办理方案", "项任务的办理方案未报送"
        parts = []
        if o.items:
            parts.append("未报送的任务序号:" + "、".join(o.items[:30]))
        if o.returned:
            parts.append("已退回待重新报送的任务序号:" + "、".join(o.returned[:30]))
        detail = ";".join(parts)
    else:
        what, thing = "督办工作人员名单", "名人员未报"
        detail = "尚缺:" + "、".join(o.items)
    owing = o.detail if o.about == ReminderAbout.REPORT else f"{o.missing}{thing}"
    if d.kind == ReminderKind.BEFORE:
        subject = f"【催办提醒】{what}将于{when}截止报送"
        lead = f"{unit}:{what}将于{when}截止报送(还有{d.days}天),贵单位尚有{owing}。"
    else:
        subject = f"【逾期催办】{unit}{what}已逾期{-d.days}天"
        lead = f"{unit}:{what}应于{when}前报送,现已逾期{-d.days}天,贵单位尚有{owing},请立即报送。"
    more = f"{detail}\n" if detail else ""
    body = (f"{lead}\n\n{more}请登录督办系统办理:{o.url}\n"
            f"本提醒发送给:{LEVEL_LABELS[d.level]}。\n\n{o.plan.government.office_title}")
    return subject[:200], body


def supersede(rem: Reminder, users: Sequence[User]) -> int:
    """The newest reminder about one thing owed (a round's reports, a plan's 办理方案 or roster, for
    one unit) replaces its recipients' unread notices of the earlier ones: one unread notice per
    thing, saying how late it is now, not one a day piling up. The earlier notices stay in the
    list, read; every reminder stays on record (催办记录)."""
    same: dict[str, Any] = {"reminder__unit_id": rem.unit_id, "reminder__about": rem.about,
                            "reminder__plan_id": rem.plan_id, "reminder__round_id": rem.round_id}  # None: IS NULL
    return (Notification.objects.filter(user_id__in=[u.pk for u in users], read_at__isnull=True, **same)
            .exclude(reminder=rem).update(read_at=timezone.now()))


def _claim(o: Owing, d: Due, message: tuple[str, str] | None = None,
           to: tuple[list[User], list[str]] | None = None, url: str | None = None) -> Reminder | None:
    """Insert the reminder's row (and its in-app notices); None when someone else already has.
    The unit's reminder by default; an escalation brings its own message and recipients."""
    subject, body = message or _compose(o, d)
    users, emails = to or recipients(o.unit, d.level)
    state = EmailState.PENDING if emails and settings.DUBAN_EMAIL_ENABLED else EmailState.NONE
    try:
        with transaction.atomic():
            rem = Reminder.objects.create(key=d.key, about=o.about, plan=o.plan, round=o.round, unit=o.unit,
                                          kind=d.kind, level=d.level, days=d.days, subject=subject, body=body,
                                          recipients=[*[str(u) for u in users], *emails], email_state=state)
            notify(users, subject, url=url or o.url, reminder=rem)
            supersede(rem, users)
    except IntegrityError:
        return None
    return rem


def _escalate(o: Owing, today: dt.date) -> list[Reminder]:
    """A late 办理方案 to the 责任领导 of its tasks, each about his own (`leader_escalation`)."""
    from duban.web.directory.models import Leader

    if o.about != ReminderAbout.IMPL_PLAN or not o.task_ids:
        return []
    theirs: dict[int, list[Task]] = {}
    for task in Task.objects.filter(pk__in=o.task_ids).prefetch_related("leaders").order_by("position", "pk"):
        for leader in task.leaders.all():
            theirs.setdefault(leader.pk, []).append(task)
    made = []
    for leader in Leader.objects.filter(pk__in=list(theirs), active=True).order_by("position", "pk"):
        d = leader_escalation(o.scope, o.unit.pk, leader.pk, o.due, today)
        users = list(User.objects.filter(role=Role.LEADER, leader=leader, is_active=True))
        if d is None or not users or Reminder.objects.filter(key=d.key).exists():
            continue
        tasks = theirs[leader.pk]
        numbers = services.task_numbers(tasks)
        subject = f"【逾期督办】{o.unit.name}{o.plan}办理方案已逾期{-d.days}天"
        body = (f"{leader.name}同志:{o.unit.name}牵头、您任责任领导的{len(tasks)}项任务(任务{numbers})的办理方案"
                f"应于{o.due.month}月{o.due.day}日前报送,现已逾期{-d.days}天,仍未报齐。督查室每天向该单位催办;"
                f"此提醒每{ESCALATION_EVERY}天发送一次,直至报送。\n\n本提醒发送给:责任领导。\n\n"
                f"{o.plan.government.office_title}")
        rem = _claim(o, d, (subject[:200], body), (users, [u.email for u in users if u.email]),
                     url="/documents/leader/")
        if rem is not None:
            made.append(rem)
    return made


# --- e-mail delivery ----------------------------------------------------------------------------


def _claimable(now: dt.datetime) -> Q:
    waiting = Q(email_state=EmailState.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    interrupted = Q(email_state=EmailState.SENDING, claimed_until__lt=now)
    return waiting | interrupted


def claim_emails(now: dt.datetime, limit: int = 200) -> list[int]:
    """Take the e-mails due for sending; the ids this worker now owns (no other worker gets them)."""
    with transaction.atomic():
        qs = Reminder.objects.filter(_claimable(now)).order_by("created_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("pk", flat=True)[:limit])
        mine = []
        for pk in ids:  # the conditional UPDATE is the claim; it works the same on SQLite
            n = Reminder.objects.filter(_claimable(now), pk=pk).update(
                email_state=EmailState.SENDING, claimed_until=now + claim_lease(), attempts=F("attempts") + 1)
            if n:
                mine.append(pk)
    return mine


def _send_one(pk: int, now: dt.datetime) -> bool:
    rem = Reminder.objects.get(pk=pk)
    emails = [r for r in rem.recipients if "@" in r]
    mine = Reminder.objects.filter(pk=pk, email_state=EmailState.SENDING)
    if not emails:
        mine.update(email_state=EmailState.NONE, claimed_until=None)
        return False
    try:
        EmailMessage(rem.subject, rem.body, settings.DEFAULT_FROM_EMAIL, emails).send(fail_silently=False)
    except Exception as exc:  # SMTP down, refused, timeout: recorded and retried; the in-app notice stands
        error = f"第{rem.attempts}次发送失败:{type(exc).__name__}: {exc}"[:1000]
        if rem.attempts >= max_attempts():
            mine.update(email_state=EmailState.FAILED, error=error, claimed_until=None, next_attempt_at=None)
        else:
            wait = dt.timedelta(seconds=retry_base() * 2 ** (rem.attempts - 1))
            mine.update(email_state=EmailState.PENDING, error=error, claimed_until=None, next_attempt_at=now + wait)
        log.warning("reminder %s: e-mail attempt %d failed: %s", rem.key, rem.attempts, exc)
        return False
    mine.update(email_state=EmailState.SENT, emailed=True, sent_at=timezone.now(), claimed_until=None,
                next_attempt_at=None)
    return True


def deliver_pending(now: dt.datetime | None = None) -> int:
    """Send (or retry) every e-mail whose time has come; the number that went out."""
    if not settings.DUBAN_EMAIL_ENABLED:
        return 0
    now = now or timezone.now()
    return sum(_send_one(pk, now) for pk in claim_emails(now))


def deliver_notices(limit: int = 200) -> int:
    """E-mail the notices of their own (a return, a resubmission, a 批示, a round opened) to their
    users' addresses; the number sent. Each is claimed by one conditional UPDATE (pending →
    sending), as reminders are; a failure goes back to pending and is tried on the next passes,
    then marked failed after `max_attempts()`."""
    if not settings.DUBAN_EMAIL_ENABLED:
        return 0
    ids = list(Notification.objects.filter(email_state=EmailState.PENDING).order_by("pk").values_list("pk", flat=True)
               [:limit])
    site = str(getattr(settings, "DUBAN_SITE_URL", "") or "").rstrip("/")
    sent = 0
    for pk in ids:
        if not Notification.objects.filter(pk=pk, email_state=EmailState.PENDING).update(
                email_state=EmailState.SENDING, attempts=F("attempts") + 1):
            continue  # another worker took it
        n = Notification.objects.select_related("user").get(pk=pk)
        mine = Notification.objects.filter(pk=pk, email_state=EmailState.SENDING)
        link = f"{site}{n.url}" if n.url else site
        body = f"{n.user}:\n\n{n.text}\n\n" + (f"请登录督办系统查看:{link}\n" if link else "请登录督办系统查看。\n")
        try:
            EmailMessage(f"【督办】{n.text[:60]}", body + "\n督查室", settings.DEFAULT_FROM_EMAIL,
                         [n.user.email]).send(fail_silently=False)
        except Exception as exc:  # recorded and tried again; the in-app notice stands
            error = f"第{n.attempts}次发送失败:{type(exc).__name__}: {exc}"[:1000]
            mine.update(email_state=EmailState.FAILED if n.attempts >= max_attempts() else EmailState.PENDING,
                        email_error=error)
            log.warning("notice %s: e-mail attempt %d failed: %s", pk, n.attempts, exc)
            continue
        mine.update(email_state=EmailState.SENT, email_error="")
        sent += 1
    return sent


@transaction.atomic
def retry_email(*, actor: Any, reminder: Reminder) -> Reminder:
    """The office sends a failed reminder e-mail again (on the next pass, from a fresh count)."""
    require(actor, may_run_cycle, reminder.plan)
    fresh = Reminder.objects.select_for_update().get(pk=reminder.pk)
    if fresh.email_state != EmailState.FAILED:
        raise ServiceError("只有发送失败的催办邮件可以重新发送")
    before = {"email_state": fresh.email_state, "attempts": fresh.attempts, "error": fresh.error}
    fresh.email_state, fresh.attempts, fresh.next_attempt_at = EmailState.PENDING, 0, None
    fresh.save(update_fields=["email_state", "attempts", "next_attempt_at"])
    record(actor=actor, action="retry_email", obj=fresh, before=before,
           after={"email_state": fresh.email_state, "attempts": 0})
    return fresh


# --- the pass -------------------------------------------------------------------------------


def run_due_reminders(today: dt.date | None = None, now: dt.datetime | None = None) -> list[Reminder]:
    """Make every reminder due today that has not been made, then send the e-mails whose time
    has come (new ones and retries). Returns the reminders this call made."""
    today = today or services.today()
    made: list[Reminder] = []
    escalated: list[Reminder] = []
    for source in (_owing_reports, _owing_filings):
        for o, before in source(today):
            escalated += _escalate(o, today)
            d = due_reminder(o.round.pk if o.round else 0, o.unit.pk, o.due, today, before, scope=o.scope,
                             about=o.about)
            if d is None or Reminder.objects.filter(key=d.key).exists():
                continue
            rem = _claim(o, d)
            if rem is not None:
                made.append(rem)
    deliver_pending(now)
    deliver_notices()
    from duban.web.cycle.chase import sms_overdue

    sms_overdue([r for r in made if r.kind == ReminderKind.OVERDUE])  # the units' own; a leader's goes in-app and by mail
    made += escalated
    for rem in made:
        rem.refresh_from_db()
    return made
