"""The README documents every command a user can run."""

from __future__ import annotations

import argparse
from pathlib import Path

from duban.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [name for name in subparsers.choices if f"duban {name}" not in README]
    assert missing == []


def test_readme_names_the_two_setup_commands_and_they_exist() -> None:
    root = Path(__file__).resolve().parents[1]
    for script in ("scripts/demo", "scripts/test"):
        assert script in README
        assert (root / script).exists()
