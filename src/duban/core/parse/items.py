"""What every reader of a layout family hands the assembler: headings and tasks as read.

The text reader (paragraphs with notes) and the table reader (rows, or cells one a line) each turn
their part of the document into `Item`s with the lines they came from; `assemble` alone turns
items into sections and tasks, so a rule about units, leaders or sections is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from duban.core.parse.columns import Columns
from duban.core.parse.notes import NoteFields


@dataclass
class Item:
    """A heading or a task as read, before sections and ids are assigned."""

    kind: str  # "heading", "task", "prose" (no task), or "measure" (a step listed under a task's 措施)
    text: str
    first: int
    last: int
    style: str | None = None  # the numbering style ("cn", "(cn)", "ar"…), "dash", "plain", "row", "bare"
    number: str | None = None
    starred: bool = False
    fields: NoteFields = field(default_factory=NoteFields)
    has_note: bool = False
    # a heading that names the lead of the work under it ("(一)省监察厅牵头的工作"): tasks under it
    # that name no lead of their own are led by its units
    inherit: bool = False
    # flattened tables: the value lines under the task text, with whether a blank preceded each
    values: list[tuple[int, str, bool]] = field(default_factory=list)
    columns: Columns | None = None
    row: tuple[str, ...] | None = None
    index: int | None = None  # the prepared line it begins on (a one-line document's paragraphs share a number)
