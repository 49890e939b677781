"""Phone and ID numbers out of text for the public page, in the formats people type (issue 18:
138-0000-0001, +86 139 0000 0002, 0755 8000 001 and 18-digit ID numbers were shown)."""

from __future__ import annotations

import pytest

from duban.core.scrub import ID_MARK, PHONE_MARK, scrub_contacts

PHONES = [
    "13800000001", "138-0000-0001", "138 0000 0001", "+86 139 0000 0002", "+86-139-0000-0002", "+8613900000002",
    "008613900000002", "（+86）13900000002", "(86)139 0000 0002", "１３８０００００００１", "１３８－００００－０００１",
    "0755 8000 001", "0755-80000001", "0755-8000-0001", "(010)6512-3456", "（０１０）６５１２３４５６", "010-65123456转123",
    "0755-80000001-123", "021 6123 4567",
]
IDS = ["440304199001011234", "44030419900101123X", "44030419900101123x", "440304 19900101 123X",
       "440304-19900101-1234", "440304900101123"]
FIGURES = ["完成投资20000000元", "新增就业12000人", "2026年4月20日前", "2026-04-20", "增长7.5%", "序号12", "第3-1项",
           "GDP达到1500000000元", "粮食产量18000吨", "建成15000000000元项目", "编号2026001", "国标GB/T 9704-2012",
           "任务3、4、5", "面积45000亩", "投资1.2亿元"]


@pytest.mark.parametrize("number", PHONES)
def test_phone_numbers_in_the_usual_formats_are_hidden(number: str) -> None:
    out = scrub_contacts(f"联系人陈晓,{number},请核实。")
    assert out == f"联系人陈晓,{PHONE_MARK},请核实。", out


@pytest.mark.parametrize("number", IDS)
def test_id_numbers_are_hidden(number: str) -> None:
    out = scrub_contacts(f"困难户张某(身份证号{number})已落实救助。")
    assert out == f"困难户张某(身份证号{ID_MARK})已落实救助。", out


@pytest.mark.parametrize("text", FIGURES)
def test_figures_dates_and_numbers_nobody_dials_are_kept(text: str) -> None:
    assert scrub_contacts(text) == text


@pytest.mark.parametrize(("text", "kept"), [("联系电话:8000123", "联系电话:"), ("值班电话 6512 3456", "值班电话 "),
                                            ("热线8000-1234转5", "热线")])
def test_a_local_number_counts_after_a_word_that_says_it_is_a_phone(text: str, kept: str) -> None:
    assert scrub_contacts(text) == kept + PHONE_MARK


def test_several_in_one_text_and_the_rest_untouched() -> None:
    text = "一季度完成投资2亿元。联系人:刘经办 138-0000-0001、0755 8000 001;负责人身份证440304199001011234。"
    assert scrub_contacts(text) == (f"一季度完成投资2亿元。联系人:刘经办 {PHONE_MARK}、{PHONE_MARK};"
                                    f"负责人身份证{ID_MARK}。")
