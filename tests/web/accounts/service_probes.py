"""The accounts' rows of the service permission matrix (tests/web/service_matrix.py)."""

from __future__ import annotations

from typing import Any

from duban.web.accounts import services as acs
from tests.web.builders import PASSWORD
from tests.web.service_matrix import ACTORS, OFFICES, Probe, the_world


def _liaison(p: Any) -> Any:
    return p.w.users["liaison"]


def _token(p: Any) -> Any:
    return acs.create_token(actor=p.w.users["liaison"], user=p.w.users["liaison"], name="同步")[0]


ACCOUNTS_PROBES: dict[str, Probe] = {
    "accounts.create_user": Probe(the_world, lambda a, m: acs.create_user(
        actor=a, username="new_liaison", password="a-long-password-1", role="liaison", unit=m.tjj), OFFICES),
    "accounts.set_active": Probe(_liaison, lambda a, m: acs.set_active(actor=a, user=m, active=False), OFFICES),
    "accounts.create_token": Probe(_liaison, lambda a, m: acs.create_token(actor=a, user=m, name="同步"),
                                   OFFICES | {"liaison"}, note="the user, or the office of their government"),
    "accounts.revoke_token": Probe(_token, lambda a, m: acs.revoke_token(actor=a, token=m), OFFICES | {"liaison"}),
    "accounts.change_password": Probe(the_world, lambda a, m: acs.change_password(
        actor=a, old_password=PASSWORD, new_password="另一个-password-2026"), frozenset(ACTORS) - {"system"},
                                      note="everyone their own; the system has no password"),
    "accounts.reset_password": Probe(_liaison, lambda a, m: acs.reset_password(
        actor=a, user=m, new_password="reset-by-office-1"), OFFICES),
}
