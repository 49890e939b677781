"""The responsibility note of a task: who leads, who cooperates, who answers, by when.

Plans print it in several ways, all handled here:
- keyed fields in brackets at the end of the task: "(责任领导:杜新国;牵头单位:区发改局;责任单位:…)",
  in () or 〔〕 (the latter when units carry their own parentheses), separated by ; , : or spaces;
- the State Council's clauses: "(发展改革委牵头,财政部、商务部等按职责分工负责,年内持续推进)";
- keyed lines under the task: "牵头单位:区发改局" / "责任单位:A、B、C";
- on headings: "(牵头领导:…)" and "(总牵头单位:…)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from duban.core.parse.lines import shadow

OPENERS = {")": "(", "〕": "〔", "]": "[", "】": "【", "」": "「"}

# Keys, longest first within each role so that "总牵头单位" is not read as "牵头单位".
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "general_lead": ("总牵头单位", "总牵头部门", "牵头总单位"),
    "leaders": (
        "责任区领导", "责任市领导", "责任县领导", "分管区领导", "分管市领导", "分管县领导", "牵头区领导",
        "牵头市领导", "牵头县领导", "联系区领导", "联系市领导", "责任领导", "牵头领导", "分管领导",
        "联系领导", "领导",
    ),
    "lead": ("牵头单位", "牵头部门", "主责单位", "主办单位", "主责部门", "牵头责任单位", "牵头处室"),
    "cooperating": (
        "责任单位", "配合单位", "协办单位", "参与单位", "责任部门", "配合部门", "协同单位", "协助单位",
        "参加单位", "会办单位", "协作单位", "责任主体",
    ),
    "persons": ("具体责任人", "责任人", "联系人", "经办人"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "时限"),
}
_ALL_KEYS = sorted(
    ((k, role) for role, keys in FIELD_KEYS.items() for k in keys), key=lambda kr: -len(kr[0])
)
_KEY_OF = {k: role for k, role in _ALL_KEYS}
# "牵头单位(部门):" — a key may carry a short bracketed qualifier before its colon
KEY_RX = re.compile("(" + "|".join(re.escape(k) for k, _ in _ALL_KEYS) + r")\s*(?:\([^()]{1,6}\))?\s*[::]\s*")
FIELD_LINE_RX = re.compile(
    r"^\s*(?:[((〔\[【]\s*)?(" + "|".join(re.escape(k) for k, _ in _ALL_KEYS) + r")\s*(?:\([^()]{1,6}\))?\s*[::]"
)

# State Council clauses: "A牵头", "B、C等按职责分工负责", "年内持续推进".
_LEAD_CLAUSE = re.compile(r"^(.+?)(?:共同|分别|负责)?牵头(?:负责|落实|推进)?$")
# "X负责" alone names who answers (the lead); "按职责分工负责" names those who share the work
_SOLE_CLAUSE = re.compile(r"^(.+?)(?<!分工)(?<!职责)(?<!职能)(?<!分别)(?:负责|负总责|主抓|主责)(?:落实|推进|实施)?$")
_COOP_CLAUSE = re.compile(
    r"^(.+?)(?:按职责分工负责|按职责分工落实|按职能分工负责|按职责分别负责|按职责负责|分工负责|依职责负责|按职责落实|"
    r"分别负责|各自负责|共同负责|配合|参与|协助|协同|负责|落实)$"
)
DEADLINE_RX = re.compile(
    r"(?:\d{4}年|今年|明年|年内|年底|年末|全年|上半年|下半年|[一二三四1-4]季度|\d{1,2}月|[一二三四五六七八九十]{1,3}月|"
    r"长期|持续|逐步|常态|分年度|定期|每年|每季|每月|\d{4}[-./]\d{1,2})"
)
DEADLINE_WORDS = re.compile(r"(前|内|底|末|完成|推进|坚持|实施|落实|开展|见效|建成|出台|启动|年度|持续)")


@dataclass
class NoteFields:
    """What a responsibility note says, as raw texts per role (units not yet split)."""

    leaders: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    general_lead: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    unkeyed: list[str] = field(default_factory=list)  # units listed without a key (first-listed-leads plans)

    def merged(self, other: NoteFields) -> NoteFields:
        """A new NoteFields with both notes' values (notes are cached and shared: never mutate one)."""
        return NoteFields(
            **{
                name: [*getattr(self, name), *getattr(other, name)]
                for name in ("leaders", "lead", "cooperating", "general_lead", "persons", "deadline", "unkeyed")
            }
        )

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.cooperating or self.unkeyed)

    @property
    def is_empty(self) -> bool:
        return not (self.has_units or self.leaders or self.general_lead or self.persons or self.deadline)


@dataclass(frozen=True)
class Note:
    """A note found at the end of a text: where it starts and ends, and what it says."""

    start: int
    end: int
    fields: NoteFields


def _strip_value(value: str) -> str:
    return value.strip().strip(";;,,::。. \t")


def parse_keyed(content: str) -> NoteFields | None:
    """Split "责任领导:…;牵头单位:…;责任单位:…" into fields; None if no key is present."""
    sh = shadow(content)
    matches = list(KEY_RX.finditer(sh))
    if not matches:
        return None
    out = NoteFields()
    head = _strip_value(content[: matches[0].start()])
    if head:
        out.unkeyed.append(head)
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(content)
        value = _strip_value(content[m.end() : end])
        if not value:
            continue
        role = _KEY_OF[m.group(1)]
        getattr(out, role).append(value)
    return out


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


def looks_like_deadline(text: str) -> bool:
    """ "年内持续推进", "2023年6月底前", "长期坚持", "9月底前完成": a completion time, not units."""
    sh = shadow(text).strip()
    if not sh or len(sh) > 40:
        return False
    return bool(DEADLINE_RX.search(sh)) and bool(DEADLINE_WORDS.search(sh))


def parse_clauses(content: str) -> NoteFields | None:
    """Read the State Council's "A牵头,B、C按职责分工负责,年内持续推进"; None if it is not a note."""
    clauses = _top_level_split(content, ",;,;")
    if not clauses:
        return None
    out = NoteFields()
    recognised = 0
    for raw_clause in clauses:
        # "由区发改局牵头", "请各乡镇配合": the leading 由/请 is not part of the unit
        clause = re.sub(r"^(?:由|请|并由|会同)", "", raw_clause)
        sh = shadow(clause)
        if looks_like_deadline(clause) and not _LEAD_CLAUSE.match(sh):
            out.deadline.append(clause)
            recognised += 1
            continue
        m = _LEAD_CLAUSE.match(sh)
        if m and m.group(1).strip():
            out.lead.append(clause[: m.end(1)])
            recognised += 1
            continue
        m = _SOLE_CLAUSE.match(sh)
        if m and m.group(1).strip() and not out.lead and "牵头" not in shadow(content):
            out.lead.append(clause[: m.end(1)])
            recognised += 1
            continue
        m = _COOP_CLAUSE.match(sh)
        if m and m.group(1).strip():
            units = clause[: m.end(1)]
            if out.lead or "牵头" in shadow(content):
                out.cooperating.append(units)
            else:
                out.unkeyed.append(units)
            recognised += 1
            continue
        return None  # a clause that is neither units nor a deadline: this bracket is prose
    if not recognised or not (out.lead or out.cooperating or out.unkeyed):
        return None
    return out


UNIT_ENDINGS = re.compile(r"(?:局|委|厅|部|办|院|中心|集团|公司|政府|办事处|街道|镇|乡|会|署|所|队|社|行|馆|站|处|室|团|联|台)$")


def parse_unit_list(content: str) -> NoteFields | None:
    """A bracket holding only unit names ("(市发改委、市财政局)"): units without a key."""
    from duban.core.units import looks_like_unit, split_units

    sh = shadow(content).strip()
    if not sh or len(sh) > 200 or re.search(r"[。!?]|牵头|负责|的为", sh):
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


@lru_cache(maxsize=65536)
def find_trailing_note(text: str) -> Note | None:
    """The responsibility note closing `text` (before a final 。 or ;), if there is one.

    Brackets inside the task ("国家级创新型县(市、区)", "S101武赤线(江夏段)") are not notes: a note
    must close the text and say who is responsible.
    """
    sh = shadow(text)
    end = len(sh.rstrip(" \t。.;;,"))
    if end == 0 or sh[end - 1] not in OPENERS:
        return None
    closer = sh[end - 1]
    opener = OPENERS[closer]
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = sh[i]
        if ch == closer:
            depth += 1
        elif ch == opener:
            depth -= 1
            if depth == 0:
                content = text[i + 1 : end - 1]
                keyed = parse_keyed(content)
                fields = keyed if keyed is not None and not keyed.is_empty else parse_clauses(content)
                if fields is None:
                    # a bracket of bare unit names is a note only after a whole sentence
                    before = sh[:i].rstrip()
                    if before and before[-1] not in "。;!?":
                        return None
                    fields = parse_unit_list(content)
                if fields is None:
                    return None
                return Note(start=i, end=end, fields=fields)
    return None


@lru_cache(maxsize=65536)
def parse_field_line(text: str) -> NoteFields | None:
    """A line that is itself a note ("牵头单位:区发改局", "(责任单位:A、B)"), or None."""
    sh = shadow(text).strip()
    if not FIELD_LINE_RX.match(sh):
        return None
    body = text.strip()
    if shadow(body[:1]) in "(〔[【" and shadow(body[-1:]) in ")〕]】":
        body = body[1:-1]
    return parse_keyed(body)


FIRST_LEADS_RX = re.compile(
    r"(?:列|排|位|排名|排序)(?:在|于|居)?(?:第一|首)(?:位|个|名)?的?(?:单位|部门)?(?:为|是)(?:牵头|主办|主责)"
    r"|(?:第一|首)(?:位|个)(?:单位|部门)?(?:为|是)牵头"
)


def says_first_listed_leads(text: str) -> bool:
    """Whether a notice says the first unit listed is the lead (列第一位的为牵头单位)."""
    return bool(FIRST_LEADS_RX.search(shadow(text)))
