"""From a `Document` to a `Plan`: find the plan in the document, its headings, its numbered
targets and tasks, and who answers for each.

Stages, each tested alone: lines (normalise, classify) → notes (the responsibility note of a
task) → units (split and expand unit lists) → indicators (quantities in a task's text) →
structure (sections, tasks, warnings). Tables (from Word, Excel, HTML, PDF, or flattened to one
cell per line) are read by `table`.
"""

from __future__ import annotations

import os

from duban.core.document import Document
from duban.core.plan import Plan, Warning
from duban.core.read import read_bytes, read_document


def parse_document(doc: Document) -> Plan:
    """Parse a document already read; raise `NoPlanError` if it holds no plan."""
    from duban.core.parse.structure import build_plan

    plan = build_plan(doc)
    plan.warnings[:0] = [Warning(lines=(first, last), message=message) for first, last, message in doc.warnings]
    if doc.path:
        plan.source = os.path.basename(doc.path)
    return plan


def parse_file(path: str | os.PathLike[str]) -> Plan:
    """Read and parse a published plan file (.txt .html .docx .xlsx .pdf)."""
    return parse_document(read_document(path))


def parse_bytes(data: bytes, name: str) -> Plan:
    """Read and parse an uploaded file; `name` gives its type by suffix."""
    return parse_document(read_bytes(data, name=name))


def parse_text(text: str) -> Plan:
    """Parse plan text (tests, the web app's paste box)."""
    return parse_document(Document.from_text(text))


def summary(plan: Plan) -> str:
    """One line on what a reading found: items, targets and tasks, headings, warnings with their lines."""
    from duban.core.parse.check import summary as _summary

    return _summary(plan)


__all__ = ["parse_bytes", "parse_document", "parse_file", "parse_text", "summary"]
