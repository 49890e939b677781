"""Browser tests in headless Chromium (Debian's, driven by Playwright): login, import → review →
publish, and the unit portal on a phone screen. Each saves a screenshot under artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (scripts/system-deps installs it when run as root)")
    from tests.web.chromium import launched

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    ARTIFACTS.mkdir(exist_ok=True)
    with launched(executable_path=str(CHROMIUM), args=ARGS) as b:
        yield b


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> Any:
    """The 示例区 directory and accounts, without a plan (the test imports it through the page)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command

    from duban.web.demo.loader import load_accounts, load_directory

    # the session's shared test world may still be in the database (PostgreSQL keeps it between
    # transactional tests): the demo's 示例区 must start from an empty database
    call_command("flush", interactive=False, verbosity=0)

    gov = load_directory()
    load_accounts(gov)
    return gov


def base(live_server: Any) -> str:
    """The live server's address by IP: the browser resolves no names at all (no call home)."""
    return str(live_server.url).replace("localhost", "127.0.0.1")


def sign_in(page: Any, base: str, username: str) -> None:
    from duban.web.demo.loader import DEMO_PASSWORD

    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # keyboard only


def test_login_and_wrong_password(browser: Any, live_server: Any, demo: Any) -> None:
    page = browser.new_page()
    page.goto(base(live_server) + "/accounts/login/")
    page.fill("#id_username", "duchashi")
    page.fill("#id_password", "wrong-password")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text("main")
    sign_in(page, base(live_server), "duchashi")
    assert page.url.endswith("/plans/")
    assert "责任分解方案" in page.inner_text("h1")
    page.screenshot(path=str(ARTIFACTS / "web-login.png"), full_page=True)


def test_import_review_publish(browser: Any, live_server: Any, demo: Any) -> None:
    from duban.web.demo.loader import PLAN_FILE
    from duban.web.plans.models import Plan

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, base(live_server), "duchashi")
    page.goto(base(live_server) + "/plans/upload/")
    page.set_input_files("#id_file", str(PLAN_FILE))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/review/"), page.inner_text("main")
    assert "原文" in page.inner_text("main") and "读出的任务" in page.inner_text("main")
    assert page.locator(".source li").count() > 20
    page.screenshot(path=str(ARTIFACTS / "web-review.png"), full_page=False)
    if page.locator("a:has-text('单位匹配')").count():
        page.click("a:has-text('单位匹配')")
        with page.expect_navigation():
            page.click("#apply")
        if page.locator("#confirm").count():  # what will be merged is shown before it is applied
            with page.expect_navigation():
                page.click("#confirm")
        page.goto(page.url.replace("/resolve/", "/review/"))
    page.click("summary:has-text('发布方案')")  # publishing asks first
    assert "确认发布" in page.inner_text("details.confirm")
    page.click("#publish")
    page.wait_for_url("**/plans/*/")
    assert "方案已发布" in page.inner_text("main")
    plan = Plan.objects.get()
    assert plan.is_published and plan.tasks.count() >= 20
    page.screenshot(path=str(ARTIFACTS / "web-published.png"), full_page=False)


def test_unit_portal_on_a_phone(browser: Any, live_server: Any, demo: Any) -> None:
    from duban.web.accounts.models import User
    from duban.web.demo.loader import PLAN_FILE
    from duban.web.plans import services as ps

    office = User.objects.get(username="duchashi")
    plan = ps.upload_plan(actor=office, government=demo, data=PLAN_FILE.read_bytes(), name=PLAN_FILE.name)
    ps.publish_plan(actor=office, plan=plan)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2)
    page = ctx.new_page()
    sign_in(page, base(live_server), "nyj")
    assert page.url.endswith("/plans/portal/")
    text = page.inner_text("main")
    assert "我的任务" in text and "粮食" in text and "地区生产总值增长7%" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scrolling on a phone
    page.screenshot(path=str(ARTIFACTS / "web-portal-phone.png"), full_page=True)
    ctx.close()


def test_office_adds_a_leader_and_a_liaison_changes_their_password(browser: Any, live_server: Any, demo: Any) -> None:
    """No spreadsheet: the office adds a leader who oversees two units through the page, then a
    liaison changes their password from the header and signs in again with the new one."""
    from duban.web.demo.loader import DEMO_PASSWORD
    from duban.web.directory.models import Leader

    url = base(live_server)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, url, "duchashi")
    page.goto(url + "/directory/leaders/")
    with page.expect_navigation():
        page.click("a:has-text('添加领导')")
    page.fill("#id_name", "钱进")
    page.fill("#id_title", "副区长")
    page.check("label:has-text('东湖镇人民政府') input")
    page.check("label:has-text('西山乡人民政府') input")
    page.screenshot(path=str(ARTIFACTS / "web-directory-leader-form.png"), full_page=False)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/directory/leaders/"), page.inner_text("main")
    row = page.locator("tr", has_text="钱进").inner_text()
    assert "东湖镇人民政府" in row and "西山乡人民政府" in row and "分管2个单位" in page.inner_text("main")
    leader = Leader.objects.get(name="钱进")
    assert {u.name for u in leader.units.all()} == {"东湖镇人民政府", "西山乡人民政府"}
    page.screenshot(path=str(ARTIFACTS / "web-directory-leader.png"), full_page=True)
    page.close()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, url, "fgj")
    with page.expect_navigation():
        page.click("header a:has-text('修改密码')")
    page.fill("#id_old_password", DEMO_PASSWORD)
    page.fill("#id_new_password1", "春风-2026-fgj")
    page.fill("#id_new_password2", "春风-2026-fgj")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "密码已修改" in page.inner_text("main")
    assert page.url.endswith("/plans/portal/")  # still signed in after the change
    with page.expect_navigation():
        page.click("header button:has-text('退出')")
    page.fill("#id_username", "fgj")
    page.fill("#id_password", "春风-2026-fgj")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/plans/portal/") and "刘经办" in page.inner_text("header")
    page.screenshot(path=str(ARTIFACTS / "web-password-changed.png"), full_page=True)
    page.close()
