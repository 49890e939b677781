"""Every write to the directory: units, aliases, groups, leaders, people; the spreadsheet
import/export; and applying the office's decisions on names a plan used that were unknown."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from duban.web.common.services import ServiceError, create_audited, record, update_audited, validate
from duban.web.directory.models import Government, Group, Leader, Person, Unit, UnitAlias, UnitKind
from duban.web.directory.resolve import Index, Match, guess_kind, normalize

KIND_BY_LABEL = {label: value for value, label in UnitKind.choices}
LABEL_BY_KIND = dict(UnitKind.choices)


def create_government(*, actor: Any, name: str, region: str) -> Government:
    return create_audited(Government(name=name.strip(), region=region.strip()), actor=actor)  # type: ignore[no-any-return]


@transaction.atomic
def create_unit(
    *, actor: Any, government: Government, name: str, kind: str = UnitKind.DEPARTMENT,
    parent: Unit | None = None, aliases: Iterable[str] = (),
) -> Unit:
    name = name.strip()
    _refuse_taken(government, name)
    unit = create_audited(Unit(government=government, name=name, kind=kind, parent=parent), actor=actor)
    for a in aliases:
        add_alias(actor=actor, unit=unit, name=a)
    return unit  # type: ignore[no-any-return]


def _refuse_taken(government: Government, name: str, *, except_unit: Unit | None = None) -> None:
    """A name (full or alias) may point at one unit only, or resolution would be ambiguous."""
    owner = Unit.objects.filter(government=government, name=name).first()
    if owner is None:
        alias = UnitAlias.objects.filter(government=government, name=name).select_related("unit").first()
        owner = alias.unit if alias else None
    if owner is not None and owner != except_unit:
        raise ServiceError(f"名称“{name}”已属于单位“{owner.name}”", field="name")


@transaction.atomic
def update_unit(*, actor: Any, unit: Unit, expected_version: int | None = None, **changes: Any) -> Unit:
    if expected_version is not None and expected_version != unit.version:
        raise _conflict(unit)
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        _refuse_taken(unit.government, changes["name"], except_unit=unit)
    return update_audited(unit, changes, actor=actor)  # type: ignore[no-any-return]


def _conflict(obj: Any) -> ServiceError:
    from duban.web.common.services import ConflictError

    return ConflictError(f"“{obj}”已被他人修改,您的修改未保存;请刷新后再改")


@transaction.atomic
def add_alias(*, actor: Any, unit: Unit, name: str) -> UnitAlias | None:
    name = name.strip()
    if not name or name == unit.name or unit.aliases.filter(name=name).exists():
        return None
    _refuse_taken(unit.government, name)
    before = unit.audit_snapshot()
    alias = UnitAlias(unit=unit, government=unit.government, name=name)
    validate(alias)
    alias.save()
    record(actor=actor, action="add_alias", obj=unit, before=before, after=unit.audit_snapshot())
    return alias


@transaction.atomic
def create_group(
    *, actor: Any, government: Government, name: str, members: Iterable[Unit] = (), member_kind: str = ""
) -> Group:
    group = create_audited(Group(government=government, name=name.strip(), member_kind=member_kind), actor=actor)
    group.members.set(list(members))
    return group  # type: ignore[no-any-return]


@transaction.atomic
def create_leader(
    *, actor: Any, government: Government, name: str, title: str = "", units: Iterable[Unit] = (), position: int = 0
) -> Leader:
    leader = Leader(government=government, name=name.strip(), title=title.strip(), position=position)
    validate(leader)
    leader.save()
    leader.units.set(list(units))
    record(actor=actor, action="create", obj=leader, after=leader.audit_snapshot())
    return leader


@transaction.atomic
def set_leader_units(*, actor: Any, leader: Leader, units: Iterable[Unit]) -> Leader:
    before = leader.audit_snapshot()
    leader.units.set(list(units))
    leader.version += 1
    leader.save(update_fields=["version", "updated_at"])
    record(actor=actor, action="update", obj=leader, before=before, after=leader.audit_snapshot())
    return leader


def create_person(
    *, actor: Any, government: Government, name: str, unit: Unit | None = None, role: str = "",
    phone: str = "", mobile: str = "",
) -> Person:
    p = Person(government=government, unit=unit, name=name.strip(), role=role, phone=phone, mobile=mobile)
    return create_audited(p, actor=actor)  # type: ignore[no-any-return]


@transaction.atomic
def update_person(*, actor: Any, person: Person, expected_version: int, **changes: Any) -> Person:
    """Change a contact; refused if someone saved it since `expected_version` was read."""
    fresh = Person.objects.select_for_update().get(pk=person.pk)
    if fresh.version != expected_version:
        raise _conflict(fresh)
    return update_audited(fresh, changes, actor=actor)  # type: ignore[no-any-return]


# --- resolution ---------------------------------------------------------------------------

def build_index(government: Government) -> Index:
    idx = Index(region=government.region)
    for uid, name in Unit.objects.filter(government=government, active=True).values_list("pk", "name"):
        idx.exact[name] = uid
        idx.names[uid] = name
    for uid, name in UnitAlias.objects.filter(government=government, unit__active=True).values_list("unit_id", "name"):
        idx.alias[name] = uid
    for g in Group.objects.filter(government=government).prefetch_related("members"):
        idx.groups[g.name] = list(g.expand().values_list("pk", flat=True))
    return idx.build()


@dataclass
class Proposal:
    """What the office is offered for an unknown name: a new unit of a guessed kind, or an
    alias of the closest existing unit."""

    name: str
    kind: str
    kind_label: str
    alias_of_id: int | None
    alias_of_name: str
    count: int = 0


def propose(government: Government, names: Iterable[str]) -> list[Proposal]:
    idx = build_index(government)
    counts: dict[str, int] = {}
    for n in names:
        if not idx.resolve(n).known:
            counts[n] = counts.get(n, 0) + 1
    out = []
    for n, c in counts.items():
        close = idx.closest(n)
        kind = guess_kind(n)
        out.append(Proposal(n, kind, LABEL_BY_KIND[kind], close[0] if close else None, close[1] if close else "", c))
    return out


@transaction.atomic
def apply_resolution(*, actor: Any, government: Government, decisions: dict[str, tuple[str, Any]]) -> int:
    """Apply the office's choices: name → ("new", kind) or ("alias", unit_id) or ("skip", None)."""
    done = 0
    for name, (what, arg) in decisions.items():
        if what == "new":
            if arg not in LABEL_BY_KIND:
                raise ServiceError(f"“{name}”的单位类别无效")
            create_unit(actor=actor, government=government, name=name, kind=arg)
            done += 1
        elif what == "alias":
            unit = Unit.objects.filter(government=government, pk=arg).first()
            if unit is None:
                raise ServiceError(f"“{name}”要作为别名的单位不存在")
            add_alias(actor=actor, unit=unit, name=name)
            done += 1
    return done


def resolve(government: Government, names: Iterable[str]) -> list[Match]:
    idx = build_index(government)
    return [idx.resolve(n) for n in names]


# --- spreadsheet ---------------------------------------------------------------------------

SHEETS = {
    "单位": ["单位全称", "类别", "上级单位", "简称与别名"],
    "单位组": ["组名", "包含该类全部单位", "成员单位"],
    "领导": ["姓名", "职务", "分管单位", "排序"],
    "人员": ["姓名", "单位", "身份", "办公电话", "手机"],
}
SEP = "、"


def export_xlsx(government: Government) -> bytes:
    """The directory as a workbook the office can edit and import back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    rows: dict[str, list[list[Any]]] = {k: [] for k in SHEETS}
    for u in Unit.objects.filter(government=government).select_related("parent").prefetch_related("aliases"):
        rows["单位"].append([u.name, LABEL_BY_KIND.get(u.kind, ""), u.parent.name if u.parent else "",
                           SEP.join(a.name for a in u.aliases.all())])
    for g in Group.objects.filter(government=government).prefetch_related("members"):
        rows["单位组"].append([g.name, LABEL_BY_KIND.get(g.member_kind, "") if g.member_kind else "",
                            SEP.join(m.name for m in g.members.all())])
    for ld in Leader.objects.filter(government=government).prefetch_related("units"):
        rows["领导"].append([ld.name, ld.title, SEP.join(u.name for u in ld.units.all()), ld.position])
    for p in Person.objects.filter(government=government).select_related("unit"):
        rows["人员"].append([p.name, p.unit.name if p.unit else "", p.role, p.phone, p.mobile])
    for title, header in SHEETS.items():
        ws = wb.create_sheet(title)
        ws.append(header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows[title]:
            ws.append([_cell_safe(v) for v in r])
        ws.freeze_panes = "A2"
        for col, width in zip("ABCDE", (36, 14, 30, 50, 16), strict=False):
            ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell_safe(v: Any) -> Any:
    """Text that a spreadsheet would run as a formula is written as text."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


def _split(v: Any) -> list[str]:
    s = "" if v is None else str(v)
    return [x.strip() for x in s.replace(",", SEP).replace(",", SEP).replace(";", SEP).split(SEP) if x.strip()]


@transaction.atomic
def import_xlsx(*, actor: Any, government: Government, data: bytes) -> dict[str, int]:
    """Add or update units, groups, leaders and people from a workbook in the export's layout.

    All or nothing: the first bad row stops the import with its sheet and row number."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ServiceError("不是有效的 .xlsx 文件,请使用“导出名录”得到的表格格式") from exc
    counts = {"单位": 0, "单位组": 0, "领导": 0, "人员": 0}

    def rows(title: str) -> list[tuple[int, list[Any]]]:
        if title not in wb.sheetnames:
            return []
        out = []
        for i, r in enumerate(wb[title].iter_rows(values_only=True), start=1):
            if i == 1 or not r or all(c in (None, "") for c in r):
                continue
            vals = [("" if c is None else str(c).strip()) for c in r] + [""] * 5
            out.append((i, vals))
        return out

    if not any(t in wb.sheetnames for t in SHEETS):
        raise ServiceError("表格中没有“单位”“单位组”“领导”“人员”工作表")

    unit_rows = rows("单位")
    for i, v in unit_rows:  # first pass: the units themselves, so parents can refer forward
        name, kind_label = v[0], v[1]
        kind = KIND_BY_LABEL.get(kind_label, "department" if not kind_label else "")
        if not kind:
            raise ServiceError(f"“单位”表第{i}行:类别“{kind_label}”无效,应为 {'、'.join(LABEL_BY_KIND.values())}")
        unit = Unit.objects.filter(government=government, name=name).first()
        if unit is None:
            create_unit(actor=actor, government=government, name=name, kind=kind)
            counts["单位"] += 1
        elif unit.kind != kind:
            update_unit(actor=actor, unit=unit, kind=kind)
    for i, v in unit_rows:
        unit = Unit.objects.get(government=government, name=v[0])
        if v[2]:
            parent = Unit.objects.filter(government=government, name=v[2]).first()
            if parent is None:
                raise ServiceError(f"“单位”表第{i}行:上级单位“{v[2]}”不在名录中")
            if unit.parent_id != parent.pk:
                update_unit(actor=actor, unit=unit, parent=parent)
        for a in _split(v[3]):
            try:
                add_alias(actor=actor, unit=unit, name=a)
            except ServiceError as exc:
                raise ServiceError(f"“单位”表第{i}行:{exc.message}") from exc

    def units_named(sheet: str, i: int, names: list[str]) -> list[Unit]:
        out = []
        idx = build_index(government)
        for n in names:
            m = idx.resolve(n)
            if not m.known:
                raise ServiceError(f"“{sheet}”表第{i}行:单位“{n}”不在名录中")
            out.extend(Unit.objects.filter(pk__in=m.unit_ids))
        return out

    for i, v in rows("单位组"):
        kind = KIND_BY_LABEL.get(v[1], "") if v[1] else ""
        members = units_named("单位组", i, _split(v[2]))
        group = Group.objects.filter(government=government, name=v[0]).first()
        if group is None:
            create_group(actor=actor, government=government, name=v[0], members=members, member_kind=kind)
            counts["单位组"] += 1
        else:
            update_audited(group, {"member_kind": kind}, actor=actor)
            group.members.set(members)
    for i, v in rows("领导"):
        units = units_named("领导", i, _split(v[2]))
        pos = int(float(v[3])) if v[3] else 0
        leader = Leader.objects.filter(government=government, name=v[0]).first()
        if leader is None:
            create_leader(actor=actor, government=government, name=v[0], title=v[1], units=units, position=pos)
            counts["领导"] += 1
        else:
            update_audited(leader, {"title": v[1], "position": pos}, actor=actor)
            set_leader_units(actor=actor, leader=leader, units=units)
    for i, v in rows("人员"):
        unit = None
        if v[1]:
            found = units_named("人员", i, [v[1]])
            unit = found[0] if found else None
        person = Person.objects.filter(government=government, name=v[0], unit=unit).first()
        fields = {"role": v[2], "phone": v[3], "mobile": v[4]}
        if person is None:
            create_person(actor=actor, government=government, name=v[0], unit=unit, **fields)
            counts["人员"] += 1
        else:
            update_audited(person, fields, actor=actor)
    record(actor=actor, action="import", obj=government, after=counts)
    return counts


def normalize_name(name: str, government: Government) -> str:
    return normalize(name, government.region)
