"""Resolving printed unit names against the directory (pure: no database)."""

from __future__ import annotations

import pytest

from duban.web.directory.resolve import Index, guess_kind, normalize


def index() -> Index:
    idx = Index(region="示例区", exact={"示例区发展和改革局": 1, "东湖镇人民政府": 2},
                alias={"区发改局": 1}, groups={"各乡镇人民政府": [2]}, names={1: "示例区发展和改革局", 2: "东湖镇人民政府"})
    return idx.build()


@pytest.mark.parametrize(("name", "how", "ids"), [
    ("示例区发展和改革局", "exact", [1]),
    ("区发改局", "alias", [1]),
    ("示例区发改局", "normalized", [1]),       # the region written out
    ("区 发改局", "normalized", [1]),          # padding
    ("区发改局等", "normalized", [1]),          # a trailing 等
    ("各乡镇人民政府", "group", [2]),
    ("区火星局", "", []),
])
def test_resolution(name: str, how: str, ids: list[int]) -> None:
    m = index().resolve(name)
    assert (m.how, m.unit_ids) == (how, ids)


@pytest.mark.parametrize(("name", "kind"), [
    ("西山乡人民政府", "township"), ("城关街道办事处", "township"), ("示例经济开发区管委会", "park"),
    ("区城投集团", "soe"), ("团区委", "mass"), ("区税务局", "vertical"), ("区教育局", "department"),
])
def test_kind_is_guessed_from_the_name(name: str, kind: str) -> None:
    assert guess_kind(name) == kind


def test_normalize_is_nfkc() -> None:
    assert normalize("区发改局(粮食局)") == "区发改局(粮食局)"
