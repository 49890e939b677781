"""The core stays pure: nothing under duban.core imports Django (the CLI and web app call it)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "duban" / "core"
FORBIDDEN = ("django", "ninja", "duban.web")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_import_nothing_from_django_or_the_web_app() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files, "the core has modules"
    offenders = {
        str(f.relative_to(CORE)): sorted(m for m in imported_modules(f) if m.split(".")[0] in FORBIDDEN or m.startswith("duban.web"))
        for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}
