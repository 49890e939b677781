"""Chinese typesetting: full-width punctuation in Chinese text, figures left alone, and lines
broken so that none starts with 、,。 or a closing bracket and none ends with an opening one."""

from __future__ import annotations

from duban.web.documents.builders.typeset import NO_LINE_END, NO_LINE_START, break_lines, full_width


def test_half_width_punctuation_in_chinese_becomes_full_width() -> None:
    assert full_width("各乡镇人民政府、街道办事处,区直各单位:") == "各乡镇人民政府、街道办事处，区直各单位："
    assert full_width("(一)按章节") == "（一）按章节"
    assert full_width("增长6.8%,联系人") == "增长6.8%，联系人"
    assert full_width("指标:GDP(目标 7%)") == "指标：GDP（目标 7%）"


def test_figures_and_latin_keep_their_punctuation() -> None:
    for text in ("1,000 and 10:30 (1)", "3.2万亩", "GDP(7%)", "(1)2026年"):
        assert full_width(text) == text


def one(_ch: str) -> float:
    return 1.0


def test_a_line_never_starts_with_closing_punctuation() -> None:
    lines = break_lines("一二三四五、六七八九十。一二三", 5, one)
    assert lines == ["一二三四", "五、六七八", "九十。一二", "三"]
    assert not any(line[0] in NO_LINE_START for line in lines)


def test_a_line_never_ends_with_an_opening_bracket() -> None:
    lines = break_lines("一二三四《五六七八》九十", 5, one)
    assert lines[0] == "一二三四" and lines[1].startswith("《")
    assert not any(line[-1] in NO_LINE_END for line in lines)


def test_every_character_is_kept_and_no_line_is_too_wide() -> None:
    text = "为推动2026年《政府工作报告》确定的目标任务落地见效，按照责任分解方案要求，现将各项任务推进情况通报如下。" * 3
    for width in (5, 7, 11, 28):
        lines = break_lines(text, width, one)
        assert "".join(lines) == text
        assert all(len(line) <= width for line in lines)
        assert not any(line[0] in NO_LINE_START for line in lines[1:])
