"""The first start: on an empty database the first-run page (on the server itself only) or
`duban init` makes the government, its office's name and the office's first account, once; the
names are then what pages, reminders and bulletins use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from duban.web.accounts.models import User
from duban.web.common.models import AuditLog
from duban.web.directory.models import Government, GovernmentLevel
from tests.conftest import REPO

FORM = {"government_name": "青山县人民政府", "region": "", "level": "", "office_name": "督考办",
        "username": "dukaoban", "display_name": "林督查", "password1": "qingshan-2026", "password2": "qingshan-2026"}


@pytest.fixture
def empty(transactional_db: Any) -> None:
    """A new installation: the session's shared world removed (it is built again for later tests)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def test_the_first_run_page_makes_the_office_once_then_is_gone(empty: None) -> None:
    c = Client(REMOTE_ADDR="127.0.0.1")
    assert c.get("/").status_code == 302
    login = c.get("/accounts/login/")
    assert login.status_code == 302 and login["Location"] == "/accounts/setup/"  # nobody to sign in as yet
    page = c.get("/accounts/setup/")
    assert page.status_code == 200 and "首次设置" in page.content.decode()

    refused = c.post("/accounts/setup/", {**FORM, "password1": "12345678", "password2": "12345678"})
    assert refused.status_code == 400 and "密码不能全是数字" in refused.content.decode()
    assert not Government.objects.exists() and not User.objects.exists()

    done = c.post("/accounts/setup/", FORM)
    assert done.status_code == 302 and done["Location"] == "/directory/import/"
    gov = Government.objects.get()
    assert (gov.name, gov.region, gov.level, gov.office_name) == ("青山县人民政府", "青山县", GovernmentLevel.COUNTY, "督考办")
    office = User.objects.get()
    assert office.role == "office" and office.government == gov and office.check_password("qingshan-2026")
    assert AuditLog.objects.filter(action="initialize").count() == 1
    page = c.get("/directory/import/")  # signed in as the office, told what comes next
    text = page.content.decode()
    assert page.status_code == 200 and "下一步" in text and "督考办" in text  # the office's own name in the header

    again = Client(REMOTE_ADDR="127.0.0.1").post("/accounts/setup/", {**FORM, "username": "intruder"})
    assert again.status_code == 302 and again["Location"] == "/accounts/login/"
    assert User.objects.count() == 1 and Client(REMOTE_ADDR="127.0.0.1").get("/accounts/login/").status_code == 200


def test_the_first_run_page_answers_only_a_browser_on_the_server_itself(empty: None) -> None:
    remote = Client(REMOTE_ADDR="10.1.2.3")
    assert remote.get("/accounts/setup/").status_code == 403
    assert remote.post("/accounts/setup/", FORM).status_code == 403
    login = remote.get("/accounts/login/")
    assert login.status_code == 503 and "duban init" in login.content.decode()
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")  # nginx on the same machine
    assert proxied.post("/accounts/setup/", FORM).status_code == 403
    assert not User.objects.exists()


def test_names_follow_the_government_and_its_level() -> None:
    county = Government(name="青山县人民政府", region="青山县", level="county", office_name="督考办")
    assert county.office_title == "青山县人民政府督考办"
    assert county.addressee == "各乡镇人民政府,县直各单位:"
    district = Government(name="示例区人民政府", region="示例区", level="county", office_name="督查室")
    assert district.addressee == "各乡镇人民政府、街道办事处,区直各单位:"
    city = Government(name="江城市人民政府", region="江城市", level="city", office_name="督查室")
    assert city.addressee.startswith("各县(市、区)人民政府,市政府各部门")
    joint = Government(name="青山县人民政府", region="青山县", office_name="中共青山县委 青山县人民政府督查考核办公室")
    assert joint.office_title == "中共青山县委 青山县人民政府督查考核办公室"  # given in full: kept
    assert User(role="office", government=county).role_label == "督考办"
    assert User(role="viewer", government=county).role_label == "查看"


def _duban(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DUBAN_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "duban.cli", *args], env=env, cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_duban_init_by_flags_once(tmp_path: Path) -> None:
    flags = ["init", "--government", "江城市人民政府", "--office-name", "督查室", "--username", "dcs",
             "--display-name", "周督查"]
    ambiguous = _duban(tmp_path, *flags, stdin="jiangcheng-2026\n")
    assert ambiguous.returncode == 2 and "--level" in ambiguous.stderr  # a 市 may be a city or a county-level city
    weak = _duban(tmp_path, *flags, "--level", "city", stdin="password\n")
    assert weak.returncode == 2 and "常见" in weak.stderr
    done = _duban(tmp_path, *flags, "--level", "city", stdin="jiangcheng-2026\n")
    assert done.returncode == 0, done.stderr
    assert "江城市人民政府督查室" in done.stdout and "“dcs”" in done.stdout
    again = _duban(tmp_path, *flags, "--level", "city", stdin="jiangcheng-2026\n")
    assert again.returncode == 2 and "已经初始化" in again.stderr
