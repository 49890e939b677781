"""A new installation, as an office meets it, with no demo data: `duban init`, `duban serve`, then
in a real browser sign in as the office, import a unit list, upload a plan, match its unit names,
publish it and open a quarter's round. The server is the real `duban serve` on a data directory
of its own; the browser resolves no host name but 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
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
PASSWORD = "qingshan-2026"

UNITS = [  # 全称, 类别, 上级单位, 简称与别名
    ("青山县发展和改革局", "部门", "", "县发改局"),
    ("青山县财政局", "部门", "", "县财政局"),
    ("青山县农业农村局", "部门", "", "县农业农村局、县农业局"),
    ("青山县住房和城乡建设局", "部门", "", "县住建局"),
    ("青山县教育局", "部门", "", "县教育局"),
    ("青山县统计局", "部门", "", "县统计局"),
    ("城关镇人民政府", "乡镇街道", "", "城关镇"),
    ("石门乡人民政府", "乡镇街道", "", "石门乡"),
]

PLAN = """青山县2026年政府工作报告目标任务责任分解方案

一、主要预期目标
1.地区生产总值增长6.5%左右。(牵头单位:县发改局;责任单位:县统计局、县财政局)
2.一般公共预算收入增长5%。(牵头单位:县财政局;责任单位:县发改局)

二、重点工作
3.新建高标准农田2万亩。(牵头单位:县农业局;责任单位:县财政局、城关镇、石门乡;完成时限:10月底前)
4.改造老旧小区8个。(牵头单位:县住建局;责任单位:城关镇;完成时限:11月底前)
5.新建改扩建中小学3所。(牵头单位:县教育局;责任单位:县住建局;完成时限:年底前)
6.实施农村供水保障工程,惠及群众1.5万人。(牵头单位:县水利局;责任单位:石门乡;完成时限:12月底前)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`duban init` then `duban serve` on a new data directory (SQLite, as installed by default)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DUBAN_DATA_DIR=str(tmp_path / "data"), DUBAN_REMINDER_THREAD="0", DUBAN_BACKUP_KEEP="0")
    init = subprocess.run([sys.executable, "-m", "duban.cli", "init", "--government", "青山县人民政府",
                           "--office-name", "督考办", "--username", "dukaoban", "--display-name", "林督查"],
                          env=env, input=PASSWORD + "\n", capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stderr
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "duban.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", tmp_path / "data" / "duban.sqlite3"
    finally:
        proc.send_signal(signal.SIGTERM)  # not SIGINT: under pytest-xdist it is ignored
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (scripts/system-deps installs it when run as root)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def test_init_then_the_office_imports_units_and_a_plan_and_opens_a_round(
        server: tuple[str, Path], browser: Any, tmp_path: Path) -> None:
    import openpyxl

    base, db = server
    units = tmp_path / "单位名录.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "单位"
    ws.append(["全称", "类别", "上级单位", "简称与别名"])
    for row in UNITS:
        ws.append(list(row))
    wb.save(units)
    plan = tmp_path / "青山县2026年责任分解方案.txt"
    plan.write_text(PLAN, encoding="utf-8")

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(base + "/")
    page.fill("#id_username", "dukaoban")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "督考办" in page.inner_text("header")  # the office's own name, from duban init
    assert "第一次使用" in page.inner_text("main")  # the empty landing page says where to start
    with page.expect_navigation():
        page.click("main a:has-text('导入单位名录')")
    assert page.url.endswith("/directory/import/")
    page.set_input_files("#id_file", str(units))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "导入完成" in page.inner_text("main") and "青山县农业农村局" in page.inner_text("main")

    page.goto(base + "/plans/upload/")
    page.set_input_files("#id_file", str(plan))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/review/"), page.inner_text("main")
    page.click("a:has-text('单位匹配')")  # 县水利局 is not in the list: the office decides
    assert "县水利局" in page.inner_text("main")
    page.select_option("main select", label="新建单位(部门)")  # this county has a 水利局 of its own
    page.screenshot(path=str(ARTIFACTS / "first-start-resolve.png"), full_page=True)
    with page.expect_navigation():
        page.click("#apply")
    if page.locator("#confirm").count():  # what will be merged is shown before it is applied
        with page.expect_navigation():
            page.click("#confirm")
    page.goto(page.url.replace("/resolve/", "/review/"))
    page.click("summary:has-text('发布方案')")  # publishing asks first
    page.click("#publish")
    page.wait_for_url("**/plans/*/")
    assert "方案已发布" in page.inner_text("main")

    page.goto(base + "/cycle/")
    with page.expect_navigation():
        page.click("button[name=calendar]")  # the year's four quarters
    assert "已安排 4 个报送轮次" in page.inner_text("main")
    with page.expect_navigation():
        page.click("main table a:has-text('第一季度')")
    with page.expect_navigation():
        page.click("button:has-text('开启报送')")
    assert "截止报送" in page.inner_text("main")  # open: the office may now close it
    page.screenshot(path=str(ARTIFACTS / "first-start-round-open.png"), full_page=True)

    with sqlite3.connect(db) as con:  # what the pages did, in the installation's own database
        assert con.execute("SELECT name, office_name, level FROM directory_government").fetchall() == [
            ("青山县人民政府", "督考办", "county")]
        assert con.execute("SELECT COUNT(*) FROM directory_unit").fetchone()[0] == len(UNITS) + 1  # + 县水利局
        assert con.execute("SELECT status FROM plans_plan").fetchall() == [("published",)]
        assert con.execute("SELECT COUNT(*) FROM plans_task").fetchone()[0] == 6
        assert con.execute("SELECT COUNT(*) FROM cycle_round WHERE state = 'open'").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM directory_unit WHERE name LIKE '%示例%'").fetchone()[0] == 0
