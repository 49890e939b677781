"""Login with hashed passwords, lock-out after repeated failures, and API tokens hashed at rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from duban.web.accounts.models import ApiToken, LoginFailure, hash_token
from duban.web.common.models import AuditLog
from tests.web.builders import PASSWORD


def login(c: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return c.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_password_is_hashed_and_login_works(world: Any) -> None:
    user = world.users["liaison"]
    assert PASSWORD not in user.password and user.check_password(PASSWORD)
    c = Client()
    resp = login(c, "liaison", PASSWORD)
    assert resp.status_code == 302 and resp["Location"] == "/"
    assert c.get("/plans/portal/").status_code == 200


def test_wrong_password_says_so_in_chinese(world: Any) -> None:
    resp = login(Client(), "liaison", "wrong")
    assert resp.status_code == 400 and "用户名或密码不正确" in resp.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(world: Any, settings: Any) -> None:
    settings.DUBAN_LOGIN_MAX_FAILURES = 3
    c = Client()
    for _ in range(3):
        login(c, "liaison", "wrong")
    resp = login(c, "liaison", PASSWORD)
    assert resp.status_code == 400 and "暂时锁定" in resp.content.decode()
    assert AuditLog.objects.filter(action="lockout", object_id="liaison").exists()
    # another address is counted on its own: a guesser elsewhere cannot lock the owner out
    assert login(Client(), "liaison", PASSWORD, ip="10.0.0.2").status_code == 302


def test_lock_runs_out(world: Any, settings: Any) -> None:
    settings.DUBAN_LOGIN_MAX_FAILURES = 2
    c = Client()
    login(c, "liaison", "wrong")
    login(c, "liaison", "wrong")
    LoginFailure.objects.filter(username="liaison").update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert login(c, "liaison", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="liaison").exists()


def test_open_redirect_after_login_is_refused(world: Any) -> None:
    resp = Client().post("/accounts/login/?next=https://evil.example/", {"username": "liaison", "password": PASSWORD})
    assert resp["Location"] == "/"


def test_api_token_is_stored_only_as_its_hash(world: Any) -> None:
    tok = ApiToken.objects.get(pk=world.office_token.pk)
    assert tok.key_hash == hash_token(world.office_key) and world.office_key not in (tok.key_hash, tok.prefix)


def test_token_page_shows_a_new_key_once(world: Any) -> None:
    c = Client()
    c.force_login(world.users["liaison"])
    html = c.post("/accounts/tokens/", {"name": "同步", "days": 30}).content.decode()
    assert "dbn_" in html
    again = c.get("/accounts/tokens/").content.decode()
    tok = ApiToken.objects.get(user=world.users["liaison"])
    assert tok.prefix in again and tok.key_hash not in again


def test_expired_token_is_refused(world: Any) -> None:
    ApiToken.objects.filter(pk=world.office_token.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {world.office_key}").status_code == 401


def test_office_creates_and_switches_off_an_account(world: Any) -> None:
    from duban.web.accounts.models import User

    c = Client()
    c.force_login(world.users["office"])
    bad = c.post("/accounts/users/", {"username": "x1", "display_name": "甲", "role": "liaison",
                                      "password": "a-long-password"})
    assert "必须指定所在单位" in bad.content.decode() and not User.objects.filter(username="x1").exists()
    c.post("/accounts/users/", {"username": "x1", "display_name": "甲", "role": "liaison",
                                "unit": world.units["tjj"].pk, "password": "a-long-password"})
    new = User.objects.get(username="x1")
    assert new.unit == world.units["tjj"] and new.check_password("a-long-password")
    c.post(f"/accounts/users/{new.pk}/active/", {"active": "0"})
    assert not User.objects.get(pk=new.pk).is_active
    assert login(Client(), "x1", "a-long-password").status_code == 400  # a switched-off account cannot sign in
    assert AuditLog.objects.filter(action="deactivate", object_id=str(new.pk)).exists()


def test_token_brings_its_user_with_unit_and_leader_in_one_query(world: Any,
                                                                 django_assert_num_queries: Any) -> None:
    from duban.web.accounts.services import create_token, user_for_token

    office = world.users["office"]
    for name in ("liaison", "leader", "office"):
        person = world.users[name]
        _, key = create_token(actor=office, user=person, name="同步")
        user_for_token(key)  # the first use writes "last used"
        with django_assert_num_queries(1):
            got = user_for_token(key)
            assert got is not None and got.pk == person.pk and got.role == person.role
            unit, leader = got.unit, got.leader  # read without a query
        assert (unit.pk if unit else None) == person.unit_id and (leader.pk if leader else None) == person.leader_id
        assert (unit.name if unit else "") == (person.unit.name if person.unit else "")
        assert got.is_active is True and got.date_joined == person.date_joined  # converted as the ORM does


def test_revoked_token_and_disabled_user_are_refused_at_once(world: Any) -> None:
    from duban.web.accounts.models import User
    from duban.web.accounts.services import create_token, revoke_token, user_for_token

    office = world.users["office"]
    tok, key = create_token(actor=office, user=world.users["liaison"], name="同步")
    assert user_for_token(key) is not None
    User.objects.filter(pk=world.users["liaison"].pk).update(is_active=False)
    assert user_for_token(key) is None
    User.objects.filter(pk=world.users["liaison"].pk).update(is_active=True)
    revoke_token(actor=office, token=tok)
    assert user_for_token(key) is None and user_for_token(key + "x") is None and user_for_token("") is None


def test_disabling_an_account_ends_its_sessions(world: Any) -> None:
    """Issue 18: a disabled user's sessions stayed in the database, alive again if the account
    was switched back on. They end at once, in every browser, and stay ended."""
    from django.contrib.sessions.models import Session

    from duban.web.accounts.models import User

    liaison = world.users["liaison"]
    phone, desk = Client(), Client()
    for c in (phone, desk):
        assert login(c, "liaison", PASSWORD).status_code == 302
    assert phone.get("/plans/portal/").status_code == 200
    office = Client()
    office.force_login(world.users["office"])
    office.post(f"/accounts/users/{liaison.pk}/active/", {"active": "0"})
    assert not Session.objects.filter(session_key__in=[phone.session.session_key, desk.session.session_key]).exists()
    assert phone.get("/plans/portal/").status_code == 302  # to the login page
    office.post(f"/accounts/users/{liaison.pk}/active/", {"active": "1"})
    assert User.objects.get(pk=liaison.pk).is_active
    assert desk.get("/plans/portal/").status_code == 302  # switched on again: the old session stays ended
    row = AuditLog.objects.filter(action="deactivate", object_id=str(liaison.pk)).latest("created_at")
    assert row.after["sessions_ended"] == 2


def test_logins_are_audited_success_and_failure(world: Any) -> None:
    """Issue 18: sign-ins were not in the audit log. Each success and each failure is, with the
    address, filed under the account's government (an unknown name under none)."""
    office = world.users["office"]
    assert login(Client(), "liaison", "wrong-password", ip="10.9.8.7").status_code == 400
    assert login(Client(), "nobody-here", "x", ip="10.9.8.7").status_code == 400
    assert login(Client(), "liaison", PASSWORD, ip="10.9.8.6").status_code == 302
    failed = AuditLog.objects.filter(action="login_failed")
    ours = failed.get(object_repr="liaison")
    assert ours.actor is None and ours.after == {"username": "liaison", "ip": "10.9.8.7", "known": True}
    assert ours.object_id == str(world.users["liaison"].pk) and ours.government_id == world.gov.pk
    stranger = failed.get(object_repr="nobody-here")
    assert stranger.government_id is None and stranger.after["known"] is False
    ok = AuditLog.objects.get(action="login")
    assert ok.actor_id == world.users["liaison"].pk and ok.after == {"ip": "10.9.8.6"}
    seen = Client()
    seen.force_login(office)
    html = seen.get("/audit/", {"q": "liaison"}, HTTP_HX_REQUEST="true").content.decode()
    assert "登录失败" in html and "登录" in html
    assert "nobody-here" not in seen.get("/audit/", {"q": "nobody"}, HTTP_HX_REQUEST="true").content.decode()
    assert PASSWORD not in str(list(AuditLog.objects.values_list("before", "after")))
