"""Traditional characters without OpenCC: the table is an optional help, never a condition of reading."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PLANS = Path(__file__).resolve().parents[2] / "fixtures" / "plans"

_WITHOUT_OPENCC = """
import json, sys
sys.modules["opencc"] = None  # as where OpenCC is not installed: importing it fails
from duban.core.parse import parse_file
from duban.core.errors import DubanError
out = {}
for path in sys.argv[1:]:
    try:
        out[path] = [(t.text, t.lead_units) for t in parse_file(path).tasks]
    except DubanError as exc:
        out[path] = str(exc)
print(json.dumps(out, ensure_ascii=False))
"""


def test_plans_read_without_opencc_installed() -> None:
    """Every plan used to load the table first, so a machine without OpenCC read nothing at all
    (ModuleNotFoundError on the seeds); a simplified plan never needs it, and a traditional one is
    refused saying what to install, never with an internal error."""
    simple = PLANS / "dev" / "flat_table_progress.txt"
    traditional = PLANS / "dev" / "traditional_characters.txt"
    run = subprocess.run([sys.executable, "-c", _WITHOUT_OPENCC, str(simple), str(traditional)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    read = json.loads(run.stdout)
    expected = json.loads((PLANS / "dev" / "flat_table_progress.expected.json").read_text(encoding="utf-8"))
    assert len(read[str(simple)]) == len(expected["tasks"])
    assert "OpenCC" in read[str(traditional)]
