"""From a 政府工作报告 to a round, in a real browser: the office uploads the report, watches the
draft being made, changes a task and a unit, confirms the suggested units, publishes, and
schedules a round on the plan. Screenshots go to artifacts/draft-*.png."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.fixtures.reports.score import HERE
from tests.web.project.test_browser import ARTIFACTS, base, browser, demo, sign_in  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Holds the drafting thread at its start until the test has seen the progress page, so the
    page is seen while the report is being drafted (the drafting itself is the real one)."""
    from duban.web.plans import drafting

    opened = threading.Event()
    start = drafting._start_thread

    def held(job_id: int) -> None:
        def later() -> None:
            opened.wait(30)
            start(job_id)

        threading.Thread(target=later, daemon=True).start()

    monkeypatch.setattr(drafting, "_start_thread", held)
    return opened


def test_a_report_is_drafted_reviewed_published_and_scheduled(
    browser: Any, live_server: Any, demo: Any, gate: threading.Event  # noqa: F811
) -> None:
    from duban.web.cycle.models import Round
    from duban.web.plans.models import Plan, Task

    url = base(live_server)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, url, "duchashi")
    page.goto(url + "/plans/upload/")
    page.set_input_files("#id_file", str(HERE / "S1.txt"))
    page.check("input[name=kind][value=report]")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/plans/drafts/" in page.url, page.inner_text("main")
    assert "正在起草" in page.inner_text("#draft-progress") and page.locator("progress").count() == 1
    page.screenshot(path=str(ARTIFACTS / "draft-progress.png"))
    gate.set()  # the drafting starts; the page polls and opens the review when it is done
    page.wait_for_url("**/review/", timeout=60_000)

    text = page.inner_text("main")
    assert "主要预期目标" in text and "建议,待确认" in text and "报告原文" in text
    plan = Plan.objects.get()
    assert plan.year == 2021 and plan.tasks.filter(kind="target").count() == 7
    page.screenshot(path=str(ARTIFACTS / "draft-review.png"))

    # change a task's text
    task = plan.tasks.filter(kind="task").order_by("position").first()
    assert task is not None
    page.click(f"#task-{task.pk} a:has-text('修改')")
    page.fill("#id_text", "实施区级重点项目120个,年度完成投资260亿元。")
    with page.expect_navigation():
        page.click("#task-form button[type=submit]")
    assert "实施区级重点项目120个" in page.inner_text(f"#task-{task.pk}")

    # change a unit: another of the suggested leads, confirmed
    other = next(t for t in plan.tasks.filter(removed=False).order_by("position")
                 if len({s["unit"] for s in t.suggestions.get("lead", [])} - set(t.lead_names)) >= 1
                 and not Task.objects.get(pk=t.pk).units_confirmed)
    choice = next(s["unit"] for s in other.suggestions["lead"] if s["unit"] not in other.lead_names)
    page.select_option(f"#lead-{other.pk}", choice)
    with page.expect_navigation():
        page.click(f"#task-{other.pk} form.units button[type=submit]")
    assert f"牵头单位:{choice}" in page.inner_text(".messages")
    assert Task.objects.get(pk=other.pk).lead_names == [choice]

    # the rest as suggested; a task no unit's remit matched gets its lead by hand
    with page.expect_navigation():
        page.click("#confirm-all")
    for t in Task.objects.filter(plan=plan, removed=False, lead_names=[]):
        page.goto(f"{url}/plans/tasks/{t.pk}/edit/")
        page.fill("#id_lead_names", "区发改局")
        with page.expect_navigation():
            page.click("#task-form button[type=submit]")
    page.goto(f"{url}/plans/{plan.pk}/review/")
    page.click("summary:has-text('发布方案')")  # publishing asks first
    with page.expect_navigation():
        page.click("#publish")
    assert "方案已发布" in page.inner_text("main"), page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "draft-published.png"))

    # a round can then be scheduled on it
    page.goto(url + "/cycle/")
    form = page.locator("form.card", has_text=str(Plan.objects.get().title or "")).filter(has_text="安排报送")
    with page.expect_navigation():
        form.get_by_role("button", name="安排一个轮次").click()
    assert Round.objects.filter(plan=plan).count() == 1, page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "draft-round.png"))
    page.close()
