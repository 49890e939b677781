"""Line-level reading: the shadow keeps positions; numbering is recognised in every printed form."""

from __future__ import annotations

import pytest

from duban.core.parse.lines import numbering, shadow


def test_shadow_folds_full_width_forms_one_character_for_one() -> None:
    text = "(一)全年增长8%以上。(牵头单位:区发改局;责任单位:区财政局)"
    sh = shadow(text)
    assert len(sh) == len(text)
    assert sh.startswith("(一)") and "牵头单位:" in sh and sh.endswith(")")


@pytest.mark.parametrize(
    ("line", "style", "number"),
    [
        ("一、主要预期目标", "cn", "一"),
        ("十二、加强政府自身建设", "cn", "十二"),
        ("(一)坚定不移做强增长引擎", "(cn)", "(一)"),
        ("(三)推动传统产业", "(cn)", "(三)"),
        ("1.地区生产总值增长8%以上。", "ar", "1"),
        ("12、启动南外环高速公路", "ar", "12"),
        ("135.推动扫黑除恶斗争", "ar", "135"),
        ("4.2011年底前完成改造", "ar", "4"),
        ("5.2014级民族地区“9+3”免费教育计划毕业生初次就业率(%)", "ar", "5"),  # a year, not 5.2014
        ("(2)城镇登记失业率", "(ar)", "(2)"),
        ("①建设示例大道", "circ", "①"),
        ("第三项 推进改革", "第", "三"),  # as the corpus numbers 第1项任务: 1
        ("⑴九年义务教育巩固率达到97%。", "(ar)", "⑴"),  # an enclosed number is printed as itself
        ("㈠加强组织领导", "(cn)", "㈠"),
        ("第一部分:主要工作任务", "part", "第一部分"),
    ],
)
def test_numbering_is_read_in_each_printed_form(line: str, style: str, number: str) -> None:
    num = numbering(line)
    assert num is not None
    assert (num.style, num.number) == (style, number)


@pytest.mark.parametrize(
    "line",
    ["1.5万亩高标准农田", "2023年是开局之年", "5G基站建设", "一般公共预算收入", "十大指标", "100%完成", "1"],
)
def test_numbers_that_are_not_numbering(line: str) -> None:
    assert numbering(line) is None


def test_a_star_before_or_after_the_number_marks_the_item() -> None:
    before = numbering("★1.地区生产总值增长15%。")
    after = numbering("1.★地区生产总值增长15%。")
    assert before is not None and before.starred and before.number == "1"
    assert after is not None and after.starred


def test_small_numbers_read_as_printed() -> None:
    from duban.core.parse.lines import small_number

    assert [small_number(t) for t in ("4", "四", "十", "十二", "二十", "二十三", "两")] == [4, 4, 10, 12, 20, 23, 2]
    assert [small_number(t) for t in ("", "百", "十十", "三四")] == [None, None, None, None]
