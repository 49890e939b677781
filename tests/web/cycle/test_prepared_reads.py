"""Every read of the rush that `Prepared` builds once gives what its queryset gives through the
ORM: the same rows, the same field values (converted as the ORM converts them), the related
objects loaded with it. A Django upgrade that changes what Prepared leans on fails here."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext

from duban.web.common.permissions import SYSTEM
from duban.web.cycle import api as cycle_api
from duban.web.cycle import services as cs
from duban.web.cycle.models import Attachment, FilingState, Report, Round
from duban.web.plans.models import Task, TaskUnit
from tests.web.cycle.conftest import Cycle
from tests.web.cycle.test_views import png_bytes

pytestmark = pytest.mark.django_db


def values(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def same(prepared: list[Any], orm: list[Any], related: tuple[str, ...] = ()) -> None:
    assert [type(o) for o in prepared] == [type(o) for o in orm]
    assert [values(o) for o in prepared] == [values(o) for o in orm]
    with CaptureQueriesContext(connection) as q:  # the related objects came with the row
        loaded = [[values(getattr(p, name)) for name in related] for p in prepared]
    assert q.captured_queries == []
    assert loaded == [[values(getattr(o, name)) for name in related] for o in orm]


@pytest.fixture
def filed(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> tuple[Cycle, Report, Report]:
    """Q1 filed with a photo, Q2 open with its report started from Q1's (so earlier and current)."""
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))
    unit = cycle.w.units["fgj"]
    q1 = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=unit)
    cs.add_attachment(actor=cycle.liaison, report=q1, name="现场.png", data=png_bytes())
    q1 = cs.submit_report(actor=cycle.liaison, report=q1, expected_version=q1.version,
                          data={"status": "on_track", "summary": "一季度推进", "indicator_values": {}})
    q2_round = cs.open_round(actor=cycle.office, round=cs.create_round(actor=cycle.office, plan=cycle.w.plan,
                                                                          kind="quarterly", number=2))
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 7, 10))
    q2 = cs.start_report(actor=cycle.liaison, round=q2_round, task=cycle.w.task_a, unit=unit)
    return cycle, q1, q2


def test_locked_report_is_the_report_with_its_round_task_and_unit(filed: tuple[Cycle, Report, Report]) -> None:
    _, q1, q2 = filed
    for rep in (q1, q2):
        with transaction.atomic():
            got = cs.LOCKED_REPORT.all(pk=rep.pk)
            orm = list(Report.objects.select_related("round", "task", "unit").filter(pk=rep.pk))
        same(got, orm, related=("round", "task", "unit"))
        assert got[0].submitted_at == orm[0].submitted_at and isinstance(got[0].late, bool)
    with transaction.atomic():
        assert cs.LOCKED_REPORT.first(pk=-1) is None
        with pytest.raises(Report.DoesNotExist):
            cs._locked_report(-1)


def test_the_units_reports_on_a_task_are_this_rounds_and_the_filed_earlier_ones(
        filed: tuple[Cycle, Report, Report]) -> None:
    cycle, q1, q2 = filed
    unit, task = cycle.w.units["fgj"], cycle.w.task_a
    for rnd in (q1.round, q2.round):
        got = cs.UNIT_REPORTS_ON_TASK.all(task=task.pk, unit=unit.pk, round=rnd.pk)
        orm = list(Report.objects.filter(task=task, unit=unit).filter(
            models.Q(round=rnd) | models.Q(round__period_end__lt=rnd.period_end) & ~models.Q(state=FilingState.DRAFT))
            .select_related("round").order_by("pk"))
        same(sorted(got, key=lambda r: r.pk), orm, related=("round",))
    assert {r.pk for r in cs.UNIT_REPORTS_ON_TASK.all(task=task.pk, unit=unit.pk, round=q2.round_id)} == {q1.pk, q2.pk}
    # a draft of an earlier round is not what a new round starts from
    Report.objects.filter(pk=q1.pk).update(state=FilingState.DRAFT)
    assert {r.pk for r in cs.UNIT_REPORTS_ON_TASK.all(task=task.pk, unit=unit.pk, round=q2.round_id)} == {q2.pk}


def test_roles_attachments_and_tasks_read_as_the_orm_reads_them(filed: tuple[Cycle, Report, Report]) -> None:
    cycle, q1, _ = filed
    for task in Task.objects.filter(plan=cycle.w.plan):
        for unit in cycle.w.units.values():
            orm_roles = sorted(TaskUnit.objects.filter(task=task, unit=unit).values_list("role", flat=True))
            assert sorted(r for (r,) in cs.TASK_ROLES.rows(task=task.pk, unit=unit.pk)) == orm_roles
        same(cycle_api.TASK_OF_PLAN.all(pk=task.pk, plan=cycle.w.plan.pk), [task])
        assert cycle_api.TASK_OF_PLAN.first(pk=task.pk, plan=cycle.w.plan.pk + 1000) is None
    same(cycle_api.REPORT_ATTACHMENTS.all(report=q1.pk), list(Attachment.objects.filter(report=q1)))
    assert cs.ATTACHMENT_IDS.rows(report=q1.pk) == list(Attachment.objects.filter(report=q1).values_list("pk"))


def test_a_locking_read_outside_a_transaction_is_refused(filed: tuple[Cycle, Report, Report]) -> None:
    _, q1, _ = filed
    from duban.web.common.prepared import Prepared

    reads_round = Prepared(lambda pk: Round.objects.select_for_update().filter(pk=pk).order_by())
    with transaction.atomic():
        assert reads_round.first(pk=q1.round_id) is not None  # built here, in a transaction
    kept = connection.in_atomic_block  # the test runs in its own transaction: pretend it does not
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="transaction"):
            reads_round.first(pk=q1.round_id)
    finally:
        connection.in_atomic_block = kept


def test_a_parameter_that_does_not_reach_the_sql_is_refused_when_built() -> None:
    from duban.web.common.prepared import Prepared

    ignores_unit = Prepared(lambda task, unit: TaskUnit.objects.filter(task_id=task).order_by().values_list("role"))
    with pytest.raises(ValueError, match="unit"):
        ignores_unit.rows(task=1, unit=2)
    with pytest.raises(ValueError, match="values_list"):
        Prepared(lambda pk: TaskUnit.objects.filter(pk=pk).values("role")).all(pk=1)


@pytest.mark.django_db(transaction=True)
def test_each_thread_builds_its_own_and_reads_the_same(world: Any) -> None:
    from tests.web.cycle.conftest import make_cycle

    cycle = make_cycle(world)
    task = cycle.w.task_a
    here = cycle_api.TASK_OF_PLAN.all(pk=task.pk, plan=task.plan_id)
    there: list[Any] = []
    failed: list[BaseException] = []

    def read() -> None:
        try:
            there.extend(cycle_api.TASK_OF_PLAN.all(pk=task.pk, plan=task.plan_id))
        except BaseException as exc:  # noqa: BLE001 (reported by the assertion below)
            failed.append(exc)
        finally:
            connection.close()

    t = threading.Thread(target=read)
    t.start()
    t.join()
    assert failed == [] and [values(o) for o in there] == [values(o) for o in here] == [values(task)]


def test_reads_through_the_permission_rules_agree_with_restrict_for_every_kind_of_user(
        filed: tuple[Cycle, Report, Report], monkeypatch: pytest.MonkeyPatch) -> None:
    """Round to view and report to change, for every role and shape of user (another
    government's office and unit, a province-wide office with no government, a disabled
    account) against every round (open, draft) and report (lead, cooperating): the prepared
    read finds exactly what `restrict()` finds."""
    from duban.web.accounts.models import User
    from duban.web.accounts.services import create_user
    from duban.web.common.permissions import CHANGE, VIEW
    from duban.web.directory import services as ds
    from tests.web.builders import PASSWORD

    cycle, _, _ = filed
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 7, 10))
    coop_report = cs.start_report(actor=cycle.coop, round=Round.objects.get(title__contains="二季度"),
                                  task=cycle.w.task_a, unit=cycle.w.units["tjj"])
    cs.create_round(actor=cycle.office, plan=cycle.w.plan, kind="quarterly", number=3)  # a draft round
    other = ds.create_government(actor=SYSTEM, name="另一区人民政府", region="另一区")
    other_unit = ds.create_unit(actor=SYSTEM, government=other, name="另一区发展和改革局")
    users = [*cycle.w.users.values(), cycle.coop,
             create_user(actor=SYSTEM, username="o2", password=PASSWORD, role="office", government=other),
             create_user(actor=SYSTEM, username="l2", password=PASSWORD, role="liaison", unit=other_unit),
             create_user(actor=SYSTEM, username="province", password=PASSWORD, role="office"),
             create_user(actor=SYSTEM, username="gone", password=PASSWORD, role="liaison", unit=cycle.w.units["fgj"])]
    User.objects.filter(username="gone").update(is_active=False)
    users[-1] = User.objects.get(username="gone")
    rounds, reports = list(Round.objects.all()), list(Report.objects.all())
    assert coop_report in reports and len(rounds) == 3
    seen = {"rounds": 0, "reports": 0}
    for user in users:
        for rnd in rounds:
            got = cycle_api.ROUND_TO_VIEW.first_for(user, pk=rnd.pk)
            expected = Round.objects.restrict(user, VIEW).filter(pk=rnd.pk).first()
            assert (got and values(got)) == (expected and values(expected)), (user.username, rnd.title)
            seen["rounds"] += got is not None
        for rep in reports:
            got_rep = cycle_api.REPORT_TO_CHANGE.first_for(user, pk=rep.pk)
            may = Report.objects.restrict(user, CHANGE).filter(pk=rep.pk).exists()
            assert (got_rep is not None) == may, (user.username, rep.pk)
            if got_rep is not None:
                assert (got_rep.pk, got_rep.unit_id, got_rep.state, got_rep.version) == (
                    rep.pk, rep.unit_id, rep.state, rep.version)
                seen["reports"] += 1
    assert seen["rounds"] > 0 and seen["reports"] > 0  # the comparison met both answers
