"""The reader. The same plan in every format parses to the same tasks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.read.common import PlanFileOf, squash


def _tasks(path: Path) -> list[tuple[object, ...]]:
    from duban.core.parse import parse_file

    plan = parse_file(path)
    return [
        (t.number, t.starred, squash(t.text), t.leaders, t.lead_units, t.cooperating_units,
         [squash(p) for p in t.persons], t.deadline)
        for t in plan.tasks
    ]


def test_every_format_of_the_plan_parses_to_the_same_tasks(plan_file: Path, plan_files: dict[str, Path]) -> None:
    from tests.fixtures.files import items

    got = _tasks(plan_file)
    assert got == _tasks(plan_files["txt_utf8"])
    want = [(i.number, i.text.startswith("★"), squash(i.text.lstrip("★")), [i.leader], [i.lead]) for i in items()]
    assert [g[:5] for g in got] == want


def test_exported_table_parses_back_to_the_same_tasks(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from duban.core.export import plan_to_xlsx
    from duban.core.parse import parse_file

    source = plan_file_of("docx_table")
    out = tmp_path / "exported.xlsx"
    out.write_bytes(plan_to_xlsx(parse_file(source)))
    assert _tasks(out) == _tasks(source)


@pytest.mark.parametrize(("key", "twin"), [
    ("doc", "docx_table"), ("doc_paragraphs", "docx_paragraphs"), ("wps", "docx_table"),
    ("xls", "xlsx"), ("et", "xlsx"), ("ofd", "docx_paragraphs"), ("ofd_table", "docx_table"),
])
def test_old_binary_and_ofd_files_parse_to_the_same_tasks_as_their_twins(key: str, twin: str, plan_file_of: PlanFileOf) -> None:
    assert _tasks(plan_file_of(key)) == _tasks(plan_file_of(twin))
