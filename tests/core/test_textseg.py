"""Cutting report prose into headings, sentences and one-commitment tasks."""

from __future__ import annotations

from duban.core.textseg import commitments, heading, lead_phrase, sentences


def test_full_width_marks_end_sentences_and_semicolons_do_not() -> None:
    assert sentences("扩大有效投资！新开工项目40个；加快专项债券建设。办好美食节？") == [
        "扩大有效投资！", "新开工项目40个；加快专项债券建设。", "办好美食节？",
    ]  # fmt: skip


def test_a_lead_heads_the_sentence_it_introduces() -> None:
    text = (
        "坚决在对接京津中加快发展自己。强化产业协作。主动融入京津冀产业合作格局，持续抓好智能网联新能源汽车、生命健康等产业。"
        "强化协同创新。与京津科研院所等国家级战略研发机构常态化对接。"
    )
    assert commitments(text) == [
        "坚决在对接京津中加快发展自己。",
        "强化产业协作。主动融入京津冀产业合作格局，持续抓好智能网联新能源汽车、生命健康等产业。",
        "强化协同创新。与京津科研院所等国家级战略研发机构常态化对接。",
    ]


def test_short_commitments_in_a_row_stay_together_and_a_figure_stays_alone() -> None:
    text = "加强易地扶贫搬迁后续扶持。深化东西部扶贫协作。搞好脱贫攻坚普查。新建高标准农田8000万亩。"
    assert commitments(text, quantified=lambda s: "万亩" in s) == [
        "加强易地扶贫搬迁后续扶持。深化东西部扶贫协作。搞好脱贫攻坚普查。", "新建高标准农田8000万亩。",
    ]  # fmt: skip


def test_a_sentence_too_long_for_one_task_is_cut_at_its_semicolons() -> None:
    first = "实施消费环境优化行动，推动区域消费中心城市建设，抓好国家“一刻钟便民生活圈”试点，支持商业步行街、特色商业街改造升级；"
    second = "新建县级物流配送中心36个、乡镇商贸中心425家，完善农村流通体系，充分激发农村消费活力。"
    assert commitments(first + second, max_chars=80) == [first, second]
    assert commitments(first + second) == [first + second]


def test_headings_and_lead_phrases() -> None:
    assert heading("（一）稳定和完善宏观经济政策，保持经济运行在合理区间。") is not None
    assert lead_phrase("扩大有效投资。谋划储备重大项目200个。") == ("扩大有效投资。", "谋划储备重大项目200个。")
    assert lead_phrase("以提升城市软实力为突破，着力建设名城。加强音乐文化建设。") is None
