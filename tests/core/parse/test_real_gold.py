"""The hand-made gold of the real plans in tests/fixtures/plans/real: right shape, and naming only what each text prints.

The checker is tests/fixtures/plans/real/check_gold.py (standard library only, so it also runs
by hand); these tests run it on every document and make sure it does catch a bad gold.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import FIXTURES

REAL = FIXTURES / "plans" / "real"


def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("real_plans_check_gold", REAL / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NAMES = checker().names(REAL)


def test_the_real_plans_are_there() -> None:
    assert len(NAMES) >= 7, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_gold_has_the_contract_shape_and_names_only_what_the_text_prints(name: str) -> None:
    assert checker().check(name, REAL) == []


Gold = dict[str, Any]


def _copy_with(tmp_path: Path, name: str, change: Callable[[Gold], Gold]) -> str:
    """NAME's files copied to tmp_path with its gold changed by `change`."""
    for suffix in (".txt", ".units.txt", ".source.txt"):
        (tmp_path / f"{name}{suffix}").write_text((REAL / f"{name}{suffix}").read_text(encoding="utf-8"), encoding="utf-8")
    doc = json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))
    changed = change(copy.deepcopy(doc))
    (tmp_path / f"{name}.json").write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    return name


def test_a_unit_the_text_does_not_print_is_reported(tmp_path: Path) -> None:
    def invent(doc: Gold) -> Gold:
        doc["tasks"][0]["cooperating_units"].append("市审计局")
        return doc

    problems = checker().check(_copy_with(tmp_path, "guangzhou-2006", invent), tmp_path)
    assert any("市审计局" in p and "not in the text" in p for p in problems), problems


def test_a_text_outside_its_lines_is_reported(tmp_path: Path) -> None:
    def move(doc: Gold) -> Gold:
        doc["tasks"][1]["lines"] = doc["tasks"][0]["lines"]
        return doc

    problems = checker().check(_copy_with(tmp_path, "lishui-2023", move), tmp_path)
    assert any("T2: text not in its lines" in p for p in problems), problems


def test_a_broken_shape_is_reported(tmp_path: Path) -> None:
    def break_it(doc: Gold) -> Gold:
        doc["tasks"][2]["kind"] = "goal"
        doc["tasks"][3]["lines"] = [40, 999]
        return doc

    problems = checker().check(_copy_with(tmp_path, "guangdong-2021", break_it), tmp_path)
    assert any("T3: kind must be task or target" in p for p in problems), problems
    assert any("T4: lines" in p for p in problems), problems


def test_shared_prefix_and_suffix_lists_expand_but_nothing_else_does() -> None:
    expansions = checker().expansions
    listed = expansions("配合单位:市发改委、国土房管局、规划局;各县、市、区政府")
    assert {"市国土房管局", "市规划局", "各市政府", "各区政府"} <= listed
    assert "市审计局" not in listed


def test_a_list_run_into_a_sentence_still_expands_from_its_ends_only() -> None:
    expansions = checker().expansions
    listed = expansions("此项工作由市交通运输委、住房建设局、城管局负责。广深、平南铁路有限公司为铁路沿线责任单位")
    assert {"市住房建设局", "市城管局", "广深铁路有限公司"} <= listed
    assert "市审计局" not in listed and "市财政局" not in listed
