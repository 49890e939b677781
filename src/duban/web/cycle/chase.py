"""催办 by hand: the office chases one unit, or every late unit of a round at once, after reading
the message each will get; and the list of late units as offices paste it into their WeChat
group (unit, tasks, days late, liaison and phone).

A chase is recorded like a scheduled reminder (a `Reminder` per unit, kind 人工催办, with its in-app
notices and e-mail), and each message sent through an SMS gateway or a group robot is a
`Delivery` with the other side's answer. The rows are written in one transaction first; the
messages go out after it commits (a robot that is slow or down never holds the database), and
their outcome is written back."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from duban.web.common.permissions import require
from duban.web.common.services import ServiceError, record
from duban.web.cycle import channels as ch
from duban.web.cycle import reminders as rm
from duban.web.cycle import services
from duban.web.cycle.models import (
    ChannelKind,
    Delivery,
    DeliveryChannel,
    EmailState,
    Reminder,
    ReminderAbout,
    ReminderKind,
    RosterEntry,
    RosterSlot,
    Round,
)
from duban.web.cycle.permissions import may_run_cycle, may_set_channels
from duban.web.directory.models import Unit
from duban.web.plans.models import Task


@dataclass
class Owing:
    """One unit that still owes something in a round, by when, and whom to call. `tasks` are its
    未报 (lead reports never submitted: what the 通报 counts as 未报), `returned` its lead reports
    sent back and not filed again, `parts` its cooperating parts not handed to the lead unit
    (`services.owed`)."""

    unit: Unit
    due: dt.date
    tasks: list[Task]
    returned: list[Task] = field(default_factory=list)
    parts: list[Task] = field(default_factory=list)
    liaison: str = ""
    phone: str = ""
    mobiles: tuple[str, ...] = ()
    emails: list[str] = field(default_factory=list)
    late: int = 0  # days past its due date, on the day it was read

    def days_late(self, on: dt.date) -> int:
        return max(0, (on - self.due).days)

    @property
    def numbers(self) -> str:
        return services.task_numbers(self.tasks)

    @property
    def what(self) -> str:
        """What is not in, as the office says it: 未报1项(任务2)、配合部分未交牵头单位1项(任务5)."""
        return services.describe_owed(self.tasks, self.returned, self.parts)


def owing(rnd: Round, unit_ids: Iterable[int] | None = None) -> list[Owing]:
    """Every unit that still owes something in the round (`services.owed`: lead reports not in
    or sent back, cooperating parts), earliest date first, with its liaison from the roster (附表2)."""
    pending = [o for o in services.owed(rnd, unit_ids).values() if o.outstanding]
    if not pending:
        return []
    ids = [o.unit_id for o in pending]
    units = Unit.objects.in_bulk(ids)
    roster: dict[int, dict[str, RosterEntry]] = {}
    for e in RosterEntry.objects.filter(unit_id__in=ids):
        roster.setdefault(e.unit_id, {})[e.slot] = e
    out = []
    for ow in pending:
        people = roster.get(ow.unit_id, {})
        liaison = people.get(RosterSlot.LIAISON)
        head = people.get(RosterSlot.OFFICE_HEAD)
        mobiles = ch.mobiles_of(*(e.mobile for e in (liaison, head) if e))
        emails = [e.email for e in (liaison, head) if e and e.email]
        o = Owing(units[ow.unit_id], ow.due, ow.unfiled, ow.returned, ow.parts, liaison=liaison.name if liaison else "",
                  emails=emails, mobiles=mobiles, phone=(liaison.mobile or liaison.office_phone) if liaison else "")
        o.late = o.days_late(services.today())
        out.append(o)
    out.sort(key=lambda o: (o.due, o.unit.name))
    return out


def default_message(rnd: Round, on: dt.date) -> str:
    """What the office says to every unit chased (it may edit it before sending)."""
    when = f"{rnd.due_date.month}月{rnd.due_date.day}日"
    if on > rnd.due_date:
        return f"{rnd}完成情况已于{when}截止报送,贵单位尚有任务未报送,请立即登录督办系统报送。"
    return f"{rnd}完成情况将于{when}截止报送,贵单位尚有任务未报送,请抓紧报送。"


def unit_text(o: Owing, message: str, on: dt.date) -> str:
    """The message one unit gets: its name, the office's words, and its own tasks and days."""
    late = o.days_late(on)
    state = f"已逾期{late}天" if late else f"{o.due.month}月{o.due.day}日截止"
    return f"{o.unit.name}:{message.strip()}\n{o.what},{state}。\n——督查室"


def group_text(rnd: Round, rows: Sequence[Owing], on: dt.date, message: str = "") -> str:
    """The list for a work group (WeChat, 钉钉): one line per unit with its liaison and phone,
    as offices paste it."""
    head = message.strip() or default_message(rnd, on)
    lines = [f"【督办提醒】{head}", f"截至{on.month}月{on.day}日尚未报送的单位({len(rows)}个):"]
    for i, o in enumerate(rows, start=1):
        late = o.days_late(on)
        who = f"{o.liaison} {o.phone}".strip() or "经办人未报"
        lines.append(f"{i}. {o.unit.name},{o.what},"
                     f"{f'逾期{late}天' if late else '未到截止日'},联系人:{who}")
    lines.append("请以上单位抓紧报送,已报送的请忽略。")
    return "\n".join(lines)


@dataclass
class ChaseResult:
    reminders: list[Reminder]
    deliveries: list[Delivery]

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if not d.sent]


def chase(*, actor: Any, round: Round, unit_ids: Sequence[int], message: str,  # noqa: A002
          channels: Sequence[DeliveryChannel] = (), email: bool = True) -> ChaseResult:
    """Chase the given units now: an in-app notice to their liaison and head, an e-mail to the
    roster's addresses (when SMTP is set up and `email`), an SMS to their mobiles through each
    SMS gateway chosen, and one list to each group robot chosen, mentioning their liaisons."""
    require(actor, may_run_cycle, round.plan)
    message = (message or "").strip()
    if not message:
        raise ServiceError("请填写催办内容", field="message")
    if len(message) > 1000:
        raise ServiceError("催办内容过长(上限 1000 字)", field="message")
    if not unit_ids:
        raise ServiceError("请勾选要催办的单位", field="units")
    day = services.today()
    rows = owing(round, unit_ids)
    if not rows:
        raise ServiceError("所选单位本轮已全部报送,无需催办", field="units")
    for c in channels:
        if c.government_id != round.plan.government_id or not c.active:
            raise ServiceError(f"渠道“{c.name}”不可用", field="channels")
    made, pending = _write(actor, round, rows, message, channels, email, day)
    deliveries = [_send(d, msg, c) for d, msg, c in pending]
    if email:
        rm.deliver_pending()
    for r in made:
        r.refresh_from_db()
    return ChaseResult(made, deliveries)


@transaction.atomic
def _write(actor: Any, rnd: Round, rows: Sequence[Owing], message: str, channels: Sequence[DeliveryChannel],
           email: bool, day: dt.date) -> tuple[list[Reminder], list[tuple[Delivery, ch.Outgoing, Any]]]:
    made = []
    stamp = uuid.uuid4().hex[:8]
    for o in rows:
        text = unit_text(o, message, day)
        users, emails = rm.recipients(o.unit, 2)
        late = o.days_late(day)
        subject = f"【督查室催办】{o.unit.name}{rnd}完成情况" + (f"已逾期{late}天" if late else "请抓紧报送")
        state = EmailState.PENDING if email and emails and settings.DUBAN_EMAIL_ENABLED else EmailState.NONE
        rem = Reminder.objects.create(
            key=f"r{rnd.pk}-u{o.unit.pk}-manual-{timezone.now():%Y%m%d%H%M%S}-{stamp}"[:120],
            about=ReminderAbout.REPORT, plan=rnd.plan, round=rnd, unit=o.unit, kind=ReminderKind.MANUAL, level=2,
            days=(o.due - day).days, subject=subject[:200], body=text,
            recipients=[*[str(u) for u in users], *emails], email_state=state)
        services.notify(users, subject, url=f"/cycle/rounds/{rnd.pk}/mine/", reminder=rem)
        rm.supersede(rem, users)
        made.append(rem)
    pending: list[tuple[Delivery, ch.Outgoing, Any]] = []
    for c in channels:
        if c.kind == ChannelKind.SMS:
            for o, rem in zip(rows, made, strict=True):
                if not o.mobiles:
                    continue
                msg = ch.Outgoing(rem.subject, unit_text(o, message, day), mobiles=o.mobiles)
                pending.append((_delivery(rnd, c, [rem], list(o.mobiles), msg.text, actor), msg, c.channel()))
        else:
            mobiles = tuple(m for o in rows for m in o.mobiles[:1])  # each unit's liaison, mentioned
            msg = ch.Outgoing(f"{rnd}催办", group_text(rnd, rows, day, message), mobiles=mobiles)
            pending.append((_delivery(rnd, c, made, [c.name], msg.text, actor), msg, c.channel()))
    record(actor=actor, action="chase", obj=rnd, after={
        "units_chased": len(rows), "units": [o.unit.name for o in rows], "message": message,
        "channels": ["站内通知", *(["邮件"] if email else []), *(c.name for c in channels)]})
    return made, pending


def _delivery(rnd: Round, c: DeliveryChannel, rems: Sequence[Reminder], to: list[str], text: str,
              actor: Any) -> Delivery:
    d = Delivery.objects.create(round=rnd, channel=c, channel_label=str(c), to=to, text=text,
                                sent_by=actor if getattr(actor, "pk", None) else None)
    d.reminders.set(rems)
    return d


def _send(d: Delivery, msg: ch.Outgoing, sender: Any) -> Delivery:
    """Send one message (after the rows are committed) and write down what came back."""
    try:
        d.outcome, d.sent = sender.send(msg)[:300], True
    except ch.DeliveryError as exc:
        d.outcome, d.sent = str(exc)[:300], False
    Delivery.objects.filter(pk=d.pk).update(sent=d.sent, outcome=d.outcome)
    return d


# --- the office's channels ---------------------------------------------------------------------

CHANNEL_FIELDS = ("kind", "name", "url", "secret", "sign", "mobiles_field", "text_field", "auto", "active")


@transaction.atomic
def save_channel(*, actor: Any, government: Any, data: dict[str, Any], channel: DeliveryChannel | None = None,
                 expected_version: int | None = None) -> DeliveryChannel:
    """Set up (or change) an SMS gateway or a group robot. A key left empty when changing one
    keeps the key it had (the page never shows it)."""
    from duban.web.common.services import ConflictError, validate

    require(actor, may_set_channels, government.pk)
    if channel is not None and channel.government_id != government.pk:
        raise PermissionDenied("只能修改本政府的催办渠道")
    if channel is None:
        obj = DeliveryChannel(government=government)
        before = None
    else:
        obj = DeliveryChannel.objects.select_for_update().get(pk=channel.pk)
        if expected_version is not None and obj.version != expected_version:
            raise ConflictError("该渠道已被他人修改,请刷新后再改")
        before = obj.audit_snapshot()
        obj.version += 1
    for k in CHANNEL_FIELDS:
        if k in data and not (k == "secret" and channel is not None and not data[k]):
            setattr(obj, k, data[k].strip() if isinstance(data[k], str) else data[k])
    if obj.kind not in ChannelKind.values:
        raise ServiceError("请选择渠道类型", field="kind")
    if obj.kind != ChannelKind.SMS:
        obj.auto = False
    validate(obj)
    obj.save()
    record(actor=actor, action="update" if before else "create", obj=obj, before=before, after=obj.audit_snapshot())
    return obj


def try_channel(*, actor: Any, channel: DeliveryChannel, mobile: str = "") -> Delivery:
    """A test message through the channel, so the office sees at once whether it works."""
    require(actor, may_set_channels, channel.government_id)
    mobiles = ch.mobiles_of(mobile)
    if channel.kind == ChannelKind.SMS and not mobiles:
        raise ServiceError("请填写接收测试短信的手机号码", field="mobile")
    msg = ch.Outgoing("督办系统测试消息", f"【督办提醒】这是督办系统发送的测试消息({timezone.localtime():%m月%d日 %H:%M}),"
                                        "收到即表示催办渠道设置正确。", mobiles=mobiles)
    with transaction.atomic():
        d = Delivery.objects.create(channel=channel, channel_label=str(channel), to=list(mobiles) or [channel.name],
                                    text=msg.text, sent_by=actor if getattr(actor, "pk", None) else None)
        record(actor=actor, action="chase", obj=channel, after={"message": "测试消息"})
    return _send(d, msg, channel.channel())


def sms_overdue(made: Sequence[Reminder]) -> list[Delivery]:
    """The scheduled overdue reminders also go by SMS, where the office set up an SMS gateway for
    it ("逾期自动催办时也发短信"): one SMS per reminder to the unit's liaison and office head."""
    if not made:
        return []
    gov_of = {r.pk: r.plan.government_id if r.plan else None for r in made}
    gateways: dict[int, list[DeliveryChannel]] = {}
    for c in DeliveryChannel.objects.filter(kind=ChannelKind.SMS, active=True, auto=True,
                                            government_id__in={g for g in gov_of.values() if g}):
        gateways.setdefault(c.government_id, []).append(c)
    if not gateways:
        return []
    out = []
    for r in made:
        chans = gateways.get(gov_of[r.pk] or 0, [])
        people = RosterEntry.objects.filter(unit_id=r.unit_id, slot__in=(RosterSlot.LIAISON, RosterSlot.OFFICE_HEAD))
        mobiles = ch.mobiles_of(*(e.mobile for e in people))
        if not chans or not mobiles:
            continue
        text = r.body.split("\n\n")[0]  # the reminder's first paragraph: unit, what, when, how many
        for c in chans:
            with transaction.atomic():
                d = Delivery.objects.create(round=r.round, channel=c, channel_label=str(c), to=list(mobiles), text=text)
                d.reminders.set([r])
            out.append(_send(d, ch.Outgoing(r.subject, text, mobiles=mobiles), c.channel()))
    return out
