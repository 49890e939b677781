"""Whole pages kept per session (common.pagecache): a second look costs one small query; any
committed write, the next day, another session, another user, a waiting message, a signed-out
session or a disabled account each get a page built afresh."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from duban.web.accounts import services as accounts
from duban.web.common import pagecache
from duban.web.common.models import DataVersion
from duban.web.common.permissions import SYSTEM
from duban.web.plans import services as ps
from tests.web.builders import PASSWORD

HIT_QUERIES = 1  # the data version and the session row, together


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    c.get("/accounts/password/")  # like a browser: it has a CSRF cookie before it opens the list
    return c


def get(c: Client, url: str, **extra: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as q:
        resp = c.get(url, **extra)
    assert resp.status_code == 200, resp.status_code
    return resp.content.decode(), len(q.captured_queries)


def test_the_second_look_is_served_from_the_kept_page(world: Any) -> None:
    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    first, built = get(c, url)
    again, kept = get(c, url)
    assert again == first and "地区生产总值增长7%以上" in again
    assert kept == HIT_QUERIES < built


def test_a_committed_write_is_shown_on_the_next_look(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    office, liaison = world.users["office"], world.users["liaison"]
    url = f"/plans/{world.plan.pk}/"
    with django_capture_on_commit_callbacks(execute=True):  # each step commits, as it does in a server
        c, lc = signed_in(office), signed_in(liaison)
        get(c, url), get(lc, "/plans/portal/")
        ps.update_task(actor=office, task=world.task_a, expected_version=world.task_a.version,
                       changes={"text": "地区生产总值增长8%以上。"}, reason="区人大审议调整")
    for html, queries in (get(c, url), get(lc, "/plans/portal/")):
        assert "地区生产总值增长8%以上" in html and "地区生产总值增长7%以上" not in html
        assert queries > HIT_QUERIES


PLANS = ("plans",)


def test_a_service_call_moves_the_version_once_and_only_after_commit(
        world: Any, django_capture_on_commit_callbacks: Any) -> None:
    before = pagecache.current_version(PLANS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            ps.update_task(actor=world.users["office"], task=world.task_a, expected_version=world.task_a.version,
                           changes={"text": "甲。", "deadline": "6月底前"}, reason="调整")  # a revision, an audit row …
            assert pagecache.current_version(PLANS) == before  # not before the commit
    bumped = [c.scope for c in callbacks if isinstance(c, pagecache._Bump)]
    assert sorted(bumped) == sorted(set(bumped)) and "plans" in bumped  # once per app
    assert pagecache.current_version(PLANS) == before + 1


def test_a_rolled_back_write_moves_nothing(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    before = pagecache.current_version(PLANS)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            ps.update_task(actor=world.users["office"], task=world.task_a, expected_version=world.task_a.version,
                           changes={"text": "甲。"}, reason="调整")
            raise RuntimeError("回滚")
    assert pagecache.current_version(PLANS) == before


def test_writes_that_bypass_model_signals_move_the_version_through_their_audit_row(
        world: Any, django_capture_on_commit_callbacks: Any) -> None:
    """An import writes its tasks with bulk_create(), a 办理方案 date with update(): neither sends
    Django's save signals, but every service records its write, and that is what moves the version."""
    from duban.core.plan import Plan as CorePlan
    from duban.web.directory import services as ds

    url = f"/plans/{world.plan.pk}/"
    c = signed_in(world.users["office"])
    get(c, url)
    before = pagecache.current_version(PLANS)
    other = ds.create_government(actor=SYSTEM, name="另一区人民政府", region="另一区")
    core = CorePlan.from_dict({"format": "duban.plan/1", "title": "另一方案", "year": 2026,
                               "sections": [{"id": "S1", "title": "重点工作"}],
                               "tasks": [{"id": "T1", "section": "S1", "number": "1", "kind": "task", "text": "一项。",
                                          "lead_units": [], "cooperating_units": [], "leaders": [], "persons": [],
                                          "indicators": [], "lines": [1, 1]}]})
    with django_capture_on_commit_callbacks(execute=True):
        ps.import_plan(actor=SYSTEM, government=other, plan=core)  # bulk_create of its tasks
    assert pagecache.current_version(PLANS) > before
    assert get(c, url)[1] > HIT_QUERIES  # built again


def test_an_unaudited_write_moves_nothing_and_the_kept_page_expires_to_bound_it(world: Any) -> None:
    """SQL written by hand (or a save outside any service) writes no audit row: the version stays,
    and TIMEOUT bounds how long a kept page can miss it."""
    before = pagecache.current_version(PLANS)
    with transaction.atomic():
        world.task_a.save()
    assert pagecache.current_version(PLANS) == before and pagecache.TIMEOUT <= 300


def test_a_report_filed_in_the_cycle_leaves_the_task_list_kept(
        world: Any, django_capture_on_commit_callbacks: Any) -> None:
    from duban.web.cycle import services as cs

    url = f"/plans/{world.plan.pk}/"
    c = signed_in(world.users["office"])
    get(c, url)
    with django_capture_on_commit_callbacks(execute=True):
        rnd = cs.open_round(actor=world.users["office"], round=cs.create_round(
            actor=world.users["office"], plan=world.plan, kind="quarterly", number=1))
        cs.start_report(actor=world.users["liaison"], round=rnd, task=world.task_a, unit=world.units["fgj"])
    assert pagecache.current_version(("cycle",)) == 0  # a report on a task not yet due moves no kept page
    assert get(c, url)[1] == HIT_QUERIES


def test_a_kept_page_can_depend_only_on_watched_apps() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="documents"):
        pagecache.per_session(depends_on=("plans", "documents"))


def test_sessions_and_users_never_share_a_page(world: Any) -> None:
    url = f"/plans/{world.plan.pk}/"
    edit = f"/plans/tasks/{world.task_a.pk}/edit/"
    first = signed_in(world.users["office"])
    assert edit in get(first, url)[0]
    second = Client()
    second.force_login(world.users["office"])
    second.cookies["csrftoken"] = first.cookies["csrftoken"].value  # the same browser, signed in again
    second_session, queries = get(second, url)
    assert queries > HIT_QUERIES and edit in second_session
    viewer, queries = get(signed_in(world.users["viewer"]), url)
    assert queries > HIT_QUERIES and edit not in viewer and "地区生产总值增长7%以上" in viewer
    assert world.users["viewer"].username in viewer and world.users["office"].username not in viewer


def test_an_htmx_request_gets_its_fragment_not_the_kept_page(world: Any) -> None:
    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    full, _ = get(c, url)
    fragment, _ = get(c, url, HTTP_HX_REQUEST="true")
    assert "<html" in full and "<html" not in fragment and "地区生产总值增长7%以上" in fragment
    assert "<html" in get(c, url)[0]


def test_the_query_string_is_part_of_the_page(world: Any) -> None:
    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    get(c, url)
    html, queries = get(c, url + "?q=粮食")
    assert queries > HIT_QUERIES and "稳定粮食播种面积" in html and "地区生产总值增长7%以上" not in html


def test_a_new_day_builds_the_page_again(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    c = signed_in(world.users["liaison"])
    get(c, "/plans/portal/")
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: dt.date(2099, 1, 1))
    assert get(c, "/plans/portal/")[1] > HIT_QUERIES


def test_a_waiting_message_is_shown_once_in_a_page_built_for_it(
        world: Any, django_capture_on_commit_callbacks: Any) -> None:
    t = world.task_a
    url = f"/plans/{world.plan.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        c = signed_in(world.users["office"])
        get(c, url)
        resp = c.post(f"/plans/tasks/{t.pk}/edit/", {
            "version": t.version, "number": t.number, "kind": t.kind, "text": t.text, "leader_names": "王明",
            "lead_names": "区发改局", "coop_names": "区统计局", "persons": "", "deadline": "9月底前",
            "section": t.section_id or "", "reason": "提前完成"})
        assert resp.status_code == 302
    with_message, queries = get(c, url)
    assert "已保存" in with_message and "9月底前" in with_message and queries > HIT_QUERIES
    again, queries = get(c, url)
    assert "已保存" not in again and "9月底前" in again


def test_a_signed_out_session_is_not_served_the_kept_page(world: Any) -> None:
    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    get(c, url)
    session_cookie = c.cookies["sessionid"].value
    c.post("/accounts/logout/")
    stale = Client()
    stale.cookies["sessionid"] = session_cookie
    resp = stale.get(url)
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_a_disabled_account_is_not_served_the_kept_page(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    liaison = world.users["liaison"]
    with django_capture_on_commit_callbacks(execute=True):
        c = signed_in(liaison)
        get(c, "/plans/portal/")
        accounts.set_active(actor=world.users["office"], user=liaison, active=False)
    resp = c.get("/plans/portal/")
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_the_cache_can_be_turned_off(world: Any, settings: Any) -> None:
    settings.DUBAN_PAGE_CACHE = False
    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    get(c, url)
    assert get(c, url)[1] > HIT_QUERIES


def test_a_kept_page_keeps_its_headers_but_gets_its_own_request_id_and_no_cookie(world: Any) -> None:
    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    built = c.get(url)
    kept = c.get(url)
    for name in ("Content-Type", "X-Frame-Options", "Vary", "X-Content-Type-Options"):
        assert kept[name] == built[name]
    assert kept["X-Request-ID"] != built["X-Request-ID"]
    assert not kept.cookies


def test_an_expired_session_is_not_served_the_kept_page(world: Any) -> None:
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    get(c, url)
    Session.objects.filter(session_key=c.cookies["sessionid"].value).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    resp = c.get(url)
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_a_change_to_the_session_builds_the_page_again(world: Any) -> None:
    c = signed_in(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    get(c, url)
    session = c.session
    session["seen_help"] = True
    session.save()
    assert get(c, url)[1] > HIT_QUERIES


def test_only_pages_that_ask_for_it_are_kept(world: Any) -> None:
    c = signed_in(world.users["office"])
    _, first = get(c, "/plans/")
    _, second = get(c, "/plans/")
    assert second == first > HIT_QUERIES


def test_a_page_that_gave_the_first_csrf_cookie_is_kept_for_the_browser_that_now_holds_it(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    url = f"/plans/{world.plan.pk}/"
    first = c.get(url)
    assert "csrftoken" in first.cookies  # a browser's first page after signing in
    html, queries = get(c, url)
    assert queries == HIT_QUERIES and html == first.content.decode()
    stranger = Client()
    stranger.cookies["sessionid"] = c.cookies["sessionid"].value  # the same session without that cookie
    assert get(stranger, url)[1] > HIT_QUERIES


def test_signing_in_leaves_the_pages_of_others_kept(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    url = f"/plans/{world.plan.pk}/"
    c = signed_in(world.users["office"])
    get(c, url)
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post("/accounts/login/", {"username": "viewer", "password": PASSWORD}).status_code == 302
    assert get(c, url)[1] == HIT_QUERIES


KEPT_PAGES = {"plans:plan_detail": lambda w: f"/plans/{w.plan.pk}/?q=GDP&page=1", "plans:portal": lambda w: "/plans/portal/"}


def _kept_views() -> dict[str, tuple[str, ...]]:
    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, tuple[str, ...]] = {}

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and getattr(p.callback, "duban_keep_page", None):
                found[f"{namespace}{p.name}"] = p.callback.duban_keep_page

    walk(get_resolver().url_patterns, "")
    return found


def test_every_kept_page_names_every_app_whose_tables_it_reads(world: Any) -> None:
    """A kept page goes stale only through a write to an app it does not name: read the SQL each
    kept view runs, for every role, and find the app of every table in it."""
    import re

    from django.apps import apps

    app_of = {m._meta.db_table: m._meta.app_label for m in apps.get_models(include_auto_created=True)}
    infrastructure = {"django_session", DataVersion._meta.db_table}
    kept = _kept_views()
    assert set(kept) == set(KEPT_PAGES), "a view kept by the page cache needs a line in KEPT_PAGES"
    for name, scopes in kept.items():
        for user in world.users.values():
            c = Client()
            c.force_login(user)
            with CaptureQueriesContext(connection) as q:
                c.get(KEPT_PAGES[name](world))
            tables = {t for sql in q.captured_queries
                      for t in re.findall(r'(?:FROM|JOIN)\s+"?([a-z_0-9]+)"?', sql["sql"], flags=re.IGNORECASE)}
            read = {app_of[t] for t in tables - infrastructure if t in app_of}
            assert read <= set(scopes), f"{name} as {user.username} reads {sorted(read - set(scopes))} too"


def test_a_kept_page_asks_for_the_unread_count_as_it_loads(world: Any) -> None:
    """The header's unread count comes from the cycle, which moves no kept page: a kept page leaves
    it to the badge's own refresh, made at once when the page loads."""
    html, _ = get(signed_in(world.users["liaison"]), "/plans/portal/")
    assert 'hx-trigger="load, every 60s"' in html
    other = signed_in(world.users["liaison"]).get("/cycle/").content.decode()
    assert 'hx-trigger="every 60s"' in other  # a page built every time counts them itself
