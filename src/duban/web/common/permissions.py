"""The one place permissions live: what a user may read (`Model.objects.restrict(user, action)`)
and what an actor may do (`require(actor, predicate, obj)`).

Each app's permissions.py registers, per model, a rule that narrows a queryset to the rows a user
may see ("view") or change ("change"). Pages and the API both call `restrict()`, so a URL or an
endpoint cannot reach beyond what the rule allows. A model without a rule shows nothing.

Each app's permissions.py also holds its predicates (`may_review`, `may_file_for`…), written once
and called by the services first (`require`), and by the pages and the API when they decide what
to show. Deny by default: an actor without a known role (None, an anonymous or a disabled user, an
unknown role) is refused before any predicate runs. Work nobody does by hand (scheduled jobs, the
demo, setting up a new installation) acts as `SYSTEM`, explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from duban.web.accounts.models import User

M = TypeVar("M", bound=models.Model)
Rule = Callable[[models.QuerySet[Any], "User", str], models.QuerySet[Any]]
_RULES: dict[type[models.Model], Rule] = {}

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


def rule(model: type[models.Model]) -> Callable[[Rule], Rule]:
    """Register the permission rule of `model` (used as a decorator in each permissions.py)."""

    def deco(fn: Rule) -> Rule:
        _RULES[model] = fn
        return fn

    return deco


class RestrictedQuerySet(models.QuerySet[Any]):
    """A queryset that knows how to narrow itself to what a user may see or change."""

    def restrict(self, user: Any, action: str = VIEW) -> models.QuerySet[Any]:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        fn = _RULES.get(self.model)
        if fn is None:
            return self.none()  # deny by default
        return fn(self, user, action)


def get_for(user: Any, model: type[M], action: str = VIEW, **lookup: Any) -> M:
    """The object if `user` may do `action` to it: 404 if they may not see it, 403 if they may
    see it but not change it (a read-only user learns nothing they could not already read)."""
    mgr: Any = model._default_manager
    obj = mgr.restrict(user, VIEW).filter(**lookup).first()
    if obj is None:
        raise Http404("没有找到,或您无权查看")
    if action != VIEW and not mgr.restrict(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied("您无权修改此项")
    return obj


# --- who may do what ------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemActor:
    """The actor of work no person does: scheduled jobs, the demo loader, the set-up of a new
    installation. Passed explicitly (`actor=SYSTEM`), never a request's user; `require` lets it
    through, except where a predicate is a person's own (`system=False`: changing one's own
    password). Its audit rows name 系统 and no account."""

    role: str = "system"
    display_name: str = "系统"
    username: str = "system"
    pk: None = None
    unit_id: None = None
    leader_id: None = None
    government_id: None = None
    is_active: bool = True

    def __str__(self) -> str:
        return self.display_name


SYSTEM = SystemActor()

def known_roles() -> frozenset[str]:
    from duban.web.accounts.models import Role

    return frozenset(Role.values)


def has_role(actor: Any) -> bool:
    """A signed-in, active account with one of the known roles (the system actor is not one)."""
    if actor is None or isinstance(actor, SystemActor):
        return False
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return False
    return getattr(actor, "role", None) in known_roles()


class Predicate:
    """A rule of who may do something, with the sentence that says so when someone may not.
    False for an actor without a known role, whatever the rule says."""

    def __init__(self, rule: Callable[..., bool], denied: str, *, system: bool = True) -> None:
        self.rule = rule
        self.denied = denied
        self.system = system  # whether the system actor may
        self.__name__ = getattr(rule, "__name__", "predicate")
        self.__doc__ = rule.__doc__

    def __call__(self, actor: Any, *args: Any) -> bool:
        if not has_role(actor):
            return False
        return bool(self.rule(actor, *args))

    def __repr__(self) -> str:
        return f"<predicate {self.__name__}>"


def predicate(denied: str, *, system: bool = True) -> Callable[[Callable[..., bool]], Predicate]:
    """Declare a predicate in an app's permissions.py: `@predicate("只有督查室可以…")`;
    `system=False` for what only a person may do."""

    def deco(fn: Callable[..., bool]) -> Predicate:
        return Predicate(fn, denied, system=system)

    return deco


NO_ROLE = "没有有效的账户或角色,操作被拒绝"


def allowed(actor: Any, check: Predicate, *args: Any) -> bool:
    """`check(actor, *args)`; for the system actor, whether the predicate lets it (as `require`)."""
    if isinstance(actor, SystemActor):
        return check.system
    return check(actor, *args)


def require(actor: Any, check: Predicate, *args: Any) -> None:
    """The first line of every write service: PermissionDenied (HTTP 403) with the predicate's
    sentence unless `actor` may; an actor without a known role is refused outright. The system
    actor may, unless the predicate is a person's own."""
    if isinstance(actor, SystemActor):
        if check.system:
            return
        raise PermissionDenied(check.denied)
    if not has_role(actor):
        raise PermissionDenied(NO_ROLE)
    if not check(actor, *args):
        raise PermissionDenied(check.denied)


@predicate("只有督查室可以进行此操作", system=False)
def is_office(actor: Any) -> bool:
    """The supervision office of a government (or of a province): the pages only it sees."""
    from duban.web.accounts.models import Role

    return bool(actor.role == Role.OFFICE)
