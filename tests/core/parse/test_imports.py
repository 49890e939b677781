"""What reading a plan loads: only what it uses (a plan is read on every import and `duban parse`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PLANS = Path(__file__).resolve().parents[2] / "fixtures" / "plans"

_READ = """
import sys
from duban.core.parse import parse_file
from duban.core.units import _place_names
plan = parse_file(sys.argv[1])
print(len(plan.tasks), len(_place_names()), "jieba" in sys.modules)
"""


def test_reading_a_plan_uses_jiebas_place_names_without_importing_jieba() -> None:
    """The place names come from jieba's dictionary file; importing jieba for them (its
    pkg_resources) cost every reading about 0.2 s and 10 MB."""
    run = subprocess.run([sys.executable, "-c", _READ, str(PLANS / "dev" / "flat_table_progress.txt")],
                         capture_output=True, text=True, timeout=120, check=True)
    tasks, places, imported = run.stdout.split()
    assert int(tasks) > 0 and int(places) > 10000
    assert imported == "False"
