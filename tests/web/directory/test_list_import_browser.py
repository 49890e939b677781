"""The office's own 单位名单, a Word attachment, imported into the 示例区 demo in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.project.test_browser import ARTIFACTS, base, browser, demo, sign_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def word_list(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("附件2")
    doc.add_paragraph("示例区2026年重点工作责任单位名单")
    doc.add_paragraph("一、区直单位(共4个)")
    doc.add_paragraph("区发展改革局、区统计局、示例区审计局、区林业局")
    doc.add_paragraph("二、乡镇街道:")
    doc.add_paragraph("各街道办事处、相关乡镇")
    doc.save(str(path))
    return path


def test_a_word_list_is_matched_shown_and_only_then_written(
    browser: Any, live_server: Any, demo: Any, tmp_path: Path  # noqa: F811
) -> None:
    from duban.web.directory.models import Group, Unit, UnitAlias

    url = base(live_server)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, url, "duchashi")
    page.goto(url + "/directory/import/")
    page.set_input_files("#id_file", str(word_list(tmp_path / "附件2.docx")))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "单位匹配:导入的单位名单" in page.inner_text("main")
    names = page.locator("tr[data-name]").evaluate_all("rs => rs.map(r => r.dataset.name)")
    # not 附件2, the title or the headings; nor 各街道办事处, a group the directory has
    assert names == ["区发展改革局", "示例区审计局", "区林业局", "相关乡镇"]

    def choice(name: str) -> str:
        return str(page.locator(f"tr[data-name='{name}'] select").input_value())

    fgj = Unit.objects.get(name="示例区发展和改革局")
    assert choice("区发展改革局") == f"alias:{fgj.pk}"
    assert choice("区林业局") == "skip"  # alike the 农业农村局, not the same body: the office decides
    assert choice("相关乡镇").startswith("group:")
    for name in ("区林业局", "示例区审计局"):  # this county has its own: the office says so
        page.locator(f"tr[data-name='{name}'] select").select_option(label="新建单位(部门)")
    page.screenshot(path=str(ARTIFACTS / "web-list-import.png"), full_page=True)
    with page.expect_navigation():
        page.click("#apply")
    changes = page.inner_text("#changes")
    assert "示例区审计局" in changes and "区林业局" in changes and "新建单位组" in changes
    assert "方案" not in changes  # a list's names enter the directory; no plan's tasks follow them
    assert not Unit.objects.filter(name="示例区审计局").exists()  # shown, not yet written
    with page.expect_navigation():
        page.click("#confirm")
    assert page.url.endswith("/directory/units/")
    assert "单位名单已导入" in page.inner_text("main")
    assert Unit.objects.filter(name="示例区审计局").exists() and Unit.objects.filter(name="区林业局").exists()
    assert UnitAlias.objects.filter(unit=fgj, name="区发展改革局").exists()
    assert Group.objects.filter(name="相关乡镇").exists()
