"""What the reader's tests share: the fixture table as read, and what every document must hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from duban.core.document import Document, render_row
from tests.fixtures.files import HEADER, table_rows

PlanFileOf = Callable[[str], Path]  # the `plan_file_of` fixture (tests/core/conftest.py)


def squash(text: str) -> str:
    """Text without white space: PDF and HTML may keep or drop the padding in "陈  晓"."""
    return re.sub(r"\s+", "", text)


def texts(doc: Document) -> list[str]:
    return [line.text for line in doc.lines]


def rows(doc: Document) -> list[tuple[str, ...]]:
    return [line.cells for line in doc.lines if line.cells is not None]


def expected_table() -> list[tuple[str, ...]]:
    """The fixture table as the reader gives it: the one unit list typed one unit a line."""
    out = [HEADER]
    for row in table_rows():
        if len(row) > 1 and "、各" in row[4]:
            first, rest = row[4].split("、", 1)
            row = (*row[:4], f"{first}\n{rest}", *row[5:])
        out.append(row)
    return out


def assert_numbered(doc: Document) -> None:
    assert [line.no for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    for line in doc.lines:
        if line.cells is not None:
            assert line.text == render_row(line.cells)
