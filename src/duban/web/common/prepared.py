"""Reads that the deadline-day rush repeats thousands of times, turned into SQL once per process.

Building a query through the ORM (filters, joins, the SELECT list, the SQL text) costs about a
millisecond of CPU on the machines our users have, several times what the database spends
running it; the rush's calls are made of such reads, each the same shape every time with other
ids. A `Prepared` read is written as an ordinary queryset whose ids are parameters:

    LOCKED_REPORT = Prepared(lambda pk: Report.objects.select_for_update(of=("self",))
                             .select_related("round", "task", "unit").filter(pk=pk))
    report = LOCKED_REPORT.first(pk=42)

The first call in a thread builds the queryset with stand-in ids, lets Django compile it for that
thread's connection (a thread keeps its connection object; the compiled read keeps what was
made for it, such as the backend's converters), and keeps the SQL, where each stand-in went in the parameters, and how Django turns
the rows into objects (the same converters, `from_db` and related-object populators its
ModelIterable uses). Later calls only put the real ids in and run it. What comes back is what the
queryset would have given; `tests/web/cycle/test_prepared_reads.py` and the API token's tests
compare the two for every read that uses this, so a Django upgrade that changes its internals fails there, not in production.

Parameters are ids, or texts named in `text=` (a key's digest); anything else in the queryset is
fixed when it is first built. `PreparedForUser` does the same for a read through the permission rules
(`restrict`): the rules run on a stand-in user of the same role and shape, whose ids are
parameters too; the rules stay the one place that says who may read what, and a test compares
the two for every kind of user.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]  # not in the stubs

M = TypeVar("M", bound=models.Model)

# Ids are never negative: a stand-in can't be mistaken for a value the queryset itself holds.
STAND_IN_BASE = -7_000_000_001


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, str], ...]  # (position in params, argument name)
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]  # (column, converters, expression)
    model: type[models.Model] | None  # None: rows (values_list)
    init_list: tuple[str, ...]
    fields_start: int
    fields_end: int
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]
    locks: bool


_NOTHING = _Compiled(sql="", params=(), slots=(), converters=(), model=None, init_list=(), fields_start=0,
                     fields_end=0, populators=(), annotations=(), locks=False)


class Prepared(Generic[M]):
    """A read by ids whose SQL is built once per process and database backend (see module)."""

    def __init__(self, build: Callable[..., models.QuerySet[M, Any]], *, text: tuple[str, ...] = ()) -> None:
        self.build = build
        self.names = tuple(inspect.signature(build).parameters)
        self.text = frozenset(text)  # parameters that are texts, not ids
        self._local = threading.local()  # per thread: {alias and backend: _Compiled}

    def _stand_ins(self) -> dict[str, Any]:
        return {name: f"\x00stand-in {name}\x00" if name in self.text else STAND_IN_BASE - i
                for i, name in enumerate(self.names)}

    def _queryset(self, stand_ins: dict[str, Any], shape: tuple[Any, ...]) -> models.QuerySet[M, Any]:
        return self.build(**stand_ins)

    def _compile(self, alias: str, shape: tuple[Any, ...] = ()) -> _Compiled:
        stand_ins = self._stand_ins()
        qs = self._queryset(stand_ins, shape)
        compiler = qs.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # the queryset is none(): nothing to run, ever
            return _NOTHING
        by_value = {v: k for k, v in stand_ins.items()}
        slots = tuple((i, by_value[p]) for i, p in enumerate(params) if type(p) in (int, str) and p in by_value)
        missing = set(self.names) - {name for _, name in slots}
        if missing:
            raise ValueError(f"Prepared: {sorted(missing)} do not reach the SQL as parameters")
        select = compiler.select
        found = compiler.get_converters([s[0] for s in select[0:compiler.col_count]])
        converters = tuple((pos, tuple(convs), expr) for pos, (convs, expr) in found.items())
        is_models = qs._iterable_class is models.query.ModelIterable
        if is_models:
            klass_info = compiler.klass_info
            assert klass_info is not None  # noqa: S101 (a model queryset always has one)
            fields = klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            return _Compiled(
                sql=sql, params=tuple(params), slots=slots, converters=converters, model=klass_info["model"],
                init_list=tuple(f[0].target.attname for f in select[start:end]), fields_start=start,
                fields_end=end, populators=tuple(get_related_populators(klass_info, select, alias)),
                annotations=tuple((compiler.annotation_col_map or {}).items()), locks=bool(qs.query.select_for_update))
        if qs._iterable_class is not models.query.ValuesListIterable:
            raise ValueError("Prepared: model instances or values_list() rows only")
        return _Compiled(sql=sql, params=tuple(params), slots=slots, converters=converters, model=None,
                         init_list=(), fields_start=0, fields_end=0, populators=(), annotations=(),
                         locks=bool(qs.query.select_for_update))

    def _rows(self, alias: str, values: dict[str, Any], shape: tuple[Any, ...] = ()) -> tuple[_Compiled, list[list[Any]]]:
        connection = connections[alias]
        key = (alias, connection.vendor, shape)
        kept: dict[tuple[Any, ...], _Compiled] = self._local.__dict__.setdefault("compiled", {})
        compiled = kept.get(key)
        if compiled is None:
            compiled = kept[key] = self._compile(alias, shape)
        if compiled is _NOTHING:
            return compiled, []
        if compiled.locks and not connection.in_atomic_block:
            raise RuntimeError("Prepared: a read with select_for_update() must run in a transaction")
        params = list(compiled.params)
        for pos, name in compiled.slots:
            value = values[name]
            value = value() if callable(value) else value
            params[pos] = str(value) if name in self.text else int(value)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = [list(r) for r in cursor.fetchall()]
        for row in rows:
            for pos, convs, expr in compiled.converters:
                value = row[pos]
                for convert in convs:
                    value = convert(value, expr, connection)
                row[pos] = value
        return compiled, rows

    def all(self, *, using: str = "default", **values: int | str) -> list[M]:
        return self._objects(using, values)

    def _objects(self, using: str, values: dict[str, Any], shape: tuple[Any, ...] = ()) -> list[M]:
        compiled, rows = self._rows(using, values, shape)
        if compiled is _NOTHING:
            return []
        if compiled.model is None:
            raise TypeError("Prepared: a values_list() read gives rows(), not objects")
        out: list[M] = []
        for row in rows:
            obj = compiled.model.from_db(using, list(compiled.init_list), row[compiled.fields_start:compiled.fields_end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, pos in compiled.annotations:
                setattr(obj, name, row[pos])
            out.append(obj)  # type: ignore[arg-type]
        return out

    def first(self, *, using: str = "default", **values: int | str) -> M | None:
        """The one row of a read by a unique key (write the queryset unordered), or None."""
        found = self.all(using=using, **values)
        return found[0] if found else None

    def rows(self, *, using: str = "default", **values: int | str) -> list[tuple[Any, ...]]:
        """The rows of a values_list() read, converted as the ORM would."""
        compiled, rows = self._rows(using, values)
        if compiled.model is not None:
            raise TypeError("Prepared: a model read gives all() or first(), not rows()")
        return [tuple(r) for r in rows]


# What the permission rules read of a user: their role and the ids of their unit, leader and
# government. A rule's SQL depends on the role and on which of these the user has; the ids are
# parameters.
_USER_IDS = ("user.pk", "user.unit_id", "user.leader_id", "user.government_id", "user.unit.government_id",
             "user.leader.government_id")


class _StandInUser:
    """A signed-in, active user of the given shape whose ids are stand-ins (see PreparedForUser)."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, stand_ins: dict[str, Any], role: str, has_unit: bool, has_leader: bool, has_government: bool):
        self.role = role
        self.pk = self.id = stand_ins["user.pk"]
        self.unit_id = stand_ins["user.unit_id"] if has_unit else None
        self.leader_id = stand_ins["user.leader_id"] if has_leader else None
        self.government_id = stand_ins["user.government_id"] if has_government else None
        self.unit = _Ids(self.unit_id, stand_ins["user.unit.government_id"]) if has_unit else None
        self.leader = _Ids(self.leader_id, stand_ins["user.leader.government_id"]) if has_leader else None


class _Ids:
    def __init__(self, pk: int | None, government_id: int) -> None:
        self.pk = self.id = pk
        self.government_id = government_id


class PreparedForUser(Prepared[M]):
    """A read through the permission rules: `build(user, **ids)` calls `restrict(user, …)`.

    The rules themselves run once per thread and shape of user (role; has a unit, a leader, a
    government) on a stand-in whose ids are parameters; a rule reading anything else of the user
    fails there, loudly. Inactive or signed-out users read nothing, as `restrict` says."""

    def __init__(self, build: Callable[..., models.QuerySet[M, Any]]) -> None:
        super().__init__(build)
        self.names = self.names[1:]  # the first argument is the user

    def _stand_ins(self) -> dict[str, Any]:
        own = super()._stand_ins()
        return own | {name: STAND_IN_BASE - len(own) - i for i, name in enumerate(_USER_IDS)}

    def _queryset(self, stand_ins: dict[str, Any], shape: tuple[Any, ...]) -> models.QuerySet[M, Any]:
        user = _StandInUser(stand_ins, *shape)
        return self.build(user, **{name: stand_ins[name] for name in self.names})

    def first_for(self, user: Any, *, using: str = "default", **values: int) -> M | None:
        found = self.all_for(user, using=using, **values)
        return found[0] if found else None

    def all_for(self, user: Any, *, using: str = "default", **values: int) -> list[M]:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return []
        shape = (str(user.role), user.unit_id is not None, user.leader_id is not None, user.government_id is not None)
        given: dict[str, Any] = dict(values)
        given |= {  # read only when the SQL uses them
            "user.pk": lambda: user.pk, "user.unit_id": lambda: user.unit_id, "user.leader_id": lambda: user.leader_id,
            "user.government_id": lambda: user.government_id,
            "user.unit.government_id": lambda: user.unit.government_id,
            "user.leader.government_id": lambda: user.leader.government_id,
        }
        return self._objects(using, given, shape)
