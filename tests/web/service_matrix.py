"""The permission matrix of the write services: every write service × every kind of actor × own or
other unit × own or other government, called directly (as the CLI, the pages, the API and the
scheduler do), each call in a savepoint rolled back after it.

Each app's `service_probes.py` lists its services as `Probe`s: how to make what the call needs
(through the services, as the people concerned would) and the call itself, with the actors who
may make it. tests/web/project/test_service_matrix.py runs them all, on SQLite and PostgreSQL,
and checks that every public function with a keyword-only `actor` has a probe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

# Who calls. "own" is the shared test world's 示例区 and its 发改局 (lead of task_a); "other" a
# second government (邻区) with its own office, unit, liaison and leader.
ACTORS = (
    "office",  # 示例区's office
    "province",  # an office account with no government: every county's
    "office_other",  # 邻区's office
    "viewer",  # 示例区's read-only account
    "liaison",  # 发改局 (the own unit)
    "head",  # 发改局's head
    "wrong_liaison",  # 农业农村局: another unit of the same government
    "liaison_other",  # a unit of 邻区
    "leader",  # 王明: leads task_a, oversees 发改局 and 统计局
    "leader_other",  # a leader of 邻区
    "system",  # SYSTEM: scheduled jobs, the demo, set-up
)

OFFICES = frozenset({"office", "province", "system"})
FILERS = OFFICES | {"liaison", "head"}  # who may file for the own unit
EVERYONE = frozenset(ACTORS)


@dataclass(frozen=True)
class Probe:
    """One write service: `setup(people)` makes what the call needs (committed to the test's
    transaction, before any actor's savepoint); `call(actor, made)` makes the call."""

    setup: Callable[[Any], Any]
    call: Callable[[Any, Any], Any]
    allowed: frozenset[str]
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def the_world(p: Any, **more: Any) -> SimpleNamespace:
    """What most calls need from the shared world (and `more`), by name."""
    w = p.w
    return SimpleNamespace(w=w, gov=w.gov, plan=w.plan, draft=w.draft, task_a=w.task_a, task_b=w.task_b,
                           fgj=w.units["fgj"], tjj=w.units["tjj"], nyj=w.units["nyj"], leader=w.leader,
                           person=w.person, **more)
