"""The matching page in a real browser: seed 003 (咸安区) imported into the 示例区 demo, whose
directory names many of its units differently or lacks them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import REPO, shared_path
from tests.web.project.test_browser import ARTIFACTS, base, browser, demo, sign_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.shared
def test_seed_003_into_the_demo_merges_only_the_same_bodies(browser: Any, live_server: Any, demo: Any) -> None:  # noqa: F811
    from duban.web.directory.models import Group, Unit, UnitAlias

    seed = shared_path("seeds", "003_f51ad57d26ab52b0.txt")
    url = base(live_server)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, url, "duchashi")
    page.goto(url + "/plans/upload/")
    page.set_input_files("#id_file", str(seed))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/review/"), page.inner_text("main")
    with page.expect_navigation():
        page.click("a:has-text('单位匹配')")

    def row(name: str) -> Any:
        return page.locator(f"tr[data-name='{name}']")

    def choice(name: str) -> str:
        return str(row(name).locator("select").input_value())

    nature = Unit.objects.get(name="示例区自然资源局")
    assert choice("区自然资源和规划局") == f"alias:{nature.pk}"  # the same body, 规划 merged into it in 2018–2019
    # the wrong merges: offered with their reasons, never chosen
    for name, alike in (("区林业局", "示例区农业农村局"), ("区经发集团", "示例区城市建设投资集团有限公司"),
                        ("区科经局", "示例区科学技术局"), ("咸安经济开发区", "示例经济开发区管理委员会")):
        assert choice(name) == "skip", name
        assert f"可能是“{alike}”" in row(name).inner_text(), name
    # groups become 单位组, never units
    assert choice("各乡镇办场") == "group:township"
    for name in ("相关乡镇办场", "区竹产业发展领导小组成员单位", "区淦河“一河两岸”工程领导小组成员单位"):
        assert choice(name) == "group:", name
    assert choice("汀泗桥镇") == "new:township"
    # every pre-selected merge is one the office would make: the same body
    chosen = {n: v for n in page.locator("tr[data-name]").evaluate_all("rs => rs.map(r => r.dataset.name)")
              if (v := choice(n)).startswith("alias:")}
    assert chosen == {"区自然资源和规划局": f"alias:{nature.pk}"}
    page.screenshot(path=str(ARTIFACTS / "web-matching.png"), full_page=True)

    with page.expect_navigation():
        page.click("#apply")
    changes = page.inner_text("#changes")
    assert "并入“示例区自然资源局”" in changes and "新建单位组" in changes and "区林业局" not in changes
    assert not UnitAlias.objects.filter(name="区自然资源和规划局").exists()  # shown, not yet applied
    page.screenshot(path=str(ARTIFACTS / "web-matching-confirm.png"), full_page=True)
    with page.expect_navigation():
        page.click("#confirm")
    assert "已确认" in page.inner_text("main")
    assert UnitAlias.objects.get(name="区自然资源和规划局").unit == nature
    assert Group.objects.get(name="各乡镇办场").member_kind == "township"
    assert not Unit.objects.filter(name__in=["各乡镇办场", "区竹产业发展领导小组成员单位"]).exists()
    assert not UnitAlias.objects.filter(name__in=["区林业局", "区经发集团", "区科经局", "咸安经济开发区"]).exists()
    assert page.locator("tr[data-name='区林业局']").count() == 1  # still waiting for the office's choice


def test_the_review_page_shows_move_as_links_and_no_empty_section(browser: Any, live_server: Any, demo: Any) -> None:  # noqa: F811
    """A plan read without sections has no empty card over its tasks, and ↑上移/↓下移 read as
    links (blue on white), not as the page's red submit buttons with blue words on them."""
    url = base(live_server)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, url, "duchashi")
    page.goto(url + "/plans/upload/")
    page.set_input_files("#id_file", str(REPO / "tests/fixtures/plans/dev/flat_table_progress.txt"))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/review/"), page.inner_text("main")
    cards = page.locator("section.tasks-pane ul.cards > li").all_inner_texts()
    assert all(c.strip() for c in cards), cards
    assert page.locator("details.report-text summary").all_inner_texts() == ["方案原文"] * 2  # a plan, not a report
    up = page.locator("form.move button[value=up]").first
    style = up.evaluate("b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.borderTopWidth]; }")
    assert style == ["rgba(0, 0, 0, 0)", "rgb(11, 79, 156)", "0px"], style
    logout = page.locator("header button.link, .top button.link").first
    assert logout.evaluate("b => getComputedStyle(b).color") == "rgb(255, 255, 255)"  # 退出 stays white on the red bar
    page.close()
