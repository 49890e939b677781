"""Fixtures shared by every test: where ../shared is, and skipping when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip with the reason when the folder is not there."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is absent (seeds and gold ship beside the repo, not in it)")
    return p


@pytest.fixture
def shared_dir() -> Path:
    return shared_path()
