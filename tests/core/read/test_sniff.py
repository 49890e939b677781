"""The reader. The content decides the type, whatever the file is called."""

from __future__ import annotations

from pathlib import Path

from duban.core.read import read_bytes, read_document
from tests.core.read.common import PlanFileOf, rows, texts
from tests.fixtures.files import HEADER


def test_a_word_file_with_the_wrong_suffix_is_read_as_word(plan_file_of: PlanFileOf, tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_bytes(plan_file_of("docx_table").read_bytes())
    doc = read_document(p)
    assert doc.kind == "docx"
    assert rows(doc)[0] == HEADER
    assert "文件扩展名是 .txt,但内容是Word 文档,已按Word 文档读取" in doc.notes


def test_a_web_page_saved_without_suffix_is_read_as_html() -> None:
    page = "<!DOCTYPE html><html><body><p>一、目标</p><p>1.甲</p><script>x()</script></body></html>"
    doc = read_bytes(page.encode(), "download")
    assert doc.kind == "html"
    assert texts(doc) == ["一、目标", "1.甲"]


def test_text_that_mentions_a_tag_stays_text() -> None:
    doc = read_bytes("1.在官网<p>栏目公开。\n2.乙".encode(), "plan.txt")
    assert doc.kind == "txt"
