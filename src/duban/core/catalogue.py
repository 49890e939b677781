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
from functools import cache
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
    """The kinds of work a combined body does besides its own (a zone's 城乡建设和交通局: 交通运输)."""
    body = unitname.parse(unit_name).body
    return body.also if body is not None else ()


def facet_score(kind_key: str, unit_name: str, text: str) -> float | None:
    """How much of `text` is the remit of the body a unit's name names, where that body has a share
    of its kind's remit of its own (科技局 → the 科技 part; a bracket says which face is meant:
    区财政局(国资局) → 国资); None when it has none or covers the whole kind (科技经信局, 卫健局)."""
    u = unitname.parse(unit_name)
    body = next(
        (b for q in u.qualifiers if (b := unitname.parse(q).body) is not None and b.kind == kind_key and b.remit), None
    )
    if body is None and u.body is not None and u.body.kind == kind_key:
        body = u.body
    if body is None or not body.remit:
        return None
    return float(sum(min(len(w), 6) for w in body.remit if w in text))


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
    for key, hit in rule_scores(s).items():
        if by_key()[key].group:
            continue
        if best is None or hit.score > best[0]:
            best = (hit.score, key)
    return by_key()[best[1]] if best and best[0] >= 1.2 else None


def stem(unit_name: str) -> str:
    """The distinctive part of a unit name, for finding it mentioned in a task (五里界, 香菇, 档案)."""
    main, _ = split_qualifier(unit_name)
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


def rule_scores(text: str, among: Iterable[Kind] | None = None) -> dict[str, RuleHit]:
    """Score each kind by the remit words the text uses, with the words (for explanations).

    Longer and rarer words weigh more; a word inside a longer word that matched (零售 inside
    社会消费品零售总额, for whichever kind) is not counted again. A project frame (项目建设) and an
    industry's name (汽车零部件) count for little where another kind's words say what is done.
    """
    frames, industries = _rule_words()
    weights = _word_weights()
    matched: dict[str, list[str]] = {}
    for kind in among if among is not None else kinds():
        words = [w for w in kind.remit if w in text]
        if words:
            matched[kind.key] = words
    # a project frame (文体中心项目建设) names no remit by itself: where another kind's words say what
    # the project is, the frame counts for little
    framed = {k for k, words in matched.items() if any(w not in frames for w in words)}
    every = {w for words in matched.values() for w in words}
    longer = sorted(every, key=len, reverse=True)
    kept_by_kind = {
        key: [w for w in words if not any(len(o) > len(w) and w in o for o in longer)] for key, words in matched.items()
    }
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
            * (1 + 0.5 * min(text.count(w) - 1, 2))
            * (FRAME_FACTOR if others and w in frames else 1.0)
            * (FRAME_FACTOR if acted and w in industries else 1.0)
            for w in kept
        )
        out[key] = RuleHit(score=float(score), words=tuple(kept))
    return out


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
