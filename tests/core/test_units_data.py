"""The units data file (src/duban/core/data/units.toml): its version moves with its content."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duban.core

UNITS_DATA = Path(duban.core.__file__).parent / "data" / "units.toml"

# The data's version and a digest of the rest of the file. A change to the data bumps `version` (saved
# suggestion models and the directory's matching read it) and writes the new pair here. Two changes
# that each bump from the same version then meet as a conflict on this line when the second is
# rebased, instead of landing silently under one number (it happened three times in session 11).
VERSION_AND_DIGEST = (23, "ff51486b7dce47d3")


def version_and_digest(text: str) -> tuple[int, str]:
    found = re.search(r"^version = (\d+)$", text, flags=re.M)
    assert found is not None, "the units data has no version line"
    rest = re.sub(r"^version = \d+$", "", text, flags=re.M)
    return int(found.group(1)), hashlib.sha256(rest.encode("utf-8")).hexdigest()[:16]


def test_the_units_data_version_moves_with_its_content() -> None:
    version, digest = version_and_digest(UNITS_DATA.read_text(encoding="utf-8"))
    assert (version, digest) == VERSION_AND_DIGEST, (
        f"the units data changed: bump its version (now {version}) and set VERSION_AND_DIGEST to "
        f"({version}, {digest!r}) with the new version"
    )


def test_a_changed_word_changes_the_digest_and_the_version_line_does_not() -> None:
    text = UNITS_DATA.read_text(encoding="utf-8")
    version, digest = version_and_digest(text)
    assert version_and_digest(text.replace(f"version = {version}", f"version = {version + 1}", 1))[1] == digest
    assert version_and_digest(text.replace("发展改革", "发展和改革", 1))[1] != digest
