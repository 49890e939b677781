"""The service pattern: every write is a function with a keyword-only `actor`, run inside
`transaction.atomic`, that validates, saves and writes its audit row in the same transaction.

Views, forms and API handlers only translate HTTP into calls of these functions and their
`ServiceError`s into messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone

from duban.web.common.middleware import current_request_id
from duban.web.common.models import AuditLog
from duban.web.common.pagecache import written

# The time an audit row is written with: now, except where the demo replays its quarter on the days
# each event would have happened (`demo_audit_clock`). Per thread and task, like the request id.
_audit_clock: ContextVar[Callable[[], dt.datetime] | None] = ContextVar("duban_audit_clock", default=None)


@contextmanager
def demo_audit_clock(clock: Callable[[], dt.datetime]) -> Iterator[None]:
    """The demo only (`demo/cycle.py`): the audit rows written in this block take their time from
    `clock`, so the demo's 记录 says the day its reports were filed, as 报送于 does, not the moment
    it loaded. A row is still only ever added, never changed."""
    token = _audit_clock.set(clock)
    try:
        yield
    finally:
        _audit_clock.reset(token)


class ServiceError(Exception):
    """Bad input a user can fix: the message is Chinese and is shown as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(ServiceError):
    """Someone else saved the same object first (optimistic lock): nothing was overwritten."""


def actor_name(actor: Any) -> str:
    if actor is None:
        return "系统"
    full = getattr(actor, "display_name", "") or getattr(actor, "username", "")
    return str(full)[:150]


# The relations a row's government is found through, nearest first: a unit, a plan or a leader
# names it directly; a report, a round or a token reaches it through one of those.
_TOWARDS_GOVERNMENT = ("government", "unit", "plan", "leader", "round", "task", "report", "impl_plan",
                       "change_request", "link", "user")


def government_of(obj: models.Model | None, _depth: int = 0) -> int | None:
    """The id of the government a row belongs to (None: a row of no one government).

    Follows the row's own relations (`_TOWARDS_GOVERNMENT`); the services have most of them loaded
    already, so this rarely reads anything. Every audit row is filed under it, which is how one
    government's office reads its own log and not another's."""
    if obj is None or _depth > 4:
        return None
    if obj._meta.label_lower == "directory.government":
        return int(obj.pk) if obj.pk is not None else None
    for name in _TOWARDS_GOVERNMENT:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            continue
        related_id = getattr(obj, field.attname)  # type: ignore[union-attr]  # a concrete relation has one
        if related_id is None:
            continue
        if name == "government":
            return int(related_id)
        found = government_of(getattr(obj, name), _depth + 1)
        if found is not None:
            return found
    return None


def _actor_government(actor: Any) -> int | None:
    if not getattr(actor, "pk", None) or not hasattr(actor, "unit_id"):
        return None
    from duban.web.accounts.permissions import government_id_of

    return government_id_of(actor)


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    government: Any = None,
    object_repr: str = "",
    changes_data: bool = True,
) -> AuditLog:
    """Write one audit row; must be called inside the service's transaction. Every write passes
    here, so this is also where the page cache learns that an app's data changed (pagecache.written).

    The row is filed under the government of `obj` (or `government`, a Government or its id, for
    a row about no loaded object; else the actor's), so each office reads its own government's
    log (common/rules.py). `changes_data=False` for a row that records an event, not a write (a
    sign-in): kept pages stay kept."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit rows are written inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    if government is not None:
        gid: int | None = int(getattr(government, "pk", government))
    else:
        gid = government_of(obj)
        if gid is None:
            gid = _actor_government(actor)
    if changes_data:
        written(object_type or "")  # the pages kept on this app's data are stale once this commits
    clock = _audit_clock.get()
    return AuditLog.objects.create(
        created_at=clock() if clock is not None else timezone.now(),
        government_id=gid,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        object_repr=str(obj)[:200] if obj is not None else object_repr[:200],
        before=before,
        after=after,
        reason=reason,
        request_id=current_request_id() or "",
    )


def validate(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """`full_clean()` with the first message turned into a ServiceError a user can read."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.error_dict.items()))
            msg = "; ".join(m for e in errors for m in e.messages)
            raise ServiceError(msg, field=None if field == "__all__" else field) from exc
        raise ServiceError("; ".join(exc.messages)) from exc


@transaction.atomic
def create_audited(model_obj: models.Model, *, actor: Any, action: str = "create", reason: str = "") -> Any:
    """Validate and insert `model_obj`, with its audit row."""
    validate(model_obj)
    model_obj.save()
    snap = model_obj.audit_snapshot() if hasattr(model_obj, "audit_snapshot") else None
    record(actor=actor, action=action, obj=model_obj, after=snap, reason=reason)
    return model_obj


@transaction.atomic
def update_audited(
    model_obj: models.Model, changes: dict[str, Any], *, actor: Any, action: str = "update", reason: str = ""
) -> Any:
    """Apply `changes` to `model_obj`, validate and save, with before/after in the audit row."""
    before = model_obj.audit_snapshot() if hasattr(model_obj, "audit_snapshot") else None
    for k, v in changes.items():
        setattr(model_obj, k, v)
    validate(model_obj)
    if hasattr(model_obj, "version"):
        model_obj.version += 1
    model_obj.save()
    after = model_obj.audit_snapshot() if hasattr(model_obj, "audit_snapshot") else None
    record(actor=actor, action=action, obj=model_obj, before=before, after=after, reason=reason)
    return model_obj


@transaction.atomic
def delete_audited(model_obj: models.Model, *, actor: Any, reason: str = "") -> None:
    before = model_obj.audit_snapshot() if hasattr(model_obj, "audit_snapshot") else None
    record(actor=actor, action="delete", obj=model_obj, before=before, reason=reason)
    model_obj.delete()
