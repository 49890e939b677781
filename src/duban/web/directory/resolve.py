"""Resolving the unit names a plan prints against the directory: exactly, by alias, or after
normalising (full-width forms, spaces, the region spelled out or shortened to 区/县/市).

Pure functions over plain data, so the rules are tested without a database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from duban.core.unitname import parse

_SPACE = re.compile(r"\s+")
_TRAILING_DENG = re.compile(r"等$")


def normalize(name: str, region: str = "") -> str:
    """A comparison key: NFKC, no white space, no trailing 等, the region written as its level
    character (示例区发改局 and 区发改局 give the same key)."""
    s = unicodedata.normalize("NFKC", name)
    s = _SPACE.sub("", s)
    s = _TRAILING_DENG.sub("", s)
    if region and len(region) > 1 and s.startswith(region):
        s = region[-1] + s[len(region):]
    return s


@dataclass
class Match:
    """How one printed name resolved: to units (a group gives several), or not at all."""

    name: str
    unit_ids: list[int] = field(default_factory=list)
    how: str = ""  # exact | alias | normalized | group | "" (unknown)

    @property
    def known(self) -> bool:
        return bool(self.how)


@dataclass
class Index:
    """The directory of one government as lookup tables."""

    region: str = ""
    exact: dict[str, int] = field(default_factory=dict)  # full name → unit id
    alias: dict[str, int] = field(default_factory=dict)  # alias → unit id
    groups: dict[str, list[int]] = field(default_factory=dict)  # group name → member ids
    norm: dict[str, int] = field(default_factory=dict)
    norm_groups: dict[str, list[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def build(self) -> Index:
        for name, uid in list(self.exact.items()) + list(self.alias.items()):
            self.norm.setdefault(normalize(name, self.region), uid)
        for name, ids in self.groups.items():
            self.norm_groups.setdefault(normalize(name, self.region), ids)
        return self

    def resolve(self, name: str) -> Match:
        if name in self.exact:
            return Match(name, [self.exact[name]], "exact")
        if name in self.alias:
            return Match(name, [self.alias[name]], "alias")
        if name in self.groups:
            return Match(name, list(self.groups[name]), "group")
        key = normalize(name, self.region)
        if key in self.norm:
            return Match(name, [self.norm[key]], "normalized")
        if key in self.norm_groups:
            return Match(name, list(self.norm_groups[key]), "group")
        return Match(name)


# kinds of work whose units are offices of a higher government (垂管) or mass organisations (群团)
_VERTICAL_KINDS = frozenset({"税务", "气象", "海关", "人民银行", "金融监管", "调查队", "消防", "公用事业", "邮政管理", "地震"})
_MASS_KINDS = frozenset({"工会", "共青团", "妇联", "残联", "科协", "文联", "红十字会", "工商联"})


def guess_kind(name: str) -> str:
    """The likely kind of a unit from its name, for a proposed new unit."""
    u = parse(name)
    if u.township:
        return "township"
    if u.kind == "开发区":
        return "park"
    if u.kind in _VERTICAL_KINDS or u.branch:
        return "vertical"
    if u.kind == "国企平台":
        return "soe"
    if u.kind in _MASS_KINDS:
        return "mass"
    s = normalize(name)
    if re.search(r"(乡|镇|街道|办事处)(人民政府)?$", s):
        return "township"
    if re.search(r"(园区|开发区|高新区|产业园|管委会)$", s):
        return "park"
    if re.search(r"(税务局|供电公司|烟草|气象局|邮政|海关|银行|分局|支队|大队)$", s):
        return "vertical"
    if re.search(r"(集团|公司)$", s):
        return "soe"
    if re.search(r"(团区委|团县委|团委|妇联|工会|总工会|科协|残联|工商联|红十字会|文联)$", s):
        return "mass"
    return "department"
