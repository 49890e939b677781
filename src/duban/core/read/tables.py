"""Tables in every format: grid cells with their merges, and rows turned into lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from duban.core.document import Line, render_row
from duban.core.read.limits import Budget


@dataclass
class GridCell:
    """One grid position of a table: its text and, when merged, what it was merged from."""

    text: str
    merge: object | None = None  # the same object for every position one merged cell covers
    vertical: bool = False  # filled from a cell above


def cells_of_row(grid: Sequence[GridCell]) -> tuple[str, ...] | None:
    """The cells of one table row: trailing empty positions trimmed; a row that is one merged value
    across the table is one cell; other merged values repeated; an empty row is None."""
    cells = list(grid)
    while cells and not cells[-1].text.strip():
        cells.pop()
    if not cells:
        return None
    first = cells[0].merge
    if len(cells) > 1 and first is not None and all(c.merge is first for c in cells):
        return (cells[0].text,)
    return tuple(c.text for c in cells)


class LineBuilder:
    """Collects the document's lines, numbering them and counting what a user may want to know;
    refuses, as soon as they pass the limits, more text, lines or cells than a plan can hold."""

    def __init__(self, name: str = "<input>") -> None:
        self.budget = Budget(name)
        self.lines: list[Line] = []
        self.merged_down = False
        self.merged_across = False

    def text(self, text: str) -> None:
        text = text.strip()
        if text:
            self.budget.add(len(text))
            self.lines.append(Line(no=len(self.lines) + 1, text=text))

    def row(self, grid: Sequence[GridCell]) -> None:
        if any(c.vertical for c in grid):
            self.merged_down = True
        cells = cells_of_row(grid)
        if cells is None:
            return
        if len(cells) > 1 and any(a.merge is not None and a.merge is b.merge for a, b in zip(grid, grid[1:], strict=False)):
            self.merged_across = True
        text = render_row(cells)
        self.budget.add(len(text), len(cells))
        self.lines.append(Line(no=len(self.lines) + 1, text=text, cells=cells))

    def notes(self) -> list[str]:
        out = []
        if self.merged_down:
            out.append("合并单元格已展开:纵向合并的值填入所跨的每一行")
        if self.merged_across:
            out.append("合并单元格已展开:横向合并的值填入所跨的每一列")
        return out


def clean_cell(text: str) -> str:
    """A cell's text: its own line breaks kept, blank lines and padding around them dropped."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")]
    return "\n".join(p for p in parts if p)
