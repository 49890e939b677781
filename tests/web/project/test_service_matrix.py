"""Every write service × every kind of actor (tests/web/service_matrix.py): who may call it, who
is refused (PermissionDenied, nothing written), and that no service accepts an actor without a
role (None, an anonymous or a disabled user, an unknown role). Each call runs in a savepoint
rolled back after it, so every actor meets the same state. Runs on SQLite, and on PostgreSQL in
`scripts/test`."""

from __future__ import annotations

import importlib
import inspect
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from duban.web.common.models import AuditLog
from duban.web.common.permissions import SYSTEM
from duban.web.common.services import ServiceError
from tests.web.accounts.service_probes import ACCOUNTS_PROBES
from tests.web.builders import build_neighbour
from tests.web.cycle.service_probes import CYCLE_PROBES
from tests.web.directory.service_probes import DIRECTORY_PROBES
from tests.web.documents.service_probes import DOCUMENTS_PROBES
from tests.web.plans.service_probes import PLANS_PROBES
from tests.web.service_matrix import ACTORS, Probe

PROBES: dict[str, Probe] = {**ACCOUNTS_PROBES, **DIRECTORY_PROBES, **PLANS_PROBES, **CYCLE_PROBES, **DOCUMENTS_PROBES}

NO_ROLE = ("none", "anonymous", "disabled", "unknown_role", "no_role")

# Every module of the web app is searched for write services; common.services holds the services'
# own tools (record, create_audited…), not services.
NOT_SERVICES = ("duban.web.common.services",)


def write_services() -> set[str]:
    """`app.function` for every public function of the web app with a keyword-only `actor`."""
    import pkgutil

    import duban.web

    out = set()
    for info in pkgutil.walk_packages(duban.web.__path__, "duban.web."):
        if ".migrations" in info.name or info.name in NOT_SERVICES or info.name.endswith((".manage", ".wsgi")):
            continue
        mod = importlib.import_module(info.name)
        app = info.name.split(".")[2]
        for fn_name, fn in vars(mod).items():
            if not inspect.isfunction(fn) or fn.__module__ != info.name or fn_name.startswith("_"):
                continue
            param = inspect.signature(fn).parameters.get("actor")
            if param is not None and param.kind == param.KEYWORD_ONLY:
                out.add(f"{app}.{fn_name}")
    return out


def test_every_write_service_has_a_probe() -> None:
    probed = {k.split(":")[0] for k in PROBES}
    missing = sorted(write_services() - probed)
    assert not missing, f"write services without a row in the service permission matrix: {missing}"
    stale = sorted(probed - write_services())
    assert not stale, f"probes of services that no longer exist: {stale}"


@pytest.fixture
def people(world: Any) -> SimpleNamespace:
    n = build_neighbour()
    actors: dict[str, Any] = {k: world.users[k] for k in ("office", "viewer", "liaison", "head", "wrong_liaison",
                                                          "leader")}
    actors.update({k: n[k] for k in ("province", "office_other", "liaison_other", "leader_other")})
    actors["system"] = SYSTEM
    office = world.users["office"]
    actors["none"] = None
    actors["anonymous"] = AnonymousUser()
    actors["disabled"] = _copy(office, is_active=False)
    actors["unknown_role"] = _copy(office, role="superuser")
    actors["no_role"] = _copy(office, role="")
    return SimpleNamespace(w=world, n=n, actors=actors)


def _copy(user: Any, **changes: Any) -> Any:
    """The same account as the service would get it, with `changes` (never saved)."""
    twin = type(user).objects.get(pk=user.pk)
    for k, v in changes.items():
        setattr(twin, k, v)
    return twin


def _fresh(made: Any) -> Any:
    """What the setup made, read again (a refused or rolled-back call may have changed the
    instances in memory)."""
    if isinstance(made, models.Model):
        return type(made)._default_manager.get(pk=made.pk)
    if isinstance(made, SimpleNamespace):
        return SimpleNamespace(**{k: _fresh(v) for k, v in vars(made).items()})
    return made


def _attempt(probe: Probe, actor: Any, made: Any) -> str:
    written = AuditLog.objects.count()
    point = transaction.savepoint()
    try:
        probe.call(actor, _fresh(made))
    except PermissionDenied:
        return "denied" if AuditLog.objects.count() == written else "denied after writing an audit row"
    except ServiceError as exc:
        return f"refused: {exc.message}"
    finally:
        transaction.savepoint_rollback(point)
    return "ok"


@pytest.mark.parametrize("name", sorted(PROBES))
def test_service_permission_matrix(people: SimpleNamespace, name: str) -> None:
    probe = PROBES[name]
    made = probe.setup(people)
    got = {who: _attempt(probe, people.actors[who], made) for who in (*ACTORS, *NO_ROLE)}
    want = {who: "ok" if who in probe.allowed else "denied" for who in (*ACTORS, *NO_ROLE)}
    wrong = {who: f"{got[who]} (wanted {want[who]})" for who in got if got[who] != want[who]}
    assert not wrong, f"{name}: {wrong}"
