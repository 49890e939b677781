"""Errors the core raises for bad input: each carries the file and a reason a user can read."""

from __future__ import annotations


class DubanError(Exception):
    """Bad input, told in one line: the CLI prints it to stderr, the web app shows it in Chinese."""

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class ReadError(DubanError):
    """The file could not be read as a document (missing, empty, binary, corrupt, too large)."""


class NoPlanError(DubanError):
    """The document was read, but no plan (no numbered task with its units) was found in it."""
