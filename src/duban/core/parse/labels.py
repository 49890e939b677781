"""Responsibility labels as plans compose them: a role, then a holder.

Plans do not agree on one word for "who leads": 牵头单位, 牵头责任单位, 主办单位, 主责部门; nor for
"who helps": 配合单位, 协同责任单位, 配合实施单位, 协办单位; nor for the leader: 责任领导, 牵头负责领导,
分管区领导, 包保领导. Each is a role word (牵头, 主办, 配合, 责任…) and a holder word (单位, 部门,
领导, 人…), sometimes with a level (区, 市) or two roles. Reading the grammar instead of a list of
labels is what lets the reader take a plan it has never seen.

What a label means: the holder says whether it names units, leaders or persons; for units, the
first role decides: a lead role (牵头, 主办, 主责…) leads, a helping role (配合, 协同, 协办…)
cooperates, and a plain responsibility (责任, 负责, 实施…) names units that answer without a lead,
which plans and the contract read as cooperating (a lead, when there is one, is labelled) —
unless the plan pairs it with a helping label and never labels a lead (责任部门 / 配合部门): then
it is the lead side of the pair. That is decided for the whole plan (`responsible`), not here.
A division label (部门分工, 责任分工) holds clauses ("省发展改革委牵头,各地、各部门配合").
"""

from __future__ import annotations

import re
from functools import lru_cache

from duban.core.parse.lines import compact

LEAD_ROLES = ("总牵头", "牵头", "主办", "主责", "主抓", "主管", "主体责任", "第一责任", "主承办", "领办")
COOP_ROLES = ("协同", "配合", "协办", "参与", "协助", "会同", "协作", "参加", "会办", "支持", "联办", "合办", "协调", "辅助")
PLAIN_ROLES = ("考核责任", "主要责任", "责任", "负责", "实施", "落实", "承办", "承担", "执行", "具体")  # 主要责任单位: all that answer
LEADER_ROLES = ("分管", "联系", "挂点", "包保", "督办", "协管", "领衔", "挂帅", "督导", "包联", "带头")
UNIT_HOLDERS = ("单位", "部门", "处室", "科室", "机关", "主体", "科局", "股室", "机构")
LEADER_HOLDERS = ("领导同志", "领导")
PERSON_WORDS = ("具体责任人", "主要责任人", "主要负责人", "协调人", "直接责任人", "责任人", "联系人", "经办人", "负责人", "承办人", "联络员", "责任领导人")
DIVISION_WORDS = ("部门分工", "责任分工", "任务分工", "职责分工", "单位分工", "分工负责", "责任分解", "分工")
DEADLINE_WORDS = ("整改时限", "整改期限", "办理时限", "时间进度", "进度安排", "时间安排", "完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "办结时限", "时间要求", "完成时间节点", "时限", "进度要求")
LEVEL = "省市州盟区县旗镇乡"
# what the label's holder answers for, printed before it: 项目责任人, 工作牵头单位, 任务责任部门
OBJECT_WORDS = ("项目", "工作", "任务", "事项")

_ROLE = "|".join(sorted(LEAD_ROLES + COOP_ROLES + PLAIN_ROLES + LEADER_ROLES, key=len, reverse=True))
_HOLDER = "|".join(sorted(UNIT_HOLDERS + LEADER_HOLDERS, key=len, reverse=True))
_UNIT_HOLDER = "|".join(sorted(UNIT_HOLDERS, key=len, reverse=True))
# two holders for one role: 责任处室或单位, 牵头部门和单位
_COMPOSED = rf"(?:[{LEVEL}](?:级|委|政府)?)?(?:{_ROLE}){{0,3}}(?:[{LEVEL}](?:级|政府)?)?(?:{_HOLDER})(?:[或和及/、](?:{_UNIT_HOLDER}))?"
_PLAIN = "|".join(sorted(PERSON_WORDS + DEADLINE_WORDS + DIVISION_WORDS, key=len, reverse=True))
# A label as it can be printed: composed, or one of the person / deadline words; a short bracketed
# qualifier may follow ("牵头单位(部门)").
_OBJECT = "|".join(OBJECT_WORDS)
LABEL = rf"(?:{_OBJECT})?(?:{_PLAIN}|{_COMPOSED})(?:\([^()]{{1,6}}\))?"
LABEL_RX = re.compile(LABEL)
_FULL_RX = re.compile(rf"^(?:{_PLAIN}|{_COMPOSED})$")
_OBJECT_RX = re.compile(rf"^(?:{_OBJECT})(?=.)")


@lru_cache(maxsize=4096)
def label_role(label: str) -> str | None:
    """What a label names: lead, cooperating, responsible, general_lead, leaders, persons, deadline,
    division (clauses follow); None if not a label.

    >>> label_role("牵头责任单位"), label_role("配合实施单位"), label_role("牵头负责领导")
    ('lead', 'cooperating', 'leaders')
    """
    word = _OBJECT_RX.sub("", re.sub(r"\([^()]{1,6}\)$", "", compact(label)))
    if not _FULL_RX.match(word):
        return None
    if word in PERSON_WORDS or word.endswith("责任人"):
        return "persons"
    if word in DEADLINE_WORDS:
        return "deadline"
    if word in DIVISION_WORDS:
        return "division"
    if word.endswith(LEADER_HOLDERS):
        return "leaders"
    roles = re.findall(_ROLE, word)
    if not roles:
        return None  # "单位", "区部门": a holder alone names nothing
    if "总牵头" in word:
        return "general_lead"
    first = roles[0]
    if first in LEADER_ROLES:
        return None  # 分管单位? a leader's role with a unit holder is not a label plans print
    if first in LEAD_ROLES:
        return "lead"
    if first in COOP_ROLES:
        return "cooperating"
    # 责任单位, 负责部门, 实施单位 — or 责任牵头单位, 负责配合单位: a later lead/coop role decides
    for role in roles[1:]:
        if role in LEAD_ROLES:
            return "lead"
        if role in COOP_ROLES:
            return "cooperating"
    return "responsible"


_SEPARATORS = re.compile(r"[::]")
_PROSE_SEPARATORS = re.compile(r"[::是为]")
_ENDINGS = frozenset(UNIT_HOLDERS + LEADER_HOLDERS + PERSON_WORDS + DEADLINE_WORDS + DIVISION_WORDS + ("人",))
_OBJECTS = frozenset(OBJECT_WORDS)
_LEFT_WORDS = frozenset(LEAD_ROLES + COOP_ROLES + PLAIN_ROLES + LEADER_ROLES)
_ENDING_SIZES = sorted({len(w) for w in _ENDINGS}, reverse=True)
_LEFT_SIZES = sorted({len(w) for w in _LEFT_WORDS}, reverse=True)


def _word_before(text: str, pos: int, words: frozenset[str], sizes: list[int]) -> str | None:
    """The longest of `words` that ends at `pos`, or None."""
    for size in sizes:
        if size <= pos and text[pos - size : pos] in words:
            return text[pos - size : pos]
    return None
_QUALIFIER_AT_END = re.compile(r"\([^()]{1,6}\)\s*$")


@lru_cache(maxsize=65536)
def find_keys(text: str, *, prose: bool = False) -> tuple[tuple[int, int, str], ...]:
    """Where labels with their separator start and end in `text` (a shadow), with each one's role.

    Only labels at a boundary count (start, after punctuation, a bracket or a space), so that words
    inside a sentence ("明确责任单位:" is rare, "各牵头单位要" has no separator) are not read as keys.
    Each separator is looked at once: the label that ends at it is read backwards, its holder word
    first, then the roles and levels before it (the longest that is a label).
    """
    out: list[tuple[int, int, str]] = []
    for sep in (_PROSE_SEPARATORS if prose else _SEPARATORS).finditer(text):
        found = _label_before(text, sep.start())
        if found is None:
            continue
        start, role = found
        if start > 0 and text[start - 1] not in _BOUNDARY:
            continue
        end = sep.end()
        while end < len(text) and text[end] in " \t":
            end += 1
        out.append((start, end, role))
    return tuple(out)


def _label_before(text: str, end: int) -> tuple[int, str] | None:
    """(start, role) of the label ending at `end`, or None."""
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    word_end = end
    holder = _word_before(text, word_end, _ENDINGS, _ENDING_SIZES)
    if holder is None and end and text[end - 1] == ")":
        q = _QUALIFIER_AT_END.search(text, max(0, end - 9), end)  # 牵头单位(部门):
        word_end = q.start() if q else end
        holder = _word_before(text, word_end, _ENDINGS, _ENDING_SIZES)
    if holder is None:
        return None
    starts = [word_end - len(holder)]
    pos = starts[0]
    for _ in range(5):  # roles and levels before the holder: 牵头负责领导, 责任区领导, 区级配合单位
        word = _word_before(text, pos, _LEFT_WORDS, _LEFT_SIZES)
        if word is None and pos > 0 and text[pos - 1] in LEVEL:
            word = text[pos - 1]
        elif word is None and pos > 1 and text[pos - 1] in "级委" and text[pos - 2] in LEVEL:
            word = text[pos - 2 : pos]
        elif word is None and pos > 2 and text[pos - 1] in "或和及/、":
            other = _word_before(text, pos - 1, _ENDINGS, _ENDING_SIZES)  # 责任处室或单位: two holders
            word = other + text[pos - 1] if other in UNIT_HOLDERS else None
        if word is None:
            break
        pos -= len(word)
        starts.append(pos)
    if _word_before(text, pos, _OBJECTS, [2]) is not None:
        starts.append(pos - 2)  # 项目责任人: what the holder answers for
    for start in reversed(starts):  # the longest first
        role = label_role(text[start:end])
        if role is not None:
            return start, role
    return None


# What may stand right before a label: punctuation, a bracket, a space; or the end of a unit name
# when a clerk typed two fields without a separator ("牵头单位:区发改局责任单位:区财政局").
_BOUNDARY = " \t;;,,。.、::(([[【〔)〕]】“\"|/局委办厅院府心团司"
