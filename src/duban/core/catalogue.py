"""The kinds of government unit, the names each takes at every level, and what each answers for.

A candidate list names units the way its own government does (区发改局, 市发展和改革委员会,
县发展改革局 …, and in older plans 市计委, 市经委). Suggestions are learned and ruled per *kind*,
then mapped back onto whatever names the candidate list uses, so knowledge from one government
carries to another.

`match(name)` gives a printed unit name its kind (read by `unitname.parse`); `rule_scores(text)`
scores the kinds whose remit words a task's text uses. The knowledge itself — kinds, the bodies
and names of each, remit words, fallbacks, facets — is data (`data/units.toml`), read on first
use; `KINDS`, `BY_KEY`, `FALLBACK` and `FACETS` are computed from it the first time they are asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from duban.core import unitname


@dataclass(frozen=True)
class Kind:
    """One kind of unit: its key, its name stems, examples of its names by level, and its remit."""

    key: str
    aliases: tuple[str, ...]
    names: tuple[str, ...]  # 国家 / 省 / 市 / 县区 examples, for people and for tests
    remit: tuple[str, ...]
    party: bool = False  # a Party committee department rather than a government one
    group: bool = False  # a kind that stands for many units (乡镇街道, 区直部门)


@dataclass(frozen=True)
class RuleHit:
    """The kinds a text's words point to, with the words, for explanations."""

    score: float
    words: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Facet:
    """Part of a kind that some governments give a unit of its own (a city's 科技局 and 经信局
    where a county has one 科经局): the name stems that mark it and the words of its remit."""

    aliases: tuple[str, ...]
    remit: tuple[str, ...]


@cache
def kinds() -> tuple[Kind, ...]:
    """Every kind, in the data file's order; aliases are the stems of its bodies, old names too."""
    out = []
    for k in unitname.data()["kind"]:
        stems = [s for b in k.get("body", []) for s in b["stems"].split()]
        # the kind answers for what any of its bodies answers for
        own = [w for b in k.get("body", []) if b.get("remit", "*") != "*" for w in b["remit"].split()]
        out.append(
            Kind(
                key=k["key"],
                aliases=tuple(dict.fromkeys(stems)),
                names=tuple(k.get("names", "").split()),
                remit=tuple(dict.fromkeys([*k.get("remit", "").split(), *own])),
                party=bool(k.get("party", False)),
                group=bool(k.get("group", False)),
            )
        )
    return tuple(out)


@cache
def by_key() -> dict[str, Kind]:
    return {k.key: k for k in kinds()}


@cache
def fallback() -> dict[str, tuple[str, ...]]:
    """Where a government has no unit of a kind, its work falls to another (the 2023 reform merged
    乡村振兴局 into 农业农村局; a county without a 招商 centre leaves 招商 to 商务; without 政数局,
    data work is 行政审批's …): first present fallback wins."""
    return {k["key"]: tuple(k["fallback"]) for k in unitname.data()["kind"] if k.get("fallback")}


@cache
def facets() -> dict[str, tuple[Facet, ...]]:
    """The parts of each kind's remit that bodies of it printed side by side answer for (a city's
    科技局 and 经信局, an older list's 农业局, 水产局 and 农办): the bodies' own remit in the data."""
    out: dict[str, list[Facet]] = {}
    for body in unitname.bodies().values():
        if body.remit:
            out.setdefault(body.kind, []).append(Facet(body.stems, body.remit))
    return {k: tuple(v) for k, v in out.items()}


def __getattr__(name: str) -> Any:
    """KINDS, BY_KEY, FALLBACK and FACETS, read from the data file the first time they are used."""
    lazy = {"KINDS": kinds, "BY_KEY": by_key, "FALLBACK": fallback, "FACETS": facets}
    if name in lazy:
        return lazy[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def present_kind(key: str, present: set[str] | frozenset[str]) -> str | None:
    """The kind that does `key`'s work among `present` kinds: itself, or its first present fallback."""
    if key in present:
        return key
    for other in fallback().get(key, ()):
        if other in present:
            return other
    return None


def also_kinds(unit_name: str) -> tuple[str, ...]:
    """The kinds of work a combined body does besides its own: those the data records (a zone's
    城乡建设和交通局: 交通运输), those its name joins to its own (农业农村和水利局: 水利; 文教体卫局: 文旅,
    卫健) and what a body it joins does besides (经济发展和科技局: 发展改革, and the 经发局's 商务, 统计)."""
    u = unitname.parse(unit_name)
    if u.body is None:
        return ()
    out = list(u.body.also)
    others = list(unitname.joined_bodies(u))
    # the office a bracket says the unit also is (区综合执法局(安监局)) and the division of a bureau a
    # name ends in (区经济发展局水利处): their work is the unit's too
    for part in (split_qualifier(unit_name)[1], _division(unit_name)):
        body = unitname.parse(part).body if part else None
        if body is not None and not body.by_name:
            others.append(body)
    for other in others:
        for kind in (other.kind, *other.also):
            if kind != u.body.kind and kind not in out and not by_key()[kind].group:
                out.append(kind)
    return tuple(out)


def _division(unit_name: str) -> str:
    """The division a name ends in after its bureau's name (区经济发展局水利处 → 水利处), or "": a 处, 科
    or 股 only (a 站 or 所 is an outpost whose short name may be another body's: 住建局质监站 is no 质监局)."""
    found = unitname.division_of(split_qualifier(unit_name)[0])
    return found[1] if found else ""


def split_shares(unit_name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The work of other kinds a body printed from before a reform split it still does, as (kind,
    that body's share of the kind's remit): a 国土房管局 (天津, 重庆, 广州 until 2018-2019) does the
    房管 share of 住建's work besides its own kind's, a 海洋与渔业局 the 海洋 share of 自然资源's."""
    body = unitname.parse(unit_name).body
    if body is None or body.became != "split":
        return ()
    out = []
    for key in body.into:
        other = unitname.bodies().get(key)
        if other is not None and other.kind != body.kind and other.remit:
            out.append((other.kind, other.remit))
    return tuple(out)


def _own_body(kind_key: str, unit_name: str) -> unitname.Body | None:
    """The body of `kind_key` a unit's name names: the face a bracket says is meant (区财政局(国资局)
    → 国资) where that face has a share of its own, else the name's own body."""
    u = unitname.parse(unit_name)
    body = next(
        (b for q in u.qualifiers if (b := unitname.parse(q).body) is not None and b.kind == kind_key and b.remit), None
    )
    if body is None and u.body is not None and u.body.kind == kind_key:
        body = u.body
    return body


def part_only(kind_key: str, unit_name: str) -> bool:
    """Whether a unit does only a part of its kind's work (物价局 of 发改's, 公共资源交易中心 of
    行政审批's): beside a unit doing the whole of it or the rest, it is not the one a task in the
    kind's general words goes to."""
    body = _own_body(kind_key, unit_name)
    return body is not None and body.part


def facet_score(kind_key: str, unit_name: str, text: str) -> float | None:
    """How much of `text` is the remit of the body a unit's name names, where that body has a share
    of its kind's remit of its own (科技局 → the 科技 part; a bracket says which face is meant:
    区财政局(国资局) → 国资); None when it has none or covers the whole kind (科技经信局, 卫健局)."""
    body = _own_body(kind_key, unit_name)
    if body is None or not body.remit:
        return None
    return float(sum(min(len(w), 6) for w in body.remit if w in text))


@cache
def _rest_of(kind_key: str) -> tuple[str, ...]:
    """The words of a kind's remit none of its bodies claims as its own share (卫健's 分级诊疗 beside
    its 中医药 body's 中医药): the work of a body over the whole kind that no facet body does."""
    claimed = {w for b in unitname.bodies().values() if b.kind == kind_key and b.part for w in b.remit}
    kind = by_key().get(kind_key)
    return tuple(w for w in kind.remit if w not in claimed) if kind is not None else ()


def rest_score(kind_key: str, text: str) -> float:
    """How much of `text` is the kind's work no facet body claims (see `facet_score`)."""
    return float(sum(min(len(w), 6) for w in _rest_of(kind_key) if w in text))


_QUALIFIER_RE = re.compile(r"[((]([^()()]*)[))]")
_STEM_SUFFIX_RE = re.compile(
    r"(人民政府|街道办事处|街道办|办事处|街道|管理委员会|管委会|服务中心|中心|事务局|管理局|委员会|"
    r"集团|公司|指挥部|分局|大队|局|委|办|部|社|馆|队|院|镇|乡|场)$"
)
_LEVEL_PREFIX_RE = re.compile(r"^(国家|中国|全国|中央|省委|市委|区委|县委|省|市|区|县|团)")


def norm_name(name: str) -> str:
    """A unit name compared without width differences or white space."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def split_qualifier(name: str) -> tuple[str, str]:
    """`区发改局(粮食局)` → (`区发改局`, `粮食局`): the name proper and its bracketed qualifier."""
    n = norm_name(name)
    m = _QUALIFIER_RE.search(n)
    if not m:
        return n, ""
    return (n[: m.start()] + n[m.end() :]), m.group(1)


def is_group(name: str) -> bool:
    """A name that stands for many units (各街道办事处, 区直相关部门, 区安委会各成员单位)."""
    return unitname.is_group(name)


def department_of_a_kind(name: str) -> bool:
    """A department named by its kind of work rather than its own name (公安部门, 城管部门, 交通部门):
    read as a group by its 部门 ending, it stands for the one body of that kind the plan means."""
    u = unitname.parse(name)
    return (
        u.group is not None
        and u.group.scope == "all"
        and u.group.members == "department"
        and u.body is not None
        and not u.body.by_name
        and not any(m in u.main for m in ("各", "相关", "有关", "其他", "其它", "所有", "成员", "等"))
        and u.main.endswith(("部门", "机关"))
    )


def matched_alias(unit_name: str) -> str:
    """The name stem by which `match` knew the unit ("" when by its form or not at all): a fuller
    match (交通运输 over 交通) marks the name that stands for its kind when a list has both."""
    return unitname.parse(unit_name).stem


def match(unit_name: str) -> Kind | None:
    """The kind of a unit as its name is printed, or None when the catalogue does not know it."""
    key = unitname.parse(unit_name).kind if norm_name(unit_name) else None
    return by_key().get(key) if key else None


def guess(unit_name: str) -> Kind | None:
    """For a unit `match` does not know (区茶产业发展中心, 县香菇办): the kind whose remit words
    its name uses, read by characters — a weaker claim than a match, None when nothing fits."""
    if match(unit_name) is not None or is_group(unit_name):
        return None
    s = stem(unit_name)
    if len(s) < 2:
        return None
    best: tuple[float, str] | None = None
    for key, hit in rule_scores(s, by_characters=True).items():
        if by_key()[key].group:
            continue
        if best is None or hit.score > best[0]:
            best = (hit.score, key)
    return by_key()[best[1]] if best and best[0] >= 1.2 else None


def stem(unit_name: str) -> str:
    """The distinctive part of a unit name, for finding it mentioned in a task (五里界, 香菇, 档案),
    in simplified characters as task texts are compared."""
    main, _ = split_qualifier(unitname.simplified(unit_name))
    s = _LEVEL_PREFIX_RE.sub("", main)
    for _ in range(2):
        s = _STEM_SUFFIX_RE.sub("", s)
    return s


GENERIC_DISCOUNT = 0.5  # a two-character word (企业, 园区, 产值) says less than its length
FRAME_FACTOR = 0.3


@cache
def _rule_words() -> tuple[frozenset[str], frozenset[str]]:
    rules = unitname.data()["rules"]
    return frozenset(rules["frame_words"].split()), frozenset(rules["industry_words"].split())


@cache
def _ratio_base_re() -> re.Pattern[str]:
    words = sorted(unitname.data()["rules"].get("ratio_bases", "").split(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)) if words else re.compile(r"(?!)")


@cache
def _codes() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(c["pattern"]), c["reads"]) for c in unitname.data()["rules"].get("codes", []))


def codes_read(text: str) -> str:
    """`text` with the codes it prints read as the words they stand for (G107 → 国道, S314 → 省道)."""
    for pattern, word in _codes():
        text = pattern.sub(word, text)
    return text


def without_ratio_bases(text: str) -> str:
    """`text` with the bases of its ratios read past (单位地区生产总值能源消耗 → |能源消耗; 研发经费支出
    占GDP比重 → 研发经费支出|): what a ratio measures is its numerator's work."""
    return _ratio_base_re().sub("|", text)


def frame_words() -> frozenset[str]:
    """Project frames (项目建设, 新开工 …): they name no remit by themselves."""
    return _rule_words()[0]


def industry_words() -> frozenset[str]:
    """The names of manufacturing and energy industries: they say which industry a task is about,
    not what is done in it (产业链招商 → 招商, 供应链平台 → 发改, 信贷 → 金融)."""
    return _rule_words()[1]


@cache
def _word_weights() -> dict[str, float]:
    """A remit word weighs by its length and by how few kinds use it (企业 says little, 经济普查 a lot)."""
    users: dict[str, set[str]] = {}
    for kind in kinds():
        for word in kind.remit:
            users.setdefault(word, set()).add(kind.key)
    return {w: (min(len(w), 6) - GENERIC_DISCOUNT * (len(w) <= 2)) / len(keys) ** 0.5 for w, keys in users.items()}


def rule_scores(text: str, among: Iterable[Kind] | None = None, *, by_characters: bool = False) -> dict[str, RuleHit]:
    """Score each kind by the remit words the text uses, with the words (for explanations); see
    `_rule_scores`. Read once per text: a task's headings and its text are scored again and again.
    `by_characters` reads a short name (a unit's stem: 香菇, 茶叶) without cutting it into words."""
    if among is not None or by_characters:
        return _rule_scores(text, tuple(among) if among is not None else None, by_characters=by_characters)
    return dict(_cached_rule_scores(text))


@lru_cache(maxsize=16384)
def _cached_rule_scores(text: str) -> tuple[tuple[str, RuleHit], ...]:
    return tuple(_rule_scores(text, None).items())


@cache
def _masks() -> tuple[str, ...]:
    """Phrases that name no kind's work though a remit word is inside them (高质量发展 is no 质量
    监管, 达到国家标准 no 标准化): read as words of their own, so the word inside is not counted."""
    return tuple(unitname.data()["rules"].get("masks", "").split())


def _word_cuts(text: str) -> frozenset[int]:
    """The positions inside `text` where a word of two characters or more begins or ends, as
    jieba's dictionary cuts it (a character it does not know as part of a word is no word)."""
    from duban.core.suggest import _jieba

    cuts: set[int] = set()
    at = 0
    for word in _jieba().lcut(text, HMM=False):
        if len(word) >= 2:
            cuts.update((at, at + len(word)))
        at += len(word)
    return frozenset(cuts)


def _across_words(word: str, text: str, cuts: frozenset[int]) -> bool:
    """Whether every occurrence of a two-character `word` in `text` straddles two words (高职 in
    提高职工, 城建 in 航空城建设): then the text does not use it."""
    start = text.find(word)
    while start >= 0:
        if start + 1 not in cuts:
            return False
        start = text.find(word, start + 1)
    return True


def _rule_scores(text: str, among: Iterable[Kind] | None = None, *, by_characters: bool = False) -> dict[str, RuleHit]:
    """Score each kind by the remit words the text uses, with the words (for explanations).

    Longer and rarer words weigh more; a word inside a longer word that matched (零售 inside
    社会消费品零售总额, for whichever kind) is not counted again, nor is a two-character word read
    across two words of the text (高职 in 提高职工) or inside a phrase that names no kind's work
    (质量 in 高质量发展). A project frame (项目建设) and an industry's name (汽车零部件) count for
    little where another kind's words say what is done.
    """
    frames, industries = _rule_words()
    weights = _word_weights()
    text = without_ratio_bases(codes_read("".join(text.split())))  # PM 2.5 as a PDF spaces it is PM2.5
    matched: dict[str, list[str]] = {}
    cuts: frozenset[int] | None = None
    for kind in among if among is not None else kinds():
        words = [w for w in kind.remit if w in text]
        if words and not by_characters and any(len(w) == 2 for w in words):
            if cuts is None:
                cuts = _word_cuts(text)
            words = [w for w in words if len(w) != 2 or not _across_words(w, text, cuts)]
        if words:
            matched[kind.key] = words
    # a project frame (文体中心项目建设) names no remit by itself: where another kind's words say what
    # the project is, the frame counts for little
    framed = {k for k, words in matched.items() if any(w not in frames for w in words)}
    every = {w for words in matched.values() for w in words} | {m for m in _masks() if m in text}
    longer = sorted(every, key=len, reverse=True)

    def uses(w: str) -> int:
        """How often the text uses `w` outside the longer matched words that hold it (信访 in
        阳光信访 counts beside 信访积案; 零售 inside 社会消费品零售总额 does not)."""
        rest = text
        for o in longer:
            if len(o) > len(w) and w in o:
                rest = rest.replace(o, "|")
        return rest.count(w)

    counts = {w: uses(w) for w in every}
    kept_by_kind = {key: [w for w in words if counts[w] > 0] for key, words in matched.items()}
    # kinds whose words (those counted) say what is done: neither a project frame nor an industry's name
    acting = {k for k, kept in kept_by_kind.items() if any(w not in frames and w not in industries for w in kept)}
    out: dict[str, RuleHit] = {}
    for key, kept in kept_by_kind.items():
        if not kept:
            continue
        others = bool(framed - {key})
        acted = bool(acting - {key})
        score = sum(
            weights.get(w, 1.0)
            * (1 + 0.5 * min(counts[w] - 1, 2))
            * (FRAME_FACTOR if others and w in frames else 1.0)
            * (FRAME_FACTOR if acted and w in industries else 1.0)
            for w in kept
        )
        out[key] = RuleHit(score=float(score), words=tuple(kept))
    return out


@cache
def _cooperation_cues() -> tuple[tuple[str, str], ...]:
    """(word, kind) pairs of the data's `cooperates_on`, longest word first."""
    pairs = [(w, k["key"]) for k in unitname.data()["kind"] for w in k.get("cooperates_on", "").split()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def cooperation_cues(text: str) -> dict[str, str]:
    """The kinds whose help a task's means call for, whoever leads it (资金 → 财政, 用地 → 自然资源,
    招聘 → 人社): each kind with the first of its words the text uses."""
    out: dict[str, str] = {}
    for word, kind in _cooperation_cues():
        if kind not in out and word in text:
            out[kind] = word
    return out


@cache
def _group_lead_words() -> dict[str, tuple[str, ...]]:
    return {k["key"]: tuple(k["leads_on"].split()) for k in unitname.data()["kind"] if k.get("leads_on")}


@cache
def _coordinators() -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((k["key"], frozenset(k["coordinates"].split())) for k in unitname.data()["kind"] if k.get("coordinates"))


def coordinators(named: Iterable[Named]) -> tuple[str, ...]:
    """The kinds that lead a system two or more of whose bodies a text names (法院、检察院, 公安机关
    → 政法委): a task about the system's bodies is the coordinating body's."""
    bodies = {(n.kind, n.body) for n in named}
    return tuple(key for key, system in _coordinators() if len({b for b in bodies if b[0] in system}) >= 2)


def group_lead_words(key: str, text: str) -> str:
    """The word by which a task puts a group of units itself in charge (落实属地责任 → the townships
    or the governments below), or "": none where the text lists it among everyone's duties
    (企业主体责任、部门监管责任和属地责任), which names the work, not who leads it."""
    if any(duty in text for duty in unitname.data()["rules"].get("shared_duties", "").split()):
        return ""
    return next((w for w in _group_lead_words().get(key, ()) if w in text), "")


def abbreviations() -> list[str]:
    """Unit abbreviations worth keeping as one token when cutting Chinese text (发改局, 科经局 …)."""
    out: set[str] = set()
    for kind in kinds():
        for name in kind.names:
            main, _ = split_qualifier(name)
            s = _LEVEL_PREFIX_RE.sub("", main)
            if 2 <= len(s) <= 8:
                out.add(s)
        for alias in kind.aliases:
            if 2 <= len(alias) <= 8:
                out.add(alias)
    return sorted(out)


# --- units a text names ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """A unit a task's text or heading names by its kind of body (工商部门, 公安机关, 市发改委, 由公安、
    交通部门负责), and in what role the wording puts it: `lead` (the heading or the text opens with it,
    由…负责, …牵头), `acting` (X要… further on), `cooperating` (…配合, 会同…, 协助…) or a `mention`."""

    kind: str
    body: str  # the body's key in the data (工商, 公安 …), or the group's kind for a group
    printed: str
    role: str
    start: int


# what follows a body's stem when a text names the body itself (工商部门, 公安机关, 交通局)
_REF_SUFFIX = (
    "行政主管部门|主管部门|行政部门|等有关部门|等相关部门|等部门|部门|机关|委员会|办公室|管理局|"
    # a one-character ending that begins a word of its own is no name's end (农村社区, 办法, 局面)
    "局(?![面势限部])|委(?![员托屈])|厅(?![堂])|办(?![法理好事学实成])|社(?![区会保团])|"
    # a ministry (商务部, 司法部): not 部分, 部署, 部位, 部队, 部长, 部件
    "部(?![分署位队长件])|"
    "总队|支队|大队|分局"
)
# a stem that shares a later item's 部门 though that item is not a body the data knows (农业、沼气部门)
_SHARED_SUFFIX_RE = re.compile(r"[、和及与][\u4e00-\u9fff、]{1,12}?(?:部门|机关)")
# what may precede a name at the opening of a text: its level and place (市, 示例区, 中共示例区委)
_OPENING_RE = re.compile(r"^(?:中共)?(?:[\u4e00-\u9fff]{0,6}?(?:自治区|省|市|区|县|州|旗|盟)委?)?$")
# a stem that is a name by itself (海关, 人民银行, 工商联, 发改委 …): it ends with a type character
_SELF_STANDING_END = "关行联协会社委办局队院部署厅处室"
# 负责人 is the body's head, a person, not the body taking charge (民主党派、工商联负责人)
_LEAD_AFTER_RE = re.compile(
    r"^(?:等(?:有关|相关)?部门)?(?:按(?:照)?职责(?:分工)?|分别)?(?:负责(?!人)|牵头|主抓|为主|:|:|职责|的职责)"
)
# a unit the text says must act (X要…, X应…): in charge where the text opens with it, acting otherwise
_ACTING_AFTER_RE = re.compile(
    r"^(?:等(?:有关|相关)?部门)?(?:要(?![素求点闻件案害])|应(?![急用对收付])|须(?!知)|必须|抓好|履行|务必|进一步)"
)
_COOP_AFTER_RE = re.compile(r"^(?:等(?:有关|相关)?(?:部门|单位))?(?:配合|协助|协同|参与|协办)")
_COOP_BEFORE_RE = re.compile(r"(?:会同|协助|协同|配合|联合|协调|商)$")
_LEAD_BEFORE_RE = re.compile(r"(?:由|责成|明确)$")
_LIST_JOINER = "、和及与"
# groups a heading or an opening names as the ones who act (各乡镇, 县级人民政府, 各县(市、区))
_GROUP_REF_RE = re.compile(
    r"(?:各)?(?:乡镇(?:人民)?政府|乡镇(?:\(街道\)|（街道）)?|镇街|乡、镇|街道办事处|镇(?:人民)?政府)"
    r"|(?:各)?(?:县(?:\(市、区\)|（市、区）|市区|区|级)|区县|市县|县市|设区的市|市(?:、|和)?县)(?:人民)?政府"
    r"|各(?:区|县|市|旗)(?:人民)?政府"
)


@cache
def _ref_re() -> re.Pattern[str]:
    stems: set[str] = set()
    for body in unitname.bodies().values():
        if body.by_name or by_key()[body.kind].group:
            continue
        for s in body.stems:
            if len(s) >= 2 and not s.startswith("委") and not s.isascii():
                stems.add(s)
    alternation = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(f"(?P<stem>{alternation})(?P<suffix>{_REF_SUFFIX})?")


@cache
def _stem_body() -> dict[str, unitname.Body]:
    out: dict[str, unitname.Body] = {}
    for stem, body in unitname._stems():
        out.setdefault(stem, body)
    return out


def _self_standing(stem: str) -> bool:
    if len(stem) == 2:
        return stem[-1] in "联委办关协" and stem != "人行"
    return stem[-1] in _SELF_STANDING_END


def _before(text: str, start: int) -> str:
    """The few characters before a name, without the level it is printed with (会同市财政局 → 会同)."""
    return re.sub(r"(?:省|市|区|县|州|旗)$", "", text[max(0, start - 4) : start])


@lru_cache(maxsize=8192)  # every task reads its headings again
def named_units(text: str) -> tuple[Named, ...]:
    """The bodies a text names as bodies (not their work): a stem with what makes it a unit's name
    after it (部门, 机关, 局 …), or a stem that is a name by itself (海关, 发改委); a list of stems
    shares the last one's (公安、交通部门). Each with the role its wording gives it."""
    text = unitname.simplified(unicodedata.normalize("NFKC", text))
    found: list[tuple[int, int, str, bool]] = []  # start, end, stem, is a reference by itself
    pos = 0
    while (m := _ref_re().search(text, pos)) is not None:
        stem, suffix = m["stem"], m["suffix"]
        standing = bool(suffix) or _self_standing(stem) or bool(_SHARED_SUFFIX_RE.match(text, m.end()))
        if stem[-1] == "委" and text.startswith("员", m.end("stem")):
            standing = False  # 居民委员会, 村民委员会: not 民委
        if not standing and not (m.end() < len(text) and text[m.end()] in _LIST_JOINER):
            pos = m.start() + 1  # 市政府办公室: not 市政, but 政府办公室 further on
            continue
        found.append((m.start(), m.end(), stem, standing))
        pos = m.end()
    out: list[Named] = []
    i = 0
    while i < len(found):
        # a run of stems joined by 、/和 and ending in a reference: 公安、交通部门
        j = i
        while j + 1 < len(found) and found[j + 1][0] == found[j][1] + 1 and text[found[j][1]] in _LIST_JOINER:
            j += 1
        run = found[i : j + 1]
        if run[-1][3]:
            start, end = run[0][0], run[-1][1]
            before, after = _before(text, start), text[end : end + 8]
            if _COOP_AFTER_RE.match(after) or _COOP_BEFORE_RE.search(before):
                role = "cooperating"
            elif _LEAD_BEFORE_RE.search(before) or _LEAD_AFTER_RE.match(after) or _OPENING_RE.match(text[:start]):
                role = "lead"
            elif _ACTING_AFTER_RE.match(after):
                role = "acting"
            else:
                role = "mention"
            for s, e, stem, _ in run:
                body = _stem_body()[stem]
                out.append(Named(body.kind, body.key, text[s:e], role, s))
        i = j + 1
    for m in _GROUP_REF_RE.finditer(text):
        kind = "乡镇街道" if re.search("乡|镇|街道", m.group(0)) and "县" not in m.group(0) else "下级政府"
        before, after = _before(text, m.start()), text[m.end() : m.end() + 8]
        if _COOP_AFTER_RE.match(after) or _COOP_BEFORE_RE.search(before):
            role = "cooperating"
        elif _LEAD_BEFORE_RE.search(before) or _LEAD_AFTER_RE.match(after):
            role = "lead"
        elif _ACTING_AFTER_RE.match(after) and re.search("各|政府|办事处", m.group(0)):
            role = "lead" if _OPENING_RE.match(text[: m.start()]) else "acting"
        elif _OPENING_RE.match(text[: m.start()]) and re.search("各|政府|办事处", m.group(0)):
            role = "lead"  # 各乡镇…, 县级人民政府…: not 乡镇应急救援所
        else:
            role = "mention"
        out.append(Named(kind, kind, m.group(0), role, m.start()))
    return tuple(sorted(out, key=lambda n: n.start))
