"""Text units and the office typed never becomes a live formula in the spreadsheets we write:
附表2 (a roster title), 附表3 (a report's summary), the plan table (a task), the 台账, the
directory and the audit log, each through the one helper (duban.core.cells). Issue 18 found
`=HYPERLINK(…)` running in the first four."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from duban.web.cycle import services as cs
from duban.web.directory import services as ds
from duban.web.documents import services
from duban.web.plans import services as ps
from tests.web.documents.conftest import Docs

LINK = '=HYPERLINK("http://evil.example/","点此查看附件")'


def _hostile(docs: Docs) -> None:
    """The office's task text, a unit's roster title and report summary, and a unit's name, each
    beginning with a formula."""
    w, office, liaison = docs.w, docs.office, docs.w.users["liaison"]
    task = w.task_b
    task.refresh_from_db()
    ps.update_task(actor=office, task=task, expected_version=task.version, changes={"text": LINK}, reason="测试")
    cs.save_roster_entry(actor=liaison, unit=w.units["fgj"], slot="liaison", name="陈晓", title=LINK)
    rep = cs.review_report(actor=office, report=docs.report_a, accept=False, comment="补充")
    cs.submit_report(actor=liaison, report=rep, expected_version=rep.version,
                     data={"status": "on_track", "summary": LINK})
    ds.create_unit(actor=office, government=w.gov, name="=1+2")


def _cells(data: bytes) -> list[Any]:
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def _files(docs: Docs) -> dict[str, bytes]:
    w = docs.w
    c = Client()
    c.force_login(docs.office)
    return {
        "附表2": services.unit_form(w.plan, w.units["fgj"], 2, "xlsx"),
        "附表3": services.unit_form(w.plan, w.units["fgj"], 3, "xlsx", rnd=docs.rnd),
        "分解表": services.plan_table(w.plan, "xlsx"),
        "台账": services.ledger_file(docs.rnd),
        "名录": ds.export_xlsx(w.gov),
        "审计日志": c.get("/audit/export.xlsx").content,
    }


def test_typed_formulas_are_written_as_the_text_typed(docs: Docs) -> None:
    _hostile(docs)
    for name, data in _files(docs).items():
        cells = _cells(data)
        running = [c.coordinate for c in cells if c.data_type == "f"]
        assert not running, f"{name}: formulas at {running}"
        texts = [str(c.value) for c in cells if c.value is not None]
        wanted = "=1+2" if name in ("名录", "审计日志") else LINK
        assert wanted in texts, f"{name}: {wanted} is not a cell of its own"
        assert not any(t.startswith("'=") for t in texts), f"{name}: an apostrophe in the text"


def test_the_audit_csv_puts_formula_text_behind_an_apostrophe(docs: Docs) -> None:
    _hostile(docs)
    c = Client()
    c.force_login(docs.office)
    rows = list(csv.reader(io.StringIO(c.get("/audit/export.csv").content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=1+2" in cells and "=1+2" not in cells


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_shows_the_text_and_runs_nothing(docs: Docs) -> None:
    """The 台账 as an office opens it: LibreOffice converts it to CSV; the cell holds the text,
    not the formula's result."""
    _hostile(docs)
    with tempfile.TemporaryDirectory(prefix="duban-soffice-") as tmp:
        src = Path(tmp) / "ledger.xlsx"
        src.write_bytes(services.ledger_file(docs.rnd))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        rows = list(csv.reader(io.StringIO((Path(tmp) / "ledger.csv").read_text(encoding="utf-8"))))
    assert LINK in [cell for row in rows for cell in row]  # the text, not "点此查看附件" (the formula's result)
