"""An evidence upload cut off by a crash leaves no file without its row (issue 18: a killed upload
left its file behind, nobody's, forever). The file is written pending (<name>.part) before its
row and takes its name once the row is committed; at start-up (serve, worker) a pending file with
a row takes its name and one without a row is removed. Killed for real here: the process exits
with os._exit at the moment named, in a subprocess with its own data directory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from duban.web.cycle import evidence
from tests.web.cycle.test_views import png_bytes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX process killed with os._exit")

REPO = Path(__file__).resolve().parents[3]

UPLOAD_AND_DIE = """
import os, sys, django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("migrate", interactive=False, verbosity=0)
from duban.web.cycle import evidence, services as cs
from duban.web.cycle.models import Attachment
from tests.web.builders import build_world
from tests.web.project.test_serve import _open_round
w = build_world()
rnd = _open_round(w)
liaison = w["users"]["liaison"]
rep = cs.start_report(actor=liaison, round=rnd, task=w["task_a"], unit=w["units"]["fgj"])
where = sys.argv[1]
if where == "before_commit":  # the file is written; the row's insert is where the process dies
    Attachment.save = lambda self, *a, **k: os._exit(9)
else:  # the row is committed; the rename is where the process dies
    evidence.keep = lambda name: os._exit(9)
cs.add_attachment(actor=liaison, report=rep, name="现场.png", data=bytes.fromhex(sys.argv[2]))
"""


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(DUBAN_DATA_DIR=str(tmp), DJANGO_SETTINGS_MODULE="duban.web.project.settings",
               DUBAN_REMINDER_THREAD="0")
    return env


def _files(tmp: Path) -> list[Path]:
    root = tmp / "evidence"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _killed_upload(tmp: Path, where: str) -> None:
    done = subprocess.run([sys.executable, "-c", UPLOAD_AND_DIE, where, png_bytes().hex()], env=_env(tmp), cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 9, done.stderr[-2000:]


def _start_up(tmp: Path) -> str:
    """What serve and the worker do first (`duban worker --once`: no port needed)."""
    done = subprocess.run([sys.executable, "-m", "duban.cli", "worker", "--once"], env=_env(tmp), cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _attachments(tmp: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(tmp / "duban.sqlite3") as db:
        return [r[0] for r in db.execute("SELECT stored_name FROM cycle_attachment")]


def test_an_upload_killed_before_its_row_leaves_no_file(tmp_path: Path) -> None:
    _killed_upload(tmp_path, "before_commit")
    assert _attachments(tmp_path) == [] and len(_files(tmp_path)) == 1
    an_hour_ago = time.time() - 2 * 3600  # no upload takes that long: it is not one still in flight
    for f in _files(tmp_path):
        os.utime(f, (an_hour_ago, an_hour_ago))
    said = _start_up(tmp_path)
    assert _files(tmp_path) == [], said
    assert "清除未登记的 1 个" in said


def test_an_upload_killed_after_its_row_keeps_its_file(tmp_path: Path) -> None:
    _killed_upload(tmp_path, "after_commit")
    [stored] = _attachments(tmp_path)
    [pending] = _files(tmp_path)
    assert pending.name == stored + evidence.PENDING  # the row is in, the rename was not done
    said = _start_up(tmp_path)
    assert [p.name for p in _files(tmp_path)] == [stored] and "补全 1 个" in said
    assert (pending.with_name(stored)).read_bytes() == png_bytes()


def test_the_sweep_spares_kept_evidence_and_uploads_in_flight(db: Any, tmp_path: Path, settings: Any) -> None:
    """A file without a row under its own name is evidence detached by a click (kept on purpose);
    a pending file younger than an hour may be another process's upload being saved now."""
    settings.DUBAN_EVIDENCE_DIR = tmp_path
    checked = evidence.check(png_bytes(), "现场.png")
    young = evidence.store(png_bytes(), checked)
    detached = evidence.store(png_bytes(), checked)
    evidence.keep(detached)
    assert evidence.finish_pending() == (0, 0)
    assert evidence.locate(young).exists() and evidence.locate(detached).name == detached
