"""The text family: a plan written as paragraphs, each task closed by its responsibility note.

Lines are read as a stream of numbers, text and notes (`notes.find_notes` finds a note wherever it
stands), and cut into blocks: a number starts a block, a note closes one, and text after a note
starts the next, so several tasks on one line, a note wrapped onto the next line and a document
printed on one line all read the same way. Blocks are then classified with the whole plan in view:
the numbering styles that carry notes are the plan's tasks; a numbered line that heads other
numbered lines, a "——" line or a short unnumbered line is a heading; a heading that names who
leads ("(一)省监察厅牵头的工作", "一、孟学农省长负责的工作") gives its lead or leaders to the
section; the rest is prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from duban.core.document import Line
from duban.core.parse.assemble import is_target_title
from duban.core.parse.items import Item
from duban.core.parse.lines import DASH_HEAD, Numbered, is_blank, numbering, shadow, strip_star
from duban.core.parse.notes import NoteFields, find_notes, leader_name, parse_field_line

HEADING_STYLES = ("part", "cn", "(cn)")
SHORT_HEADING = 40  # an unnumbered line this short, without a note, between items is a sub-head
TERMINAL = ("。", ";", "!", "?", ";", "!", "?")
REMARK_RX = re.compile(r"^\s*(?:备注|注|说明)\s*[::]")
_GROUP_NOTE_RX = re.compile(r"^\s*(?:上述|以上|前述)(?:各项|几项|两项|三项)?(?:项目|工作|任务|事项|措施)")
# "第N项任务" inside prose (a news report quoting a plan)
MIDLINE_ITEM_RX = re.compile(r"(?:^|(?<=[。,,;;:\s])|(?<=例如)|(?<=比如)|(?<=其中)|(?<=又如)|(?<=再如))第(\d{1,4}|[一二三四五六七八九十百]{1,4})项(?:任务|工作)?")


@dataclass
class Block:
    """A stretch of the text that is one heading, task or paragraph of prose, as cut from the stream."""

    first: int
    last: int
    line: int  # index of the (prepared) line it began on
    num: Numbered | None = None
    dash: bool = False
    starred: bool = False
    text: str = ""
    fields: NoteFields = field(default_factory=NoteFields)
    notes: int = 0
    after_blank: bool = False
    mid_line: bool = False  # began after a note or a quoted item on the same line
    note_below: bool = False  # its note stands on a line of its own after it
    group_note: bool = False  # that note speaks of all the items above it ("上述项目由…负责")
    # a note of its own: bracketed, labelled or closing it, not the doers its opening words name
    # ("区农村发展局牵头,区财政局配合,加快…", "区交通局督促…")
    own_note: bool = False
    detail: bool = False  # it opened with a label for the work required (任务要求。…), dropped from its text

    @property
    def style(self) -> str | None:
        if self.num is not None:
            return self.num.style
        return "dash" if self.dash else None

    @property
    def has_units(self) -> bool:
        return self.fields.has_units

    def attach(self, fields_: NoteFields, no: int) -> None:
        self.fields = self.fields.merged(fields_)
        self.notes += 1
        self.last = max(self.last, no)


# ---------------------------------------------------------------------------------------------
# From lines to blocks


def _tokens(body: str) -> Iterator[tuple[str, str | NoteFields | Numbered]]:
    """("text", s), ("note", fields) and ("num", numbered) in the order they stand in a line's body."""
    pos = 0
    for note in find_notes(body):
        yield from _text_tokens(body[pos : note.start])
        yield "note", note.fields
        pos = note.end
    yield from _text_tokens(body[pos:])


def _text_tokens(text: str) -> Iterator[tuple[str, str | NoteFields | Numbered]]:
    pos = 0
    for m in MIDLINE_ITEM_RX.finditer(shadow(text)):
        if text[pos : m.start()].strip():
            yield "text", text[pos : m.start()]
        yield "num", Numbered(style="第", number=m.group(1), rest=0, starred=False)
        pos = m.end()
    if shadow(text[pos:]).strip(" \t。.;;,,、"):
        yield "text", text[pos:]


def read_blocks(lines: list[Line], start: int = 0, stop: int | None = None) -> list[Block]:
    """Cut lines[start:stop] (text lines; table rows are skipped) into blocks."""
    blocks: list[Block] = []
    blank_before = False
    end = len(lines) if stop is None else stop
    idx = start - 1
    while idx + 1 < end:
        idx += 1
        line = lines[idx]
        if line.is_row:
            continue
        raw = line.text.strip()
        if is_blank(raw):
            blank_before = True
            continue
        no = line.no
        # a note wrapped over lines: read the lines while the bracket it opened is open
        joined = 0
        while _unbalanced(raw) and idx + joined + 1 < end and joined < 5:
            nxt = lines[idx + joined + 1]
            if nxt.is_row or numbering(nxt.text) is not None:
                break
            raw += nxt.text.strip()
            joined += 1
        if joined and _unbalanced(raw):
            raw, joined = line.text.strip(), 0
        last_no = lines[idx + joined].no
        num = numbering(raw)
        dash = None if num else DASH_HEAD.match(shadow(raw))
        if num is not None:
            body, starred = raw[num.rest :], num.starred
        else:
            body, starred = strip_star(raw[dash.end() :] if dash else raw)
        subject_run = num is None and dash is None and _in_subject_run(lines, idx, end)
        tokens = _unit_first(list(_tokens(body)), numbered=num is not None or subject_run, duties=subject_run)
        found = find_notes(body)
        # which of the line's notes only name the doers in the item's opening words
        opening = [n.start == 0 and not n.bracketed and not n.fields.labels for n in found]
        if not found:
            opening = [True] * len(tokens)  # the unit the item opens with (`_unit_first`)
        notes_seen = 0
        cur = blocks[-1] if blocks else None
        if num is not None or dash is not None:
            cur = Block(no, no, idx, num=num, dash=dash is not None, starred=starred, after_blank=blank_before)
            blocks.append(cur)
        elif tokens and tokens[0][0] == "note" and cur is not None:
            # a note opening the line belongs to the block before (a keyed line, a wrapped note)
            cur.note_below = cur.note_below or len(tokens) == 1
            cur.group_note = cur.group_note or bool(_GROUP_NOTE_RX.match(shadow(body)))
        elif cur is not None and tokens and tokens[0][0] == "text" and _continues(cur, tokens, lines, idx, blank_before):
            cur.text += " " if _needs_space(cur.text, str(tokens[0][1])) else ""
        else:
            cur = Block(no, no, idx, starred=starred, after_blank=blank_before)
            blocks.append(cur)
        for kind, value in tokens:
            assert cur is not None
            if kind == "note":
                assert isinstance(value, NoteFields)
                if shadow(cur.text).rstrip().endswith(";"):
                    cur.text = cur.text.rstrip()[:-1]  # "…门前三包工作;配合领导:…": the mark parts the text from its note
                cur.attach(value, last_no)
                cur.own_note = cur.own_note or not (notes_seen < len(opening) and opening[notes_seen])
                notes_seen += 1
            elif kind == "num":
                assert isinstance(value, Numbered)
                cur = Block(no, no, idx, num=value, mid_line=True)
                blocks.append(cur)
            else:
                if cur.notes and not _only_punctuation(str(value)):
                    cur = Block(no, no, idx, mid_line=True)
                    blocks.append(cur)
                cur.text += str(value)
                cur.last = max(cur.last, last_no)
        idx += joined
        blank_before = False
    for b in blocks:
        b.text = _clean_text(b.text)
        label = _REQUIREMENT_LABEL_RX.match(shadow(b.text))
        if label:
            b.text, b.detail = b.text[label.end() :], True
    # a note with no text before it (a page that opens with the last item's note lines) is no item
    return [b for b in blocks if b.text or b.num is not None]


_UNIT_COLON_RX = re.compile(r"^\s*([^::,,。;;(]{2,30}?(?:\([^()]{1,12}\))?)\s*(?P<duties>的?(?:工作)?职责)?\s*[::。]")
# "(九)市园林局负责对影响交通的行道树进行修枝。": the unit is the subject of its own task
_UNIT_SUBJECT_RX = re.compile(r"^\s*((?:[^::,,。;;()]|\([^()]{1,6}\)){2,40}?)\s*[,,]?\s*(?:负责|牵头|应当|应(?![急用对变届收征聘邀答])|要|必须)")
_DUTY_SUBJECT_RX = re.compile(r"^\s*((?:[^::,,。;;()]|\([^()]{1,6}\)){2,40}?)\s*(?:配合|协助|协同)")
# what ends a place's name before its level (平潭综合实验区, 高新区): not a heading glued to the body
_PLACE_TAIL_RX = re.compile(r"(?:开发|实验|试验|示范|高新|新|保税|自贸|园|港|湾|岛|山|江|河|湖|城)$")


def _glued_heading_end(subject: str) -> int | None:
    """Where the body charged begins in a subject with an item's short heading glued before it
    ("完善辖区主干道交通指示标志区交通与建设局要牵头…": the heading, then 区交通与建设局), or None: at a
    level six characters in or more, what follows one department's name, what comes before no
    place's name."""
    sh = shadow(subject)
    duties = sh.find("职责")  # "(三)林长办公室职责片区管理局林长办公室负责…": a heading on duties ends there
    if 4 <= duties + 2 < len(sh) - 2:
        rest = subject[duties + 2 :]
        if _all_units(rest) and len(split_units_cached(rest)) == 1 and _dutiable(rest):
            return duties + 2
    for p in range(6, len(sh) - 2):
        if sh[p] not in "省市县区乡镇" or sh[p - 1] in "省市县区乡镇" or _PLACE_TAIL_RX.search(sh[:p]):
            continue
        if re.search(r"[\s、,,]", sh[:p]):
            return None
        rest = subject[p:]
        if _all_units(rest) and len(split_units_cached(rest)) == 1 and _dutiable(rest):
            return p
    return None


def _in_subject_run(lines: list[Line], idx: int, end: int) -> bool:
    """An unnumbered paragraph opening with a body and 负责 (党群工作处负责…) beside another that does: the
    duties of a plan's bodies one after another, each read as a numbered item with its subject would be."""
    from duban.core.parse.prepare import SUBJECT_DUTY_RX

    def opens(k: int) -> bool:
        return 0 <= k < end and not lines[k].is_row and numbering(lines[k].text) is None and bool(
            SUBJECT_DUTY_RX.match(shadow(lines[k].text).strip()))

    return opens(idx) and (opens(idx - 1) or opens(idx + 1))


def _unit_first(
    tokens: list[tuple[str, str | NoteFields | Numbered]], *, numbered: bool = True, duties: bool = False
) -> list[tuple[str, str | NoteFields | Numbered]]:
    """"14.市卫生局:负责…;负责…。": an item that opens with a unit and a colon lists that unit's duties;
    the unit answers for them."""
    if not tokens or tokens[0][0] != "text" or any(kind == "note" for kind, _ in tokens):
        return tokens
    text = str(tokens[0][1])
    m = _UNIT_COLON_RX.match(shadow(text))
    if (
        m is not None
        and len(shadow(text[m.end() :]).strip()) >= 4
        and _all_units(text[m.start(1) : m.end(1)])
        # "(一)明确政府职责。": a heading on duties, not a department's; "工商部门职责:" names one
        and (m["duties"] is None or any(_dutiable(u) for u in split_units_cached(text[m.start(1) : m.end(1)])))
        # "中国留学人员广州科技交流会。坚持创新办会…": a name and a full stop is a project's, not a department's
        and (shadow(text)[m.end() - 1] != "。" or all(_dutiable(u) for u in split_units_cached(text[m.start(1) : m.end(1)])))
    ):
        rest = text[m.end() :]  # the duties ("负责…"), not an item that is a name and nothing more
        return [("text", rest), ("note", NoteFields(lead=[text[m.start(1) : m.end(1)]])), *tokens[1:]]
    if not numbered:
        return tokens  # "商委:负责…" unnumbered reads only as a unit's duties (above), never as a subject
    m = _UNIT_SUBJECT_RX.match(shadow(text))
    if m is None and duties:
        m = _DUTY_SUBJECT_RX.match(shadow(text))  # among bodies' duties, "社会事业处配合做好…" is its own duty
    sh = shadow(text).rstrip()
    if m is None or len(sh) - m.end() < 6 or not sh.endswith(TERMINAL):
        # the work itself follows ("负责对影响交通的行道树进行修枝。"); or a verb right after the body
        bare = _bare_subject(text) if lead_heading(text) is None else None
        return tokens if bare is None else [("text", text), ("note", NoteFields(lead=[bare])), *tokens[1:]]
    start = m.start(1)
    glued = _glued_heading_end(text[start : m.end(1)])
    if glued is not None:
        start += glued  # "(一)完善…标志区交通与建设局要…": the heading is the task's words, the body after it its lead
    if (
        lead_heading(text) is None  # "(一)省监察厅牵头的工作" heads the work, it is none
        and _all_units(text[start : m.end(1)])
    ):
        leads = [text[start : m.end(1)], *_second_subjects(text, m.end())]
        return [("text", text), ("note", NoteFields(lead=leads)), *tokens[1:]]
    bare = _bare_subject(text) if lead_heading(text) is None else None
    return tokens if bare is None else [("text", text), ("note", NoteFields(lead=[bare])), *tokens[1:]]


_SECOND_SUBJECT_RX = re.compile(r"[;；]\s*([省市县区][^::,,。;;()]{1,20}?)\s*(?:负责|牵头|应当|要|必须)")


def _second_subjects(text: str, after: int) -> list[str]:
    """A second body charged in a clause of its own after a ; ("…规范行车秩序；区经济发展局要组织人员开展…"):
    it leads its part of the item too."""
    sh = shadow(text)
    out = []
    for m in _SECOND_SUBJECT_RX.finditer(sh, after):
        name = text[m.start(1) : m.end(1)]
        if _all_units(name) and len(split_units_cached(name)) == 1 and _dutiable(name):
            out.append(name)
    return out


# a body with its level, then a verb of the work it is charged with, no 负责 or 要 between them:
# "(五)区人民银行协助开展…", "(八)区财政金融局预算安排…", "(一)区打非办为联络召集人…"
_BARE_SUBJECT_RX = re.compile(
    r"^\s*([省市县区][\u4e00-\u9fff]{1,14}?(?:局|院|行|办|委|署|厅|中心|公司))"
    r"(?=在|协助|通报|预算|为|向|会同|配合|组织|做好|加强|督促|指导|开展|落实|统筹|依法|积极|主动|及时|承担|研究|制定|牵头)"
)


def _bare_subject(text: str) -> str | None:
    """The body an item opens with when a verb follows its name straight away, or None."""
    sh = shadow(text).rstrip()
    m = _BARE_SUBJECT_RX.match(sh)
    if m is None or len(sh) - m.end() < 6 or not sh.endswith(TERMINAL):
        return None
    name = text[m.start(1) : m.end(1)]
    organ = _dutiable(name) or shadow(name).endswith(("银行", "中心", "公司"))
    return name if _all_units(name) and len(split_units_cached(name)) == 1 and organ else None




# a leading group or its office, named on a heading of its duties (领导小组工作职责, 领导小组办公室职责)
_GROUP_BODY_RX = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:领导小组|工作小组|指挥部)(?:办公室)?")


def _division(unit: str) -> bool:
    """A division of a bureau named with its bureau (区农村发展局水利处), not a bureau's own name."""
    from duban.core import unitname
    from duban.core.units import ends_with_organ, looks_like_unit

    found = unitname.division_of(shadow(unit))
    return (found is not None and looks_like_unit(unit) and (ends_with_organ(found[0]) or bool(_DEPARTMENT_RX.search(found[0])))
            and not re.search(r"的|\d", found[1]))


def _dutiable(unit: str) -> bool:
    """A department a list of duties can name: an organ (a project's venue, 市文博馆, is none), a kind
    of department (工商部门), the townships or a group of them (各乡(镇)政府)."""
    from duban.core import unitname
    from duban.core.units import looks_like_unit

    sh = shadow(unit)
    if not looks_like_unit(unit) or re.search(r"的|\d", sh):
        return False
    if sh.endswith("部门") or sh.startswith("各"):
        return True
    if _division(unit) and (found := unitname.division_of(sh)) is not None:
        return _dutiable(found[0])
    name = unitname.parse(unit)
    organ = bool(_DEPARTMENT_RX.search(unit)) or bool(re.search(r"(?:办事处|街道|机关)$", sh))
    return organ and (name.body is not None or bool(name.level) or bool(name.place) or sh.endswith(("办事处", "街道")))


# "2016年平潭综合实验区环境与国土资源局环境保护目标责任": a year, one department, the matter and the
# word for what is charged to it - the title of that department's own list in a plan divided by department
_DEPARTMENT_TITLE_RX = re.compile(
    r"^(?:\d{4}年度?)(?P<rest>[\u4e00-\u9fff()]{4,50}?(?:目标责任(?:书|状|清单)?|责任目标|目标任务|工作任务|任务清单|责任清单))$"
)
_TITLE_MATTER_RX = re.compile(r"^[\u4e00-\u9fff]{0,12}$")


def department_title(text: str) -> str | None:
    """The department a title like "2016年平潭综合实验区公安局环境保护目标责任" charges, or None."""
    sh = shadow(text).strip()
    m = _DEPARTMENT_TITLE_RX.match(sh)
    if m is None:
        return None
    rest = text.strip()[m.start("rest") :]
    for end in range(len(rest) - 4, 1, -1):
        head, matter = rest[:end], rest[end:]
        if not _TITLE_MATTER_RX.match(shadow(matter)):
            continue
        units = split_units_cached(head)
        if re.search(r"有关|相关|部门|^各|区直|市直|县直", shadow(head)):
            return None  # "区直有关部门环境保护目标责任": the title of them all, no one department's
        if len(units) == 1 and units[0] == head and _all_units(head) and _dutiable(head):
            return head
    return None


def _department_line(blocks: list[Block], i: int) -> bool:
    """An unnumbered line that is only a department's name, over numbered items that are sentences:
    the department's own list (a plan divided by department)."""
    b = blocks[i]
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    text = shadow(b.text).strip()
    if nxt is None or nxt.num is None or len(text) > 20 or text.endswith(TERMINAL) or re.search(r"政府$|办公[室厅]$", text):
        return False  # an issuer's signature (…人民政府, …办公室) is no department heading
    return _all_units(b.text) and len(split_units_cached(b.text)) == 1


def split_units_cached(value: str) -> tuple[str, ...]:
    from duban.core.parse.assemble import units_of

    return tuple(units_of([value]))


def _all_units(value: str) -> bool:
    """Every name an organ (市卫生局, 重庆警备区司令部, 各区县政府(地区管委会)), not a phrase that ends
    like one (坚持科学规划城市, 建设3个劳动密集型产业园, 主要指标的责任部门)."""
    from duban.core.units import ends_with_organ, looks_like_unit, split_units

    units = split_units(value)
    return bool(units) and all(
        looks_like_unit(u) and (ends_with_organ(shadow(u)) or _division(u) or bool(_BARE_DIVISION_RX.fullmatch(shadow(u))))
        and not re.search(r"的|\d", shadow(u)) for u in units
    )


# a division named alone, as a body's own plan names its divisions (党群工作处, 资源生态处)
_BARE_DIVISION_RX = re.compile(r"[\u4e00-\u9fff]{2,8}(?:处|科)")


def _needs_space(a: str, b: str) -> bool:
    """Wrapped lines join without a space, except between two Latin words."""
    return bool(a) and bool(b) and a[-1].isascii() and a[-1].isalnum() and b[:1].isascii() and b[:1].isalnum()


def _only_punctuation(text: str) -> bool:
    return not shadow(text).strip(" \t。.;;,,、")


def _unbalanced(text: str) -> bool:
    sh = shadow(text)
    return sh.count("(") > sh.count(")") or sh.count("〔") > sh.count("〕") or sh.count("【") > sh.count("】")


def _continues(cur: Block, tokens: list[tuple[str, str | NoteFields | Numbered]], lines: list[Line], idx: int, blank_before: bool) -> bool:
    """Whether an unnumbered line carries on the block before it (a wrapped paragraph)."""
    if cur.notes:
        return False
    text = shadow(cur.text).rstrip()
    if not text:
        return True  # "1、" alone on a line, its text on the next
    if _unbalanced(cur.text):
        return True
    if blank_before:
        return False
    if cur.num is not None and cur.num.style in HEADING_STYLES and text.endswith((";", ";")):
        return True  # "一、…取缔非法接生;" / "并进行…注册。": a heading never stops at a semicolon
    if not text.endswith(TERMINAL + (":", ":")):
        if text.endswith((",", "、", ",")):
            return True
        if cur.num is not None and cur.num.style in HEADING_STYLES and _wrapped_among_sentences(cur, lines, idx):
            return True
        if cur.dash or cur.num is None or cur.num.style in HEADING_STYLES:
            return len(text) > SHORT_HEADING
        return len(text) >= 25  # a numbered task wraps a full line; a short one is a sub-head
    # "1.第一句。" / "第二句。(牵头单位:…)": one task over two lines, when the line closes with its
    # only note and the plan goes on with numbered items (not a run of unnumbered noted paragraphs)
    notes = [k for k, _ in tokens if k == "note"]
    if cur.num is None or cur.num.style in HEADING_STYLES or len(notes) != 1 or tokens[-1][0] != "note":
        return False
    nxt = _next_significant(lines, idx)
    return nxt is None or nxt.is_row or numbering(nxt.text) is not None or parse_field_line(nxt.text) is not None


def _wrapped_among_sentences(cur: Block, lines: list[Line], idx: int) -> bool:
    """"二、继续进行…,提高农村" / "贫困孕产妇住院分娩率…。" / "三、继续加强…工作。": an item cut mid-phrase,
    whose one unnumbered line closes a sentence, before a sibling that is itself a sentence: the items
    are tasks written on a narrow page, not headings over paragraphs."""
    line = lines[idx]
    nxt = _next_significant(lines, idx)
    if nxt is None or line.is_row or nxt.is_row or not shadow(line.text).rstrip().endswith(TERMINAL):
        return False
    sibling = numbering(nxt.text)
    return (
        sibling is not None
        and cur.num is not None
        and sibling.style == cur.num.style
        and shadow(nxt.text).rstrip().endswith(TERMINAL)
    )


def _next_significant(lines: list[Line], idx: int) -> Line | None:
    for line in lines[idx + 1 :]:
        if not is_blank(line.text):
            return line
    return None


# a label opening the text of the work required (任务要求。…, 工作要求:…), a full stop standing for its colon
_REQUIREMENT_LABEL_RX = re.compile(r"^\s*(?:任务|工作|具体|目标)要求\s*[。.::]\s*(?=\S)")


def _clean_text(text: str) -> str:
    text = text.strip().strip("\u3000").rstrip(" ,,、")
    # a quoted item in prose: 任务“地区生产总值增长6.5%左右”
    m = re.fullmatch(r"(?:任务|工作|目标)?[::,,]?\s*“([^“”]+)”\s*[,,。]?", shadow(text))
    if m:
        return text[m.start(1) : m.end(1)]
    return text.lstrip(",,、。;;")


# ---------------------------------------------------------------------------------------------
# From blocks to items

_DEPARTMENT_RX = re.compile(r"(?:厅|局|委员会|委|办公室|办|部|署|院|政府|工委|管委会)$")
_LEAD_HEADING_RX = re.compile(
    r"^(?P<who>[^,,。;;]{2,40}?)(?:牵头|负责|主抓|分管|联系|主责)(?:的)?(?:重点)?(?:工作|事项|任务|内容)?"
    r"(?:[((]\s*(?:共)?\d+\s*项\s*[))])?[。.]?$"  # "县示范区管委会牵头工作(8项)"
)


def lead_heading(text: str, *, numbered: bool = True) -> tuple[list[str], list[str]] | None:
    """The lead units or leaders a heading names as the owner of the work under it, or None.

    "省监察厅牵头的工作" → (["省监察厅"], []); "孟学农省长负责的工作" → ([], ["孟学农"]).
    """
    from duban.core.units import looks_like_leader_title, looks_like_unit, split_units

    sh = shadow(text).strip()
    m = _LEAD_HEADING_RX.match(sh)
    if not m:
        # a heading that is only a department's name: the work listed under it is that department's
        # ("五、省发改委" over its tasks, in a plan divided by department)
        # ("一、农业、沼气部门:", "(二)各乡(镇)政府、街道办事处职责": a division of duties)
        head = re.sub(r"(?:的?(?:工作)?职责(?:分工)?)?\s*[::]?$", "", sh)
        if numbered and head != sh and _GROUP_BODY_RX.fullmatch(head):
            return [text.strip()[: len(head)]], []  # "(一)领导小组工作职责": the group's own duties
        if numbered and len(head) <= 30 and not re.search(r"[。,,;;::]", head):
            units = split_units(text.strip()[: len(head)])
            if units and all(_dutiable(u) for u in units):
                return units, []
        return None
    who = text.strip()[: m.end("who")]
    parts = [p for p in re.split(r"[、和及]", who) if p.strip()]
    names = [leader_name(p) for p in parts]
    if parts and all(names):
        return [], [n for n in names if n]
    if parts and all(looks_like_leader_title(p) for p in parts):
        return [], [p.strip() for p in parts]
    units = split_units(who)
    if units and all(looks_like_unit(u) for u in units):
        return units, []
    return None


def _first_seen(blocks: list[Block]) -> dict[str | None, int]:
    """Where each numbering style is first used: a style used before another is an outer level."""
    seen: dict[str | None, int] = {}
    for i, b in enumerate(blocks):
        if b.num is not None or b.dash:
            seen.setdefault(b.style, i)
    return seen


def _heads_unnoted(blocks: list[Block], i: int, first_seen: dict[str | None, int]) -> bool:
    """Block i, a heading-style item with a note, heads numbered items of a deeper style none of
    which has a note of its own (up to the next item of its own style or an outer one)."""
    if not _heads_next(blocks, i, first_seen):
        return False
    b = blocks[i]
    depth = _CUSTOMARY_DEPTH.get(b.style or "", -1)
    under = []
    for nxt in blocks[i + 1 :]:
        if nxt.num is None:
            if nxt.has_units or _MEASURES_LABEL_RX.search(shadow(nxt.text)):
                return False  # a note of its own below, or the items are its measures (整改措施:)
            continue
        if nxt.style == b.style or first_seen.get(nxt.style, i + 1) <= first_seen.get(b.style, i):
            break
        under.append(nxt)
    # the items under it are of a style plans nest inside its own (an excerpt that opens at "(七)"
    # over "三、" must not read 三、 as (七)'s item)
    return bool(under) and not any(n.has_units for n in under) and all(
        _CUSTOMARY_DEPTH.get(n.style or "", -1) > depth for n in under)


# a label with nothing after it that introduces the numbered steps of the task above it
_MEASURES_LABEL_RX = re.compile(r"(?:措施|举措|步骤|具体做法|工作安排)\s*[:：]\s*$|^\s*[\u4e00-\u9fff]{0,4}(?:措施|举措|步骤)\s*$")

# how deep each numbering style customarily stands: 第一部分 > 一、 > (一) > 1. > (1) > ①
_CUSTOMARY_DEPTH = {"part": 0, "cn": 1, "(cn)": 2, "ar": 3, "ar)": 4, "(ar)": 4, "circ": 5}


def _heads_next(blocks: list[Block], i: int, first_seen: dict[str | None, int]) -> bool:
    """Block i heads what follows: the next numbered block has a deeper style (one the plan had not
    used before this block's own), or unnumbered noted blocks follow it (sub-heads and prose in
    between are looked past)."""
    b = blocks[i]
    for nxt in blocks[i + 1 :]:
        if nxt.num is None and not nxt.dash:
            if nxt.has_units:
                return not b.has_units
            continue
        if nxt.style == b.style:
            return False
        return first_seen.get(nxt.style, i + 1) > first_seen.get(b.style, i)
    return False


def _share_notes_below(blocks: list[Block], first_seen: dict[str | None, int]) -> None:
    """"(1)… (2)… (3)… (4)…" then one "(责任单位:…)" line: the note closes the group and answers for
    each item of it, unless the plan gives its items notes of their own (then it is the last item's)."""
    per_item = False
    last_of_style: dict[str | None, Block] = {}
    for b in blocks:
        if b.num is None:
            continue
        prev = last_of_style.get(b.style)
        if b.notes and prev is not None and prev.notes:
            per_item = True  # items with notes of their own, one after another: each note is its item's
            break
        # a sibling run ends where an outer level comes back
        depth = first_seen.get(b.style, 0)
        last_of_style = {k: v for k, v in last_of_style.items() if first_seen.get(k, 0) <= depth}
        last_of_style[b.style] = b
    for i, b in enumerate(blocks):
        scope = max(b.fields.scope, default=1) if b.fields.scope else 1
        group = b.group_note or scope == -1
        if not ((b.note_below or scope != 1) and b.has_units):
            continue
        k = i - 1
        while k >= 0 and not blocks[k].notes and (scope <= 1 or i - k < scope):
            above = blocks[k]
            if scope > 1:
                pass  # "以上四项工作X牵头": the count says how far
            elif group:
                # "上述项目由X牵头负责": every item since the last note or heading
                plain = shadow(above.text).strip()
                if above.dash or (above.num is not None and above.style in HEADING_STYLES) or (
                    _plain_heading(plain) and not plain.endswith(TERMINAL)
                ):
                    break
            elif b.num is None or above.num is None or above.style != b.style:
                break
            elif per_item and not shadow(above.text).rstrip().endswith((";", ";")):
                break  # "2.…;" "3.…;" "4.…。" then one note: the items run on into it
            above.fields = b.fields
            above.notes = 1
            above.last = b.last  # the note it answers to is part of where it came from
            k -= 1


def _named_heading_tasks(blocks: list[Block], first_seen: dict[str | None, int]) -> list[Block]:
    """A numbered heading that names a piece of work (（一）加强组织领导, 二、开展“绿色饭店”创建工作), whose
    whole body is one unnumbered paragraph closed by its note, is one task numbered as the heading:
    its text the name and the paragraph, or the name alone where the paragraph is labelled as the
    work's requirements (任务要求。… / 牵头单位:X;责任单位:Y。), its detail. A heading over numbered
    items, or over several paragraphs, stays a heading."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        body = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        name = shadow(b.text).strip()
        if (
            body is not None and b.num is not None and b.style in HEADING_STYLES and not b.notes and not b.fields.leaders
            and name and len(name) <= SHORT_HEADING and not name.endswith(TERMINAL) and not re.search(r"[,,;;:]", name)
            and lead_heading(b.text) is None  # "(一)省监察厅牵头的工作": a unit's share, over its work
            and not is_target_title(b.text)  # "一、主要预期目标": the section of the figures below it
            and body.num is None and not body.dash and not body.mid_line and body.has_units and body.own_note
            and (after is None or (after.num is not None and (
                after.style == b.style or first_seen.get(after.style, len(blocks)) < first_seen.get(b.style, 0))))
        ):
            b.fields, b.notes, b.own_note, b.last = body.fields, body.notes, True, max(b.last, body.last)
            if not body.detail:
                b.text += " " + body.text  # a title line and its paragraph, as printed apart
            out.append(b)
            i += 2
            continue
        out.append(b)
        i += 1
    return out


def classify(blocks: list[Block]) -> list[Item]:
    """Headings, tasks and prose from the blocks of a plan's text."""
    first_seen = _first_seen(blocks)
    _share_notes_below(blocks, first_seen)
    task_styles = {b.num.style for b in blocks if b.num is not None and b.has_units}
    # (after the styles whose items carry their own notes: a heading that takes its paragraph's note
    # is no sign that its unnoted siblings lost theirs)
    blocks = _named_heading_tasks(blocks, first_seen)
    items: list[Item] = []
    lead_context = False  # the nearest heading names a lead unit for the work under it
    noted_group: str | None = None  # the style of a heading whose note answers for the items under it
    measures_of: str | None = None  # the style of a task whose measures (整改措施:) are listed under it
    last_task_style: str | None = None
    for i, b in enumerate(blocks):
        style = b.style
        if measures_of is not None:
            if b.num is None and b.mid_line and i > 0 and blocks[i - 1].notes and not b.notes:
                continue  # the rest of a step whose doers came first ("1.区农业局牵头,区财政局配合,加快…")
            deeper = b.num is not None and _CUSTOMARY_DEPTH.get(style or "", -1) > _CUSTOMARY_DEPTH.get(measures_of, 99)
            if deeper and not b.own_note:
                items.append(replace(_item(b), kind="measure"))  # a step of the task above, not a task
                continue
            if not deeper:
                # (a step with a note of its own is a task: 具体措施: 1.…(财政部牵头); one that names its
                # doers in its own opening words is a step: 整改措施: 1.区农业局牵头,区财政局配合,…)
                measures_of = None
        if b.num is None and not b.has_units and last_task_style is not None and _MEASURES_LABEL_RX.search(shadow(b.text)):
            measures_of = last_task_style  # "…整改措施:" then 1. 2. 3.: the steps of the task above
            continue
        if noted_group is not None and (style == noted_group or (style in HEADING_STYLES and b.num is not None
                                                                   and first_seen.get(style, i) <= first_seen.get(noted_group, i))):
            noted_group = None  # the group has ended: its sibling or an outer heading
        item = _item(b)
        owner = None if b.has_units else lead_heading(b.text, numbered=b.num is not None)
        if owner is None and not b.has_units and style is None and _department_line(blocks, i):
            owner = ([b.text.strip()], [])  # "市卫生局" alone on a line over its numbered items
        if (owner is None and not b.has_units and style is None and i + 1 < len(blocks) and blocks[i + 1].num is not None
                and (titled := department_title(b.text)) is not None):
            owner = ([titled], [])  # "2016年…公安局环境保护目标责任" over that department's numbered targets
        if owner is not None and (style is None or style in HEADING_STYLES or style == "dash" or _heads_next(blocks, i, first_seen)):
            units, leaders = owner
            item.kind = "heading"
            item.fields = item.fields.merged(NoteFields(leaders=leaders, lead=units))
            item.inherit = bool(units)
            lead_context = bool(units)
            items.append(item)
            continue
        if b.has_units and style in HEADING_STYLES and _heads_unnoted(blocks, i, first_seen):
            # "(一)推进重大项目建设(牵头单位:X;配合单位:Y)" over "1.…" "2.…" that name no unit: the
            # group's note answers for its items
            item.kind = "heading"
            item.inherit = True
            lead_context = False
            noted_group = style
            items.append(item)
            continue
        if b.has_units:
            # a numbered item with its own note is a task, even where numbered measures follow it
            items.extend(_split_inline_heading(blocks, i, item))
            last_task_style = style
            continue
        if b.fields.leaders and not b.has_units:
            if style is not None and style not in HEADING_STYLES and style != "dash" and not _heads_next(blocks, i, first_seen):
                item.kind = "task"
            else:
                item.kind = "heading"
                lead_context = False
            items.append(item)
            continue
        if style is not None:
            if style == "dash":
                item.kind = "heading"
            elif noted_group is not None and not _heads_next(blocks, i, first_seen):
                item.kind = "task"  # an item of a group whose heading's note answers for it
            elif (style in task_styles and not lead_context and not _heads_next(blocks, i, first_seen)
                  and _unnoted_run(blocks, i, first_seen)):
                item.kind = "prose"  # "四、保障措施" over "(一)…(二)…" with no note: no task, though (一) is a task's style
            elif style in task_styles and not _heads_next(blocks, i, first_seen):
                item.kind = "task"
            elif not task_styles and style not in HEADING_STYLES and not _heads_next(blocks, i, first_seen):
                item.kind = "task"
            elif lead_context and not _heads_next(blocks, i, first_seen) and shadow(b.text).rstrip().endswith(TERMINAL):
                item.kind = "task"  # "(一)安排建设资金12亿元…。" under "五、省发改委": that department's work
            else:
                item.kind = "heading"
            if item.kind == "heading":
                lead_context = False
            items.append(item)
            continue
        # unnumbered, without a note
        text = shadow(b.text).strip()
        if REMARK_RX.match(text):
            continue
        if lead_context and text.endswith(TERMINAL):
            item.kind = "task"  # under "(一)省监察厅牵头的工作": the work it leads
            items.append(item)
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        whole_line = nxt is None or not (nxt.mid_line and nxt.line == b.line)
        if _plain_heading(text) and whole_line:  # a sub-head stands on a line of its own ("例如," does not)
            item.kind = "heading"
            item.style = "plain"
            lead_context = False
            items.append(item)
            continue
        if b.mid_line and i > 0 and blocks[i - 1].notes:
            continue  # the rest of a paragraph whose note came first ("由X负责,Y牵头,尽快完成…")
        item.kind = "prose"
        items.append(item)
    return items


def _unnoted_run(blocks: list[Block], i: int, first_seen: dict[str | None, int]) -> bool:
    """Block i and every item beside it under the same heading (up to an item of an outer style
    either way), and everything under them, name no unit: the closing "保障措施" of a plan whose tasks
    carry notes, not tasks that lost theirs."""
    b = blocks[i]
    own = first_seen.get(b.style, i)

    def outer(other: Block) -> bool:
        return other.num is not None and other.style != b.style and first_seen.get(other.style, i) < own

    k = i
    while k > 0 and not outer(blocks[k - 1]):
        k -= 1
    end = i + 1
    while end < len(blocks) and not outer(blocks[end]):
        end += 1
    return k > 0 and not any(x.has_units or x.fields.leaders for x in blocks[k:end])


def _plain_heading(text: str) -> bool:
    """A short unnumbered line that heads the items after it ("加强基础设施建设", "扩大有效投资。")."""
    if not text or len(text) > SHORT_HEADING or text.endswith((",", ",", ":", ":", "、", ";", ";")):
        return False
    return not text.endswith("。") or len(text) <= 15


def _item(b: Block) -> Item:
    return Item(
        kind="task",
        text=b.text,
        first=b.first,
        last=b.last,
        style=b.style,
        number=b.num.number if b.num is not None else None,
        starred=b.starred,
        fields=b.fields,
        has_note=b.notes > 0,
        index=b.line,
    )


def _split_inline_heading(blocks: list[Block], i: int, item: Item) -> list[Item]:
    """"(一)增强创新驱动发展能力。推进…(note)。在高端装备…(note)": a numbered paragraph holding several
    noted tasks opens with its heading sentence; the tasks after it are unnumbered."""
    b = blocks[i]
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if b.num is None or nxt is None or not (nxt.mid_line and nxt.line == b.line and nxt.has_units):
        return [item]
    sh = shadow(b.text)
    cut = sh.find("。")
    if cut <= 0 or cut >= len(sh.rstrip()) - 1:
        return [item]
    heading = Item(
        kind="heading", text=b.text[: cut + 1], first=b.first, last=b.first, style=b.style, number=item.number
    )
    task = Item(
        kind="task", text=b.text[cut + 1 :].strip(), first=b.first, last=b.last, style=None, number=None,
        starred=b.starred, fields=b.fields, has_note=True,
    )
    return [heading, task]
