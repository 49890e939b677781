"""Our Word and Excel files opened by a real office suite: LibreOffice converts each generated
.docx and .xlsx to PDF (headless, its own throw-away profile so parallel runs do not collide),
and the PDF must carry the Chinese text in a Chinese font (no empty boxes), on a sane number
of pages. Skipped, saying why, where LibreOffice is not installed (scripts/system-deps installs
it when run as root)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from duban.web.documents import services

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) 未安装:scripts/system-deps 以 root 运行时安装 "
                                "libreoffice-writer-nogui 和 libreoffice-calc-nogui")

# fonts that have Chinese glyphs; a Chinese character set in any other font shows as an empty box
CJK_FONTS = ("WenQuanYi", "wqy", "Noto Sans CJK", "NotoSansCJK", "Noto Serif CJK", "NotoSerifCJK", "FangSong",
             "SimSun", "SimHei", "KaiTi", "AR PL", "Droid Sans Fallback")


LONG = "各责任单位要对照责任分解方案逐项梳理任务进展对进度滞后的任务制定整改措施明确时间节点确保按期完成" * 6


def convert(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every file to PDF in one LibreOffice run, with a profile of its own in a temp dir."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory(prefix="duban-soffice-") as tmp:
        root = Path(tmp)
        src, out = root / "in", root / "out"
        src.mkdir()
        for name, data in files.items():
            (src / name).write_bytes(data)
        cmd = [SOFFICE, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *sorted(str(src / n) for n in files)]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
        pdfs = {n: out / (Path(n).stem + ".pdf") for n in files}
        assert len(set(pdfs.values())) == len(files), "two files would convert to the same PDF name"
        missing = [n for n, p in pdfs.items() if not p.is_file()]
        assert not missing, f"LibreOffice did not convert {missing}: {run.stdout}\n{run.stderr}"
        return {n: p.read_bytes() for n, p in pdfs.items()}


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def read(pdf_bytes: bytes) -> tuple[str, int, set[str]]:
    """The text, the page count and the fonts of the Chinese characters."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars if _is_cjk(c["text"])}
        return text, len(pdf.pages), fonts


def check(name: str, pdf_bytes: bytes, phrases: list[str], pages: tuple[int, int]) -> None:
    text, n, fonts = read(pdf_bytes)
    flat = text.replace("\n", "").replace(" ", "")
    assert sum(_is_cjk(c) for c in flat) > 20, f"{name}: no Chinese text in the PDF"
    for phrase in phrases:
        assert phrase in flat, f"{name}: “{phrase}” missing from {flat[:300]!r}"
    assert fonts and all(any(k.lower() in f.lower() for k in CJK_FONTS) for f in fonts), \
        f"{name}: Chinese set in fonts without Chinese glyphs (empty boxes): {fonts}"
    assert pages[0] <= n <= pages[1], f"{name}: {n} pages"


def test_libreoffice_opens_every_docx_and_xlsx_we_generate(docs: Any) -> None:
    w, fgj = docs.w, docs.w.units["fgj"]
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    b = services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version,
                                 changes={"requirements": LONG})
    files = {
        "plan-word.docx": services.plan_table(w.plan, "docx"),
        "plan-excel.xlsx": services.plan_table(w.plan, "xlsx"),
        "form1.docx": services.unit_form(w.plan, fgj, 1, "docx"),
        "form2.docx": services.unit_form(w.plan, fgj, 2, "docx"),
        "form3-word.docx": services.unit_form(w.plan, fgj, 3, "docx", rnd=docs.rnd),
        "form3-excel.xlsx": services.unit_form(w.plan, fgj, 3, "xlsx", rnd=docs.rnd),
        "ledger.xlsx": services.ledger_file(docs.rnd),
        "bulletin.docx": services.render_bulletin(b, "docx"),
    }
    pdfs = convert(files)
    task = "地区生产总值"  # table cells wrap: phrases short enough for one line of a cell
    check("plan-word.docx", pdfs["plan-word.docx"], ["目标任务", "责任领导", task, "稳定粮食播种面积"], (1, 2))
    check("plan-excel.xlsx", pdfs["plan-excel.xlsx"], ["目标任务", "牵头单位", task, "稳定粮食播种面积"], (1, 4))
    check("form1.docx", pdfs["form1.docx"], ["办理方案", task], (1, 2))
    check("form2.docx", pdfs["form2.docx"], ["督办工作人员名单", "分管领导", "经办人"], (1, 1))
    check("form3-word.docx", pdfs["form3-word.docx"], ["示例区发展和改革局2026年第一季度工作目标完成情况", "一季度地区生产"], (1, 2))
    check("form3-excel.xlsx", pdfs["form3-excel.xlsx"], ["完成情况", task], (1, 4))
    check("ledger.xlsx", pdfs["ledger.xlsx"], ["台账", "进展状态", "灯号", task, "示例区农业农村局"], (1, 12))
    check("bulletin.docx", pdfs["bulletin.docx"], [b.title.replace(" ", ""), "本期纳入督办的目标任务共2项", "下一步工作要求"],
          (2, 10))
    # GB/T 9704 as LibreOffice sets it: the long paragraph runs 28 characters a line
    with pdfplumber.open(io.BytesIO(pdfs["bulletin.docx"])) as pdf:
        lengths = [len(line.replace(" ", "")) for p in pdf.pages for line in (p.extract_text() or "").splitlines()
                   if line.replace(" ", "") and set(line.replace(" ", "")) <= set(LONG)]
    assert len(lengths) > 10 and max(lengths) == 28 and lengths.count(28) >= len(lengths) - 2, lengths
    # and the unit's roster form is not spread out: its title reads on one or two lines
    text, _n, _f = read(pdfs["form2.docx"])
    assert "督办工作人员名单" in text.replace(" ", "").replace("\n", "")
