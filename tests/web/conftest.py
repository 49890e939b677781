"""Django for the web tests: settings, a throw-away data directory, fast password hashing, and
`world`: a small government built through the services (so validation and audit run too)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
os.environ.setdefault("DUBAN_DATA_DIR", tempfile.mkdtemp(prefix="duban-test-"))

import django  # noqa: E402

django.setup()  # pytest-django found no settings at start-up (they are set here, for tests/web only)

from tests.web.builders import build_world  # noqa: E402

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS


@dataclass
class World:
    gov: Any
    units: dict[str, Any]
    leader: Any
    users: dict[str, Any]
    person: Any
    plan: Any
    draft: Any
    task_a: Any
    task_b: Any
    office_token: Any
    office_key: str


def _build_ids() -> dict[str, Any]:
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        w = build_world()
    return {
        k: ({n: o.pk for n, o in v.items()} if isinstance(v, dict) else v if isinstance(v, str) else v.pk)
        for k, v in w.items()
    }


@pytest.fixture(scope="session")
def world_ids(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    """Build the world once per session (committed to the test database); each test then runs in
    a transaction rolled back at its end, so every test starts from this same world."""
    with django_db_blocker.unblock():
        return _build_ids()


@pytest.fixture
def world(db: Any, world_ids: dict[str, Any]) -> World:
    """Fresh instances of the session's world (a test may change them freely)."""
    return load_world(world_ids)


def load_world(i: dict[str, Any]) -> World:
    """The session's world read back from the database (for fixtures of a wider scope too)."""
    from duban.web.accounts.models import ApiToken, User
    from duban.web.directory.models import Government, Leader, Person, Unit
    from duban.web.plans.models import Plan, Task

    if not Government.objects.filter(pk=i["gov"]).exists():
        # a transactional test (live server, threads) flushed the database: build the world again
        i.clear()
        i.update(_build_ids())
    return World(
        gov=Government.objects.get(pk=i["gov"]),
        units={k: Unit.objects.get(pk=v) for k, v in i["units"].items()},
        leader=Leader.objects.get(pk=i["leader"]),
        users={k: User.objects.get(pk=v) for k, v in i["users"].items()},
        person=Person.objects.get(pk=i["person"]),
        plan=Plan.objects.get(pk=i["plan"]), draft=Plan.objects.get(pk=i["draft"]),
        task_a=Task.objects.get(pk=i["task_a"]), task_b=Task.objects.get(pk=i["task_b"]),
        office_token=ApiToken.objects.get(pk=i["office_token"]), office_key=i["office_key"],
    )
