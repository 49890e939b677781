"""`prepare`: a page stored as one line whose paragraphs are glued with no space between them."""

from __future__ import annotations

from duban.core.document import Line
from duban.core.parse.prepare import prepare

GLUED = (
    "为改善人居环境，制定本方案。一、工作目标统一、规范推进村容村貌整治，打造宜居乡村。二、任务分工（一）集市环境整治"
    "1.摊位摆放整齐，垃圾日产日清，无乱搭乱建现象；公厕保洁及时，无明显异味。（牵头科室：城建办）"
    "2.集市周边停车有序，无占道经营现象。（牵头科室：城建办，配合单位：镇派出所）（二）河道沟渠整治"
    "1.河面无漂浮物，河岸无垃圾堆放，排污口规范设置。（牵头科室：农业办）2.沟渠畅通，无淤积堵塞现象。"
    "（牵头科室：农业办）"
)


def _texts(text: str) -> list[str]:
    return [ln.text for ln in prepare([Line(no=1, text=text)])]


def test_a_page_glued_together_is_cut_before_each_item_number_in_sequence() -> None:
    texts = _texts(GLUED)
    assert [t[:4] for t in texts] == ["为改善人", "一、工作", "二、任务", "（一）集", "1.摊位", "2.集市",
                                      "（二）河", "1.河面", "2.沟渠"]
    assert texts[1].startswith("一、工作目标统一、规范推进")  # 一、 inside a sentence is no chapter number


def test_a_long_paragraph_with_numbers_of_one_style_is_not_cut() -> None:
    text = "加强示范路建设，" * 20 + "重点做好三项工作：1.完善路网。2.提升绿化。3.规范停车。"
    assert _texts(text) == [text]


def test_a_table_glued_together_is_not_cut_as_paragraphs() -> None:
    table = "工作任务牵头单位责任单位工作要求" + GLUED
    texts = _texts(table)
    assert "".join(texts) == table
    assert "二、任务分工（一）集市环境整治1.摊位" in texts[0] and "2.集市周边" in texts[0]


def test_the_rows_numbers_are_the_longest_run_not_a_cells_own_list() -> None:
    from duban.core.parse.prepare import _row_sequence

    # row 1, its source cell's 1 2 3, then rows 2 3 4: the rows' own run is the one kept
    rows = [(0, 1), (10, 1), (20, 2), (30, 3), (40, 2), (50, 3), (60, 4)]
    assert _row_sequence(rows) == [0, 40, 50, 60]
