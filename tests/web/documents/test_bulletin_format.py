"""The 通报 set as GB/T 9704 asks, measured in the generated files: title 2号 (22 pt), body 3号
(16 pt), 28 characters a line and 22 lines a page; the fonts that stood in are named."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

import pdfplumber
from docx import Document
from docx.oxml.ns import qn

from duban.web.documents import services

LONG = "各责任单位要对照责任分解方案逐项梳理任务进展对进度滞后的任务制定整改措施明确时间节点确保按期完成" * 30


def issued(docs: Any) -> Any:
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    b = services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version,
                                 changes={"requirements": LONG})
    return services.issue_bulletin(actor=docs.office, bulletin=b, expected_version=b.version)


def _size(run: Any, paragraph: Any) -> float:
    """A run's size as Word resolves it: the run, its paragraph's style, the style's bases."""
    if run.font.size is not None:
        return float(run.font.size.pt)
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    raise AssertionError(f"no size for {run.text!r}")


def test_word_sizes_and_grid(docs: Any) -> None:
    b = issued(docs)
    doc = Document(io.BytesIO(b.docx))
    paras = doc.paragraphs
    title = next(p for p in paras if p.text == b.title)
    assert {_size(r, title) for r in title.runs} == {22.0}  # 二号
    assert title.runs[0].font.size.pt == 22  # set on the run itself
    body = next(p for p in paras if p.text.startswith("各责任单位要对照"))
    assert {_size(r, body) for r in body.runs} == {16.0} and body.runs[0].font.size.pt == 16  # 三号
    headings = [p for p in paras if p.style.name == "Heading 1"]
    assert headings and all(_size(r, h) == 16.0 for h in headings for r in h.runs)
    fonts = body.runs[0]._r.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert headings[0].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    spacing = body.runs[0]._r.rPr.find(qn("w:spacing"))
    pitch_pt = 16 + int(spacing.get(qn("w:val"))) / 20  # each character gives back a quarter point
    assert 28 * pitch_pt / 72 * 25.4 <= 156 < 29 * pitch_pt / 72 * 25.4  # 28 characters a line, not 29
    assert doc.styles["Normal"].paragraph_format.line_spacing.pt * 22 / 72 * 25.4 <= 225  # 22 lines a page
    assert doc.sections[0]._sectPr.find(qn("w:docGrid")) is None or \
        doc.sections[0]._sectPr.find(qn("w:docGrid")).get(qn("w:type")) in (None, "default")
    assert "仿宋_GB2312" in doc.core_properties.comments and "替代" in doc.core_properties.comments


def _lines(page: Any, size: float) -> dict[float, list[Any]]:
    rows: dict[float, list[Any]] = defaultdict(list)
    for ch in page.chars:
        if abs(ch["size"] - size) < 0.05:
            rows[round(page.height - ch["matrix"][5], 1)].append(ch)  # by baseline: faces differ in ascent
    return rows


def test_pdf_sizes_characters_a_line_and_lines_a_page(docs: Any) -> None:
    b = issued(docs)
    with pdfplumber.open(io.BytesIO(b.pdf)) as pdf:
        meta = pdf.metadata
        pages = list(pdf.pages)
        first = pages[0]
        title_chars = [c for c in first.chars if abs(c["size"] - 22) < 0.05]
        assert "".join(c["text"] for c in title_chars).replace(" ", "") == b.title.replace(" ", "")
        sizes = {round(c["size"], 1) for p in pages for c in p.chars}
        assert {22.0, 16.0} <= sizes and 12.0 not in sizes  # the old 12 pt body is gone
        per_page, full = [], []
        for page in pages:
            rows = _lines(page, 16)
            per_page.append(len(rows))
            for top in sorted(rows):
                text = "".join(c["text"] for c in sorted(rows[top], key=lambda c: c["x0"]))
                if text.startswith("各责任单位") or set(text) <= set(LONG):
                    full.append((page.page_number, top, text))
            tops = sorted(rows)
            gaps = [b2 - a for a, b2 in zip(tops, tops[1:], strict=False)]
            assert all(g > 28.5 for g in gaps), gaps  # ≈ 29 pt (10.23 mm) from line to line
        # the long paragraph: every line but its last is exactly 28 characters
        lengths = [len(t) for _p, _t, t in full if set(t) <= set(LONG + "\u3000")]
        assert len(lengths) > 22 and max(lengths) == 28 and lengths.count(28) >= len(lengths) - 2
        assert max(per_page) == 22  # a page full of body text holds 22 lines, never more
    assert "仿宋" in meta.get("Keywords", "") and "替代" in meta.get("Keywords", "")


def test_pdf_lines_follow_the_chinese_line_breaking_rules(docs: Any) -> None:
    # 、 is the 27th character: after the 2-character indent it would start the second line
    text = "全区上下要坚持稳中求进工作总基调完整准确全面贯彻新发、展理念加快构建新格局,着力推动高质量发展(一)。" * 4
    b = services.create_bulletin(actor=docs.office, rnd=docs.rnd)
    b = services.update_bulletin(actor=docs.office, bulletin=b, expected_version=b.version, changes={"requirements": text})
    with pdfplumber.open(io.BytesIO(services.render_bulletin(b, "pdf"))) as pdf:
        lines = ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"]))
                 for page in pdf.pages for _top, row in sorted(_lines(page, 16).items())]
    assert not [line for line in lines if line[:1] in "\u3001\uff0c\u3002\uff1b\uff1a\uff09\u300b\u201d,;:)"]
    assert any(line.startswith("发、展理念") for line in lines)
    assert any("格局\uff0c着力" in line for line in lines)  # half-width punctuation typed in Chinese is set full-width
    assert not any("格局,着力" in line for line in lines)
