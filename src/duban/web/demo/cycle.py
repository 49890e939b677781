"""A believable quarter of the supervision cycle for the 示例区 demo, made through the services as
the office and the units would: the office sets the 办理方案 date, units file their 办理方案 and
rosters (most in time, one late, some returned), a quarterly round is opened and the units report
(every status; one unit late, one never), the office reviews, inspects, a leader gives an
instruction, and the reminders go out on their days.

The quarter is the latest one whose due date ("the 20th of the quarter's first month") is a few
days past, so the demo always looks current. The events run on the cycle's clock
(`duban.web.cycle.services.today`, the one place every rule of the cycle reads the date), set to
the day each would have happened; 报送时间 and 审核时间, and the audit rows written with them (the
记录 on a report's page), are dated that day too.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone

from duban.web.accounts.models import Role, User
from duban.web.accounts.services import create_user
from duban.web.common.permissions import SYSTEM
from duban.web.common.services import demo_audit_clock
from duban.web.cycle import reminders as rm
from duban.web.cycle import services as cs
from duban.web.cycle.models import (
    FilingState,
    ImplementationPlan,
    Instruction,
    Notification,
    Reminder,
    Report,
    Round,
    WorkItem,
)
from duban.web.directory.models import Government, Unit
from duban.web.plans.models import Plan, Task, TaskUnit, UnitRole

# a liaison (经办人) account for every unit that has none, so each files as its own people would
UNIT_LOGINS = {
    "示例区统计局": "tjj", "示例区财政局": "czj", "示例区经济和信息化局": "jxj", "示例区商务局": "swj",
    "示例区人力资源和社会保障局": "rsj", "示例区科学技术局": "kjj", "示例区住房和城乡建设局": "zjj",
    "示例区自然资源局": "zrzyj", "示例区市场监督管理局": "scjgj", "示例区文化和旅游局": "wlj", "示例区教育局": "jyj",
    "示例区卫生健康局": "wjj", "示例区民政局": "mzj", "示例区应急管理局": "yjj", "示例区交通运输局": "jtj",
    "示例区人民医院": "rmyy", "城关街道办事处": "cgjd", "新城街道办事处": "xcjd", "东湖镇人民政府": "dhz",
    "西山乡人民政府": "xsx", "南岭镇人民政府": "nlz", "示例经济开发区管理委员会": "kfq",
    "示例区城市建设投资集团有限公司": "ctjt", "国家税务总局示例区税务局": "swju", "市生态环境局示例分局": "sthj",
    "共青团示例区委员会": "twq",
}
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"

LATE_UNIT = "示例区民政局"  # never reports this quarter: chased daily, escalated to the leader
LATE_FILER = "示例区教育局"  # reports two days after the date (逾期报送)
LATE_IMPL = "示例区经济和信息化局"  # 办理方案 two days late
NO_ROSTER = ("西山乡人民政府", "南岭镇人民政府", "国家税务总局示例区税务局", "共青团示例区委员会", "示例区人民医院")

# the lead unit's status per task number (the rest 序时推进)
STATUS = {"9": "done", "11": "done", "12": "done", "17": "done", "3": "lagging", "13": "lagging",
          "15": "lagging", "10": "not_started", "16": "not_started"}
# indicator actuals as a unit types them, in the unit the plan printed (亿元, 万亩 …)
ACTUALS = {"1": ["7.2"], "2": ["8.3"], "3": ["6.2"], "4": ["6.1"], "5": ["5.4"], "6": ["3.9"], "7": ["6.1", "7.6"],
           "8": ["16", "12"], "9": ["5.2"], "11": ["108", "8.6"], "12": ["500"], "13": ["4"], "14": ["4.6", "1.3"],
           "15": ["0.5"], "17": ["5", "3150"], "19": ["2300", "400"], "23": ["33"]}
RETURNED_REPORT = "14"  # returned by the office, corrected and filed again
AWAITING_REVIEW = ("6", "19", "21")  # filed, not yet reviewed
MARKS = {"done": "优", "on_track": "良", "lagging": "中", "not_started": "差"}
IMPL_RETURNED = "23"  # 办理方案 returned, not yet filed again
IMPL_RESUBMITTED = "13"  # returned, filed again and accepted
IMPL_AWAITING = ("7", "18")  # 办理方案 filed, waiting for the office


@contextmanager
def on_day(day: dt.date) -> Iterator[None]:
    """Run the services as on `day` (the cycle's clock) in this thread; restored afterwards. Other
    threads (the reminder thread of `duban serve` starts before the demo loads) keep the real date."""
    saved = cs.today
    me = threading.get_ident()
    cs.today = lambda: day if threading.get_ident() == me else saved()
    started = timezone.now()
    ticks: list[tuple[dt.datetime, dt.datetime]] = []  # (when an audit row was written, the day's time it took)
    opens = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))

    def clock() -> dt.datetime:
        at = opens + dt.timedelta(minutes=len(ticks))
        ticks.append((timezone.now(), at))
        return at

    try:
        with demo_audit_clock(clock):
            yield
    finally:
        cs.today = saved
    _stamp(started, ticks)


FILING_TIMES: tuple[tuple[Any, str], ...] = (
    (Report, "submitted_at"), (Report, "reviewed_at"), (ImplementationPlan, "submitted_at"),
    (ImplementationPlan, "reviewed_at"), (Instruction, "created_at"), (Instruction, "answered_at"),
    (Notification, "created_at"))


def _stamp(since: dt.datetime, ticks: list[tuple[dt.datetime, dt.datetime]]) -> None:
    """Date what was filed, reviewed, instructed, answered and notified on the day as the audit row
    written with it is dated (the first one written at or after it; `on_day`'s clock: from 9
    o'clock, a minute a row, in the order it was done): the 报送时间 and 审核时间 the pages show, the
    记录 beside them, the order the review queue takes (oldest first) and a 批示's date (given 12月7日
    with 11月5日 as its 时限) would otherwise all be the moment the demo loaded."""
    if not ticks:
        return
    after_last = ticks[-1][1] + dt.timedelta(minutes=1)
    for model, name in FILING_TIMES:
        for pk, at in model.objects.filter(**{f"{name}__gte": since}).values_list("pk", name):
            model.objects.filter(pk=pk).update(**{name: next((t for real, t in ticks if real >= at), after_last)})


def _remind() -> list[Any]:
    """The reminder pass of the cycle's day, stamped at 9 o'clock of that day (the demo loads in a
    moment; a list of reminders all made at the same second would say so)."""
    day = cs.today()
    made = rm.run_due_reminders(day)
    stamp = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    Reminder.objects.filter(pk__in=[r.pk for r in made]).update(created_at=stamp)
    Notification.objects.filter(reminder__in=made).update(created_at=stamp)
    return made


def pick_quarter(today: dt.date, year: int | None = None) -> tuple[int, int]:
    """(year, quarter) of the latest quarterly round due at least four days before `today`
    (within `year` when the plan's year is fixed); the first quarter of `year` if none is."""
    best: tuple[int, int] | None = None
    for y in ([year] if year else [today.year - 1, today.year]):
        for n in range(1, 5):
            if cs.round_dates(y, "quarterly", n)[3] <= today - dt.timedelta(days=4):
                best = (y, n)
    return best or (year or today.year, 1)


def _liaisons(gov: Government, password: str) -> dict[int, User]:
    """unit id → the account that files for it (the demo's own, or one made here)."""
    out: dict[int, User] = {}
    for u in User.objects.filter(role=Role.LIAISON, unit__government=gov).order_by("pk"):
        out.setdefault(u.unit_id, u)  # type: ignore[arg-type]
    for i, unit in enumerate(Unit.objects.filter(government=gov).order_by("pk")):
        if unit.pk in out or unit.name not in UNIT_LOGINS:
            continue
        out[unit.pk] = create_user(actor=SYSTEM, username=UNIT_LOGINS[unit.name], password=password, role=Role.LIAISON,
                                   display_name=f"{SURNAMES[i % len(SURNAMES)]}经办", unit=unit)
    return out


def _short(task: Task) -> str:
    text = task.text.split("。")[0].lstrip("★")
    return text[:40]


def _report_data(task: Task, status: str, unit: Unit, lead: bool) -> dict[str, str]:
    what = _short(task)
    if not lead:
        return {"status": "on_track", "summary": f"按牵头单位部署配合推进“{what}”,本单位承担的工作已按计划完成。"}
    if status == "done":
        return {"status": status, "summary": f"“{what}”已全部完成,相关佐证材料已报送。",
                "next_steps": "做好成果巩固和总结,按要求报送年度总结。"}
    if status == "lagging":
        return {"status": status, "summary": f"“{what}”已启动实施,但进度慢于序时要求。",
                "problems": "项目前期手续办理时间较长,部分资金尚未到位,影响施工进度。",
                "next_steps": "建立周调度机制,协调财政资金尽快拨付,倒排工期确保四季度追回进度。"}
    if status == "not_started":
        return {"status": status, "summary": f"“{what}”目前仍在编制实施方案、开展前期摸底。",
                "problems": "实施方案尚待区政府常务会议审定。", "next_steps": "力争下月审定方案并全面启动。"}
    return {"status": "on_track", "summary": f"“{what}”已分解到责任科室,各项工作按计划推进,达到序时进度。",
            "next_steps": "继续按办理方案的月度节点推进,加强督促调度。"}


def _file_report(rnd: Round, task: Task, unit: Unit, actor: User, data: dict[str, Any]) -> Report:
    """Start and submit; a lead unit ticks the work items of its 办理方案 done by now (滞后: one
    milestone short, 未启动: none)."""
    rep = cs.start_report(actor=actor, round=rnd, task=task, unit=unit)
    if rep.role == "lead" and task.number in ACTUALS:
        data = {**data, "indicator_values": dict(enumerate(ACTUALS[task.number][:len(task.indicators or [])]))}
    if rep.role == "lead":
        upto = {"lagging": rnd.period_end.month - 3, "not_started": 0}.get(data["status"], rnd.period_end.month)
        data = {**data, "done_items": list(WorkItem.objects.filter(
            impl_plan__task=task, impl_plan__unit=unit, month__lte=upto).values_list("pk", flat=True))}
    return cs.submit_report(actor=actor, report=rep, expected_version=rep.version, data=data)


def _file_impl(task: Task, unit: Unit, actor: User) -> Any:
    ip = cs.start_impl_plan(actor=actor, task=task, unit=unit)
    what = _short(task)
    ip = cs.save_impl_plan(
        actor=actor, impl_plan=ip, expected_version=ip.version, department="综合科",
        leader_in_charge=SURNAMES[unit.pk % len(SURNAMES)] + "副局长",
        measures=f"围绕“{what}”,成立工作专班,细化月度节点,按季度报送进展。",
        items=[{"content": "制定实施方案,明确责任科室和时间节点", "month": 3, "expected": 20},
               {"content": "全面组织实施,开展中期调度", "month": 6, "expected": 50},
               {"content": "推进重点环节攻坚,开展督导检查", "month": 9, "expected": 75},
               {"content": "完成年度目标,开展总结评估", "month": 12, "expected": 100}])
    return cs.submit_impl_plan(actor=actor, impl_plan=ip)


@transaction.atomic
def load_cycle(gov: Government, plan: Plan, office: User, leader_user: User | None, password: str,
               today: dt.date | None = None) -> list[str]:
    """The quarter, once: nothing is made when the plan already has a round."""
    if Round.objects.filter(plan=plan).exists():
        return []
    today = today or cs.today()
    year, q = pick_quarter(today, plan.year)
    who = _liaisons(gov, password)
    units = Unit.objects.in_bulk(list(who))
    tasks = list(plan.tasks.filter(removed=False).order_by("position"))
    leads: dict[int, list[int]] = {}
    coops: dict[int, list[int]] = {}
    for tu in TaskUnit.objects.filter(task__plan=plan, task__removed=False):
        (leads if tu.role == UnitRole.LEAD else coops).setdefault(tu.task_id, []).append(tu.unit_id)
    by_name = {u.name: u for u in units.values()}
    late, late_filer = by_name.get(LATE_UNIT), by_name.get(LATE_FILER)

    # 办理方案 and rosters, by the date the office sets
    impl_due = dt.date(year, 2, 10)
    with on_day(impl_due - dt.timedelta(days=20)):
        cs.set_calendar(actor=office, plan=plan, impl_plan_due=impl_due, remind_days_before=[7, 3])
    with on_day(impl_due - dt.timedelta(days=7)):
        _remind()
    with on_day(impl_due - dt.timedelta(days=5)):
        for i, unit in enumerate(sorted(units.values(), key=lambda u: u.pk)):
            if unit.name in NO_ROSTER:
                continue
            for k, (slot, title, given) in enumerate((("leader", "副局长", "建国"), ("office_head", "办公室主任", "丽华"),
                                                      ("liaison", "科员", "晓东"))):
                name = SURNAMES[(i * 3 + k) % len(SURNAMES)] + given
                cs.save_roster_entry(actor=who[unit.pk], unit=unit, slot=slot, name=name, title=title,
                                     office_phone=f"0755-8{i:03d}{k:03d}", mobile=f"1390000{i:02d}{k:02d}")
    impl_late: list[tuple[Task, int]] = []
    with on_day(impl_due - dt.timedelta(days=2)):
        for t in tasks:
            for uid in leads.get(t.pk, []):
                if units[uid].name == LATE_IMPL:
                    impl_late.append((t, uid))
                else:
                    _file_impl(t, units[uid], who[uid])
    with on_day(impl_due - dt.timedelta(days=3)):
        _remind()
    with on_day(impl_due + dt.timedelta(days=1)):
        _remind()
    with on_day(impl_due + dt.timedelta(days=2)):
        for t, uid in impl_late:
            _file_impl(t, units[uid], who[uid])
    with on_day(impl_due + dt.timedelta(days=4)):
        for ip in plan_impls(plan):
            if ip.task.number in IMPL_AWAITING:
                continue
            if ip.task.number in (IMPL_RETURNED, IMPL_RESUBMITTED):
                cs.review_impl_plan(actor=office, impl_plan=ip, accept=False,
                                    comment="工作事项过于笼统,请按月细化可量化的节点目标,并明确责任科室。")
            else:
                cs.review_impl_plan(actor=office, impl_plan=ip, accept=True)
    with on_day(impl_due + dt.timedelta(days=7)):
        for ip in plan_impls(plan, state=FilingState.RETURNED):
            if ip.task.number == IMPL_RESUBMITTED:
                ip = cs.save_impl_plan(
                    actor=who[ip.unit_id], impl_plan=ip, expected_version=ip.version,
                    leader_in_charge=ip.leader_in_charge, department="城建科", measures=ip.measures,
                    items=[{"content": "完成12个小区改造方案设计和居民意见征求", "month": 4, "expected": 20},
                           {"content": "6个小区开工建设", "month": 6, "expected": 50},
                           {"content": "12个小区全部开工,6个完工", "month": 9, "expected": 75},
                           {"content": "12个小区全部完工并验收", "month": 11, "expected": 100}])
                ip = cs.submit_impl_plan(actor=who[ip.unit_id], impl_plan=ip)
                cs.review_impl_plan(actor=office, impl_plan=ip, accept=True)

    # the quarter's round
    rnd = cs.create_round(actor=office, plan=plan, kind="quarterly", number=q)
    due = rnd.due_date
    with on_day(rnd.period_end + dt.timedelta(days=1)):
        rnd = cs.open_round(actor=office, round=rnd)
    with on_day(due - dt.timedelta(days=8)):  # the cooperating units first
        for t in tasks:
            for uid in coops.get(t.pk, []):
                if units[uid] not in (late, late_filer):
                    _file_report(rnd, t, units[uid], who[uid], _report_data(t, "on_track", units[uid], False))
    with on_day(due - dt.timedelta(days=7)):
        _remind()
    with on_day(due - dt.timedelta(days=4)):
        for t in tasks[: len(tasks) // 2]:
            _lead_reports(rnd, t, leads, units, who, (late, late_filer))
    with on_day(due - dt.timedelta(days=3)):
        _remind()
    with on_day(due - dt.timedelta(days=1)):
        for t in tasks[len(tasks) // 2:]:
            _lead_reports(rnd, t, leads, units, who, (late, late_filer))
    with on_day(due + dt.timedelta(days=1)):
        _remind()
        for rep in Report.objects.filter(round=rnd, role="lead", state=FilingState.SUBMITTED).select_related("task"):
            if rep.task.number == RETURNED_REPORT:
                cs.review_report(actor=office, report=rep, accept=False,
                                 comment="请补充各乡镇播种面积分项数据,并上传现场照片作为佐证。")
            elif rep.task.number not in AWAITING_REVIEW:
                cs.review_report(actor=office, report=rep, accept=True, mark=MARKS.get(rep.status, ""))
    with on_day(due + dt.timedelta(days=2)):
        if late_filer is not None:
            for t in tasks:
                if late_filer.pk in leads.get(t.pk, []):
                    _file_report(rnd, t, late_filer, who[late_filer.pk],
                                 _report_data(t, STATUS.get(t.number, "on_track"), late_filer, True))
                elif late_filer.pk in coops.get(t.pk, []):
                    _file_report(rnd, t, late_filer, who[late_filer.pk],
                                 _report_data(t, "on_track", late_filer, False))
        for rep in Report.objects.filter(round=rnd, state=FilingState.RETURNED).select_related("task", "unit"):
            fixed = {**_report_data(rep.task, rep.status or "on_track", rep.unit, True),
                     "summary": rep.summary + "已补充各乡镇分项数据:东湖镇1.6万亩、西山乡1.5万亩、南岭镇1.4万亩。"}
            cs.submit_report(actor=who[rep.unit_id], report=rep, expected_version=rep.version, data=fixed)
        lagging = Report.objects.filter(round=rnd, role="lead", status="lagging").select_related("task", "unit")
        first = lagging.first()
        if first is not None:
            insp = cs.mark_inspection(actor=office, task=first.task, kind="onsite", report=first,
                                      reason="报告进展滞后,需实地核实项目推进和资金到位情况")
        _remind()
    with on_day(due + dt.timedelta(days=3)):
        _remind()
    with on_day(due + dt.timedelta(days=6)):
        if first is not None:
            cs.record_findings(actor=office, inspection=insp, findings=(
                "现场查看3个项目点,其中1个已完成主体施工,2个正在办理用地手续;资金到位率约45%,"
                "与报告情况基本一致。已要求单位倒排工期,每半月报送一次进展。"))
        if leader_user is not None:
            _instruction(rnd, leader_user, who)
    # every day since, as the server's reminder thread would have: the unit that never filed is
    # chased daily (逾期4天, 5天 … up to today), and so is any 办理方案 or roster still owed
    day = due + dt.timedelta(days=4)
    while day <= today:
        with on_day(day):
            _remind()
        day += dt.timedelta(days=1)
    lines = [f"示例督办数据:{rnd}(截止{due.month}月{due.day}日),办理方案截止{impl_due.month}月{impl_due.day}日;"
             f"{Report.objects.filter(round=rnd).count()} 份完成情况报告"]
    lines.append("各单位经办人账户:用户名为单位简拼(如 czj 区财政局、jyj 区教育局、mzj 区民政局),密码同上")
    return lines


def plan_impls(plan: Plan, state: str = FilingState.SUBMITTED) -> list[Any]:
    from duban.web.cycle.models import ImplementationPlan

    return list(ImplementationPlan.objects.filter(task__plan=plan, role="lead", state=state)
                .select_related("task", "unit").order_by("task__position"))


def _lead_reports(rnd: Round, t: Task, leads: dict[int, list[int]], units: dict[int, Unit], who: dict[int, User],
                  skip: tuple[Unit | None, Unit | None]) -> None:
    for uid in leads.get(t.pk, []):
        if units[uid] in skip:
            continue
        _file_report(rnd, t, units[uid], who[uid], _report_data(t, STATUS.get(t.number, "on_track"), units[uid], True))


def _instruction(rnd: Round, leader_user: User, who: dict[int, User]) -> None:
    """王明 on a lagging task of a unit he oversees; the unit answers."""
    rep = (Report.objects.filter(round=rnd, role="lead", status="lagging", unit__leaders=leader_user.leader_id)
           .select_related("task", "unit").first()
           or Report.objects.filter(round=rnd, role="lead", unit__leaders=leader_user.leader_id)
           .select_related("task", "unit").first())
    if rep is None:
        return
    ins = cs.give_instruction(actor=leader_user, task=rep.task, unit=rep.unit, report=rep,
                              text="进度滞后,请逐项分析原因,会同相关单位拿出追赶措施,十日内报我。",
                              due_date=cs.today() + dt.timedelta(days=10))
    cs.answer_instruction(actor=who[rep.unit_id], instruction=ins, answer=(
        "已召开专题调度会,逐个项目明确责任人和时间表;已协调财政局提前拨付前期经费,计划下月底追回序时进度。"))
