"""The task list and the portal, kept whole per session by the page cache: after any change made
through the services the next look of the same session shows it, and no user is ever served a
page built for another."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from duban.web.directory import services as ds
from duban.web.plans import services as ps
from duban.web.plans.models import Task

_sessions: dict[int, Client] = {}


def page(user: Any, url: str, **extra: Any) -> str:
    """The page as the user's one browser session sees it (kept pages included)."""
    c = _sessions.get(user.pk)
    if c is None:
        c = _sessions[user.pk] = Client()
        c.force_login(user)
    resp = c.get(url, **extra)
    assert resp.status_code == 200
    return resp.content.decode()


@pytest.fixture(autouse=True)
def committed(django_capture_on_commit_callbacks: Any) -> Iterator[Any]:
    """`with committed():` runs a write's after-commit work (the page cache's version) as its
    transaction's commit would, and forgets it as a commit does (the page cache moves a version
    once per transaction); each test starts with new sessions."""
    _sessions.clear()

    @contextmanager
    def commit() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield
        connection.run_on_commit.clear()

    yield commit


def test_an_adjusted_task_shows_on_the_next_task_list_and_portal(world: Any, committed: Any) -> None:
    office, liaison = world.users["office"], world.users["liaison"]
    url = f"/plans/{world.plan.pk}/"
    assert "地区生产总值增长7%以上" in page(office, url)  # both rendered once: now in the cache
    assert "地区生产总值增长7%以上" in page(liaison, "/plans/portal/")
    with committed():
        ps.update_task(actor=office, task=world.task_a, expected_version=world.task_a.version,
                       changes={"text": "地区生产总值增长8%以上。"}, reason="区人大审议调整")
    for html in (page(office, url), page(office, url, HTTP_HX_REQUEST="true"), page(liaison, "/plans/portal/")):
        assert "地区生产总值增长8%以上" in html and "地区生产总值增长7%以上" not in html


def test_an_edit_through_the_form_shows_on_the_next_page(world: Any, committed: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    assert "12月底前" in c.get(url).content.decode()
    t = world.task_a
    with committed():
        resp = c.post(f"/plans/tasks/{t.pk}/edit/", {
            "version": t.version, "number": t.number, "kind": t.kind, "starred": "on", "text": t.text,
            "leader_names": "王明", "lead_names": "区发改局", "coop_names": "区统计局", "persons": "",
            "deadline": "9月底前", "section": t.section_id or "", "reason": "提前完成",
        })
    assert resp.status_code == 302, resp.content.decode()[:2000]
    html = c.get(url).content.decode()
    assert "9月底前" in html and "12月底前" not in html


def test_a_write_outside_the_services_shows_to_a_new_session(world: Any) -> None:
    """A raw update writes no audit row, so a kept page does not know of it (until its TIMEOUT);
    a page built afresh reads the data as it is."""
    url = f"/plans/{world.plan.pk}/"
    page(world.users["office"], url)
    Task.objects.filter(pk=world.task_b.pk).update(text="直接改写的任务文字。")
    _sessions.clear()
    assert "直接改写的任务文字" in page(world.users["office"], url)


def test_a_renamed_unit_shows_in_the_unit_filter(world: Any, committed: Any) -> None:
    url = f"/plans/{world.plan.pk}/"
    assert "示例区统计局" in page(world.users["office"], url)
    u = world.units["tjj"]
    with committed():
        ds.update_unit(actor=world.users["office"], unit=u, expected_version=u.version, name="示例区统计局(新)")
    assert "示例区统计局(新)" in page(world.users["office"], url)


def test_a_unit_moved_off_a_task_leaves_that_units_portal(world: Any, committed: Any) -> None:
    liaison = world.users["liaison"]  # of 区发改局, which leads task_a
    assert "地区生产总值增长7%以上" in page(liaison, "/plans/portal/")
    with committed():
        ps.update_task(actor=world.users["office"], task=world.task_a, expected_version=world.task_a.version,
                       changes={"lead_names": ["区农业农村局"], "coop_names": ["区统计局"]}, reason="分工调整")
    assert "地区生产总值增长7%以上" not in page(liaison, "/plans/portal/")
    assert "地区生产总值增长7%以上" in page(world.users["wrong_liaison"], "/plans/portal/")


def test_the_same_rows_are_not_shared_between_users_who_may_do_different_things(world: Any) -> None:
    url = f"/plans/{world.plan.pk}/"
    edit = f"/plans/tasks/{world.task_a.pk}/edit/"
    assert edit in page(world.users["office"], url)  # warmed by the office first
    viewer = page(world.users["viewer"], url)
    assert "地区生产总值增长7%以上" in viewer and edit not in viewer and 'id="unit"' not in viewer


def test_one_units_portal_is_never_served_to_another(world: Any) -> None:
    assert "地区生产总值增长7%以上" in page(world.users["liaison"], "/plans/portal/")
    other = page(world.users["wrong_liaison"], "/plans/portal/")
    assert "地区生产总值增长7%以上" not in other and "稳定粮食播种面积" in other


def test_a_task_merged_away_leaves_the_office_task_list_but_keeps_its_page(world: Any, committed: Any) -> None:
    office = world.users["office"]
    url = f"/plans/{world.plan.pk}/"
    a, b = world.task_a, world.task_b
    gone_text = b.text.rstrip("。")
    assert gone_text in page(office, url)
    with committed():
        ps.merge_tasks(actor=office, task=a, other=b, expected_version=a.version, reason="两项合并推进")
    rows = page(office, url).split("<tbody", 1)[-1]
    assert f'/plans/tasks/{b.pk}/"' not in rows
    assert "此任务已被合并或撤销" in page(office, f"/plans/tasks/{b.pk}/")


def test_a_task_reported_done_is_not_counted_past_its_completion_date_on_the_portal(world: Any, committed: Any) -> None:
    """已过完成时限 counts the tasks past their date that are not done: the lead unit's 已完成,
    filed, takes a task off at once (the kept portal is built again), a return puts it back until
    the report is filed again, and acceptance keeps it off."""
    import datetime as dt

    from django.utils import timezone

    from duban.web.cycle import services as cs

    office, liaison = world.users["office"], world.users["liaison"]
    past = timezone.localdate() - dt.timedelta(days=30)
    Task.objects.filter(pk__in=[world.task_a.pk, world.task_b.pk]).update(due_date=past)  # both late: the set-up
    with committed():
        rnd = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=world.plan, kind="quarterly",
                                                                number=1))
    assert "已过完成时限 1 项" in page(liaison, "/plans/portal/")  # 发改局 leads task_a only
    assert "已过完成时限 1 项" in page(world.users["leader"], "/plans/portal/")  # 王明 leads task_a
    rep = cs.start_report(actor=liaison, round=rnd, task=world.task_a, unit=world.units["fgj"])
    with committed():
        rep = cs.submit_report(actor=liaison, report=rep, expected_version=rep.version,
                               data={"status": "done", "summary": "全年目标已完成"})
    assert "已过完成时限" not in page(liaison, "/plans/portal/")
    assert "已过完成时限" not in page(world.users["leader"], "/plans/portal/")
    assert "已过完成时限 1 项" in page(world.users["wrong_liaison"], "/plans/portal/")  # task_b is still late
    with committed():
        rep = cs.review_report(actor=office, report=rep, accept=False, comment="请附统计部门数据")
    assert "已过完成时限 1 项" in page(liaison, "/plans/portal/")  # sent back: not done until filed again
    with committed():
        rep = cs.submit_report(actor=liaison, report=rep, expected_version=rep.version)
    with committed():
        cs.review_report(actor=office, report=rep, accept=True)
    assert "已过完成时限" not in page(liaison, "/plans/portal/")


def _coming(html: str) -> str:
    """The portal's 即将到期 list."""
    return html.split("<h2>即将到期</h2>", 1)[1].split("<h2>", 1)[0]


def test_a_task_reported_done_leaves_the_portals_coming_due_list(world: Any, committed: Any) -> None:
    """即将到期 lists the next tasks due that are not done, by the rule of 已过完成时限: the lead
    unit's 已完成, filed, takes a task off at once (the kept portal is built again), for the unit
    and for the leader; a return puts it back; a 序时推进 report moves no kept page."""
    import datetime as dt

    from django.utils import timezone

    from duban.web.common import pagecache
    from duban.web.cycle import services as cs

    office, liaison, leader = world.users["office"], world.users["liaison"], world.users["leader"]
    soon = timezone.localdate() + dt.timedelta(days=30)
    Task.objects.filter(pk__in=[world.task_a.pk, world.task_b.pk]).update(due_date=soon)  # both coming due
    a_link = f'/plans/tasks/{world.task_a.pk}/"'
    with committed():
        rnd = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=world.plan, kind="quarterly",
                                                                number=1))
    assert a_link in _coming(page(liaison, "/plans/portal/"))
    assert a_link in _coming(page(leader, "/plans/portal/"))
    rep = cs.start_report(actor=liaison, round=rnd, task=world.task_a, unit=world.units["fgj"])
    with committed():
        rep = cs.submit_report(actor=liaison, report=rep, expected_version=rep.version,
                               data={"status": "on_track", "summary": "按序时推进"})
    version = pagecache.current_version(("cycle",))
    with committed():
        rep = cs.review_report(actor=office, report=rep, accept=False, comment="请补充数据")
    assert pagecache.current_version(("cycle",)) == version  # not done before or after: nothing kept is stale
    with committed():
        rep = cs.submit_report(actor=liaison, report=rep, expected_version=rep.version,
                               data={"status": "done", "summary": "全年目标已提前完成"})
    assert a_link not in _coming(page(liaison, "/plans/portal/"))
    assert a_link not in _coming(page(leader, "/plans/portal/"))
    assert f'/plans/tasks/{world.task_b.pk}/"' in _coming(page(office, "/plans/portal/"))  # not done: still coming
    assert a_link not in _coming(page(office, "/plans/portal/"))
    with committed():
        cs.review_report(actor=office, report=rep, accept=False, comment="请附验收材料")
    assert a_link in _coming(page(liaison, "/plans/portal/"))  # sent back: coming due again until filed anew


def test_a_task_no_longer_reported_done_comes_back_on_the_kept_portal(world: Any, committed: Any) -> None:
    """The next round's report starts from the last one (已完成 carried over); filed as 序时推进 it
    puts the task back among 即将到期 at once: the page cache hears of it from the report carried
    from, with no query of its own."""
    import datetime as dt

    from django.utils import timezone

    from duban.web.cycle import services as cs

    office, liaison = world.users["office"], world.users["liaison"]
    Task.objects.filter(pk=world.task_a.pk).update(due_date=timezone.localdate() + dt.timedelta(days=30))
    a_link = f'/plans/tasks/{world.task_a.pk}/"'
    with committed():
        q1 = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=world.plan, number=1))
    rep = cs.start_report(actor=liaison, round=q1, task=world.task_a, unit=world.units["fgj"])
    with committed():
        cs.submit_report(actor=liaison, report=rep, expected_version=rep.version,
                         data={"status": "done", "summary": "已完成"})
    assert a_link not in _coming(page(liaison, "/plans/portal/"))
    with committed():
        q2 = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=world.plan, number=2))
    rep = cs.start_report(actor=liaison, round=q2, task=world.task_a, unit=world.units["fgj"])
    assert rep.status == "done"  # carried over
    with committed():
        cs.submit_report(actor=liaison, report=rep, expected_version=rep.version,
                         data={"status": "on_track", "summary": "经核实尚有收尾工作,按序时推进"})
    assert a_link in _coming(page(liaison, "/plans/portal/"))
