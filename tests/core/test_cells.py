"""The one rule for text that a spreadsheet would run as a formula (duban.core.cells)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from duban.core.cells import csv_text, formula_like, xlsx_bytes

HOSTILE = ['=HYPERLINK("http://evil.example/","点此查看")', "=1+1", "+1+2", "-3+4", "@SUM(1)", "\t=1+1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_run_is_formula_like(text: str) -> None:
    assert formula_like(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("value", ["完成投资2亿元", "一、=号在中间", " =1", "", 7, -3.5, None])
def test_other_values_are_left_as_they_are(value: object) -> None:
    assert not formula_like(value)
    assert csv_text(value) == value


def test_no_cell_of_a_written_workbook_is_a_formula_and_the_text_comes_back_as_typed() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([*HOSTILE, "正常", 12])
    assert ws["A1"].data_type == "f"  # what openpyxl does with "=…" on its own
    back = load_workbook(io.BytesIO(xlsx_bytes(wb))).active
    assert back is not None
    cells = list(back[1])
    assert [c.value for c in cells] == [*HOSTILE, "正常", 12]
    assert all(c.data_type != "f" for c in cells)
    assert all(c.quotePrefix for c in cells[: len(HOSTILE)]) and not cells[-2].quotePrefix


def test_every_workbook_we_make_is_written_through_the_helper() -> None:
    """A module that makes a workbook (openpyxl's Workbook) writes it with xlsx_bytes."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "duban"
    makers = [p for p in src.rglob("*.py") if "Workbook()" in p.read_text(encoding="utf-8")]
    assert makers, "no module makes a workbook?"
    unguarded = [str(p.relative_to(src)) for p in makers if "xlsx_bytes(" not in p.read_text(encoding="utf-8")]
    assert not unguarded, f"workbooks written without duban.core.cells.xlsx_bytes: {unguarded}"
