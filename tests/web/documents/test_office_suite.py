"""Our Word and Excel files opened and printed by a real office suite: LibreOffice converts every
generated .docx and .xlsx to PDF once for the module (headless, a throw-away profile of its own
so parallel runs do not collide, with the replacement table an office without the GB/T 9704
fonts would set: fonts.STAND_INS), and pdfplumber reads what it printed:

- every file: its Chinese text in a font with Chinese glyphs, on a sane number of pages;
- the issued 通报 as a 红头文件: the 发文机关标志 in red at the top of page 1, the red rule, the
  title, 28 characters a line, no line starting with 、,。, page numbers outside, the 版记 at
  the foot of the last page, every chart drawn at its full size; page 1 kept as a PNG under
  artifacts/;
- the 台账, the plan table and the 附表: no row drawn over the next (row heights follow their
  text), one page wide.

Skipped, saying why, where LibreOffice is not installed (scripts/system-deps installs it when
run as root)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pdfplumber
import pytest

from duban.web.documents import services
from duban.web.documents.builders.bulletin import chart_size_mm
from duban.web.documents.builders.typeset import full_width
from duban.web.documents.fonts import ROLE_WORD_FONTS, STAND_INS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) 未安装:scripts/system-deps 以 root 运行时安装 "
                                "libreoffice-writer-nogui 和 libreoffice-calc-nogui")

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
# fonts that have Chinese glyphs; a Chinese character set in any other font shows as an empty box
CJK_FONTS = ("WenQuanYi", "wqy", "Noto Sans CJK", "NotoSansCJK", "Noto Serif CJK", "NotoSerifCJK", "FangSong",
             "SimSun", "SimHei", "KaiTi", "AR PL", "UKai", "Droid Sans Fallback")
LONG = "各责任单位要对照责任分解方案逐项梳理任务进展对进度滞后的任务制定整改措施明确时间节点确保按期完成" * 6
# 26 characters and then 、: after the 2-character indent of a paragraph's first line, the 、
# would start the second line
COMMA_AT_BREAK = "全区上下要坚持稳中求进工作总基调完整准确全面贯彻新发" + "、" + "展理念加快构建新格局着力推动高质量发展" * 2 + "。"
SUMMARY = ("一季度完成粮食播种面积3.2万亩,占全年目标的71%;新建高标准农田0.8万亩,完成病虫害统防统治和农机作业补贴兑付,"
           "因春季持续干旱,部分乡镇播种推迟约两周,已协调水利部门抽水保苗,预计二季度追平序时进度。") * 2
RED = (1.0, 0.0, 0.0)


def replacement_table() -> str:
    """LibreOffice's font replacement table (Tools › Options › Fonts) naming the free stand-in of
    each GB/T 9704 font, as an office without those fonts would set it."""
    pairs = "".join(
        f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
        f'<node oor:name="_{i}" oor:op="replace">'
        f'<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        f'<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(ROLE_WORD_FONTS[role])}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(family)}</value></prop></node></item>'
        for i, (role, (_path, _index, family)) in enumerate(STAND_INS.items()))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
            '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>' + pairs + "</oor:items>")


def convert(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every file to PDF in one LibreOffice run, with a profile of its own in a temp dir."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory(prefix="duban-soffice-") as tmp:
        root = Path(tmp)
        src, out, profile = root / "in", root / "out", root / "profile"
        src.mkdir()
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(replacement_table(), encoding="utf-8")
        for name, data in files.items():
            (src / name).write_bytes(data)
        cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *sorted(str(src / n) for n in files)]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
        pdfs = {n: out / (Path(n).stem + ".pdf") for n in files}
        assert len(set(pdfs.values())) == len(files), "two files would convert to the same PDF name"
        missing = [n for n, p in pdfs.items() if not p.is_file()]
        assert not missing, f"LibreOffice did not convert {missing}: {run.stdout}\n{run.stderr}"
        return {n: p.read_bytes() for n, p in pdfs.items()}


@dataclass
class Suite:
    files: dict[str, bytes]
    pdfs: dict[str, bytes]
    bulletin: Any
    charts: list[bytes]


_built: list[Suite] = []


@pytest.fixture
def suite(docs: Any) -> Suite:
    """Every generated file, built from the documents' test world and converted by LibreOffice in
    one run, once per module (LibreOffice is slow): the first test builds it in its own
    transaction, the others read the same files."""
    if not _built:
        _built.append(build_suite(docs))
    return _built[0]


def build_suite(docs: Any) -> Suite:
    from duban.web.cycle import services as cs
    from duban.web.documents import collect
    from duban.web.documents.builders import bulletin as bb

    w, fgj, nyj = docs.w, docs.w.units["fgj"], docs.w.units["nyj"]
    liaison = docs.c.nyj
    rep = cs.start_report(actor=liaison, round=docs.rnd, task=w.task_b, unit=nyj)
    cs.submit_report(actor=liaison, report=rep, expected_version=rep.version,
                     data={"status": "lagging", "summary": SUMMARY, "problems": "春季持续干旱,部分乡镇播种推迟约两周。",
                           "indicator_values": {"0": "3.2"}})
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    b = services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version, changes={
        "requirements": f"{LONG}\n\n{COMMA_AT_BREAK}", "cc": "区委办公室,区人大常委会办公室,区政协办公室,区纪委监委"})
    b = services.issue_bulletin(actor=docs.office, bulletin=b, expected_version=b.version)
    content = bb.blocks(collect.round_figures(docs.rnd), services.office_text(b))
    files = {
        "plan-word.docx": services.plan_table(w.plan, "docx"),
        "plan-excel.xlsx": services.plan_table(w.plan, "xlsx"),
        "form1-word.docx": services.unit_form(w.plan, fgj, 1, "docx"),
        "form1-excel.xlsx": services.unit_form(w.plan, fgj, 1, "xlsx"),
        "form2-word.docx": services.unit_form(w.plan, fgj, 2, "docx"),
        "form2-excel.xlsx": services.unit_form(w.plan, fgj, 2, "xlsx"),
        "form3-word.docx": services.unit_form(w.plan, nyj, 3, "docx", rnd=docs.rnd),
        "form3-excel.xlsx": services.unit_form(w.plan, nyj, 3, "xlsx", rnd=docs.rnd),
        "ledger.xlsx": services.ledger_file(docs.rnd),
        "bulletin.docx": bytes(b.docx),
    }
    charts = [blk.image for blk in content if blk.kind == "image"]
    return Suite(files, convert(files), b, charts)


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


def test_libreoffice_opens_every_docx_and_xlsx_we_generate(suite: Suite) -> None:
    pdfs = suite.pdfs
    task = "地区生产总值"  # table cells wrap: phrases short enough for one line of a cell
    check("plan-word.docx", pdfs["plan-word.docx"], ["目标任务", "责任领导", task, "稳定粮食播种面积"], (1, 2))
    check("plan-excel.xlsx", pdfs["plan-excel.xlsx"], ["目标任务", "牵头单位", task, "稳定粮食播种面积"], (1, 4))
    check("form1-word.docx", pdfs["form1-word.docx"], ["办理方案", task], (1, 2))
    check("form1-excel.xlsx", pdfs["form1-excel.xlsx"], ["办理方案", task], (1, 2))
    check("form2-word.docx", pdfs["form2-word.docx"], ["督办工作人员名单", "分管领导", "经办人"], (1, 1))
    check("form2-excel.xlsx", pdfs["form2-excel.xlsx"], ["督办工作人员名单", "分管领导", "经办人"], (1, 1))
    check("form3-word.docx", pdfs["form3-word.docx"], ["示例区农业农村局2026年第一季度工作目标完成情况", "粮食播种面积"], (1, 3))
    check("form3-excel.xlsx", pdfs["form3-excel.xlsx"], ["完成情况", "粮食播种面积"], (1, 4))
    check("ledger.xlsx", pdfs["ledger.xlsx"], ["台账", "进展状态", "灯号", task, "示例区农业农村局"], (1, 12))
    b = suite.bulletin
    check("bulletin.docx", pdfs["bulletin.docx"], [b.title.replace(" ", ""), "本期纳入督办的目标任务共2项", "下一步工作要求"],
          (2, 10))


def _lines(pdf: Any) -> list[str]:
    return [line.replace(" ", "") for p in pdf.pages for line in (p.extract_text() or "").splitlines()
            if line.replace(" ", "")]


def test_the_issued_bulletin_prints_as_a_red_headed_document(suite: Suite) -> None:
    b = suite.bulletin
    ARTIFACTS.mkdir(exist_ok=True)
    with pdfplumber.open(io.BytesIO(suite.pdfs["bulletin.docx"])) as pdf:
        page = pdf.pages[0]
        page.to_image(resolution=110).save(ARTIFACTS / "bulletin-page1.png")
        type_top, type_bottom = 37 / 25.4 * 72, page.height - 35 / 25.4 * 72
        left, right = 28 / 25.4 * 72, page.width - 26 / 25.4 * 72

        # the 发文机关标志: the office's text, in red, the first thing on page 1, larger than the title
        head = [c for c in page.chars if c["top"] < type_top + 80]
        assert "".join(c["text"] for c in head if _is_cjk(c["text"])).startswith("示例区人民政府督查室")
        masthead = [c for c in head if c["text"] in "示例区人民政府督查室"]
        assert masthead and all(tuple(c["non_stroking_color"]) == RED for c in masthead)
        assert min(c["top"] for c in page.chars) >= type_top - 2 and masthead[0]["size"] > 30

        # the 期数 and 发文日期 under it, then the red rule across the type area
        text = (page.extract_text() or "").replace(" ", "")
        assert b.number in text and b.date_text.replace(" ", "") in text
        reds = [g for g in page.lines + page.rects if RED in (tuple(g.get("stroking_color") or ()),
                                                               tuple(g.get("non_stroking_color") or ()))]
        rule = [g for g in reds if g["x1"] - g["x0"] > (right - left) * 0.98]
        assert rule, f"no red rule across the type area: {reds}"
        title_chars = [c for c in page.chars if abs(c["size"] - 22) < 0.5]
        assert "".join(c["text"] for c in title_chars) == b.title
        assert masthead[0]["bottom"] < rule[0]["top"] < min(c["top"] for c in title_chars)

        # page numbers "— n —" in 4号, outside: odd pages right, even pages left, under the type area
        for p in pdf.pages:
            folio = [w for w in p.extract_words() if w["top"] > type_bottom and w["text"].strip("— ") == str(p.page_number)]
            assert folio, f"no page number on page {p.page_number}"
            dash = [c for c in p.chars if c["top"] > type_bottom and c["text"] == "—"]
            assert len(dash) == 2 and all(abs(c["size"] - 14) < 0.5 for c in dash)
            if p.page_number % 2:
                assert max(c["x1"] for c in dash) > right - 20
            else:
                assert min(c["x0"] for c in dash) < left + 20

        # the 版记 at the foot of the last page: 抄送, 印发机关和印发日期, between rules as wide as the text
        last = pdf.pages[-1]
        words = (last.extract_text() or "").replace(" ", "").replace("\n", "")
        assert full_width("抄送:区委办公室,区人大常委会办公室,区政协办公室,区纪委监委。") in words
        assert f"示例区人民政府督查室{b.date_text}印发" in words
        rules = sorted((g for g in last.lines if g["x1"] - g["x0"] > (right - left) * 0.98), key=lambda g: g["top"])
        assert len(rules) == 3 and abs(rules[-1]["bottom"] - type_bottom) < 6, rules
        assert rules[0]["linewidth"] > rules[1]["linewidth"]  # thick, thin, thick

        # every chart whole: drawn at the size the file gives it, nothing written over it, its
        # caption right under it on the same page
        images = [(p, im) for p in pdf.pages for im in p.images]
        assert len(images) == len(suite.charts) == 2
        for (p, im), png in zip(images, suite.charts, strict=True):
            width_mm, height_mm = chart_size_mm(png)
            assert abs(im["width"] - width_mm / 25.4 * 72) < 2 and abs(im["height"] - height_mm / 25.4 * 72) < 2
            assert type_top - 1 <= im["top"] and im["bottom"] <= type_bottom + 1
            inside = [c for c in p.chars if c["top"] < im["bottom"] - 1 and c["bottom"] > im["top"] + 1
                      and c["x1"] > im["x0"] and c["x0"] < im["x1"]]
            assert not inside, "text drawn over a chart"
            caption = [w for w in p.extract_words() if w["text"].startswith("图") and 0 <= w["top"] - im["bottom"] < 20]
            assert caption, "the caption is not under its chart"


def test_the_bulletin_keeps_28_characters_a_line_and_the_chinese_line_breaking_rules(suite: Suite) -> None:
    with pdfplumber.open(io.BytesIO(suite.pdfs["bulletin.docx"])) as pdf:
        lines = _lines(pdf)
    lengths = [len(line) for line in lines if set(line) <= set(LONG)]
    assert len(lengths) > 10 and max(lengths) == 28 and lengths.count(28) >= len(lengths) - 2, lengths
    starts = [line for line in lines if line[0] in "、,。,.;:;:!?!?)》」”"]
    assert not starts, f"lines starting with closing punctuation: {starts}"
    # the paragraph whose 27th character is 、: LibreOffice took 发 down with it
    assert any(line.startswith("发、展理念") for line in lines), [x for x in lines if "、展理念" in x]


def _row_overlaps(pdf_bytes: bytes) -> list[str]:
    """Characters cut by a horizontal rule of the table (text running past its row's bottom into
    the next row), or drawn over one another."""
    found: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for p in pdf.pages:
            rules = [g for g in p.lines + p.rects if g["bottom"] - g["top"] < 1.5 and g["x1"] - g["x0"] > 5]
            chars = [c for c in p.chars if c["text"].strip()]
            for c in chars:
                mid_x = (c["x0"] + c["x1"]) / 2
                for g in rules:
                    if g["x0"] <= mid_x <= g["x1"] and c["top"] + 1.5 < g["top"] < c["bottom"] - 1.5:
                        found.append(f"p{p.page_number} {c['text']!r} at {c['top']:.0f}-{c['bottom']:.0f} crosses a rule at {g['top']:.0f}")
            by_top = sorted(chars, key=lambda c: c["top"])
            for i, a in enumerate(by_top):
                for b in by_top[i + 1:]:
                    if b["top"] >= a["bottom"] - 2:
                        break
                    if b["top"] > a["top"] + 1 and a["x0"] - 1 < b["x0"] < a["x1"] - 1:
                        found.append(f"p{p.page_number} {a['text']!r} and {b['text']!r} overlap")
                if len(found) > 20:
                    return found
    return found


def _written(name: str, data: bytes) -> Counter[str]:
    """The Chinese characters a file holds (every visible sheet, every paragraph and cell)."""
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data))
        text = "".join(str(c.value) for ws in wb.worksheets if ws.sheet_state == "visible"
                       for row in ws.iter_rows() for c in row if c.value is not None)
    else:
        from docx import Document

        doc = Document(io.BytesIO(data))  # every run's text once (merged cells are not repeated)
        text = "".join(doc.element.body.xpath(".//w:t/text()"))
    return Counter(ch for ch in text if _is_cjk(ch))


@pytest.mark.parametrize("name", ["ledger.xlsx", "plan-excel.xlsx", "plan-word.docx", "form1-excel.xlsx",
                                  "form1-word.docx", "form2-excel.xlsx", "form3-excel.xlsx", "form3-word.docx"])
def test_tables_print_with_rows_as_tall_as_their_text(suite: Suite, name: str) -> None:
    overlaps = _row_overlaps(suite.pdfs[name])
    assert not overlaps, f"{name}: " + "; ".join(overlaps[:10])
    # nothing cut off at a row's foot: every character written is printed
    with pdfplumber.open(io.BytesIO(suite.pdfs[name])) as pdf:
        printed = Counter(c["text"] for p in pdf.pages for c in p.chars if _is_cjk(c["text"]))
    lost = _written(name, suite.files[name]) - printed
    assert not lost, f"{name}: {sum(lost.values())} characters not printed: {''.join(sorted(lost.elements()))[:80]}"
    with pdfplumber.open(io.BytesIO(suite.pdfs[name])) as pdf:
        for p in pdf.pages:  # fitted to the page width: nothing runs off the paper
            assert all(0 <= c["x0"] and c["x1"] <= p.width for c in p.chars)


def test_the_bulletins_table_headers_fit_their_columns(suite: Suite) -> None:
    """Every header of the 通报's tables prints on one line of its cell: 序时推进 in a 16 mm column
    wrapped as 序时推 / 进, 任务数 and 正常推进率 likewise."""
    from duban.web.documents.builders.bulletin import GROUP_HEADER, RED_HEADER, UNIT_HEADER

    for printed in (suite.pdfs["bulletin.docx"], bytes(suite.bulletin.pdf)):  # LibreOffice's print, and our PDF
        with pdfplumber.open(io.BytesIO(printed)) as pdf:
            lines = _lines(pdf)
        for header in (GROUP_HEADER, UNIT_HEADER, RED_HEADER):
            whole = "".join(header)
            assert any(whole in line for line in lines), f"{whole} not on one line: {[x for x in lines if header[0] in x]}"
