"""The Content-Security-Policy every page carries, `Cache-Control: no-store` on the API, and
HttpOnly cookies; in a real browser, the pages that run script (htmx, the dashboard's charts, the
API's docs, the 印发 confirmation) work under the policy with no violation reported."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from duban.web.common.middleware import CONTENT_SECURITY_POLICY
from tests.web.builders import PASSWORD


def test_pages_carry_the_policy_and_the_api_is_not_stored(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    page = c.get("/plans/")
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "no-store" not in page.get("Cache-Control", "")
    api = c.get("/api/plans", HTTP_AUTHORIZATION=f"Bearer {world.office_key}")
    assert api.status_code == 200 and api["Cache-Control"] == "no-store"
    assert c.get("/api/nothing-here", HTTP_AUTHORIZATION=f"Bearer {world.office_key}")["Cache-Control"] == "no-store"
    assert "public" in Client().get("/public/")["Cache-Control"]  # the public page stays cacheable


def test_an_evidence_file_keeps_its_own_sandbox(world: Any) -> None:
    from tests.web.cycle.matrix import att

    a = att(world)
    c = Client()
    c.force_login(world.users["liaison"])
    resp = c.get(f"/cycle/attachments/{a.pk}/")
    assert "sandbox" in resp["Content-Security-Policy"] and resp["Content-Security-Policy"] != CONTENT_SECURITY_POLICY


def test_the_session_and_csrf_cookies_are_http_only(world: Any) -> None:
    c = Client()
    c.get("/accounts/login/")
    resp = c.post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert resp.status_code == 302
    assert c.cookies["sessionid"]["httponly"] and c.cookies["csrftoken"]["httponly"]


@pytest.mark.browser
def test_scripted_pages_work_under_the_policy(transactional_db: Any, settings: Any, live_server: Any) -> None:
    from django.core.management import call_command

    from tests.web.project.test_browser import ARGS, CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (scripts/system-deps installs it when run as root)")
    import os

    from duban.web.documents import services as ds
    from tests.web.builders import build_world
    from tests.web.chromium import launched
    from tests.web.cycle.matrix import rep

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("flush", interactive=False, verbosity=0)
    w = SimpleNamespace(**build_world())
    rep(w, submitted=True)
    from tests.web.cycle.matrix import rnd

    bulletin = ds.create_bulletin(actor=w.users["office"], rnd=rnd(w))
    base = str(live_server.url).replace("localhost", "127.0.0.1")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    violations: list[str] = []
    with launched(executable_path=str(CHROMIUM), args=ARGS) as browser:
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: violations.append(str(e)))
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", "office")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.goto(base + "/documents/dashboard/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.Chart") == "function"  # chart.js ran
        assert page.evaluate("typeof window.htmx") == "object"  # htmx ran
        page.goto(base + f"/documents/bulletins/{bulletin.pk}/")
        page.once("dialog", lambda d: d.dismiss())
        page.click("button[value=issue]")  # asked first: dismissed, nothing issued
        page.wait_for_timeout(300)
        bulletin.refresh_from_db()
        assert not bulletin.is_issued
        page.goto(base + "/api/docs")
        page.wait_for_selector(".swagger-ui .info", timeout=20_000)  # the API's docs rendered
    assert not violations, violations
