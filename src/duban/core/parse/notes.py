"""The responsibility note of a task: who leads, who cooperates, who answers, by when.

A note is found by its grammar, wherever it stands:
- keyed fields, in brackets at the end of a task or of a sentence inside a paragraph
  ("(责任领导:…;牵头单位:…;责任单位:…)", in () 〔〕 [] 【】), on a line of their own under the task
  ("牵头单位:区发改局"), or written as prose ("牵头领导是常务副市长张工,主责单位是市发展改革委");
  the labels are composed, not listed (see `labels`);
- clauses, as the State Council writes them: "(发展改革委牵头,财政部等按职责分工负责,年内持续推进)",
  "(由X会同Y负责)", "(X、Y等负责)", "(分管副省长负责,省科技厅牵头)" — a clause whose subject is a
  leader (a title or a name with its title) names leaders, not units;
- a bracket holding only unit names ("(市发改委、市物价局,各县市区政府)").
Sentences inside a note that state a convention ("列第一位的为牵头部门…下同") are not units; the
conventions themselves are read once for the whole document (`says_first_listed_leads`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache

from duban.core.parse.labels import LABEL, find_keys, label_role
from duban.core.parse.lines import shadow, small_number

OPENERS = {")": "(", "〕": "〔", "]": "[", "】": "【", "」": "「"}  # closer → its opener
CLOSER_OF = {v: k for k, v in OPENERS.items()}  # opener → its closer


@dataclass
class NoteFields:
    """What a responsibility note says, as raw texts per role (units not yet split)."""

    leaders: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    general_lead: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    unkeyed: list[str] = field(default_factory=list)  # units listed without any word of role
    answer: list[str] = field(default_factory=list)  # "X、Y等负责": all answer; the first leads where a plan says so
    responsible: list[str] = field(default_factory=list)  # under 责任单位 / 责任部门: see labels
    labels: list[str] = field(default_factory=list)  # the roles of the labels this note printed
    # how many items it answers for, counting its own: 1; "以上四项工作…" 4; "上述项目由…" all since the last note (-1)
    scope: list[int] = field(default_factory=list)
    # cooperating units a note says every later task has, not listed again (以下均需相关乡镇配合，不再列出)
    carried: list[str] = field(default_factory=list)

    def merged(self, other: NoteFields) -> NoteFields:
        """A new NoteFields with both notes' values (notes are cached and shared: never mutate one)."""
        return NoteFields(*(getattr(self, name) + getattr(other, name) for name in _FIELD_NAMES))

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.cooperating or self.unkeyed or self.answer or self.responsible)

    @property
    def is_empty(self) -> bool:
        return not (self.has_units or self.leaders or self.general_lead or self.persons or self.deadline)


_FIELD_NAMES = tuple(f.name for f in fields(NoteFields))


@dataclass(frozen=True)
class Note:
    """A note found in a text: where it starts and ends, and what it says."""

    start: int
    end: int
    fields: NoteFields
    bracketed: bool = True


def _strip_value(value: str) -> str:
    return value.strip().strip(";;,,::。. \t")


# ---------------------------------------------------------------------------------------------
# Keyed fields


def parse_keyed(content: str, *, prose: bool = False) -> NoteFields | None:
    """Split "责任领导:…;牵头单位:…;责任单位:…" into fields; None if no key is present.

    `prose`: the separator may also be 是 or 为 ("主责单位是市发展改革委"). A value that says its own
    role ("市人力社保局、市农业农村局分别牵头", "…团市委配合落实") is read by its words; a division
    label's value ("部门分工:省发展改革委牵头,各地、各部门配合") is read as clauses; a bracket in a
    value that states a convention ("(列第一位为牵头单位,下同)") is not a unit.
    """
    sh = shadow(content)
    keys = find_keys(sh, prose=prose)
    if not keys:
        return None
    out = NoteFields()
    head = _strip_value(content[: keys[0][0]])
    if head and not prose:
        out.unkeyed.append(head)
    for i, (_, value_start, role) in enumerate(keys):
        end = keys[i + 1][0] if i + 1 < len(keys) else len(content)
        value = _strip_value(_drop_conventions(content[value_start:end]))
        if role in UNIT_ROLES:
            value = _strip_value(_cut_run_on(value))
        if prose:
            value = _strip_value(re.split(r"[。;;]", value)[0])
        out.labels.append(role)
        if not value:
            continue
        if role in UNIT_ROLES or role == "division":
            says_roles = ROLE_VERB_END.search(shadow(value)) or _ROLE_CLAUSE_RX.search(shadow(value))
            said = parse_clauses(value) if (role == "division" or says_roles) else None
            if said is not None and said.has_units:
                out = out.merged(said)
                if role == "responsible" and said.lead:
                    out.labels.append("responsible_names_lead")  # "责任部门:X牵头,Y配合": the label holds who leads
                continue
            if role == "division":
                role = "responsible"
        getattr(out, role).append(value)
    return out


UNIT_ROLES = ("lead", "cooperating", "responsible", "general_lead")
_GAP_RX = re.compile(r"[ \t\u3000\xa0]+")
_NOT_A_NAME_RX = re.compile(r"^(?:[(\[【〔]|等|牵头|主办|负责|配合|参与|协助|协同|协办|落实)")


def _cut_run_on(value: str) -> str:
    """A unit list that runs on, past a space, into what is not a name: a one-line page's next
    cells ("…,各区政府 鄞州 海曙、江东 合计 2 5 1"). It ends after its last whole name; a space
    inside a name ("伏羲 山管委 会") or between names ("区发改局 区财政局") keeps it going."""
    from duban.core.units import ends_with_organ

    sh = shadow(value)
    for gap in _GAP_RX.finditer(sh):
        left = sh[: gap.start()].rstrip("、,,;;")
        token = re.split(r"[\s、,,;;]", sh[gap.end() :], maxsplit=1)[0]
        if left and ends_with_organ(left) and not _NOT_A_NAME_RX.match(token) and not ends_with_organ(token):
            return value[: gap.start()]
    return value
ROLE_VERB_END = re.compile(r"(?:牵头|主办|负责|配合|参与|协助|协同|协办|落实)(?:落实|实施|推进|负责)?\s*[。.;;]?\s*$")


# a clause of a unit list that ends in its role, more following ("A、B牵头,C、D")
_ROLE_CLAUSE_RX = re.compile(r"(?:牵头|主办|负责|配合|参与|协助|协同|协办)(?:落实|实施|推进|负责)?\s*[,,;;]\s*\S")
_ROLE_SUFFIX_RX = re.compile(r"(?:分别|共同)?(牵头|主办|负责|配合|参与|协助|协同|协办)(?:落实|实施|推进|负责)?\s*[。.;;]?\s*$")


def split_role_suffix(value: str) -> tuple[str, str | None]:
    """A unit cell that says its role after the units ("…、团市委配合落实", "区发改局牵头"): the units and
    the role (lead or cooperating), or the value and None."""
    m = _ROLE_SUFFIX_RX.search(shadow(value))
    if not m or m.start() == 0:
        return value, None
    return value[: m.start()], ("lead" if m.group(1) in ("牵头", "主办", "负责") else "cooperating")


def _drop_conventions(value: str) -> str:
    """A value without what states a convention: a bracket ("(除标注…外,列第一位为牵头单位,下同)") or a
    sentence after the units ("…按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。")."""
    sh = shadow(value)
    if not CONVENTION_RX.search(sh):
        return value
    for start, end in reversed(_bracket_groups(sh)):
        if CONVENTION_RX.search(sh[start:end]):
            value = value[:start] + value[end:]
    sentences = _top_level_split(value, "。")
    if len(sentences) > 1:
        kept = [sentences[0]] + [x for x in sentences[1:] if not CONVENTION_RX.search(shadow(x))]
        value = "。".join(kept)
    return value


# ---------------------------------------------------------------------------------------------
# Clauses


def _top_level_split(text: str, seps: str) -> list[str]:
    """Split on any of `seps` outside brackets and quotes."""
    parts: list[str] = []
    depth = 0
    buf: list[str] = []
    sh = shadow(text)
    for ch, sch in zip(text, sh, strict=True):
        if sch in "(〔[【《“‘":
            depth += 1
        elif sch in ")〕]】》”’" and depth:
            depth -= 1
        if depth == 0 and sch in seps:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return [p for p in (x.strip() for x in parts) if p]


DEADLINE_RX = re.compile(
    r"(?:\d{4}\s*年|今年|明年|年内|年底|年末|全年|上半年|下半年|[一二三四1-4]季度|\d{1,2}\s*月|[一二三四五六七八九十]{1,3}月|"
    r"长期|持续|逐步|常态|分年度|定期|每年|每季|每月|\d{4}[-./]\d{1,2}|\d{1,3}\s*个(?:月|工作日|自然日))"
)
DEADLINE_WORDS = re.compile(r"(前|内|底|末|初|旬|期间|完成|推进|坚持|实施|落实|开展|见效|建成|出台|启动|年度|持续|常态化|常态工作)")


def looks_like_deadline(text: str) -> bool:
    """ "年内持续推进", "2023年6月底前", "长期坚持", "9月底前完成": a completion time, not units."""
    sh = shadow(text).strip()
    if not sh or len(sh) > 40:
        return False
    return bool(DEADLINE_RX.search(sh)) and bool(DEADLINE_WORDS.search(sh))


_STAGE_RX = re.compile(r"\d{4}年\d{1,2}月(?:份)?(?:至|到|-|—|~)(?:\d{4}年)?\d{1,2}月(?:底|份)?[\u4e00-\u9fff]{0,8}")


def _deadline_clause(clause: str) -> bool:
    """A clause of a note that gives the completion time: a long one needs a word of completion
    besides its time ("抓好…重大项目和2016年度省重点项目建设" is the work, a year among its words, the
    next item's text glued to a note; "…进口常态化实施" is a time)."""
    sh = shadow(clause).strip()
    if _STAGE_RX.fullmatch(sh):
        return True  # "2018年4月至2019年10月深化提升": a stage of the work and its months
    if not looks_like_deadline(clause):
        return False
    if len(sh) <= 16:
        return True
    times = [m.span() for m in DEADLINE_RX.finditer(sh)]
    return any(not any(a <= m.start() < b for a, b in times) for m in DEADLINE_WORDS.finditer(sh))


# A sentence of a note that states how to read the notes, not who answers ("…下同", "不逐一列出").
CONVENTION_RX = re.compile(
    r"下同|不逐一列出|不再(?:逐一)?列出|不一一列出|不再(?:做|作|另行)?分工|列第一位|排名首位|排名第一|排在第一|原则上由|第一责任单位为"
)

# "以下均需相关乡镇配合,不再列出": units every later task has, printed once
_CARRY_RX = re.compile(
    r"^\s*(?:以下|下同|后同|以下各项)(?:任务|工作)?(?:均|都|皆)?(?:需|须|要|由)?(?P<units>[^,,;;。]{2,30}?)(?:配合|参与|协助|协同)"
    r"[^。]*(?:不再(?:逐一)?列出|不一一列出|不逐一列出|下同)"
)

_ON_DUTY = r"(?:按照?职责(?:分工)?|依职责|按职能|根据职责)?"  # "X、Y按照职责牵头负责": how, not who
_VERB_LEAD = rf"{_ON_DUTY}(?:共同|分别|负责)?(?:牵头|主办)(?:负责|落实|推进|实施|办理)?"  # 主办 as 协办's other half
_LEAD_CLAUSE = re.compile(rf"^(.+?){_VERB_LEAD}$")
_WITH_CLAUSE = re.compile(r"^(.+?)(?:会同|联合|协调)(.+?)(?:共同|一起)?(?:负责|落实|推进|实施|办理)(?:落实|推进|实施)?$")
# "X配合Y落实": Y does the work, X helps
_ASSIST_CLAUSE = re.compile(r"^(.+?)(?:配合|协助|协同|支持)(.+?)(?:落实|负责|推进|实施|开展|做好|抓好)(?:落实|推进|实施|工作)?$")
# "X负责" alone names who answers; "按职责分工负责" names those who share the work
_SOLE_CLAUSE = re.compile(
    r"^(.+?)(?<!分工)(?<!职责)(?<!职能)(?<!分别)(?:负总责|负责|主抓|主责|承办|落实|办理|组织实施|组织落实)(?:落实|推进|实施|办理)?$"
)
_COOP_CLAUSE = re.compile(
    r"^(.+?)(?:按照职责分工负责|按职责分工负责|按职责分工落实|按职能分工负责|按职责分别负责|按职责负责|按职责分工|分工负责|依职责负责|按职责落实|"
    r"分别负责|各自负责|共同负责|配合落实|配合实施|配合|参与|协助|协同|协办)$"
)


def _subject_is_leaders(subject: str) -> bool:
    """A clause's subject names leaders ("分管副省长、协管副秘书长", "李政文秘书长"), not units."""
    from duban.core.units import looks_like_leader_title

    parts = [p for p in re.split(r"[、,,和及与]", shadow(subject)) if p.strip()]
    return bool(parts) and all(looks_like_leader_title(p) or leader_name(p) is not None for p in parts)


# "各区政府为责任单位", "市公路局为市内公路的责任单位": the role written after the units
_INVERSE_CLAUSE = re.compile(rf"^(.+?)(?:为|是|作为)(?:[^,,;;]{{0,24}}?)?({LABEL})$")
# "建筑工地由市建设局负责", "…分别由A、B负责": the work divided place by place, each part's units answer
_PART_CLAUSE = re.compile(r"^(.+?)(?:分别)?由(.+?)(?:分别)?(?:牵头负责|负责实施|负责落实|负责|牵头|承担)$")


def _clause(clause: str, has_lead_word: bool, out: NoteFields) -> tuple[str, str] | None:
    """(role, what the role applies to) for one clause, or None if it says no role."""
    sh = shadow(clause)
    if CONVENTION_RX.search(sh):
        return None  # "第一责任单位为牵头单位": how to read the notes, not who
    if _deadline_clause(clause) and not _LEAD_CLAUSE.match(sh):
        return "deadline", clause
    m = _INVERSE_CLAUSE.match(sh)
    if m and _unit_list(clause[: m.end(1)]):
        role = label_role(m.group(2))
        if role in ("lead", "cooperating", "responsible", "leaders"):
            return role, clause[: m.end(1)]
    m = _PART_CLAUSE.match(sh)
    if m and _unitish_list(clause[m.start(2) : m.end(2)]):
        subject = re.sub(r"(?<=[\u4e00-\u9fff])或(?=[\u4e00-\u9fff])", "、", clause[m.start(2) : m.end(2)])
        return ("answer" if not has_lead_word else "cooperating"), subject
    m = _WITH_CLAUSE.match(sh)
    if m and m.group(1).strip() and m.group(2).strip() and not re.search(r"按职|分工$", m.group(2)):
        return "with", clause  # not "…基层治理协调机制成员单位按职责分工负责": 协调 inside a name
    m = _ASSIST_CLAUSE.match(sh)
    if m and _unit_list(clause[: m.end(1)]) and _unit_list(clause[m.start(2) : m.end(2)]):
        return "assist", clause
    m = _LEAD_CLAUSE.match(sh)
    if m and m.group(1).strip():
        subject = clause[: m.end(1)]
        return ("leaders" if _subject_is_leaders(subject) else "lead"), subject
    m = _COOP_CLAUSE.match(sh)
    if m and m.group(1).strip():
        subject = clause[: m.end(1)]
        if _subject_is_leaders(subject):
            return "leaders", subject
        return ("cooperating" if (out.lead or out.answer or has_lead_word) else "unkeyed"), subject
    m = _SOLE_CLAUSE.match(sh)
    if m and m.group(1).strip():
        subject = clause[: m.end(1)]
        if _subject_is_leaders(subject):
            return "leaders", subject
        return ("answer" if not out.lead and not has_lead_word else "cooperating"), subject
    return None


# "此项工作由…", "上述项目由…", "并由…": what comes before the units of a clause
_OPENING_RX = re.compile(
    r"^(?:(?:此项|该项|本项|这项|上述|以上|前述)(?:各项|[一二三四五六七八九十两\d]{1,3}项)?(?:工作|任务|项目|事项|措施|内容)?)?"
    r"(?:并由|由|请|并|另由)"
)
# "以上四项工作X牵头", "上述项目由X牵头负责": a note that speaks for the items before it too
_SCOPE_RX = re.compile(r"^(?:上述|以上|前述)(?:各项|([一二三四五六七八九十两\d]{1,3})项)?(?:工作|任务|项目|事项|措施|内容)?")


def cn2int(numeral: str) -> int:
    """A small count as printed: 4, 四, 十二."""
    return small_number(numeral) or 1


def _unitish_list(clause: str) -> bool:
    """Names that answer for a part of the work: units, and short names beside them (物业管理单位或业主)."""
    from duban.core.units import looks_like_unit, split_units

    names = [n for part in re.split(r"或", clause) for n in split_units(part)]
    return bool(names) and any(looks_like_unit(n) for n in names) and all(len(n) <= 14 for n in names)


# words no unit name holds: a clause with them speaks about the notes ("责任单位中,列第一位的为牵头单位")
_NOT_A_NAME_RX = re.compile(r"的|为|第一|排名|其中|如下|^(?:其他|其余|其它|以上|以下)$|中$")


def _unit_list(clause: str) -> bool:
    from duban.core.units import looks_like_unit, split_units

    units = split_units(clause)
    return bool(units) and all(looks_like_unit(u) and not _NOT_A_NAME_RX.search(shadow(u)) for u in units)


def _strict(fields_: NoteFields) -> bool:
    """Every subject a unit list or leaders: prose outside brackets must not pass for a note."""
    from duban.core.units import looks_like_unit, split_units

    for value in (*fields_.lead, *fields_.cooperating, *fields_.answer, *fields_.unkeyed, *fields_.responsible):
        units = split_units(value)
        if not units or not all(
            (looks_like_unit(u) or not re.search(r"[\u4e00-\u9fff]{9,}", u)) and not _NOT_A_NAME_RX.search(shadow(u))
            for u in units
        ):
            return False
    return True


def parse_clauses(content: str) -> NoteFields | None:
    """Read "A牵头,B、C按职责分工负责,年内持续推进" and its kin; None if it is not a note.

    A list of units without a verb takes the role of the clause after it ("区财政局等部门,区国投公司、
    各街道办事处配合": both lists cooperate).
    """
    out = NoteFields()
    recognised = 0
    sentences = _top_level_split(content, "。")
    for s in sentences[1:]:
        carry = _CARRY_RX.search(shadow(s))
        if carry is not None:
            out.carried.append(s.strip()[carry.start("units") : carry.end("units")])
    # "列第一位的为牵头部门,其他部门…按职责分工负责,下同": a sentence on how to read the notes, not who
    sentences = [s for k, s in enumerate(sentences) if k == 0 or not CONVENTION_RX.search(shadow(s))]
    # "…等部门配合。其中：“危病桥改造工程”由区交通与建设局牵头组织实施": a part of the work given to one of
    # the units already named, not who answers for the task
    sentences = [s for k, s in enumerate(sentences) if k == 0 or not re.match(r"\s*其中", shadow(s))]
    has_lead_word = any(re.search("牵头|主办", shadow(s)) for s in sentences)
    pending: list[str] = []
    opening = _SCOPE_RX.match(shadow(content).strip())
    if opening and opening.end():
        out.scope.append(cn2int(opening.group(1)) if opening.group(1) else -1)
    for sentence in sentences:
        for raw_clause in _top_level_split(sentence, ",;,;"):
            scoped = _SCOPE_RX.match(shadow(raw_clause.strip()))
            clause = raw_clause.strip()[scoped.end() :] if scoped else raw_clause.strip()
            clause = _OPENING_RX.sub("", clause)
            if not shadow(clause).strip():
                continue
            said = _clause(clause, has_lead_word, out)
            if said is None:
                if _unit_list(clause):
                    pending.append(clause)
                    continue
                if recognised and CONVENTION_RX.search(shadow(clause)):
                    continue
                return None  # a clause that is neither units nor a deadline: this bracket is prose
            role, subject = said
            recognised += 1
            if role in ("lead", "cooperating", "responsible") and _INVERSE_CLAUSE.match(shadow(clause)):
                out.labels.append(role)  # a label written after its units counts as a label the plan uses
            if role in ("with", "assist"):
                m = (_WITH_CLAUSE if role == "with" else _ASSIST_CLAUSE).match(shadow(clause))
                assert m is not None
                first, second = clause[: m.end(1)], clause[m.start(2) : m.end(2)]
                out.lead.append(first if role == "with" else second)
                out.cooperating.append(second if role == "with" else first)
                continue
            if role == "deadline":
                out.deadline.append(subject)
                continue
            getattr(out, role).extend([*pending, subject])
            pending = []
    if pending:
        # a list left without a verb after the clauses: it shares the work ("区发改局牵头,区财政局")
        if not recognised:
            return None
        (out.cooperating if (out.lead or out.answer) else out.unkeyed).extend(pending)
    if not recognised or not (out.has_units or out.leaders):
        return None
    if not out.has_units and not _leaders_only_note(content):
        return None
    return out


def _leaders_only_note(content: str) -> bool:
    """A clause note naming only leaders is a note when it says so ("…负责", "…牵头", "…协助")."""
    return bool(re.search(r"(?:负责|牵头|协助|主抓|分管)$", shadow(content).strip().rstrip("。")))


# ---------------------------------------------------------------------------------------------
# Bare unit lists

UNIT_ENDINGS = re.compile(r"(?:局|委|厅|部|办|院|中心|集团|公司|政府|办事处|街道|镇|乡|会|署|所|队|社|行|馆|站|处|室|团|联|台)$")


def parse_unit_list(content: str) -> NoteFields | None:
    """A bracket holding only unit names ("(市发改委、市财政局)"): units without a key."""
    from duban.core.units import looks_like_unit, split_units

    sh = shadow(content).strip()
    if not sh or len(sh) > 300 or re.search(r"[。!?]|牵头|负责|的为|以下简称|简称", sh):
        return None
    units = split_units(content)
    if not units or not all(looks_like_unit(u) for u in units):
        return None
    if len(units) == 1 and not UNIT_ENDINGS.search(shadow(units[0])):
        return None
    return NoteFields(unkeyed=[content.strip()])


def parse_note_content(content: str) -> NoteFields | None:
    """Read the inside of a bracketed note in any of the printed forms; None if it is prose."""
    keyed = parse_keyed(content)
    if keyed is not None and not keyed.is_empty:
        return keyed
    return parse_clauses(content) or parse_unit_list(content)


# ---------------------------------------------------------------------------------------------
# Finding notes in a line


_BRACKET_RX = re.compile(r"[()〔〕\[\]【】「」]")


@lru_cache(maxsize=65536)
def _bracket_groups(sh: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket group in a shadow text, end exclusive; unmatched skipped."""
    groups: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    for m in _BRACKET_RX.finditer(sh):
        i, ch = m.start(), m.group()
        if ch in CLOSER_OF:
            stack.append((i, CLOSER_OF[ch]))
        elif stack:
            # close the innermost matching opener; a stray closer is skipped
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][1] == ch:
                    start = stack[k][0]
                    del stack[k:]
                    if not stack:
                        groups.append((start, i + 1))
                    break
    return groups


_SENTENCE_END = "。;!?;"
_NAME_END = "院局委办厅部心园区城镇乡村道馆站所队司会团校场府"
_TAIL = " \t。.;;,,、"


@lru_cache(maxsize=65536)
def find_notes(text: str) -> tuple[Note, ...]:
    """Every responsibility note in a line, in order: bracketed ones anywhere, keyed ones after a boundary.

    A bracket of bare unit names counts only where a note can stand: at the end of the text, or
    right after a sentence; inside a sentence "(市、区)" and "(江夏段)" are the task's own words.
    """
    sh = shadow(text)
    notes: list[Note] = []
    for start, end in _bracket_groups(sh):
        content = text[start + 1 : end - 1]
        keyed = parse_keyed(content)
        fields_ = keyed if keyed is not None and not keyed.is_empty else parse_clauses(content)
        if fields_ is None:
            before = sh[:start].rstrip()
            after = sh[end:].strip(_TAIL)
            after_sentence = not before or before[-1] in _SENTENCE_END
            # at the end of a text, but not right after a name it may qualify ("第二人民医院(山坡南部医疗卫生中心)")
            at_end = not after and not (before and before[-1] in _NAME_END)
            if at_end or after_sentence:
                fields_ = parse_unit_list(content)
        if fields_ is not None:
            notes.append(Note(start=start, end=end, fields=fields_))
    # keyed notes without brackets: from a label at a boundary to the end of the sentence or line
    covered = [(n.start, n.end) for n in notes]
    groups = _bracket_groups(sh)
    outside = sh
    for a, b in groups:  # what is inside brackets was read above: blank it out, keeping positions
        outside = outside[:a] + " " * (b - a) + outside[b:]
    for key_start, _, _ in find_keys(outside, prose=True):
        if any(a <= key_start < b for a, b in covered):
            continue
        end = _note_end(sh, key_start)
        content = text[key_start:end]
        prose = not re.match(r"[^::]{2,12}[::]", shadow(content))
        fields_ = parse_keyed(content, prose=prose)
        if fields_ is None or fields_.is_empty:
            continue
        notes.append(Note(start=key_start, end=end, fields=fields_, bracketed=False))
        covered.append((key_start, end))
    if not any(n.start == 0 for n in notes):
        lead_in = _leading_clauses(text)
        if lead_in is not None:
            notes = [n for n in notes if n.start >= lead_in.end] + [lead_in]
    tail = _trailing_sentences(text, sh, max((n.end for n in notes), default=0))
    if tail is not None:
        notes.append(tail)
    if not notes:
        inner = _inner_clauses(text, sh)
        if inner is not None:
            notes.append(inner)
    notes.sort(key=lambda n: n.start)
    return tuple(notes)


_INNER_RX = re.compile(r"[,,]\s*(?=由)")


def _inner_clauses(text: str, sh: str) -> Note | None:
    """"(三)道路交通安全专项整治,由公安、交通部门负责,有关部门配合。要继续…": the item's name, then
    who answers in clauses opened by 由, to the end of that sentence; the rest describes the work."""
    for m in _INNER_RX.finditer(sh):
        stop = sh.find("。", m.end())
        end = len(sh) if stop < 0 else stop
        fields_ = parse_clauses(text[m.end() : end])
        if fields_ is not None and fields_.has_units and _strict(fields_):
            return Note(start=m.start(), end=end + (0 if stop < 0 else 1), fields=fields_, bracketed=False)
    return None


def _trailing_sentences(text: str, sh: str, after: int) -> Note | None:
    """Sentences closing a line that say who answers and nothing else ("…安排专人管理。各区政府为责任
    单位,市城管办为协办单位。", "此项工作由X会同Y负责。"): a note written as prose."""
    end = len(sh.rstrip(" \t"))
    if end <= after:
        return None
    if _TAIL_NOTE_RX.search(sh, after):
        starts = [after] + [m.end() for m in re.finditer("。", sh[:end]) if m.end() > after and m.end() < end]
        for start in starts:  # the earliest sentence from which everything to the end is a note
            chunk = text[start:end]
            if not shadow(chunk).strip(" 。"):
                continue
            fields_ = parse_clauses(chunk.rstrip("。. "))
            if fields_ is not None and (fields_.has_units or fields_.leaders) and _strict(fields_):
                return Note(start=start, end=end, fields=fields_, bracketed=False)
    # "1.加快示例大道建设。 区住建局、区交通局": bare unit names after the last sentence of an item
    m = _BARE_TAIL_RX.search(sh, after, end)
    if m is not None and m.start(1) > after:
        listed = parse_unit_list(text[m.start(1) : end])
        if listed is not None and _unit_list(text[m.start(1) : end]):
            return Note(start=m.start(1), end=end, fields=listed, bracketed=False)
    return None


_BARE_TAIL_RX = re.compile(r"[。;;]\s*([^。;;()():]{2,60})$")  # an addressee list ends with ":", no note


_TAIL_NOTE_RX = re.compile(r"负责|牵头|主办|配合|协办|单位|部门")


_ROLE_VERB_RX = re.compile(r"牵头|主办|负责|配合|参与|协助|协同|会同|协办|主抓|主责")
_CLAUSE_END_RX = re.compile(r"(?:牵头|主办|负责|配合|参与|协助|协同|协办|主抓|主责|落实|推进|办理|实施|负总责)\s*$")


def _leading_clauses(text: str) -> Note | None:
    """Responsibility written as the opening clauses of a paragraph, before the work itself:
    "由杨志武副市长负责,市发改委牵头,相关部门配合,尽快完成…" (two clauses at least, or one opened by 由)."""
    sh = shadow(text)
    if not sh or sh[0] in "(〔[【" or not _ROLE_VERB_RX.search(sh, 0, 80):
        return None
    pos = 0
    taken: list[str] = []
    for m in re.finditer(r"[,,;;。]", sh):
        clause = text[pos : m.start()]
        stripped = _OPENING_RX.sub("", clause.strip())
        if not stripped or not _CLAUSE_END_RX.search(shadow(stripped)):
            break  # a clause of responsibility ends with its verb; this one is the work itself
        if _clause(stripped, False, NoteFields()) is None or looks_like_deadline(stripped):
            break
        taken.append(clause)
        pos = m.end()
        if sh[m.start()] == "。":
            break
    if not taken or (len(taken) < 2 and not _OPENING_RX.match(shadow(taken[0]).lstrip())):
        return None
    fields_ = parse_clauses(",".join(taken))
    if fields_ is None or not (fields_.has_units or fields_.leaders) or not _strict(fields_):
        return None
    return Note(start=0, end=pos, fields=fields_, bracketed=False)


def _note_end(sh: str, start: int) -> int:
    """An unbracketed note runs to the end of the line, or to a 。 after which no label follows."""
    i = start
    while True:
        stop = sh.find("。", i)
        if stop < 0:
            return len(sh)
        rest = sh[stop + 1 :].lstrip()
        if not rest:
            return len(sh)
        keys = find_keys(rest, prose=True)
        if keys and keys[0][0] == 0:
            i = stop + 1
            continue
        return stop + 1


@lru_cache(maxsize=65536)
def find_trailing_note(text: str) -> Note | None:
    """The responsibility note closing `text` (before a final 。 or ;), if there is one."""
    notes = find_notes(text)
    if not notes:
        return None
    last = notes[-1]
    if shadow(text[last.end :]).strip(_TAIL):
        return None
    return last


@lru_cache(maxsize=65536)
def parse_field_line(text: str) -> NoteFields | None:
    """A line that is itself a note ("牵头单位:区发改局", "(责任单位:A、B)"), or None."""
    sh = shadow(text).strip()
    body = text.strip()
    if sh[:1] in "(〔[【" and sh[-1:] in ")〕]】":
        body = body[1:-1]
        sh = sh[1:-1]
    keys = find_keys(sh)
    if not keys or keys[0][0] != 0:
        return None
    fields_ = parse_keyed(body)
    return fields_ if fields_ is not None and not fields_.is_empty else None


# ---------------------------------------------------------------------------------------------
# Conventions stated once for the whole plan

FIRST_LEADS_RX = re.compile(
    r"(?:列|排|位|排名|排序|排列)(?:在|于|居)?(?:第一|首|第1)(?:位|个|名)?的?(?:单位|部门|责任单位)?(?:为|是|作为)?(?:牵头|主办|主责)"
    r"|(?:第一|首)(?:位|个|名)?(?:责任|排序)?(?:单位|部门)(?:为|是)(?:牵头|主办|主责)"
    r"|(?:第一|首)(?:位|个)(?:单位|部门)?(?:为|是)牵头"
    r"|(?:牵头单位|牵头部门)(?:列|排)(?:在|于)?(?:第一|首)位"
    r"|(?:排位|排名|排序|位次|顺序)(?:最)?靠前的?(?:责任|主要责任)?(?:单位|部门)?(?:为|是|作为)(?:牵头|主办|主责)"
)


def says_first_listed_leads(text: str) -> bool:
    """Whether a plan says the first unit listed is the lead (列第一位的为牵头单位, 排名首位的部门牵头负责,
    排位靠前的责任单位为牵头单位), wherever it is printed: before the tasks or after them."""
    return bool(FIRST_LEADS_RX.search(shadow(text)))


# ---------------------------------------------------------------------------------------------
# Leaders named with their titles

_TITLE = (
    r"(?:常务副|副)?(?:省|市|区|县|州|旗|镇|乡)长(?:助理)?|(?:副)?秘书长|(?:副)?书记|(?:副)?主任|(?:副)?主席|"
    r"(?:副)?部长|(?:副)?局长|(?:副)?厅长|(?:副)?院长|(?:副)?检察长|政委|巡视员|调研员|党组成员|同志"
)
_NAME_BEFORE_TITLE = re.compile(rf"^([\u4e00-\u9fff]{{2,3}}?)(?:{_TITLE})+$")
_NAME_AFTER_TITLE = re.compile(rf"^.*?(?:{_TITLE})([\u4e00-\u9fff]{{2,3}})$")


def leader_name(text: str) -> str | None:
    """The person in "孟学农省长", "常务副市长张工", "公安局局长王小洪"; None if no name is there."""
    from duban.core.units import looks_like_person

    sh = re.sub(r"\s+", "", shadow(text)).strip("。,,、")
    for rx in (_NAME_BEFORE_TITLE, _NAME_AFTER_TITLE):
        m = rx.match(sh)
        if m and m.group(1) not in _TITLE_WORDS and looks_like_person(m.group(1)):
            return m.group(1)
    return None


# Words that come before a title and would pass for a name (常务副区长 is a title, not 常务)
_TITLE_WORDS = frozenset("常务 分管 主管 联系 协管 挂点 第一 执行 专职 驻会 兼职 代理".split())
