"""The fictional 示例区 plan in every file type, generated once per test session.

`plan_files` maps a format key (see tests/fixtures/files.py WRITERS) to its file; `plan_file`
runs a test once per format; `plan_file_of(key)` gives one format, skipping PDFs when the
Chinese font is not installed. The old binary formats (LEGACY_WRITERS: .doc .wps .xls .et) are
made by LibreOffice on first use, and skipped with the reason where it is not installed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fixtures.files import (
    FONT_MISSING,
    LEGACY_WRITERS,
    SOFFICE_MISSING,
    WRITERS,
    write_all,
    write_legacy,
)


@pytest.fixture(scope="session")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("plan_files"))


@pytest.fixture(scope="session")
def plan_file_of(plan_files: dict[str, Path]) -> Callable[[str], Path]:
    def get(key: str) -> Path:
        if key in LEGACY_WRITERS:
            from duban.core.read.convert import soffice

            if soffice() is None:
                pytest.skip(SOFFICE_MISSING)
            if key not in plan_files:
                name, twin, fmt = LEGACY_WRITERS[key]
                plan_files[key] = write_legacy(get(twin), get(twin).parent / name, fmt)
            return plan_files[key]
        if key not in WRITERS:
            raise KeyError(key)
        if key not in plan_files:
            pytest.skip(FONT_MISSING)
        return plan_files[key]

    return get


@pytest.fixture(params=sorted(WRITERS))
def plan_file(request: pytest.FixtureRequest, plan_file_of: Callable[[str], Path]) -> Path:
    return plan_file_of(str(request.param))
