"""Every write to the directory: units, aliases, groups, leaders, people; the spreadsheet
import/export; and applying the office's decisions on names a plan used that were unknown."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from duban.core.cells import xlsx_bytes
from duban.core.unitname import Candidate, GroupOf, offer
from duban.core.unitname import parse as parse_name
from duban.web.common.permissions import require
from duban.web.common.services import ServiceError, create_audited, record, update_audited, validate
from duban.web.directory.models import Government, Group, Leader, Person, Unit, UnitAlias, UnitKind
from duban.web.directory.permissions import may_add_government, may_edit_directory, may_edit_person
from duban.web.directory.resolve import Index, Match, guess_kind, normalize

KIND_BY_LABEL = {label: value for value, label in UnitKind.choices}
LABEL_BY_KIND = dict(UnitKind.choices)


def create_government(*, actor: Any, name: str, region: str, level: str = "county",
                      office_name: str = "督查室") -> Government:
    require(actor, may_add_government)
    return create_audited(Government(name=_required(name, "政府名称"), region=_required(region, "行政区", field="region"),
                                     level=level, office_name=_required(office_name, "督查机构名称", field="office_name")),
                          actor=actor)


@transaction.atomic
def create_unit(
    *, actor: Any, government: Government, name: str, kind: str = UnitKind.DEPARTMENT,
    parent: Unit | None = None, aliases: Iterable[str] = (),
) -> Unit:
    require(actor, may_edit_directory, government)
    name = _required(name, "单位全称")
    _refuse_taken(government, name)
    if kind not in LABEL_BY_KIND:
        raise ServiceError(f"单位类别“{kind}”无效", field="kind")
    if parent is not None and parent.government_id != government.pk:
        raise ServiceError(f"上级单位“{parent.name}”不属于{government.name}", field="parent")
    unit = create_audited(Unit(government=government, name=name, kind=kind, parent=parent), actor=actor)
    for a in aliases:
        add_alias(actor=actor, unit=unit, name=a)
    return unit


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
    """Change a unit; refused if someone saved it since `expected_version` was read."""
    require(actor, may_edit_directory, unit.government)
    fresh: Unit = _lock(unit, expected_version)
    if "name" in changes:
        changes["name"] = _required(changes["name"], "单位全称")
        _refuse_taken(fresh.government, changes["name"], except_unit=fresh)
    parent = changes.get("parent")
    if parent is not None:
        if parent.government_id != fresh.government_id:
            raise ServiceError(f"上级单位“{parent.name}”不属于{fresh.government.name}", field="parent")
        p: Unit | None = parent
        while p is not None:  # a unit cannot sit under itself, however far down
            if p.pk == fresh.pk:
                raise ServiceError("上级单位不能是本单位或其下级单位", field="parent")
            p = p.parent
    updated: Unit = update_audited(fresh, changes, actor=actor)
    unit.version = updated.version  # the caller's instance follows, as before
    return updated


def _conflict(obj: Any) -> ServiceError:
    from duban.web.common.services import ConflictError

    return ConflictError(f"“{obj}”已被他人修改,您的修改未保存;请刷新后再改")


@transaction.atomic
def add_alias(*, actor: Any, unit: Unit, name: str) -> UnitAlias | None:
    require(actor, may_edit_directory, unit.government)
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


# --- shared checks -------------------------------------------------------------------------

_PHONE = re.compile(r"^(?=.*[0-9])[0-9\-+() 转、/,,]{1,40}$")  # digits, separators; two numbers allowed


def _required(value: Any, label: str, *, field: str = "name") -> str:
    """A stripped name; empty (or only spaces) is refused with the field's Chinese label."""
    text = str(value or "").strip()
    if not text:
        raise ServiceError(f"{label}不能为空", field=field)
    return text


def _own_units(government: Government, units: Iterable[Unit], *, what: str, field: str) -> list[Unit]:
    """Units of this government only, and in use: a leader of 示例区 cannot oversee another
    government's unit, and a group cannot take a unit that was retired."""
    out: list[Unit] = []
    for u in units:
        if u.government_id != government.pk:
            raise ServiceError(f"单位“{u.name}”不属于{government.name},不能{what}", field=field)
        if not u.active:
            raise ServiceError(f"单位“{u.name}”已停用,不能{what}", field=field)
        if u not in out:
            out.append(u)
    return out


def _lock(obj: Any, expected_version: int | None) -> Any:
    """The row re-read under a row lock; refused if someone saved it since `expected_version`."""
    fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise _conflict(fresh)
    return fresh


def _save(obj: Any, *, actor: Any, before: dict[str, Any], action: str = "update") -> None:
    """Validate, bump the version, save, and write the audit row (M2M already set by the caller)."""
    validate(obj)
    obj.version += 1
    obj.save()
    record(actor=actor, action=action, obj=obj, before=before, after=obj.audit_snapshot())


# --- groups --------------------------------------------------------------------------------

@transaction.atomic
def create_group(
    *, actor: Any, government: Government, name: str, members: Iterable[Unit] = (), member_kind: str = ""
) -> Group:
    require(actor, may_edit_directory, government)
    name = _required(name, "组名")
    if member_kind and member_kind not in LABEL_BY_KIND:
        raise ServiceError(f"单位类别“{member_kind}”无效", field="member_kind")
    members = _own_units(government, members, what="列入单位组", field="members")
    group = Group(government=government, name=name, member_kind=member_kind)
    validate(group)
    group.save()
    group.members.set(members)
    record(actor=actor, action="create", obj=group, after=group.audit_snapshot())
    return group


@transaction.atomic
def update_group(
    *, actor: Any, group: Group, expected_version: int | None, name: str, members: Iterable[Unit],
    member_kind: str = "",
) -> Group:
    require(actor, may_edit_directory, group.government)
    fresh: Group = _lock(group, expected_version)
    before = fresh.audit_snapshot()
    fresh.name = _required(name, "组名")
    if member_kind and member_kind not in LABEL_BY_KIND:
        raise ServiceError(f"单位类别“{member_kind}”无效", field="member_kind")
    fresh.member_kind = member_kind
    fresh.members.set(_own_units(fresh.government, members, what="列入单位组", field="members"))
    _save(fresh, actor=actor, before=before)
    return fresh


# --- leaders -------------------------------------------------------------------------------

@transaction.atomic
def create_leader(
    *, actor: Any, government: Government, name: str, title: str = "", units: Iterable[Unit] = (), position: int = 0
) -> Leader:
    require(actor, may_edit_directory, government)
    units = _own_units(government, units, what="由其分管", field="units")
    leader = Leader(government=government, name=_required(name, "领导姓名"), title=str(title or "").strip(),
                    position=position)
    validate(leader)
    leader.save()
    leader.units.set(units)
    record(actor=actor, action="create", obj=leader, after=leader.audit_snapshot())
    return leader


@transaction.atomic
def update_leader(
    *, actor: Any, leader: Leader, expected_version: int | None, name: str, title: str = "",
    units: Iterable[Unit] = (), position: int = 0,
) -> Leader:
    """Change a leader's name, title, order and the units they oversee, in one audited save."""
    require(actor, may_edit_directory, leader.government)
    fresh: Leader = _lock(leader, expected_version)
    before = fresh.audit_snapshot()
    fresh.name, fresh.title, fresh.position = _required(name, "领导姓名"), str(title or "").strip(), position
    fresh.units.set(_own_units(fresh.government, units, what="由其分管", field="units"))
    _save(fresh, actor=actor, before=before)
    return fresh


@transaction.atomic
def set_leader_units(*, actor: Any, leader: Leader, units: Iterable[Unit]) -> Leader:
    require(actor, may_edit_directory, leader.government)
    before = leader.audit_snapshot()
    leader.units.set(_own_units(leader.government, units, what="由其分管", field="units"))
    leader.version += 1
    leader.save(update_fields=["version", "updated_at"])
    record(actor=actor, action="update", obj=leader, before=before, after=leader.audit_snapshot())
    return leader


# --- people --------------------------------------------------------------------------------

def _person_fields(government: Government, changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(changes)
    if "name" in out:
        out["name"] = _required(out["name"], "姓名")
    for key in ("role", "post", "phone", "mobile"):
        if key in out:
            out[key] = str(out[key] or "").strip()
    for key, label in (("phone", "办公电话"), ("mobile", "手机")):
        if out.get(key) and not _PHONE.match(out[key]):
            raise ServiceError(f"{label}“{out[key]}”格式不对,只能包含数字、-、+、括号和“转”(两个号码用顿号分隔)", field=key)
    unit = out.get("unit")
    if unit is not None and unit.government_id != government.pk:
        raise ServiceError(f"单位“{unit.name}”不属于{government.name}", field="unit")
    return out


def _refuse_same_person(government: Government, name: str, unit: Unit | None, *, except_pk: int | None = None) -> None:
    same = Person.objects.filter(government=government, name=name, unit=unit).exclude(pk=except_pk)
    if same.exists():
        where = f"“{unit.name}”" if unit else "未指定单位的人员中"
        raise ServiceError(f"{where}已有“{name}”,请勿重复添加", field="name")


@transaction.atomic
def create_person(
    *, actor: Any, government: Government, name: str, unit: Unit | None = None, role: str = "",
    phone: str = "", mobile: str = "", post: str = "",
) -> Person:
    require(actor, may_edit_directory, government)
    d = _person_fields(government, {"name": name, "unit": unit, "role": role, "post": post, "phone": phone,
                                    "mobile": mobile})
    _refuse_same_person(government, d["name"], unit)
    return create_audited(Person(government=government, **d), actor=actor)


@transaction.atomic
def update_person(*, actor: Any, person: Person, expected_version: int | None, **changes: Any) -> Person:
    """Change a contact; refused if someone saved it since `expected_version` was read."""
    require(actor, may_edit_person, person)
    fresh: Person = _lock(person, expected_version)
    d = _person_fields(fresh.government, changes)
    _refuse_same_person(fresh.government, d.get("name", fresh.name), d.get("unit", fresh.unit), except_pk=fresh.pk)
    return update_audited(fresh, d, actor=actor)


# --- retiring and deleting -----------------------------------------------------------------

Entry = Unit | Group | Leader | Person
KIND_LABEL = {Unit: "单位", Group: "单位组", Leader: "领导", Person: "人员"}


@transaction.atomic
def set_active(*, actor: Any, obj: Entry, active: bool, expected_version: int | None = None) -> Entry:
    """Retire (停用) or restore an entry. A retired entry keeps its row, its history and every
    reference to it; it is no longer offered for new work (a retired unit or group is not
    matched when a plan is read)."""
    require(actor, may_edit_directory, obj.government)
    fresh = _lock(obj, expected_version)
    if fresh.active == active:
        return fresh
    before = fresh.audit_snapshot()
    fresh.active = active
    fresh.version += 1
    fresh.save(update_fields=["active", "version", "updated_at"])
    record(actor=actor, action="restore" if active else "retire", obj=fresh, before=before,
           after=fresh.audit_snapshot())
    return fresh


def _names_in_tasks(government: Government, names: set[str], fields: tuple[str, ...]) -> tuple[int, int]:
    """How many tasks (of published plans, of drafts) print one of `names` in `fields`."""
    from duban.web.plans.models import PlanStatus, Task

    published = drafts = 0
    rows = Task.objects.filter(plan__government=government).values_list("plan__status", *fields)
    for status, *lists in rows.iterator():
        if any(n in names for lst in lists for n in (lst or []) if isinstance(n, str)):
            if status == PlanStatus.PUBLISHED:
                published += 1
            else:
                drafts += 1
    return published, drafts


def references(obj: Entry) -> list[str]:
    """What still refers to `obj`, in words (empty: it may be deleted without losing anything)."""
    from duban.web.plans.models import PlanStatus, Task, TaskUnit

    gov = obj.government
    out: list[str] = []
    if isinstance(obj, Unit):
        n = TaskUnit.objects.filter(unit=obj, task__plan__status=PlanStatus.PUBLISHED).values("task").distinct().count()
        d = TaskUnit.objects.filter(unit=obj).exclude(task__plan__status=PlanStatus.PUBLISHED).count()
        names = {obj.name, *obj.aliases.values_list("name", flat=True)}
        pub, dr = _names_in_tasks(gov, names, ("lead_names", "coop_names"))
        n, d = max(n, pub), max(d, dr)
    elif isinstance(obj, Leader):
        n = Task.objects.filter(leaders=obj, plan__status=PlanStatus.PUBLISHED).count()
        d = Task.objects.filter(leaders=obj).exclude(plan__status=PlanStatus.PUBLISHED).count()
        pub, dr = _names_in_tasks(gov, {obj.name}, ("leader_names",))
        n, d = max(n, pub), max(d, dr)
    elif isinstance(obj, Group):
        n, d = _names_in_tasks(gov, {obj.name}, ("lead_names", "coop_names"))
    else:
        n, d = _names_in_tasks(gov, {obj.name}, ("persons",))
    if n:
        out.append(f"已发布方案的任务{n}项")
    if d:
        out.append(f"草稿方案的任务{d}项")
    # anything else that points at the row (accounts, reports, rosters, sub-units, …)
    own = {UnitAlias}
    for rel in obj._meta.related_objects:
        model = rel.related_model
        assert not isinstance(model, str)  # resolved once the app registry is ready
        if model in own or model._meta.label_lower in ("plans.task", "plans.taskunit"):
            continue
        if rel.many_to_many and isinstance(obj, Unit) and model in (Leader, Group):
            label = "领导分管" if model is Leader else "单位组成员"
        elif model is Unit:
            label = "下级单位"
        else:
            label = str(model._meta.verbose_name)
        count = model._base_manager.filter(**{rel.field.name: obj}).count()
        if count:
            out.append(f"{label}{count}项")
    return out


@transaction.atomic
def delete_entry(*, actor: Any, obj: Entry, expected_version: int | None = None) -> None:
    """Delete an entry nothing refers to. Anything still referred to — by a plan (published or
    draft), an account, a report, a leader's 分管 — is refused with what refers to it, and the
    office is pointed to retiring it instead: no plan ever loses a name it printed."""
    require(actor, may_edit_directory, obj.government)
    fresh = _lock(obj, expected_version)
    refs = references(fresh)
    if refs:
        raise ServiceError(
            f"{KIND_LABEL[type(fresh)]}“{fresh.name}”仍被引用({'、'.join(refs)}),不能删除;"
            "如已不再使用,请改为“停用”,记录将保留")
    before = fresh.audit_snapshot()
    record(actor=actor, action="delete", obj=fresh, before=before)
    fresh.delete()


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


# what a group's members are, for a new 单位组 that covers all units of a kind (各乡镇人民政府)
GROUP_MEMBER_KIND = {"township": UnitKind.TOWNSHIP, "department": UnitKind.DEPARTMENT, "enterprise": UnitKind.SOE,
                     "park": UnitKind.PARK}


@dataclass
class Proposal:
    """What the office is offered for a name the directory does not know: the unit that is the
    same body (pre-selected), alike units with the reason (never pre-selected), a 单位组 for a
    group name, or a new unit of a guessed kind."""

    name: str
    kind: str
    kind_label: str
    count: int = 0
    same: Candidate | None = None
    candidates: list[Candidate] = field(default_factory=list)
    group: GroupOf | None = None
    group_kind: str = ""  # the member kind of a new group covering all units of a kind
    group_label: str = ""
    groups: list[str] = field(default_factory=list)  # existing groups of the same members, for reference

    @property
    def alias_of_id(self) -> int | None:
        return self.same.unit if self.same else None

    @property
    def alias_of_name(self) -> str:
        return self.same.name if self.same else ""

    @property
    def default(self) -> str:
        """The choice the page starts with: the same body, a new group, a new unit where nothing
        in the directory is alike — and no choice at all where alike units are offered."""
        if self.same is not None:
            return f"alias:{self.same.unit}"
        if self.group is not None:
            return f"group:{self.group_kind}"
        return "skip" if self.candidates else f"new:{self.kind}"


def propose(government: Government, names: Iterable[str]) -> list[Proposal]:
    """A proposal for every name (in order of first use, with how often it is used) that the
    directory does not know."""
    idx = build_index(government)
    counts: dict[str, int] = {}
    for n in names:
        if not idx.resolve(n).known:
            counts[n] = counts.get(n, 0) + 1
    units: dict[int, list[str]] = {uid: [name] for uid, name in idx.names.items()}
    for alias, uid in idx.alias.items():
        units.setdefault(uid, [idx.names.get(uid, alias)]).append(alias)
    groups = list(Group.objects.filter(government=government).values_list("name", flat=True))
    out = []
    for n, c in counts.items():
        o = offer(n, units, government.region)
        kind = guess_kind(n)
        p = Proposal(n, kind, LABEL_BY_KIND[kind], c, o.same, list(o.candidates), o.group)
        if o.group is not None:
            member_kind = GROUP_MEMBER_KIND.get(o.group.members, "") if o.group.scope == "all" else ""
            p.group_kind = str(member_kind)
            p.group_label = (f"含全部{LABEL_BY_KIND[member_kind]}" if member_kind else "成员待选")
            p.groups = [g for g in groups if (gg := parse_name(g).group) is not None and gg.members == o.group.members]
        out.append(p)
    return out


def describe_resolution(proposals: list[Proposal], decisions: dict[str, tuple[str, Any]],
                        government: Government, *, of_plan: bool = True) -> list[tuple[str, str, str]]:
    """What applying `decisions` will do, name by name, for the office to read before it is
    applied: (name, what, consequence). `of_plan`: the names are a plan's, whose tasks follow them;
    a list's names only enter the directory."""
    by_name = {p.name: p for p in proposals}
    units = dict(Unit.objects.filter(government=government).values_list("pk", "name"))
    out = []
    for name, (what, arg) in decisions.items():
        n = by_name[name].count if name in by_name else 0
        tasks = (f"方案中写作“{name}”的{n}处" if n else f"方案中的“{name}”") if of_plan else ""
        if what == "alias":
            follow = f";{tasks}由该单位承担" if tasks else ""
            out.append((name, f"并入“{units.get(arg, '?')}”", f"记为该单位的简称或别名{follow}"))
        elif what == "group":
            scope = f"包含全部{LABEL_BY_KIND[arg]}" if arg in LABEL_BY_KIND else "成员请到名录的单位组中选定"
            out.append((name, "新建单位组", f"{scope};{tasks}由组内各单位承担" if tasks else scope))
        elif what == "new":
            out.append((name, f"新建单位({LABEL_BY_KIND.get(arg, arg)})", f"加入名录;{tasks}由该单位承担" if tasks else "加入名录"))
    return out


@transaction.atomic
def apply_resolution(*, actor: Any, government: Government, decisions: dict[str, tuple[str, Any]]) -> int:
    """Apply the office's choices: name → ("new", kind), ("alias", unit_id), ("group", member kind,
    or "" for a group whose members the office picks afterwards) or ("skip", None)."""
    require(actor, may_edit_directory, government)
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
        elif what == "group":
            if arg and arg not in LABEL_BY_KIND:
                raise ServiceError(f"“{name}”的单位组类别无效")
            if Group.objects.filter(government=government, name=name).exists():
                raise ServiceError(f"已有名为“{name}”的单位组")
            create_group(actor=actor, government=government, name=name, member_kind=arg or "")
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
    "人员": ["姓名", "单位", "身份", "办公电话", "手机", "职务"],
}
SEP = "、"


GOVERNMENT_COLUMN = "政府"


def export_xlsx(*governments: Government) -> bytes:
    """The directory as a workbook the office can edit and import back. Several governments (a
    province-wide office's export) share the sheets, each row led by its government's name; the
    import takes the rows of the government it imports for."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    several = len(governments) > 1
    wb = Workbook()
    wb.remove(wb.active)
    rows: dict[str, list[list[Any]]] = {k: [] for k in SHEETS}
    for government in governments:
        lead = [government.name] if several else []
        for u in Unit.objects.filter(government=government).select_related("parent").prefetch_related("aliases"):
            rows["单位"].append([*lead, u.name, LABEL_BY_KIND.get(u.kind, ""), u.parent.name if u.parent else "",
                               SEP.join(a.name for a in u.aliases.all())])
        for g in Group.objects.filter(government=government).prefetch_related("members"):
            rows["单位组"].append([*lead, g.name, LABEL_BY_KIND.get(g.member_kind, "") if g.member_kind else "",
                                SEP.join(m.name for m in g.members.all())])
        for ld in Leader.objects.filter(government=government).prefetch_related("units"):
            rows["领导"].append([*lead, ld.name, ld.title, SEP.join(u.name for u in ld.units.all()), ld.position])
        for p in Person.objects.filter(government=government).select_related("unit"):
            rows["人员"].append([*lead, p.name, p.unit.name if p.unit else "", p.role, p.phone, p.mobile, p.post])
    widths = (36, 14, 30, 50, 16, 16)
    for title, header in SHEETS.items():
        ws = wb.create_sheet(title)
        ws.append([GOVERNMENT_COLUMN, *header] if several else header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows[title]:
            ws.append(r)
        ws.freeze_panes = "A2"
        for col, width in zip("ABCDEFG", ((24, *widths) if several else widths), strict=False):
            ws.column_dimensions[col].width = width
    return xlsx_bytes(wb)


def is_directory_workbook(data: bytes) -> bool:
    """Whether a file is a workbook in the export's layout (a 单位, 单位组, 领导 or 人员 sheet), to be
    imported row by row; any other file is an office's own list of units (`names_of_list`)."""
    from openpyxl import load_workbook

    from duban.core.read.limits import check_zip

    if not data.startswith(b"PK"):
        return False
    try:
        check_zip(data, "名录表格", "xlsx", "表格")
        wb = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # not a workbook: read as a list, whose reader then says what is wrong
        return False
    try:
        return any(t in wb.sheetnames for t in SHEETS)
    finally:
        wb.close()


def names_of_list(data: bytes, filename: str) -> list[str]:
    """The unit names an office's own 单位名单 lists, in order: a Word attachment, an Excel or CSV
    roster, a text file one a line, a PDF or a web page (`duban.core.candidates`). Nothing is
    written: the names go to the matching page, where the office decides and confirms."""
    from duban.core.candidates import candidates_of
    from duban.core.errors import DubanError
    from duban.core.read import read_bytes

    try:
        doc = read_bytes(data, filename)
        names = candidates_of(doc, name=filename)
    except DubanError as exc:
        raise ServiceError(exc.reason.replace("候选单位列表", "单位名单"), field="file") from exc
    if len(names) > MAX_LIST_NAMES:
        raise ServiceError(f"名单中有 {len(names)} 个名称,超过一次导入的上限 {MAX_LIST_NAMES} 个,请分批导入", field="file")
    return names


MAX_LIST_NAMES = 1000  # a county has 60–120 units; a province-wide list of every county's is split


def _split(v: Any) -> list[str]:
    s = "" if v is None else str(v)
    return [x.strip() for x in s.replace(",", SEP).replace(",", SEP).replace(";", SEP).split(SEP) if x.strip()]


@transaction.atomic
def import_xlsx(*, actor: Any, government: Government, data: bytes) -> dict[str, int]:
    """Add or update units, groups, leaders and people from a workbook in the export's layout.

    All or nothing: the first bad row stops the import with its sheet and row number."""
    from openpyxl import load_workbook

    require(actor, may_edit_directory, government)
    from duban.core.errors import ReadError
    from duban.core.read.limits import LimitError, check_zip

    try:  # what it unfolds into, before openpyxl reads it (issue 18: 985 KB held 203 MB)
        check_zip(data, "名录表格", "xlsx", "表格")
    except LimitError as exc:
        raise ServiceError(exc.reason) from exc
    except ReadError as exc:
        raise ServiceError("不是有效的 .xlsx 文件,请使用“导出名录”得到的表格格式") from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ServiceError("不是有效的 .xlsx 文件,请使用“导出名录”得到的表格格式") from exc
    counts = {"单位": 0, "单位组": 0, "领导": 0, "人员": 0}

    def rows(title: str) -> list[tuple[int, list[Any]]]:
        """The sheet's rows; from a several-government export (a 政府 column first), this
        government's rows only, without that column."""
        if title not in wb.sheetnames:
            return []
        out = []
        by_government = False
        for i, r in enumerate(wb[title].iter_rows(values_only=True), start=1):
            if i == 1:
                by_government = bool(r) and str(r[0] or "").strip() == GOVERNMENT_COLUMN
                continue
            if not r or all(c in (None, "") for c in r):
                continue
            vals = [("" if c is None else str(c).strip()) for c in r] + [""] * 5
            if by_government:
                if vals[0] != government.name:
                    continue
                vals = vals[1:]
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
        out: list[Unit] = []
        idx = build_index(government)
        for n in names:
            m = idx.resolve(n)
            if not m.known:
                raise ServiceError(f"“{sheet}”表第{i}行:单位“{n}”不在名录中")
            out.extend(Unit.objects.filter(pk__in=m.unit_ids))
        return out

    def row_error(sheet: str, i: int, exc: ServiceError) -> ServiceError:
        return ServiceError(exc.message if exc.message.startswith(f"“{sheet}”表") else f"“{sheet}”表第{i}行:{exc.message}")

    for i, v in rows("单位组"):
        kind = KIND_BY_LABEL.get(v[1], "") if v[1] else ""
        members = units_named("单位组", i, _split(v[2]))
        group = Group.objects.filter(government=government, name=v[0]).first()
        try:
            if group is None:
                create_group(actor=actor, government=government, name=v[0], members=members, member_kind=kind)
                counts["单位组"] += 1
            else:
                update_group(actor=actor, group=group, expected_version=None, name=group.name, members=members,
                             member_kind=kind)
        except ServiceError as exc:
            raise row_error("单位组", i, exc) from exc
    for i, v in rows("领导"):
        units = units_named("领导", i, _split(v[2]))
        try:
            pos = int(float(v[3])) if v[3] else 0
        except ValueError as exc:
            raise ServiceError(f"“领导”表第{i}行:排序“{v[3]}”应为数字") from exc
        leader = Leader.objects.filter(government=government, name=v[0]).first()
        try:
            if leader is None:
                create_leader(actor=actor, government=government, name=v[0], title=v[1], units=units, position=pos)
                counts["领导"] += 1
            else:
                update_leader(actor=actor, leader=leader, expected_version=None, name=leader.name, title=v[1],
                              units=units, position=pos)
        except ServiceError as exc:
            raise row_error("领导", i, exc) from exc
    for i, v in rows("人员"):
        unit = None
        if v[1]:
            found = units_named("人员", i, [v[1]])
            unit = found[0] if found else None
        person = Person.objects.filter(government=government, name=v[0], unit=unit).first()
        fields = {"role": v[2], "phone": v[3], "mobile": v[4]}
        if v[5]:
            fields["post"] = v[5]
        try:
            if person is None:
                create_person(actor=actor, government=government, name=v[0], unit=unit, **fields)
                counts["人员"] += 1
            else:
                update_person(actor=actor, person=person, expected_version=None, **fields)
        except ServiceError as exc:
            raise row_error("人员", i, exc) from exc
    record(actor=actor, action="import", obj=government, after=counts)
    return counts


def normalize_name(name: str, government: Government) -> str:
    return normalize(name, government.region)
