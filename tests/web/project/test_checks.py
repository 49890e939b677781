"""Checks that keep the repository honest: Django's system checks and committed migrations."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from duban.web.project.settings import database_from_url


def test_system_checks_pass() -> None:
    call_command("check", stdout=StringIO())


@pytest.mark.django_db
def test_migrations_are_committed_for_every_app() -> None:
    from django.apps import apps

    ours = [a.label for a in apps.get_app_configs() if a.name.startswith("duban.")]
    assert {"common", "directory", "accounts", "plans", "cycle", "documents"} <= set(ours)
    out = StringIO()
    try:
        call_command("makemigrations", *ours, "--check", "--dry-run", stdout=out)
    except SystemExit as exc:  # raised when a model changed without its migration
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")
        raise exc


def test_database_url_is_parsed_without_extra_dependency() -> None:
    db = database_from_url("postgres://duban:p%40ss@127.0.0.1:5433/duban_db")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == ("duban", "p@ss", "127.0.0.1", "5433", "duban_db")
    with pytest.raises(ValueError, match="postgres"):
        database_from_url("mysql://x@y/z")


def test_postgresql_prepares_statements_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_from_url("postgres://d@h/n")["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    monkeypatch.setenv("DUBAN_PG_PREPARE", "0")  # behind a pooler that cannot keep prepared statements
    assert database_from_url("postgres://d@h/n")["OPTIONS"] == {}


def test_interface_is_chinese_and_local_time() -> None:
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans" and settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
