"""What the reader hands the parser: a document as numbered lines, table rows kept as cells.

Every file type (text, HTML, Word, Excel, PDF) becomes this one shape, so the parser has one
input. Line numbers are 1-based and are what provenance (`lines` in the plan) refers to.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of the document. A table row keeps its cells; a cell's own breaks stay as "\\n"."""

    no: int
    text: str
    cells: tuple[str, ...] | None = None

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class Document:
    """A document read from a file: its lines, and how it was read."""

    lines: list[Line]
    kind: str = "txt"  # txt, html, docx, xlsx, pdf, ofd; doc and xls for the old binary formats
    path: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)  # what the reader did that a user may want to know
    # what the reader found wrong at given lines (first, last, message): the parser carries these
    # into the plan's warnings, so the user sees them beside the tasks they touch
    warnings: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, *, kind: str = "txt", path: str | None = None) -> Document:
        """Split plain text into lines; pipe-separated rows ("a | b | c") are kept as table rows."""
        lines = [row_or_line(i, raw) for i, raw in enumerate(text.splitlines(), start=1)]
        return cls(lines=lines, kind=kind, path=path)

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def row_or_line(no: int, raw: str) -> Line:
    """A text line with two or more " | " separators is a table row written as text."""
    if raw.count("|") >= 2 and " | " in raw:
        body = raw.rstrip()
        if body.startswith("|") and body.endswith("|"):
            body = body[1:-1]  # a markdown row "| a | b |": the outer bars are borders
        # otherwise a line starting " | x" has an empty first cell (序号 left blank), kept in place
        cells = tuple(c.strip() for c in body.split("|"))
        return Line(no=no, text=raw, cells=cells)
    return Line(no=no, text=raw)


def render_row(cells: tuple[str, ...] | list[str]) -> str:
    """How a table row is shown as one line of text (for provenance and warnings)."""
    return " | ".join(c.replace("\n", " ") for c in cells)
