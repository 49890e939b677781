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
queryset would have given; `tests/web/common/test_prepared.py` compares the two for every read
that uses this, so a Django upgrade that changes its internals fails there, not in production.

Only whole-number parameters (ids) can be stand-ins; anything else in the queryset is fixed
when it is first built. Permission rules (`restrict`) stay on the ORM: their shape depends on
the user.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


class Prepared(Generic[M]):
    """A read by ids whose SQL is built once per process and database backend (see module)."""

    def __init__(self, build: Callable[..., models.QuerySet[M, Any]]) -> None:
        self.build = build
        self.names = tuple(inspect.signature(build).parameters)
        self._local = threading.local()  # per thread: {alias and backend: _Compiled}

    def _compile(self, alias: str) -> _Compiled:
        stand_ins = {name: STAND_IN_BASE - i for i, name in enumerate(self.names)}
        qs = self.build(**stand_ins)
        compiler = qs.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_value = {v: k for k, v in stand_ins.items()}
        slots = tuple((i, by_value[p]) for i, p in enumerate(params) if type(p) is int and p in by_value)
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

    def _rows(self, alias: str, values: dict[str, int]) -> tuple[_Compiled, list[list[Any]]]:
        connection = connections[alias]
        key = f"{alias}:{connection.vendor}"
        kept: dict[str, _Compiled] = self._local.__dict__.setdefault("compiled", {})
        compiled = kept.get(key)
        if compiled is None:
            compiled = kept[key] = self._compile(alias)
        if compiled.locks and not connection.in_atomic_block:
            raise RuntimeError("Prepared: a read with select_for_update() must run in a transaction")
        params = list(compiled.params)
        for pos, name in compiled.slots:
            params[pos] = int(values[name])
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

    def all(self, *, using: str = "default", **values: int) -> list[M]:
        compiled, rows = self._rows(using, values)
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

    def first(self, *, using: str = "default", **values: int) -> M | None:
        """The one row of a read by a unique key (write the queryset unordered), or None."""
        found = self.all(using=using, **values)
        return found[0] if found else None

    def rows(self, *, using: str = "default", **values: int) -> list[tuple[Any, ...]]:
        """The rows of a values_list() read, converted as the ORM would."""
        compiled, rows = self._rows(using, values)
        if compiled.model is not None:
            raise TypeError("Prepared: a model read gives all() or first(), not rows()")
        return [tuple(r) for r in rows]
