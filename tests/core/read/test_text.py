"""The reader. Plain text: UTF-8 or GB18030, detected; delimited tables; damaged bytes named."""

from __future__ import annotations

import pytest

from duban.core.errors import ReadError
from duban.core.read import decode_text, read_bytes, read_document
from tests.core.read.common import PlanFileOf, assert_numbered, rows, texts
from tests.fixtures.files import plan_text


@pytest.mark.parametrize(
    ("key", "encoding"), [("txt_utf8", "utf-8"), ("txt_bom", "utf-8-sig"), ("txt_gb18030", "gb18030")]
)
def test_text_files_read_the_same_in_every_encoding(plan_file_of: PlanFileOf, key: str, encoding: str) -> None:
    doc = read_document(plan_file_of(key))
    assert doc.kind == "txt"
    assert doc.encoding == encoding
    assert texts(doc) == plan_text().splitlines()
    assert_numbered(doc)


def test_gb18030_four_byte_characters_are_not_mistaken_for_another_encoding() -> None:
    text = "责任人:𠮷祥、䶮明\n牵头单位:区发改局\n"
    assert decode_text(text.encode("gb18030")) == text


@pytest.mark.parametrize("sample", ["牵头单位:区发改局", "区委人才办(区委组织部)", "陈晓", "喆"])
def test_short_gbk_text_decodes_as_gb18030(sample: str) -> None:
    assert decode_text(sample.encode("gbk")) == sample


def test_utf16_with_bom_is_read() -> None:
    doc = read_bytes("1.地区生产总值增长6%。\n".encode("utf-16"), "plan.txt")
    assert texts(doc) == ["1.地区生产总值增长6%。"]
    assert doc.encoding == "utf-16"


def test_windows_and_old_mac_line_ends_become_lines() -> None:
    doc = read_bytes("一、目标\r\n1.甲\r2.乙".encode(), "plan.txt")
    assert texts(doc) == ["一、目标", "1.甲", "2.乙"]


def test_csv_is_read_as_table_rows_with_quoted_line_breaks() -> None:
    data = '序号,目标任务,牵头单位\n1,"地区生产总值增长6%,力争7%",区发改局\n2,甲,"区财政局\n区税务局"\n'.encode("gb18030")
    doc = read_bytes(data, "plan.csv")
    assert rows(doc) == [("序号", "目标任务", "牵头单位"), ("1", "地区生产总值增长6%,力争7%", "区发改局"), ("2", "甲", "区财政局\n区税务局")]
    assert doc.encoding == "gb18030"


def test_csv_with_an_unbalanced_quote_is_a_read_error() -> None:
    data = ('序号,目标任务\n1,"甲\n' + "乙" * 200_000 + "\n").encode()
    with pytest.raises(ReadError, match="引号不成对"):
        read_bytes(data, "plan.csv")


def test_tab_separated_text_from_excel_is_read_as_rows() -> None:
    text = "序号\t目标任务\t牵头单位\t责任单位\n1\t甲\t区发改局\t区统计局\n2\t乙\t区财政局\t\n"
    doc = read_bytes(text.encode("utf-16"), "plan.txt")
    assert rows(doc) == [("序号", "目标任务", "牵头单位", "责任单位"), ("1", "甲", "区发改局", "区统计局"), ("2", "乙", "区财政局")]
    assert "按制表符分隔的表格读取" in doc.notes


def test_text_with_a_few_tabs_stays_text() -> None:
    doc = read_bytes("一、目标\n1.甲\t(牵头单位:区发改局)\n2.乙\n".encode(), "plan.txt")
    assert rows(doc) == []


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_few_damaged_bytes_do_not_turn_the_file_into_another_encoding(encoding: str) -> None:
    data = plan_text().encode(encoding)
    cut = data.index("区统计局".encode(encoding)) + 1  # inside a character
    damaged = data[:cut] + b"\xff" + data[cut + 1 :]
    doc = read_bytes(damaged, "plan.txt")
    assert doc.encoding == encoding
    assert texts(doc)[0] == plan_text().splitlines()[0]
    assert texts(doc)[-1] == plan_text().splitlines()[-1]
    assert any("有 " in n and "处字节无法按" in n for n in doc.notes)


def test_page_declaring_latin1_but_written_in_gbk_is_read_as_chinese() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>牵头单位:区发改局</p></body></html>'
    doc = read_bytes(page.encode("gbk"), "p.html")
    assert texts(doc) == ["牵头单位:区发改局"]


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(ReadError, match="无法识别文件编码"):
        read_bytes(b"plan \x80\x80\x80 text\xff" * 10, "plan.txt")


def test_text_of_control_characters_is_binary() -> None:
    with pytest.raises(ReadError, match="二进制文件"):
        read_bytes(bytes(range(1, 32)) * 50, "plan.txt")


def test_bad_utf8_is_a_warning_with_its_line_numbers_carried_into_the_plan() -> None:
    from duban.core.parse import parse_bytes

    lines = plan_text().splitlines()
    data = bytearray(plan_text().encode())
    for target in ("区统计局", "区就业局"):  # two tasks, a byte of each cut
        at = data.index(target.encode()) + 1
        data[at:at + 1] = b"\xff"
    want = [n for n, line in enumerate(lines, start=1) if "区统计局" in line or "区就业局" in line]
    doc = read_bytes(bytes(data), "plan.txt")
    assert doc.notes[-1] == f"第 {want[0]}、{want[1]} 行有 6 处字节无法按 UTF-8 解码(文件可能有损坏),已用 � 代替,请核对原件"  # 3 a site: the cut byte and its character's other two
    plan = parse_bytes(bytes(data), "plan.txt")
    damaged = [w for w in plan.warnings if "无法按 UTF-8 解码" in w.message]
    assert [w.lines for w in damaged] == [(want[0], want[0]), (want[1], want[1])]


def test_one_bad_byte_in_a_short_utf8_plan_is_damage_not_an_unknown_encoding() -> None:
    data = "一、主要目标\n1.地区生产总值增长6%。(牵头单位:区发改局)\n".encode().replace("增长".encode(), b"\xe5\xa2")
    doc = read_bytes(data, "plan.txt")
    assert doc.encoding == "utf-8"
    assert doc.warnings == [(2, 2, "第 2 行有无法按 UTF-8 解码的字节(文件可能有损坏),已用 � 代替,请核对原件")]


def test_bad_bytes_in_a_web_page_are_warned_about_by_line() -> None:
    page = "<html><body><p>一、目标</p><p>1.地区生产总值增长6%。(牵头单位:区发改局)</p></body></html>".encode()
    page = page.replace("增长".encode(), b"\xe5\xa2")
    doc = read_bytes(page, "plan.html")
    assert [w[:2] for w in doc.warnings] == [(2, 2)]


def test_small_form_marks_read_as_the_usual_ones() -> None:
    doc = read_bytes("目标是:增长6%左右﹔失业率5.5%以内﹐粮食稳定﹑增产\n".encode(), "report.txt")
    assert doc.lines[0].text == "目标是:增长6%左右；失业率5.5%以内，粮食稳定、增产"
