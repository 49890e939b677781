"""Spreadsheet cells written from what people typed: never run as formulas.

A unit's report summary, a roster title or a unit's name that begins with "=" (say
`=HYPERLINK("http://…","点此查看")`) became a live formula in the .xlsx files the office opens:
openpyxl stores any text that begins with "=" as a formula. In a CSV file, Excel also runs text
that begins with "+", "-" or "@" (and a tab or carriage return before them).

One rule (`formula_like`) and two ways to apply it, one per kind of file:

- `xlsx_bytes(workbook)`: what every .xlsx we write goes through on its way out. Each cell whose
  text would run is stored as text with the quote prefix Excel and LibreOffice use for "typed as
  text": shown exactly as typed (no apostrophe in the text, so a returned 附表3 or an edited
  directory comes back unchanged), and still text when someone edits the cell.
- `csv_text(value)`: CSV has no cell types, so such text gets a leading apostrophe (OWASP's
  advice for CSV injection).

No file we write holds a formula of its own, so nothing wanted is lost.
"""

from __future__ import annotations

import io
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Text that a spreadsheet program would read as the start of a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: formula-like text behind an apostrophe, anything else as it is."""
    return "'" + value if formula_like(value) else value


def keep_as_text(workbook: Any) -> int:
    """Store every formula-like text of `workbook` (an openpyxl Workbook) as text; how many."""
    n = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if formula_like(cell.value):
                    cell.data_type = "s"  # openpyxl made "=…" a formula: a string again
                    cell.quotePrefix = True
                    n += 1
    return n


def xlsx_bytes(workbook: Any) -> bytes:
    """The workbook as .xlsx bytes, with no cell that runs as a formula."""
    keep_as_text(workbook)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()
