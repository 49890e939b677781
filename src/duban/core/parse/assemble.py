"""From items to a plan: sections as a stack of heading levels, tasks with their units and leaders.

Every layout reader hands over the same `Item`s, so how units are read from a note (who leads,
who cooperates, what the plan's conventions say), what a task inherits from the heading above it,
how leaders are named and which sections are kept is decided here, once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from duban.core.parse.items import Item
from duban.core.parse.lines import compact, shadow
from duban.core.parse.notes import NoteFields, leader_name
from duban.core.plan import Plan, Section, Task, Warning

TARGET_SECTION_RX = re.compile(r"(?:主要预期目标|主要目标|预期目标|预期指标|主要指标|约束性指标|主要经济社会发展指标|目标任务指标|发展目标|目标定位|主要工作目标|规划指标)$")
PLAIN_LEVELS = ("plain", "dash")
HEADING_STYLES = ("part", "cn", "(cn)")


@lru_cache(maxsize=65536)
def nfkc_key(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def dedupe(units: list[str], minus: list[str] | None = None) -> list[str]:
    if not units:
        return []
    if len(units) == 1 and not minus:  # most calls: one unit, nothing to take away
        return list(units) if nfkc_key(units[0]) else []
    seen = {nfkc_key(u) for u in minus} if minus else set()
    out: list[str] = []
    for u in units:
        k = nfkc_key(u)
        if k and k not in seen:
            seen.add(k)
            out.append(u)
    return out


@lru_cache(maxsize=16384)
def _split_cached(value: str) -> tuple[str, ...]:
    """Plans repeat the same unit lists task after task ("各乡镇办场"): split each text once."""
    from duban.core.units import split_units

    return tuple(split_units(value))


def units_of(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(_split_cached(v))
    return dedupe(out)


@lru_cache(maxsize=16384)
def _names_cached(value: str) -> tuple[str, ...]:
    from duban.core.units import split_names

    pieces: list[str] = []
    for part in re.split(r"(?<=[\u4e00-\u9fff]{2})(?:和|及)(?=[\u4e00-\u9fff]{2})", value):
        pieces.extend(split_names(part))
    named = [leader_name(p) for p in pieces]
    out: list[str] = []
    for k, piece in enumerate(pieces):
        if named[k]:
            out.append(named[k] or piece)
            continue
        # "市政府党组成员、公安局局长王小洪": a title describing the named person after it
        if k + 1 < len(pieces) and named[k + 1] and named[k + 1] != pieces[k + 1]:
            continue
        out.append(piece)
    return tuple(out)


def names_of(values: list[str]) -> list[str]:
    """Leaders or persons, one entry each: the name where a title is printed beside it."""
    out: list[str] = []
    for v in values:
        out.extend(_names_cached(v))
    return dedupe(out)


# a leader's title after or before a name: 副市长, 市长助理, 副秘书长, 常务副区长 (a person's post is not)
_LEADER_TITLE_RX = re.compile(r"(?:常务副|副)?(?:省|市|区|县|州|旗|镇|乡)长(?:助理)?|秘书长|党组成员")


def _raw_persons(values: list[str]) -> list[str]:
    """Each person as printed, in the order `names_of` gives them (titles kept, for telling leaders)."""
    from duban.core.units import split_names

    out: list[str] = []
    for v in values:
        for part in re.split(r"(?<=[\u4e00-\u9fff]{2})(?:和|及)(?=[\u4e00-\u9fff]{2})", v):
            out.extend(split_names(part))
    return out


LEAD_MARK_RX = re.compile(r"\s*[((](?:牵头|牵头单位|主责|主办)[))]\s*$")


def _pull_marked_leads(units: list[str]) -> tuple[list[str], list[str]]:
    """Units printed with "(牵头)" after them lead: "区发改局(牵头)、区财政局"."""
    marked: list[str] = []
    rest: list[str] = []
    for u in units:
        m = LEAD_MARK_RX.search(shadow(u))
        if m:
            marked.append(u[: m.start()])
        else:
            rest.append(u)
    return marked, rest


@dataclass(frozen=True)
class Conventions:
    """How a plan says its notes are to be read, stated once for the whole document."""

    first_leads: bool = False  # 列第一位的为牵头单位: the first unit listed leads
    responsible_leads: bool = False  # 责任部门 paired with 配合部门, no lead label anywhere: 责任 is the lead side
    # a note printing 牵头单位, 责任单位 and 配合单位 together: 责任 is a tier below the lead, never the lead
    responsible_tier: bool = False


def assign_units(task: Task, fields: NoteFields, conv: Conventions) -> None:
    """Who leads and who cooperates, from what a note says and the plan's conventions.

    Labelled leads lead; "X、Y等负责" all answer and lead, unless the plan says the first listed
    leads; units under 责任单位 or printed without any word of role cooperate, the first leading
    where the plan says so (责任单位 leads where the plan pairs it with 配合单位 and labels no lead).
    """
    first_leads = conv.first_leads
    lead = units_of(fields.lead)
    coop = units_of(fields.cooperating)
    unkeyed = units_of(fields.unkeyed)
    answer = units_of(fields.answer)
    responsible = units_of(fields.responsible)
    # 责任单位 beside 配合单位 in a task's own note, and no lead label: the responsible side leads
    paired = (bool(responsible) and "cooperating" in fields.labels and "lead" not in fields.labels and not fields.lead
              and not conv.responsible_tier)
    if conv.responsible_leads or paired:
        answer = dedupe(answer + responsible)
    else:
        coop = dedupe(responsible + coop)
    marked_coop, coop = _pull_marked_leads(coop)
    marked_unkeyed, unkeyed = _pull_marked_leads(unkeyed)
    lead = dedupe(lead + marked_coop + marked_unkeyed)
    if answer:
        if first_leads and not lead:
            lead, coop = answer[:1], answer[1:] + coop
        else:
            lead = dedupe(lead + answer)
    if not lead and fields.general_lead:
        lead = units_of(fields.general_lead)
    if unkeyed:
        if first_leads and not lead:
            lead, unkeyed = unkeyed[:1], unkeyed[1:]
        coop = unkeyed + coop
    if first_leads and not lead and coop and not fields.lead and not ((conv.responsible_leads or paired) and responsible):
        lead, coop = coop[:1], coop[1:]
    task.lead_units = lead
    task.cooperating_units = dedupe(coop, minus=lead)
    persons = names_of(fields.persons)
    # a 责任人 or 协调人 who is a leader ("李刚副市长", "朱红市长助理") is one of the task's leaders;
    # the heads of the places below ("各区区长", "相关县长") stay persons: they lead no part of this plan
    officials = [
        p for p, raw in zip(persons, _raw_persons(fields.persons), strict=False)
        if _LEADER_TITLE_RX.search(raw) and not re.match(r"\s*(?:各|相关|有关)", raw)
    ]
    task.leaders = dedupe(names_of(fields.leaders) + officials)
    task.persons = [p for p in persons if p not in officials]
    if fields.deadline:
        task.deadline = ",".join(d.strip() for d in fields.deadline if d.strip()) or None


def is_target_title(title: str) -> bool:
    """A section of 主要预期目标 (not "…等工作目标", a mixed area heading)."""
    core = re.sub(r"[((][^()()]*[))]\s*$", "", shadow(title)).strip().rstrip("。.")
    core = re.sub(r"^(?:\d{4}年|今年|全年)?(?:全[区市县省州旗]|本[区市县])?(?:经济社会发展|国民经济和社会发展)?(?:的)?", "", core)
    return bool(TARGET_SECTION_RX.search(core)) and "等工作目标" not in core


def _targets_column(item: Item) -> bool:
    """A table row whose task column is headed as targets (主要目标, 考核指标), not as work (目标任务)."""
    cols = item.columns
    k = cols.get("text") if cols is not None else None
    if cols is None or k is None or k >= len(cols.cells):
        return False
    head = compact(cols.cells[k])
    return bool(re.search(r"目标|指标", head)) and not re.search(r"任务|工作|举措|措施|事项|内容|项目", head)


# a measure's unit closing an indicator's name: 城镇新增就业(人), 城镇登记失业率低于(%)
_MEASURE_UNIT_RX = re.compile(r"[((](?:%|‰|人|人次|万人|个|户|家|所|座|条|项|件|套|台|张|吨|亩|公里|公顷|平方米|万平方米|元|万元|亿元)[))]$")


def _indicator_row(item: Item) -> bool:
    """A task naming an indicator with its measure's unit (the figure printed beside it): a target."""
    return bool(_MEASURE_UNIT_RX.search(shadow(item.text).strip()))


def assemble(items: list[Item], conv: Conventions) -> tuple[Plan, list[Warning]]:
    """Turn items into sections (a stack of heading levels) and tasks; warnings for what was not read."""
    from duban.core.indicators import extract_indicators

    plan = Plan()
    warnings: list[Warning] = []
    stack: list[tuple[str, Section]] = []  # (level key, section), outermost first
    target_sections: dict[str, bool] = {}
    # section id → the lead and cooperating units its tasks take when they name none
    inherited: dict[str, tuple[list[str], list[str]]] = {}
    carried: list[str] = []  # cooperating units a note gives every task from there on
    for item in items:
        if item.kind == "measure":
            continue  # a step listed under a task's 措施: part of that task's work, not a task
        if item.kind == "prose":
            if len(shadow(item.text).strip()) >= 40:
                warnings.append(Warning((item.first, item.last), f"未作为任务读取的段落(没有编号,也没有牵头或责任单位):{item.text[:30]}…"))
            continue
        if item.kind == "heading":
            key = item.style or "plain"
            levels = [k for k, _ in stack]
            if key in levels:
                del stack[levels.index(key) :]
            elif key in PLAIN_LEVELS:
                while stack and stack[-1][0] in PLAIN_LEVELS:
                    stack.pop()
            elif key == "part":
                stack.clear()
            elif key == "cn":
                while stack and stack[-1][0] != "part":
                    stack.pop()
            lead = units_of(item.fields.lead) if (item.inherit or key in PLAIN_LEVELS) else []
            section = Section(
                id=f"S{len(plan.sections) + 1}",
                title=item.text,
                parent=stack[-1][1].id if stack else None,
                number=item.number,
                leaders=names_of(item.fields.leaders),
                general_lead_units=dedupe(units_of(item.fields.general_lead) + lead),
                lines=(item.first, item.last),
            )
            plan.sections.append(section)
            if item.inherit and item.has_note:  # a group's own note (牵头单位:X;配合单位:Y)
                group = Task(id="", text="")
                assign_units(group, item.fields, conv)
                if group.lead_units or group.cooperating_units:
                    inherited[section.id] = (group.lead_units, group.cooperating_units)
                    section.general_lead_units = dedupe(section.general_lead_units + group.lead_units)
            elif item.inherit and lead:
                inherited[section.id] = (lead, [])
            parent_target = bool(stack) and target_sections.get(stack[-1][1].id, False)
            target_sections[section.id] = parent_target or is_target_title(section.title)
            stack.append((key, section))
            continue
        levels = [k for k, _ in stack]
        if item.style and item.style in levels and item.style not in ("plain", "bare", "row", *HEADING_STYLES):
            del stack[levels.index(item.style) :]  # "3." after the heading "2.": its sibling, not its task
        task = Task(
            id=f"T{len(plan.tasks) + 1}",
            text=item.text,
            number=item.number,
            section=stack[-1][1].id if stack else None,
            starred=item.starred,
            lines=(item.first, item.last),
        )
        assign_units(task, item.fields, conv)
        carried = dedupe(carried + units_of(item.fields.carried))
        if carried:  # "以下均需相关乡镇配合,不再列出": they cooperate in this task and every one after it
            task.cooperating_units = dedupe(task.cooperating_units + carried, minus=task.lead_units)
        if not task.lead_units:
            for _, sec in reversed(stack):
                if sec.id in inherited:
                    lead, coop = inherited[sec.id]
                    task.lead_units = list(lead)
                    task.cooperating_units = dedupe(task.cooperating_units or list(coop), minus=task.lead_units)
                    break
        if not task.text:
            warnings.append(Warning((item.first, item.last), f"第 {item.number} 项没有任务内容"))
        if not (task.lead_units or task.cooperating_units) and not task.leaders:
            warnings.append(Warning((item.first, item.last), f"第 {item.number or '?'} 项没有找到牵头或责任单位"))
        in_targets = bool(task.section and target_sections.get(task.section))
        task.kind = "target" if in_targets or _targets_column(item) or _indicator_row(item) else "task"
        task.indicators = extract_indicators(task.text)
        plan.tasks.append(task)
    _prune_sections(plan)
    return plan, warnings


def _prune_sections(plan: Plan) -> None:
    """Only headings that govern tasks are sections: a covering notice's 一、二、 or an empty heading is not."""
    used: set[str] = set()
    parent = {s.id: s.parent for s in plan.sections}
    for t in plan.tasks:
        sid = t.section
        while sid is not None and sid not in used:
            used.add(sid)
            sid = parent.get(sid)
    kept = [s for s in plan.sections if s.id in used]
    renum = {s.id: f"S{i}" for i, s in enumerate(kept, start=1)}
    for s in kept:
        s.id = renum[s.id]
        s.parent = renum.get(s.parent) if s.parent else None
    for t in plan.tasks:
        t.section = renum.get(t.section) if t.section else None
    plan.sections = kept


def conventions(items: list[Item], full_text: str) -> Conventions:
    """The plan's conventions: from its words anywhere (a covering notice, a note, a heading) and from
    the labels its notes print."""
    from duban.core.parse.notes import says_first_listed_leads

    used = {role for it in items for role in it.fields.labels}
    tiers = any({"lead", "responsible", "cooperating"} <= set(it.fields.labels) for it in items)
    return Conventions(
        first_leads=says_first_listed_leads(full_text),
        responsible_leads=("responsible" in used and "cooperating" in used and "lead" not in used)
        # "责任部门:X牵头,Y配合。" elsewhere: a 责任部门 naming one unit alone names the one who leads
        or "responsible_names_lead" in used,
        responsible_tier=tiers,
    )
