"""The one place permissions live: `Model.objects.restrict(user, action)`.

Each app's permissions.py registers, per model, a rule that narrows a queryset to the rows a user
may see ("view") or change ("change"). Pages and the API both call `restrict()`, so a URL or an
endpoint cannot reach beyond what the rule allows. A model without a rule shows nothing.
"""

from __future__ import annotations

from collections.abc import Callable
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
