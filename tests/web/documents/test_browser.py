"""The office's dashboard and the public page in a real Chromium (headless, no network beyond
the live server): charts drawn by the locally served chart.js, Chinese text, a phone-width
public page; screenshots kept under artifacts/ for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("DUBAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}"),
]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Any:
    # Playwright's sync API runs an event loop in this thread; the test's own database calls are
    # still plain synchronous ones, which Django would otherwise refuse here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    pytest.importorskip("playwright.sync_api")
    from tests.web.chromium import launched

    with launched(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]) as b:
        yield b


def _local_only(page: Any, base: str, seen: list[str]) -> None:
    def route(r: Any) -> None:
        if r.request.url.startswith(base):
            r.continue_()
        else:
            seen.append(r.request.url)
            r.abort()

    page.route("**/*", route)


def test_dashboard_and_public_page_render_with_local_charts(transactional_db: Any, live_server: Any, world: Any,
                                                           browser: Any) -> None:
    from django.conf import settings
    from django.test import Client

    from duban.web.documents import collect, services
    from tests.web.documents.conftest import make_docs

    docs = make_docs(world)
    services.set_public(actor=docs.office, plan=world.plan, published=True, show_progress=True)
    t = collect.round_figures(docs.rnd).tasks[0]
    services.publish_progress(actor=docs.office, rnd=docs.rnd, summaries={t.task_id: t.done},
                              statuses={t.task_id: t.status})
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url

    client = Client()
    client.force_login(world.users["office"])
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    ctx.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                      "url": base}])
    page = ctx.new_page()
    outside: list[str] = []
    _local_only(page, base, outside)
    page.goto(f"{base}/documents/dashboard/?plan={world.plan.pk}&round={docs.rnd.pk}")
    page.wait_for_function("typeof Chart !== 'undefined' && Object.keys(Chart.instances).length >= 3")
    assert page.locator("h1").inner_text().startswith("进展看板")
    assert "地区生产总值增长7%以上" in page.content()
    drawn = page.evaluate("Object.keys(Chart.instances).length")
    assert drawn >= 3
    page.screenshot(path=str(ARTIFACTS / "documents-dashboard.png"), full_page=True)
    page.click("text=地区生产总值增长7%以上")  # drill down to the task and its reports
    assert "一季度地区生产总值增长6.8%" in page.content()
    ctx.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    pub = phone.new_page()
    _local_only(pub, base, outside)
    pub.goto(f"{base}/public/plans/{world.plan.pk}/")
    assert "稳定粮食播种面积4.5万亩" in pub.content()
    width = pub.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling on a phone
    pub.screenshot(path=str(ARTIFACTS / "documents-public.png"), full_page=True)
    phone.close()
    assert not outside, f"requests beyond the app: {outside}"
