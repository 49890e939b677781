"""The reader. Never a crash: any bytes under any name read or give a ReadError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.core.errors import ReadError
from duban.core.read import decode_text_with_encoding, read_bytes, read_document
from tests.core.read.common import PlanFileOf, rows, squash, texts
from tests.fixtures.files import inline_lines

SUFFIXES = ["plan.txt", "plan.html", "plan.docx", "plan.xlsx", "plan.pdf", "plan.doc", "plan", "plan.zip",
            "plan.wps", "plan.xls", "plan.et", "plan.ofd"]
PREFIXES = [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600), name=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_a_document_or_a_read_error(prefix: bytes, body: bytes, name: str) -> None:
    try:
        doc = read_bytes(prefix + body, name)
    except ReadError as exc:
        assert exc.reason and exc.path == name
        return
    assert [line.no for line in doc.lines] == list(range(1, len(doc.lines) + 1))


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=400), name=st.sampled_from(["plan.txt", "plan.html"]))
def test_arbitrary_text_never_crashes_the_reader(text: str, name: str) -> None:
    try:
        doc = read_bytes(text.encode("utf-8"), name)
    except ReadError:
        return
    if name == "plan.txt":  # plain text loses no line
        assert len(doc.lines) == len(text.replace("\r\n", "\n").replace("\r", "\n").splitlines())


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.lists(st.text(alphabet="甲乙丙1、 <>&", max_size=6), min_size=1, max_size=5), min_size=1, max_size=6),
       spans=st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=30, max_size=30))
def test_html_tables_with_any_spans_read_without_crashing(cells: list[list[str]], spans: list[tuple[int, int]]) -> None:
    import html as h

    k = 0
    trs = []
    for row in cells:
        tds = []
        for c in row:
            cs, rs = spans[k % len(spans)]
            k += 1
            tds.append(f'<td colspan="{cs}" rowspan="{rs}">{h.escape(c)}</td>')
        trs.append("<tr>" + "".join(tds) + "</tr>")
    doc = read_bytes(("<html><body><table>" + "".join(trs) + "</table></body></html>").encode(), "t.html")
    assert all(line.cells is not None for line in doc.lines)


def test_pdf_with_some_scanned_pages_reads_the_rest_and_says_which_pages_are_missing(
    plan_file_of: PlanFileOf, tmp_path: Path
) -> None:
    from tests.fixtures.files import write_scanned_pages_pdf

    plan_file_of("pdf")  # skips when the font is absent
    doc = read_document(write_scanned_pages_pdf(tmp_path / "mixed.pdf", text_pages=1, scanned_pages=2))
    assert squash(texts(doc)[0]) == squash(inline_lines()[0])
    assert "第 2、3 页没有文字层(可能是扫描页),其内容未能读取,请核对原件" in doc.notes


def test_pdf_of_scanned_pages_with_typed_page_numbers_has_no_text_layer(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from tests.fixtures.files import write_scanned_pages_pdf

    plan_file_of("pdf")
    with pytest.raises(ReadError, match="没有文字层"):
        read_document(write_scanned_pages_pdf(tmp_path / "scan.pdf", text_pages=0, scanned_pages=3))


def test_pdf_table_over_several_pages_keeps_one_header_row(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from tests.fixtures.files import write_long_pdf_table

    plan_file_of("pdf")  # skips when the font is absent
    doc = read_document(write_long_pdf_table(tmp_path / "long.pdf", 60))
    assert [r[0] for r in rows(doc)] == ["序号", *map(str, range(1, 61))]
    assert "表格在每页重复的表头只保留第一次" in doc.notes
    assert "示例区人民政府办公室文件" not in doc.text()


@pytest.mark.parametrize("key", ["docx_table", "xlsx", "pdf", "html_table", "ofd", "ofd_table", "doc", "et"])
def test_damaged_files_give_a_document_or_a_read_error(
    plan_file_of: PlanFileOf, key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = plan_file_of(key).read_bytes()
    if key in ("doc", "et"):  # the structure checks are under test, not LibreOffice: a stand-in that fails fast
        fake = tmp_path / "soffice"
        fake.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
        fake.chmod(0o755)
        monkeypatch.setenv("DUBAN_SOFFICE", str(fake))
    name = plan_file_of(key).name

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cut=st.integers(0, len(original) - 1), at=st.integers(0, len(original) - 1), junk=st.binary(min_size=1, max_size=40))
    def check(cut: int, at: int, junk: bytes) -> None:
        for data in (original[:cut], original[:at] + junk + original[at + len(junk):]):
            try:
                read_bytes(data, name)
            except ReadError:
                pass

    check()


def test_pdf_cell_keeps_its_own_line_breaks_and_joins_wrapped_lines(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    from tests.fixtures.files import write_pdf_cells

    plan_file_of("pdf")  # skips when the font is absent
    doc = read_document(write_pdf_cells(tmp_path / "cells.pdf"))
    assert rows(doc)[1] == (
        "1",
        "加快推进淦河二期系统治理、汀泗河系统治理项目,启动两湖流域综合治理,完成年度投资目标。",
        "区财政局\n区税务局\n各街道办事处",
        "区发改局\n区水利局",
    )


TRADITIONAL_PLAN = (
    "各鄉鎮人民政府,區直各單位:\n現將《示例區2026年政府工作報告重點工作責任分解方案》印發給你們,請認真貫徹執行。\n"
    "一、主要預期目標\n1.地區生產總值增長6%。(責任單位:區發改局)\n2.推進項目建設,完成固定資產投資增長8%。(牽頭單位:區發改局)\n"
)


@pytest.mark.parametrize("encoding", ["cp950", "big5hkscs"])
def test_big5_text_is_read_as_big5_not_as_gb18030_mojibake(encoding: str) -> None:
    doc = read_bytes(TRADITIONAL_PLAN.encode(encoding), "plan.txt")
    assert doc.encoding == "big5"
    assert texts(doc) == TRADITIONAL_PLAN.splitlines()
    assert "按 big5 编码读取" in doc.notes


def test_simplified_text_full_of_rare_names_stays_gb18030() -> None:
    text = "责任人:𠮷祥、䶮明、喆、堃、昇、赟、燊\n" * 5 + "牵头单位:区发改局、区财政局、区住建局、区农业农村局\n"
    assert decode_text_with_encoding(text.encode("gb18030"))[1] == "gb18030"
