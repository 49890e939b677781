"""A unit's name, read: where it sits (level and place), what it answers for (remit), what kind of
organ it is (局, 委, 中心 …), its bracketed qualifiers, and whether it names one unit or a group.

Plans, candidate lists and directories print the same body many ways: 示例区发展和改革局, 区发改局,
发改局, 区发改委; an older plan 区计委; a district's office of a city bureau 市生态环境局示例分局 or
区生态环境分局. `parse` reads a name into a `UnitName`; `compare` says whether two names are the
same body (and why), or only alike (and why), which is what the directory may pre-match on. The
suggester (through `catalogue.match`) and the reader (`units.is_group`) read names here too, so a
name means the same thing everywhere.

What is known about bodies (their stems, old names, mergers and splits, with sources) is data:
`duban/core/data/units.toml`, loaded on first use.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "Body",
    "Comparison",
    "GroupOf",
    "UnitName",
    "bodies",
    "compare",
    "data",
    "is_group",
    "parse",
    "simplified",
]

DATA_FILE = "units.toml"


@cache
def data() -> dict[str, Any]:
    """The unit-name data file, read once (on first use, never at import)."""
    text = resources.files("duban.core").joinpath("data", DATA_FILE).read_bytes()
    loaded: dict[str, Any] = tomllib.loads(text.decode("utf-8"))
    if loaded.get("format") != "duban.units":
        raise ValueError(f"{DATA_FILE}: not a duban.units file")
    return loaded


def data_version() -> int:
    return int(data()["version"])


# --- bodies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """One organ a government may have, with every stem of its names. An old body (`became`)
    records what happened to it: renamed (the same body today under `into`), merged or split."""

    key: str
    kind: str
    stems: tuple[str, ...]
    became: str = ""  # renamed | merged | split | "" (current)
    into: tuple[str, ...] = ()
    when: str = ""
    note: str = ""
    source: str = ""
    seat: str = ""  # the body an office of a committee sits in (安委办 → 应急管理)
    also: tuple[str, ...] = ()  # kinds of work a combined body also does
    by_name: bool = False  # told apart by its own name (each park, enterprise, township)
    remit: tuple[str, ...] = ()  # its own share of the kind's remit, where a list may print it beside others
    part: bool = False  # that share is a part of the kind's work (物价局, 公共资源交易中心), not the rest of it ("*")
    joins: tuple[str, ...] = ()  # the bodies a combined body is made of (文旅体: 文旅, 体育)

    @property
    def current(self) -> bool:
        return not self.became


@cache
def bodies() -> dict[str, Body]:
    """Every body of the data file by key."""
    out: dict[str, Body] = {}
    for kind in data()["kind"]:
        # remit "*": the kind's remit that none of its other bodies claims (发改委 beside 物价局, 粮食局)
        claimed = {w for b in kind.get("body", []) if b.get("remit", "*") != "*" for w in b["remit"].split()}
        rest = " ".join(w for w in kind.get("remit", "").split() if w not in claimed)
        for b in kind.get("body", []):
            out[b["key"]] = Body(
                key=b["key"],
                kind=kind["key"],
                stems=tuple(b["stems"].split()),
                became=b.get("became", ""),
                into=tuple(b.get("into", "").split()),
                when=b.get("when", ""),
                note=b.get("note", ""),
                source=b.get("source", ""),
                seat=b.get("seat", ""),
                also=tuple(b.get("also", ())),
                by_name=bool(b.get("by_name", False)),
                remit=tuple((rest if b.get("remit") == "*" else b.get("remit", "")).split()),
                part=b.get("remit", "*") != "*",
                joins=tuple(b.get("joins", "").split()),
            )
    return out


@cache
def enterprise_kinds() -> frozenset[str]:
    """The kinds that are enterprises (`enterprise = true` in the data: platform companies,
    utilities, banks): a company's name is one of them whatever its trade."""
    return frozenset(k["key"] for k in data()["kind"] if k.get("enterprise"))


@cache
def _stems() -> tuple[tuple[str, Body], ...]:
    """(stem, body) pairs, longest stem first."""
    pairs = [(s, b) for b in bodies().values() for s in b.stems]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _words(section: str, key: str) -> tuple[str, ...]:
    return tuple(sorted(data()[section][key].split(), key=len, reverse=True))


# --- groups -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupOf:
    """Several units named at once: all of some kind (各乡镇人民政府), some of them (相关乡镇办),
    or the members of a committee (区安委会各成员单位)."""

    scope: str  # all | some | members
    members: str  # township | government | department | enterprise | park | ""
    organ: str = ""  # the committee or 领导小组 whose members are meant


# Markers of a group anywhere in a name, and endings that make a name a group.
_GROUP_MARKERS = ("各", "相关", "有关", "其他", "其它", "所有", "成员单位", "等单位", "等部门")
_GROUP_ENDINGS = ("单位", "部门", "直机关", "乡镇办场", "乡镇办", "乡镇场", "乡镇")
_SOME_RE = re.compile(r"相关|有关|其他|其它|沿线|涉及")
_LOCALITIES = frozenset("各地 各区 各县 各市 各旗 各县区 各区县 各县市 各市县 各县市区 各镇 各乡 各镇街 各乡镇街".split())
_MEMBERS_RE = re.compile(r"^(?P<organ>.+?)(?:各)?(?:成员单位|牵头单位)$")


@lru_cache(maxsize=8192)  # plans repeat the same names task after task
def is_group(name: str) -> bool:
    """Several units named at once (各街道办事处, 区直相关部门, 区安委会各成员单位)."""
    return _names_several(_main(_key(name)))


# 市直园区管委会, 区直单位: the units directly under a level; not their committee (市直机关工委)
_UNDER_LEVEL_RE = re.compile(r"^[省市州盟县区旗]直(?!.*(?:工委|工作委员会|党委)$)")


def _class_name(main: str) -> str:
    """The class of governments or townships a name is, printed with no place (县级市政府, 县市区,
    街道办事处), or ""."""
    bare = re.sub(r"(?:人民)?政府$", "", main) or main
    return bare if bare in _words("groups", "classes") else ""


def _names_several(main: str) -> bool:
    return (any(m in main for m in _GROUP_MARKERS) or main.endswith(_GROUP_ENDINGS) or bool(_class_name(main))
            or bool(_UNDER_LEVEL_RE.match(main)))


# the places a group of governments or townships is made of, by the words of its name
_GROUP_RANKS = (("县级市", "市"), ("街道", "街道"), ("街", "街道"), ("办", "街道"), ("区", "区"), ("县", "县"),
                ("市", "市"), ("旗", "旗"), ("镇", "镇"), ("乡", "乡"), ("场", "场"))


def group_ranks(name: str) -> frozenset[str]:
    """The ranks of the places a group of governments or townships is made of: 各区政府 {区}, 县级市政府
    {市}, 各县(市、区)人民政府 {县, 市, 区}, 各镇街 {镇, 街道}; empty where its name does not say (各地),
    or it is no such group. Two groups of a list whose ranks do not meet (各区政府, 县级市政府) are
    together the governments below."""
    key = _key(name)
    group = _group_of(_main(key))
    if group is None or group.members not in ("government", "township"):
        return frozenset()
    text = re.sub(r"人民政府|政府|办事处|管委会|管理委员会", "", key)
    out: set[str] = set()
    for word, rank in _GROUP_RANKS:
        if word in text:
            out.add(rank)
            text = text.replace(word, "")
    return frozenset(out)


def _group_of(main: str) -> GroupOf | None:
    if not _names_several(main):
        return None
    m = _MEMBERS_RE.match(main)
    if m:
        return GroupOf("members", "department", organ=m["organ"])
    scope = "some" if _SOME_RE.search(main) else "all"
    cls = _class_name(main)
    if cls:  # 县级市政府, 县市区, 街道办事处
        return GroupOf(scope, "township" if cls in _words("groups", "townships") else "government")
    if main in _LOCALITIES:  # 各地, 各区, 各县市区: the governments one level down
        return GroupOf(scope, "township" if main in ("各镇", "各乡", "各镇街", "各乡镇街") else "government")
    bare = main.replace("各", "")
    for members, label in (("townships", "township"), ("governments", "government"), ("enterprises", "enterprise"),
                           ("parks", "park")):
        if bare.endswith(_words("groups", members)) or (
            label == "township" and re.search(r"乡|镇|街道|办场", bare) and not bare.endswith(("部门", "单位"))
        ):
            return GroupOf(scope, label)
    return GroupOf(scope, "department")


# --- names ------------------------------------------------------------------------------------

_OPEN = "(（〔[【"
_CLOSE = ")）〕]】"
_QUALIFIER_RE = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")
_SPACE_RE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")

_LEVEL_CHARS = {"省": "省", "市": "市", "州": "市", "盟": "市", "县": "县", "区": "县", "旗": "县",
                "镇": "镇", "乡": "镇", "街道": "镇", "村": "村", "社区": "村"}
_NATIONAL = ("国家", "中国", "中华", "中央", "全国", "国务院")
# words that begin with a level character without being one
_NOT_LEVEL = ("市场", "市政", "市容", "区域", "县域", "区校", "区属", "市属", "县属", "省级", "市级", "区级", "县级")
# organisations a name may start with before its own place (国网郧县供电公司, 中国铁塔…)
_ORG_PREFIXES = ("国家电网", "国网", "中国铁塔", "中国移动", "中国联通", "中国电信", "中国邮政")
# kinds whose offices carry a place name without a level (滁州海关, 荆州供电公司)
_PLACED_KINDS = frozenset({"海关", "税务", "人民银行", "金融监管", "调查队", "公用事业", "消防", "气象", "银行", "烟草"})
_TOWNSHIP_END_RE = re.compile(
    r"(?:镇|乡|街道|街道办|街道办事处|镇人民政府|乡人民政府|镇政府|乡政府|农场|林场|奶牛场|茶场|渔场|管理区)$"
)
_TOWNSHIP_RE = re.compile(
    r"^(?P<place>.+?)(?P<level>镇|乡|街道|农场|林场|奶牛场|茶场|渔场|管理区)?(?P<type>人民政府|政府|街道办事处|办事处|街道办)?$"
)
_GOVERNMENT_RE = re.compile(r"^(?P<place>.{1,8}?)(?P<level>自治县|自治旗|县级市|区|县|市|旗)政府$")
_ENTERPRISE_RE = re.compile(r"公司|集团|(?<!人民)银行|信用社|信用联社|农信社|农商行")
_TYPE_RE = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|分公司|公司|集团|管理委员会|委员会|管委会|办公室|办公厅|指挥部|领导小组|"
    r"工作组|专班|服务中心|中心|总局|分局|支局|管理局|事务局|局|委|办|厅|部|署|室|处|科|所|站|总队|支队|大队|中队|队|院|馆|"
    r"分行|支行|行|办事处|人民政府|政府|工委|党委|联合会|协会|会|社|台|场)+$"
)
_BRANCH_RE = re.compile(
    r"(?P<place>[\u3400-\u9fff]{2,}?)(?P<type>分局|支队|大队|中队|总队|分行|支行|分公司|办事处|派出所|监管组)$"
)


@dataclass(frozen=True)
class UnitName:
    """A printed unit name, read."""

    printed: str
    key: str  # NFKC, no white space: what is compared
    main: str  # without bracketed qualifiers
    qualifiers: tuple[str, ...]
    party: bool  # a Party organ (区委组织部, 中共…委)
    level: str  # the rank the name states: 国家 省 市 县 镇 村, or ""
    place: str  # the place printed with it (示例, 咸安), or ""
    remit: str  # the distinctive part (发改, 香菇, 城投, 东湖)
    type: str  # what it ends with (局, 委员会, 人民政府 …), or ""
    branch: str  # where an office of a higher body serves (咸安 in 市生态环境局咸安分局)
    branch_level: str
    body: Body | None
    group: GroupOf | None
    township: bool = False  # a town, township, 街道 or state farm
    government: bool = False  # the people's government of a county, district or city
    stem: str = ""  # the body's stem as found in the name (交通运输, 交通)

    @property
    def kind(self) -> str | None:
        """The kind of work this name answers for (catalogue key), or None when unknown."""
        if self.group is not None:
            if self.group.scope == "members" and self.group.organ:
                organ = parse(self.group.organ)
                if organ.body is not None and not organ.body.by_name:
                    return organ.body.kind
            if self.group.members == "township":
                return "乡镇街道"
            if self.group.members == "government":
                return "下级政府"
            if self.group.members == "enterprise":
                return "国企平台"
            if self.group.members == "park":
                return "开发区"
            if self.body is not None and self.body.kind not in ("乡镇街道", "下级政府"):
                return self.body.kind if not self.body.by_name or self.body.kind == "区直部门" else "区直部门"
            return "区直部门"
        if self.township:
            return "乡镇街道"
        if self.government:
            return "下级政府"
        if self.body is not None:
            return self.body.kind
        for q in self.qualifiers:
            inner = parse(q)
            if inner.body is not None:
                return inner.body.kind
        return None

    @property
    def rank(self) -> str:
        """The rank of the government the unit serves: a branch serves where it sits."""
        if self.branch:
            return self.branch_level
        return self.level

    @property
    def where(self) -> str:
        return self.branch or self.place

    @property
    def enterprise(self) -> bool:
        """A company, group or bank by its name (燃气公司, 聚鑫国投集团, 农商行), not a government body."""
        return bool(_ENTERPRISE_RE.search(self.main)) and "人民银行" not in self.main


def _key(name: str) -> str:
    return _SPACE_RE.sub("", simplified(unicodedata.normalize("NFKC", name)))


def simplified(text: str) -> str:
    """`text` in simplified characters (省發改委 → 省发改委): a name or a task printed in traditional
    ones (a stored copy, a Hong Kong or Taiwan mirror) means what the simplified one does."""
    from duban.core.parse.script import simplified_text

    return simplified_text(text)


def _main(key: str) -> str:
    """The name without bracketed qualifiers (区发改局(粮食局) → 区发改局)."""
    out = _QUALIFIER_RE.sub("", key)
    return out or key


def _find_body(text: str) -> tuple[Body, int, int] | None:
    """The body whose stem is longest in `text` (earliest among equals; 民政 inside 人民政府 is not)."""
    best: tuple[int, int, Body] | None = None
    for stem, body in _stems():
        if best is not None and len(stem) < best[1] - best[0]:
            break
        pos = text.find(stem)
        while pos >= 0 and stem == "民政" and text[max(0, pos - 1) : pos + 3] == "人民政府":
            pos = text.find(stem, pos + 1)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, pos + len(stem), body)
    if best is None:
        return None
    start, end, body = best
    # a branch of the same body further on (国家税务总局示例区税务局): read the last one
    for stem in body.stems:
        later = text.rfind(stem)
        if later >= end:
            start, end = later, later + len(stem)
    return body, start, end


def _find_enterprise(text: str) -> tuple[Body, int, int]:
    """The enterprise a company's name names (供电, 移动 …), or a platform company by its own name."""
    best: tuple[int, int, Body] | None = None
    for stem, body in _stems():
        if body.kind not in enterprise_kinds():
            continue
        pos = text.find(stem)
        if pos >= 0 and (best is None or len(stem) > best[1] - best[0] or (len(stem) == best[1] - best[0] and pos < best[0])):
            best = (pos, pos + len(stem), body)
    if best is None:
        m = _ENTERPRISE_RE.search(text)
        return bodies()["国企"], (m.start() if m else 0), (m.end() if m else len(text))
    return best[2], best[0], best[1]


def _leading_level(text: str) -> tuple[str, bool, str] | None:
    """(rank, party, rest) when `text` starts with a bare level (区发改局, 区委组织部, 市城乡…,
    自治区发展改革委: an autonomous region's own, as 省 is a province's)."""
    m = re.match(r"^(?P<party>中共)?(?P<level>自治区|自治州|自治县|自治旗|[省市州盟区县旗])(?P<committee>委(?!员会))?", text)
    if m is None or (text.startswith(_NOT_LEVEL) and not text.startswith("市政府")):
        return None
    return _rank_of(m["level"]), bool(m["party"] or m["committee"]), text[m.end() :]


def _rank_of(level: str) -> str:
    return {"自治区": "省", "自治州": "市", "自治县": "县", "自治旗": "县", "县级市": "县"}.get(level) or _LEVEL_CHARS[level]


def _read_prefix(prefix: str, body: Body | None) -> tuple[bool, str, str, str]:
    """(party, rank, place, rest) of what precedes the remit: 区, 区委, 中共示例区委, 示例区, 国家…;
    `rest` belongs to the remit (区城市文明创建中心: 城市)."""
    if not prefix:
        return False, "", "", ""
    for org in _ORG_PREFIXES:
        if prefix.startswith(org):
            prefix = prefix[len(org) :]
            break
    if prefix.startswith(_NATIONAL):
        # 国家统计局江夏, 国家税务总局示例区: a national body, then the place its office serves
        organ = re.match(r"^.*?(?:总局|局|部|委员会|委|总队)", prefix)
        rest = prefix[organ.end() :] if organ else ""
        if not rest and not re.search("[省市县区旗]", prefix):
            return prefix.startswith(("中共", "中央")), "国家", "", ""
        if rest:
            party, rank, place, more = _read_prefix(rest, body)
            return party, rank or "县", place or (rest if not more else ""), more if place else ""
    lead = _leading_level(prefix)
    if lead is not None:
        rank, party, rest = lead
        return party, rank, "", rest
    m = re.match(r"^(?P<party>中共)?(?P<place>.+?)(?P<level>自治区|自治州|自治县|自治旗|省|市|州|盟|区|县|旗)(?P<committee>委)?$", prefix)
    if m is not None:
        place = m["place"] + ("州" if m["level"] == "州" else "")
        return bool(m["party"] or m["committee"]), _rank_of(m["level"]), place, ""
    if body is not None and body.kind in _PLACED_KINDS:
        return False, "", prefix, ""
    return prefix.startswith("中共"), "", "", prefix.removeprefix("中共")


def _read_branch(suffix: str) -> tuple[str, str, str]:
    """(type, branch place, branch rank) of what follows the remit: 局, 局咸安分局, 支行 …"""
    m = _BRANCH_RE.search(suffix)
    if m is None or _TYPE_RE.fullmatch(suffix):
        return suffix, "", ""
    place = re.sub(r"^.*(?:公司|集团|局|委|厅)", "", m["place"])
    if len(place) < 2:
        return suffix, "", ""
    rank = "县"
    for lv in ("自治县", "县级市", "街道", "区", "县", "旗", "市", "州", "镇", "乡"):
        if place.endswith(lv) and len(place) > len(lv):
            place, rank = place[: -len(lv)] + ("州" if lv == "州" else ""), _rank_of(lv)
            break
    return m["type"], place, rank


def _by_name(printed: str, key: str, main: str, qualifiers: tuple[str, ...], core: str, body: Body,
             group: GroupOf | None) -> UnitName:
    """A park or an enterprise: its own name between a level and a type (区|经发|集团, 咸安|经济开发区)."""
    party, rank, rest = False, "", core
    for org in _ORG_PREFIXES:
        rest = rest.removeprefix(org)
    lead = _leading_level(rest)
    if lead is not None and len(lead[2]) >= 2:
        rank, party, rest = lead
    typ_m = _TYPE_RE.search(rest)
    typ = typ_m.group(0) if typ_m and typ_m.start() > 0 else ""
    remit = rest[: len(rest) - len(typ)] if typ else rest
    place = ""
    if body.kind == "开发区":
        found = [p for stem in body.stems if (p := remit.find(stem)) >= 0]
        place = remit[: min(found)] if found else ""
    stem = next((s for s in body.stems if s in core), "")
    return UnitName(printed, key, main, qualifiers, party, rank, place, remit, typ, "", "", body, group, stem=stem)


@lru_cache(maxsize=8192)
def parse(printed: str) -> UnitName:
    """Read a printed unit name (any width, any padding) into its parts."""
    key = _key(printed)
    main = _main(key)
    qualifiers = tuple(q for q in _QUALIFIER_RE.findall(key) if q)
    group = _group_of(main)
    core = group.organ if group is not None and group.scope == "members" and group.organ else main
    if group is None and _is_township(core):
        m = _TOWNSHIP_RE.match(core)
        place = m["place"] if m else core
        return UnitName(printed, key, main, qualifiers, False, "镇", place, place, (m["type"] or "") if m else "",
                        "", "", None, group, township=True, stem=(m["level"] or "") if m else "")
    gov = _GOVERNMENT_RE.match(core.replace("人民政府", "政府")) if group is None else None
    if gov is not None and not gov["place"].startswith(_NOT_LEVEL) and not gov["place"].endswith(("省", "市", "区", "县")):
        return UnitName(printed, key, main, qualifiers, False, _rank_of(gov["level"]), gov["place"], gov["place"],
                        "人民政府", "", "", None, group, government=True)
    # a name made of several fields' stems or initials is its first field's body (县国土规划建设局:
    # 国土, with 规划 and 建设 joined), not the longest stem's (建设局)
    found = _first_field(core) or _find_body(core)
    if _ENTERPRISE_RE.search(core) and "人民银行" not in core and (found is None or found[0].kind not in enterprise_kinds()):
        found = _find_enterprise(core)
    if found is not None:
        body, start, end = found
        if body.by_name:
            return _by_name(printed, key, main, qualifiers, core, body, group)
        party, rank, place, rest = _read_prefix(core[:start], body)
        if body.key == "金融监管" and rank in ("省", "市", "县") and not place and not core.startswith(_NATIONAL):
            body = bodies()["金融办"]  # 市金融监管局: the government's own (地方金融监督管理局), not the regulator's office
        typ, branch, branch_rank = _read_branch(core[end:])
        return UnitName(printed, key, main, qualifiers, party, rank, place, rest + core[start:end], typ, branch,
                        branch_rank, body, group, stem=core[start:end])
    # a body the data does not know (区香菇办, 市沙澧河建管委): level and place, remit, type by form
    typ_m = _TYPE_RE.search(core)
    typ = typ_m.group(0) if typ_m and typ_m.start() > 0 else ""
    rest = core[: len(core) - len(typ)] if typ else core
    party, rank, place, remit = _read_prefix(rest, None) if _leading_level(rest) else (False, "", "", rest)
    return UnitName(printed, key, main, qualifiers, party, rank, place, remit, typ, "", "", None, group)


_JOINED_AFTER_RE = re.compile(r"^[和与及、](?P<other>.{2,})$")
_JOINED_BEFORE_RE = re.compile(r"^(?P<other>.{2,})[和与及、]$")


def joined_bodies(u: UnitName) -> tuple[Body, ...]:
    """The other bodies a name joins to the one it was read as (区农业农村和水利局: 水利; 市水利和
    农业农村局 read as 农业农村: 水利), by 和, 与, 及 or 、 beside the body's stem; none by their own name."""
    if u.body is None or not u.stem or u.group is not None:
        return ()
    at = u.main.find(u.stem)
    if at < 0:
        return ()
    out = []
    before, after = u.main[:at], u.main[at + len(u.stem) :]
    for m in (_JOINED_BEFORE_RE.match(before), _JOINED_AFTER_RE.match(after)):
        # the body named before 和 shares the name's type (经济发展和科技局: 经济发展局 and 科技局)
        found = (_find_body(m["other"]) or _find_body(m["other"] + _type_after(after))) if m else None
        if found is not None and not found[0].by_name and found[0].key != u.body.key:
            out.append(found[0])
    # or by setting the two stems side by side (县经信商务局, 县人社民政局, 区贸易粮食局)
    found = _find_body(after) if after else None
    if found is not None and (found[1] != 0 or after[found[2] :] not in _JOINED_TYPES):
        found = None  # 商务局 after 经信: the whole rest; not a word inside it
    ahead = _find_body(before) if before else None
    if ahead is not None and (ahead[2] != len(before) or ahead[1] != _level_end(before)):
        ahead = None  # 贸易 before 粮食, after the level and place only
    for side in (found, ahead):
        if side is not None and not side[0].by_name and side[0].key != u.body.key and side[0] not in out:
            out.append(side[0])
    # or by the fields' stems and one-character abbreviations (县文教体卫局, 区科教文卫局, 县国土规划建设局)
    for body, _, _ in _fields(u.main):
        if body.key != u.body.key and body not in out:
            out.append(body)
    return tuple(out)


@cache
def _initials() -> dict[str, Body]:
    """The body each field's one-character abbreviation stands for in a combined name (文 → 文化,
    卫 → 卫健), from the data's [initials]."""
    return {ch: bodies()[key] for ch, key in data().get("initials", {}).items()}


@cache
def _field_stems() -> dict[str, Body]:
    """Stems a combined name may be made of: those of every body but one told apart by its own name
    or an enterprise (the longest stem first where two bodies share one)."""
    out: dict[str, Body] = {}
    for stem, body in _stems():
        if not body.by_name and body.kind not in enterprise_kinds():
            out.setdefault(stem, body)
    return out


# what a bureau joining several fields is called after them
_BUREAU_TYPES = ("局", "委", "办", "厅", "部", "委员会", "办公室")


@lru_cache(maxsize=8192)
def _fields(text: str) -> tuple[tuple[Body, int, int], ...]:
    """The fields a combined body's name is made of, each with where it is printed: its whole remit,
    after the level and place and before the type, read as bodies' stems and one-character
    abbreviations of fields (文教体卫: 文教, 体, 卫; 国土规划建设局: 国土, 规划, 建设局), the fewest
    pieces, naming two bodies or more. Empty where any of it is something else (新经济发展委: 新
    is no field's), or it names one body only (文体广电: 文体 and 广电 are both 文化)."""
    start = _level_end(text)
    s = text[start:]
    if not s.endswith(_BUREAU_TYPES):
        return ()  # a station, a company, a bank: not a bureau joining fields (县卫生防疫站, 县农商行)
    stems, initials = _field_stems(), _initials()
    longest = max((len(k) for k in stems), default=1)
    # best[i]: the fewest pieces covering s[:i], as (body, start, end) triples
    best: list[tuple[tuple[Body, int, int], ...] | None] = [None] * (len(s) + 1)
    best[0] = ()
    for i in range(len(s)):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 1, min(len(s), i + longest) + 1):
            piece = s[i:j]
            body = stems.get(piece) or (initials.get(piece) if j == i + 1 else None)
            if body is None:
                continue
            seq = (*here, (body, start + i, start + j))
            if best[j] is None or _fewest_longest_first(seq) < _fewest_longest_first(best[j] or ()):
                best[j] = seq
    ends = [seq for i, seq in enumerate(best) if i and seq is not None and s[i:] in ("", *_BUREAU_TYPES)]
    found = min(ends, key=_fewest_longest_first, default=())
    return found if len({b.key for b, _, _ in found}) >= 2 else ()


def _fewest_longest_first(seq: tuple[tuple[Body, int, int], ...]) -> tuple[int, tuple[int, ...]]:
    """The order of readings of a name as fields: the fewest pieces, then the longer ones first
    (文教|体|卫, not 文|教体|卫)."""
    return len(seq), tuple(start - end for _, start, end in seq)


def _first_field(text: str) -> tuple[Body, int, int] | None:
    """For a name no stem of which is a body's (县科文卫局, 县林水局): the first of the fields it is
    made of, where it is made of two or more."""
    found = _fields(text)
    return found[0] if found else None


def _type_after(after: str) -> str:
    """The type a name ends with (局 of 科技局), which a body joined before 和 shares."""
    return next((t for t in ("委员会", "办公室", "局", "委", "办", "厅") if after.endswith(t)), "")


# what may follow the second of two stems set side by side in a name: the type of the body
_JOINED_TYPES = frozenset(("", "局", "委", "办", "厅", "委员会", "办公室", "中心", "服务中心"))


def _level_end(prefix: str) -> int:
    """Where a name's level and place end in what precedes its first stem (区 of 区贸易, 0 of 贸易)."""
    m = re.match(r"^(?:中共)?[\u3400-\u9fff]{0,6}?(?:自治区|自治州|自治县|省|市|州|盟|区|县|旗)(?:委)?", prefix)
    return m.end() if m else 0


_BARE_GOVERNMENT_RE = re.compile(r"^(?P<place>[\u3400-\u9fff]{2,6}?)(?:自治县|自治旗|县级市|区|县|市|旗)$")
# what ends like a county's name but is an area, not a government (景区, 园区, 社区, 示范区 …)
_AREA_ENDINGS = ("景区", "园区", "新区", "市区", "社区", "片区", "小区", "库区", "矿区", "林区", "牧区", "老区",
                 "山区", "湖区", "港区", "校区", "街区", "示范区", "试验区", "保税区", "功能区", "集聚区", "开发区", "高新区",
                 "经开区", "管理区", "实验区", "先行区", "合作区")

_AREAS = frozenset("城区 老城区 主城区 新城区 中心城区 副城区 旧城区".split())


def bare_government(name: str) -> str:
    """The place of a county, district or city a list names by its name alone (岳麓区, 沾化县,
    宁乡市: the government of that place, as a city's list prints its counties), or ""."""
    key = _key(name)
    m = _BARE_GOVERNMENT_RE.match(key)
    if m is None or key.endswith(_AREA_ENDINGS) or key in _AREAS or key.startswith(_NOT_LEVEL + _NATIONAL) or _find_body(key):
        return ""
    return m["place"]


def _is_township(name: str) -> bool:
    """茶店镇人民政府, 五里界街道办事处, 向阳湖奶牛场, 杨溪铺人民政府 — not 区人民政府, 市场, 公司."""
    if any(w in name for w in ("公司", "集团", "银行")) or name.endswith(("市场", "广场", "机场")):
        return False
    if name.endswith("人民政府"):
        return not re.search(r"(国|省|市|区|县|州|盟|旗)人民政府$", name) and "各部门" not in name
    if re.search(r"(?<!街道)办事处$", name) and not name.endswith("街道办事处"):
        # 金水办事处 is a 街道; 中国铁塔…咸安区办事处 is a company's office (caught above)
        return len(name) <= 6
    return bool(_TOWNSHIP_END_RE.search(name)) and "政府各" not in name


# --- comparing two names ----------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Whether two names are the same body (`same`), and if not how alike (`score`), with the
    reason in words an office reads."""

    same: bool
    score: float
    reason: str


_TYPE_CLASSES = (
    frozenset({"局", "管理局", "事务局", "总局"}),
    frozenset({"委", "委员会"}),
    frozenset({"办", "办公室", "办公厅"}),
    frozenset({"中心", "服务中心"}),
    frozenset({"集团", "公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司"}),
    frozenset({"管委会", "管理委员会", "指挥部"}),
)


def _type_class(typ: str) -> int:
    for i, cls in enumerate(_TYPE_CLASSES):
        if typ in cls or any(typ.endswith(t) for t in cls):
            return i
    return -1


@cache
def _long_forms() -> dict[str, tuple[str, ...]]:
    """Short forms whose long form is fixed by use (城投: 城市建设投资), from the data's [abbreviations]."""
    return {k: tuple(v.split()) for k, v in data().get("abbreviations", {}).items()}


def usual_long_form(short: str, long: str) -> str:
    """Where `short` is a short form fixed by use (城投) and `long` is not its long form (城市发展投资),
    that long form (城市建设投资): the two spell alike but are not the same name. Else ""."""
    forms = _long_forms().get(short, ())
    return forms[0] if forms and not long.startswith(forms) else ""


def _short_form_of(short: str, long: str) -> Comparison | None:
    """Where `short` is a short form fixed by use for another long name than `long` (城投 beside
    城市发展投资): offered unselected with the reason, not taken for the same body. Else None."""
    usual = usual_long_form(short, long)
    return Comparison(False, 0.5, f"“{short}”通常是“{usual}”的简称,与“{long}”未必是同一单位,请确认") if usual else None


def abbreviates(short: str, long: str) -> bool:
    """Whether `short` is an abbreviation of `long`: its characters in order, the first the same
    (城投 of 城市建设投资, 经开区 of 经济开发区) — or the two are equal."""
    if short == long:
        return True
    if not short or not long or len(short) >= len(long) or short[0] != long[0]:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def _places_agree(a: UnitName, b: UnitName, region: str) -> tuple[bool, str]:
    """Whether two names can serve the same government: the same rank and place, or one unstated."""
    ra, rb = a.rank, b.rank
    if ra and rb and ra != rb:
        return False, f"级别不同({ra}级与{rb}级)"
    pa, pb = _place_of(a, region), _place_of(b, region)
    if pa and pb and pa != pb:
        return False, f"地名不同({pa}与{pb})"
    return True, ""


def _place_of(u: UnitName, region: str) -> str:
    place = u.where
    if not place and region and u.remit.startswith(region):
        return region
    return place


def compare(a: str, b: str, region: str = "") -> Comparison:
    """Whether printed name `a` and directory name `b` are the same body, and why.

    Same: one body under its full name, an abbreviation or an old name it was renamed from, with
    or without the place; a township with or without its 人民政府. Alike (a candidate, never the
    same): the same kind of work, an old body merged or split into this one, an office housed in
    it, a park or an enterprise of another name.
    """
    ua, ub = parse(strip_region(a, region)), parse(strip_region(b, region))
    if ua.key == ub.key:
        return Comparison(True, 1.0, "名称相同")
    if (ua.group is None) != (ub.group is None):
        return Comparison(False, 0.0, "")
    agree, why_not = _places_agree(ua, ub, region)
    if ua.group is not None and ub.group is not None:
        alike = ua.group.members == ub.group.members and ua.kind == ub.kind and agree
        return Comparison(False, 0.5 if alike else 0.0, f"同为{_members_label(ua.group)}的单位组,范围可能不同" if alike else "")
    if ua.township or ub.township:
        # the same place name, and not a 镇 against a 街道 (城关镇 and 城关街道 are two bodies)
        street_a, street_b = _township_level(ua), _township_level(ub)
        if ua.township and ub.township and ua.place == ub.place and agree and (street_a == street_b or "" in (street_a, street_b)):
            return Comparison(True, 0.95, f"同一{'街道' if '街道' in a + b else '乡镇'},写法不同")
        return Comparison(False, 0.0, "")
    if ua.government or ub.government:
        if ua.government and ub.government and ua.place == ub.place and ua.level == ub.level:
            return Comparison(True, 0.95, "同一政府,写法不同")
        return Comparison(False, 0.0, "")
    if ua.body is not None and ub.body is not None:
        c = _compare_bodies(a, b, ua, ub, agree, why_not)
        part = _not_whole(ua, ub, region) if c.same else ""
        return Comparison(False, 0.5, part) if part else c
    # a body the data does not know: the same type of organ and an abbreviation of its name
    if ua.remit and ub.remit and ua.type and ub.type and _type_class(ua.type) == _type_class(ub.type) >= 0:
        short, long = sorted((ua.remit, ub.remit), key=len)
        if len(short) >= 2 and abbreviates(short, long) and agree:
            return _short_form_of(short, long) or Comparison(True, 0.85, f"“{short}”是“{long}”的简称")
    if ua.kind and ua.kind == ub.kind:
        return Comparison(False, 0.4, f"同属{ua.kind}类工作" + (f",但{why_not}" if why_not else ""))
    shared = _shared_text(ua.remit, ub.remit)
    if len(shared) >= 2:
        return Comparison(False, 0.2 + 0.05 * len(shared), f"名称中都有“{shared}”")
    return Comparison(False, 0.0, "")


_SECTION_TYPES = ("科", "股", "科室")


def _lead_words(u: UnitName, region: str) -> str:
    """Words a name without a level prints before its body's stem (平潭 of 平潭边检站, 苏平 of
    苏平综合执法队): another place or a body of its own, not this government's unit of that remit;
    the region's own place (江夏 of 江夏公安分局 in 江夏区) is none."""
    if u.level or u.place or u.branch or not u.stem:
        return ""
    at = u.remit.find(u.stem)
    words = u.remit[:at] if at > 0 else ""
    return "" if region and words in (region, region[:-1]) else words


def _not_whole(ua: UnitName, ub: UnitName, region: str = "") -> str:
    """Why two names of one body are still not the same unit (or ""): one is a part of it or more
    than it — an internal section (城建科), an office of it at its own level (区公安局苏平支队), a body
    named with words of its own before the remit (平潭边检站), or a combined body (区财政与金融局)."""
    for u, other in ((ua, ub), (ub, ua)):
        if u.type in _SECTION_TYPES and other.type not in _SECTION_TYPES:
            return f"“{u.printed}”是部门的内设科室,不是部门本身"
        if u.branch and u.level and u.branch_level == u.level and not (other.branch and other.branch == u.branch):
            return f"“{u.printed}”是本级部门在{u.branch}的下属机构,不是部门本身"
    lead_a, lead_b = _lead_words(ua, region), _lead_words(ub, region)
    if lead_a != lead_b:
        u = ua if lead_a else ub
        return f"“{u.printed}”名称前有“{lead_a or lead_b}”,是另一单位,不是本级的同类部门"
    # a body joined that went into the other's (市规划与国土资源局: 规划 merged into 自然资源) adds nothing
    keys = {u.body.key for u in (ua, ub) if u.body is not None}
    joined_a, joined_b = ({b.key for b in joined_bodies(u) if not keys & {b.key, *b.into}} for u in (ua, ub))
    if joined_a != joined_b:
        u, more = (ua, joined_a - joined_b) if joined_a - joined_b else (ub, joined_b - joined_a)
        names = "、".join(bodies()[k].stems[0] for k in sorted(more))
        return f"“{u.printed}”是与{names}合署的部门,名录中的单位只是其一"
    return ""


def _township_level(u: UnitName) -> str:
    """镇 (a 乡 is one too), 街道, or a state farm; "" where the name does not say (金水办事处)."""
    if u.stem in ("镇", "乡"):
        return "镇"
    if u.stem == "街道" or u.type in ("街道办事处", "街道办"):
        return "街道"
    return u.stem


def _members_label(group: GroupOf) -> str:
    return {"township": "乡镇(街道)", "government": "下级政府", "enterprise": "国有企业", "park": "园区"}.get(
        group.members, "部门"
    )


def _compare_bodies(a: str, b: str, ua: UnitName, ub: UnitName, agree: bool, why_not: str) -> Comparison:
    assert ua.body is not None and ub.body is not None
    ba, bb = ua.body, ub.body
    if ba.by_name != bb.by_name:
        return Comparison(False, 0.0, "")  # a hospital is not its kind's bureau, a park not a department
    if ba.by_name:
        if ba.key == bb.key and agree:
            ra, rb = _own_name(ua), _own_name(ub)
            short, long = sorted((ra, rb), key=len)
            if len(short) >= 2 and abbreviates(short, long):
                same = Comparison(True, 0.9, "同一单位,写法不同" if short == long else f"“{short}”是“{long}”的简称")
                return _short_form_of(short, long) or same
        if ba.kind == bb.kind:
            what = {"开发区": "园区", "国企平台": "国有企业"}.get(ba.kind, ba.kind + "类单位")
            return Comparison(False, 0.35, f"同为{what},但不是同一单位(“{ua.remit}”与“{ub.remit}”)")
        return Comparison(False, 0.0, "")
    if ba.key == bb.key:
        if agree:
            return Comparison(True, 0.95, "同一部门,写法不同" if ua.remit == ub.remit else f"“{ua.remit}”与“{ub.remit}”是同一部门的不同写法")
        return Comparison(False, 0.3, f"同类部门,但{why_not}")
    for (old, old_name), (new, new_name) in (((ba, a), (bb, b)), ((bb, b), (ba, a))):
        when = f"{old.when}年" if old.when else ""
        note = f"({old.note})" if old.note else ""
        if old.became and new.key in old.into:
            if old.became == "renamed" and not agree:
                return Comparison(False, 0.3, f"同类部门,但{why_not}")
            if old.became == "renamed":
                return Comparison(True, 0.9, f"“{old_name}”是旧称:{when}“{old.stems[0]}”更名为“{new.stems[0]}”{note}")
            verb = "并入" if old.became == "merged" else "职责分别划入"
            return Comparison(False, 0.6, f"{when}机构改革中“{old.stems[0]}”{verb}“{new.stems[0]}”{note},是否由“{new_name}”承接请确认")
        successor = bodies().get(old.into[0]) if old.became == "renamed" and old.into else None
        if successor is not None and successor.became and new.key in successor.into and agree:
            if successor.became == "renamed":
                return Comparison(True, 0.85, f"“{old_name}”是旧称:“{old.stems[0]}”后改为“{successor.stems[0]}”,今为“{new.stems[0]}”")
            return Comparison(False, 0.55, f"“{old.stems[0]}”后改为“{successor.stems[0]}”,{successor.when}年并入“{new.stems[0]}”,请确认")
    for (office, office_name), host in (((ba, a), bb), ((bb, b), ba)):
        if office.seat == host.key:
            return Comparison(False, 0.5, f"“{office_name}”通常设在{host.stems[0]}部门,但不是同一单位,请确认")
    for q in (*ua.qualifiers, *ub.qualifiers):
        inner = parse(q).body
        if inner is not None and inner.key in (ba.key, bb.key):
            return Comparison(False, 0.55, f"括注“{q}”表明两者有关,是否同一单位请确认")
    if ba.kind == bb.kind:
        return Comparison(False, 0.4, f"同属{ba.kind}类工作,但不是同一部门(“{ua.remit}”与“{ub.remit}”)")
    if ba.kind in bb.also or bb.kind in ba.also:
        return Comparison(False, 0.3, "合署部门,兼管此项工作")
    for u, other in ((ua, ub), (ub, ua)):
        # a name joining the other's field to its own (县国土建设局 and the 住建局): the other is one half of it
        joined = next((b for b in joined_bodies(u) if b.kind == other.kind), None)
        if joined is not None:
            return Comparison(False, 0.5, f"“{u.printed}”是与{joined.stems[0]}合署的部门,名录中的单位只是其一")
    return _falls_to(ua, ub)


def _falls_to(ua: UnitName, ub: UnitName) -> Comparison:
    """Where a government has no unit of a kind, its work falls to another (林业 → 自然资源和规划):
    worth offering, never the same body."""
    ka, kb = ua.kind, ub.kind
    for k in data()["kind"]:
        if k["key"] == ka and kb in k.get("fallback", ()):
            return Comparison(False, 0.3, f"没有{ka}部门的地方,其工作多由{kb}部门承担")
    return Comparison(False, 0.0, "")


def _own_name(u: UnitName) -> str:
    """A park's or an enterprise's own name without its place (经济开发区, 城市建设投资)."""
    return u.remit[len(u.place) :] if u.place and u.remit.startswith(u.place) else u.remit


def strip_region(name: str, region: str) -> str:
    """示例区发改局 in the 示例区 directory reads as 区发改局 (the region's place is implied)."""
    key = _key(name)
    if region and len(region) > 1 and key.startswith(region) and len(key) > len(region) + 1:
        return region[-1] + key[len(region) :]
    return key


def shared_run(name: str, text: str) -> int:
    """The longest run of characters of `name` printed in `text`."""
    best = 0
    for i in range(len(name)):
        j = i + best + 1
        while j <= len(name) and name[i:j] in text:
            best = j - i
            j += 1
    return best


def _shared_text(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        for j in range(len(a), i + len(best), -1):
            if a[i:j] in b:
                best = a[i:j]
                break
    return best


# --- offering directory units for a printed name ----------------------------------------------


def _combined_held_as_one(name: str, printed: UnitName, held: dict[int, UnitName], full: dict[int, str],
                          region: str) -> list[Candidate]:
    """A combined body (县文广旅体局: 文旅 and 体育) where the directory holds a unit of one of the bodies
    it is made of and of none of the others: that unit, the government having no other (a 县 without a
    体育局). Where the directory holds two of them (a 市's 文化广电旅游局 and 体育局) it is neither."""
    body = printed.body
    if body is None or not body.joins or printed.group is not None or _lead_words(printed, region):
        return []
    of: dict[str, list[int]] = {}
    for uid, u in held.items():
        key = u.body.key if u.body is not None and u.group is None else ""
        for part in body.joins:
            if key and part in (key, *(u.body.into if u.body is not None and u.body.became == "renamed" else ())):
                of.setdefault(part, []).append(uid)
    if len(of) != 1:
        return []
    (part, uids), = of.items()
    if len(uids) != 1 or not _places_agree(printed, held[uids[0]], region)[0]:
        return []
    others = "、".join(bodies()[k].stems[0] for k in body.joins if k != part)
    return [Candidate(uids[0], full[uids[0]], 0.85, f"“{name}”是合署{others}工作的部门,名录中没有{others}部门,即是此单位")]


@dataclass(frozen=True)
class Candidate:
    """A directory unit offered for a printed name, with how alike and why."""

    unit: int
    name: str
    score: float
    reason: str


@dataclass(frozen=True)
class Offer:
    """What the office is offered for a name its directory does not know: the unit that is the
    same body (pre-selected), or alike units (never pre-selected), or — for a group — a 单位组."""

    name: str
    same: Candidate | None
    candidates: tuple[Candidate, ...]
    group: GroupOf | None


MIN_CANDIDATE = 0.3  # weaker likenesses are not worth the office's attention


# a division of a bureau named with its bureau (区经济发展局发改处, 区办公室政策法规处): the bureau, then the division
_DIVISION_OF_RE = re.compile(r"^(?P<organ>.{1,20}?(?:局|委|办公室|办|部|厅))(?P<division>[\u4e00-\u9fff]{2,6}(?:处|科|股))$")


def division_of(name: str) -> tuple[str, str] | None:
    """(the bureau, its division) of a name that is a bureau's division (区经济发展局水利处 → 区经济发展局,
    水利处), else None: the reader takes such a name as a unit, the catalogue gives it its field's work."""
    m = _DIVISION_OF_RE.match(name.strip())
    return (m["organ"], m["division"]) if m else None


_DIVISION_ENDS = "处科站所股"  # what a bureau's divisions and outposts are called (not 办公室, which may be a body)


def _is_division(u: UnitName) -> bool:
    return bool(u.type) and u.type[-1] in _DIVISION_ENDS


def offer(name: str, units: dict[int, list[str]], region: str = "", *, limit: int = 5) -> Offer:
    """Compare `name` with every unit of a directory (`units`: id → its full name and aliases).

    A unit is pre-selected only when it is the same body and no other unit is; alike units come
    after, best first, each with its reason. A group is never matched to a unit."""
    group = parse(name).group
    if group is not None:
        return Offer(name, None, (), group)
    best: dict[int, tuple[Comparison, str]] = {}
    printed = parse(strip_region(name, region))
    # a county's list printing a district's units beside its own (平潭县 and its 综合实验区, 2012): a
    # bare 区 before a 县's name, or 县 before a 区's, is another government's
    lead = unicodedata.normalize("NFKC", name).strip()[:1]
    other_county = bool(region) and region[-1] in "区县旗" and lead in "区县旗" and lead != region[-1] and not printed.place
    # a place printed that is not the directory's (平潭综合实验区公安局 against 示例区's directory)
    other_place = bool(region) and bool(printed.where) and region[:-1] not in printed.where
    # a division of a body (政法综治处, 区自然资源服务中心苏平片区服务站) is not the body
    division = _is_division(printed)
    held: dict[int, UnitName] = {}  # each unit's full name, read
    for uid, names in units.items():
        held[uid] = parse(strip_region(names[0], region))
        # an alias carries its unit's place and level: 经开区 of 示例经济开发区 is not 咸安经济开发区
        conflict = (
            other_county
            or other_place
            or (division and not _is_division(held[uid]))
            or not _places_agree(printed, held[uid], region)[0]
        )
        for n in names:
            c = compare(name, n, region)
            if c.same and conflict:
                c = Comparison(False, min(c.score, 0.35), f"名称相近,但与“{names[0]}”地名或级别不同")
            if uid not in best or (c.same, c.score) > (best[uid][0].same, best[uid][0].score):
                best[uid] = (c, names[0])
    same = [Candidate(uid, full, c.score, c.reason) for uid, (c, full) in best.items() if c.same]
    if not same:
        same = _combined_held_as_one(name, printed, held, {uid: names[0] for uid, names in units.items()}, region)
    alike = sorted(
        (Candidate(uid, full, c.score, c.reason) for uid, (c, full) in best.items() if not c.same and c.score >= MIN_CANDIDATE),
        key=lambda c: (-c.score, c.name),
    )
    if len(same) == 1:
        return Offer(name, same[0], tuple(c for c in alike if c.unit != same[0].unit)[:limit], None)
    # two units the same body as one name: the directory itself holds a doubt; let the office choose
    ambiguous = [Candidate(c.unit, c.name, c.score, c.reason + "(名录中不止一个单位与此相同)") for c in same]
    return Offer(name, None, tuple(sorted(ambiguous, key=lambda c: c.name) + alike)[:limit], None)
