"""Reminders (催办): before each round's due date and daily once it has passed, to the units
that still owe reports; escalating from the liaison to the unit head and then the leader in charge;
in the application and by e-mail; every reminder recorded.

Idempotent by construction: each reminder has a key (round, unit, which reminder, and the day
for the daily overdue ones) with a unique constraint; a run claims a reminder by inserting its row
and only the run whose insert succeeded sends it. Two workers, or a worker and the thread of
`duban serve`, never send the same reminder twice. A missed day is caught up: the "7 days before"
reminder still goes out on day 6 if the server was down on day 7.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from duban.web.accounts.models import Role, User
from duban.web.cycle import services
from duban.web.cycle.models import (
    Reminder,
    ReminderKind,
    RosterEntry,
    RosterSlot,
    Round,
    RoundExtension,
    RoundState,
)
from duban.web.cycle.services import notify, obligations, pending_units, remind_days
from duban.web.directory.models import Unit

log = logging.getLogger("duban.reminders")

LEVEL_LABELS = {1: "经办人", 2: "经办人、单位负责人", 3: "经办人、单位负责人、分管领导"}


def escalate_leader_after() -> int:
    return int(getattr(settings, "DUBAN_ESCALATE_LEADER_AFTER", 3))


@dataclass(frozen=True)
class Due:
    """A reminder that should exist today for one unit in one round."""

    key: str
    kind: str
    level: int
    days: int


def due_reminder(round_id: int, unit_id: int, due: dt.date, today: dt.date, before: list[int]) -> Due | None:
    """Which reminder (if any) a unit owing reports is due today.

    Before the due date: the latest of the `before` days already reached (7, then 3), once each.
    After it: one a day; from day 1 the unit head too, from day `escalate_leader_after()` the leader."""
    delta = (due - today).days
    if delta >= 0:
        reached = [d for d in sorted(before) if delta <= d]
        if not reached:
            return None
        d = reached[0]
        return Due(f"r{round_id}-u{unit_id}-before{d}", ReminderKind.BEFORE, 1, delta)
    late = -delta
    level = 3 if late >= escalate_leader_after() else 2
    return Due(f"r{round_id}-u{unit_id}-overdue-{today.isoformat()}", ReminderKind.OVERDUE, level, delta)


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


def _compose(rnd: Round, unit: Unit, due: dt.date, missing: int, d: Due) -> tuple[str, str]:
    when = f"{due.month}月{due.day}日"
    if d.kind == ReminderKind.BEFORE:
        subject = f"【催办提醒】{rnd}完成情况将于{when}截止报送"
        lead = f"{unit.name}:{rnd}的完成情况报送将于{when}截止(还有{d.days}天),贵单位尚有{missing}项未报送。"
    else:
        subject = f"【逾期催办】{unit.name}{rnd}完成情况已逾期{-d.days}天"
        lead = (f"{unit.name}:{rnd}的完成情况应于{when}前报送,现已逾期{-d.days}天,"
                f"贵单位尚有{missing}项未报送,请立即报送。")
    names = "、".join(t.number or str(t.pk) for t, _role in obligations(rnd, unit)[:20])
    body = (f"{lead}\n\n涉及任务序号:{names}\n请登录督办系统填报:/cycle/rounds/{rnd.pk}/mine/\n"
            f"本提醒发送给:{LEVEL_LABELS[d.level]}。\n\n督查室")
    return subject, body


def _claim(rnd: Round, unit: Unit, due: dt.date, missing: int, d: Due) -> Reminder | None:
    """Insert the reminder's row (and its in-app notices); None when someone else already has."""
    subject, body = _compose(rnd, unit, due, missing, d)
    users, emails = recipients(unit, d.level)
    try:
        with transaction.atomic():
            rem = Reminder.objects.create(key=d.key, round=rnd, unit=unit, kind=d.kind, level=d.level, days=d.days,
                                          subject=subject, body=body,
                                          recipients=[*[str(u) for u in users], *emails])
            notify(users, subject, url=f"/cycle/rounds/{rnd.pk}/mine/", reminder=rem)
    except IntegrityError:
        return None
    return rem


def _send(rem: Reminder) -> None:
    emails = [r for r in rem.recipients if "@" in r]
    if not emails or not settings.DUBAN_EMAIL_ENABLED:
        return
    try:
        EmailMessage(rem.subject, rem.body, settings.DEFAULT_FROM_EMAIL, emails).send(fail_silently=False)
    except Exception as exc:  # SMTP down, refused, timeout: recorded, the in-app notice stands
        Reminder.objects.filter(pk=rem.pk).update(error=f"{type(exc).__name__}: {exc}"[:1000])
        log.warning("reminder %s: e-mail failed: %s", rem.key, exc)
        return
    Reminder.objects.filter(pk=rem.pk).update(emailed=True)


def run_due_reminders(today: dt.date | None = None) -> list[Reminder]:
    """Send every reminder due today that has not been sent; returns the ones this call sent."""
    today = today or services.today()
    sent: list[Reminder] = []
    rounds = Round.objects.filter(state=RoundState.OPEN).select_related("plan")
    for rnd in rounds:
        before = remind_days(rnd.plan)
        pending = pending_units(rnd)
        if not pending:
            continue
        exts = dict(RoundExtension.objects.filter(round=rnd).values_list("unit_id", "due_date"))
        units = Unit.objects.in_bulk(list(pending))
        for uid, missing in sorted(pending.items()):
            due = exts.get(uid, rnd.due_date)
            d = due_reminder(rnd.pk, uid, due, today, before)
            if d is None or Reminder.objects.filter(key=d.key).exists():
                continue
            rem = _claim(rnd, units[uid], due, missing, d)
            if rem is not None:
                _send(rem)
                sent.append(rem)
    return sent
