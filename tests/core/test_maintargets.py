"""Reading the main targets (主要预期目标) as offices list them: one target each."""

from __future__ import annotations

from duban.core.document import Document
from duban.core.indicators import extract_indicators
from duban.core.maintargets import aimed, clauses_of, find, respectively
from duban.core.workreport import paragraphs


def targets_in(text: str) -> list[str]:
    paras = paragraphs(Document.from_text(text))
    block = find(paras, list(range(len(paras))))
    return [t.text for t in block.targets] if block else []


def test_each_clause_is_a_target_and_qualitative_ones_are_kept() -> None:
    text = (
        "今年发展的主要预期目标是:国内生产总值增长6.5%－7%,居民消费价格涨幅3%左右,城镇新增就业1000万人以上,"
        "进出口回稳向好,国际收支基本平衡。单位国内生产总值能耗下降3.4%以上,主要污染物排放继续减少。"
    )
    assert targets_in(text) == [
        "国内生产总值增长6.5%－7%", "居民消费价格涨幅3%左右", "城镇新增就业1000万人以上", "进出口回稳向好",
        "国际收支基本平衡", "单位国内生产总值能耗下降3.4%以上", "主要污染物排放继续减少",
    ]  # fmt: skip


def test_sentences_about_the_targets_end_the_list() -> None:
    text = (
        "今年经济社会发展的主要预期目标是:地区生产总值增长4.5%—5%,在实际工作中全力争取更好结果;地方一般公共预算收入增长3%左右;"
        "居民收入增长与经济增长同步。这样的目标,是立足发展所需提出来的。重点抓好以下14个方面的工作:"
    )
    assert targets_in(text) == [
        "地区生产总值增长4.5%—5%,在实际工作中全力争取更好结果", "地方一般公共预算收入增长3%左右", "居民收入增长与经济增长同步",
    ]  # fmt: skip


def test_a_list_announced_in_one_sentence_is_read_from_the_next() -> None:
    text = (
        "我们对疫情前考虑的预期目标作了适当调整。今年要优先稳就业保民生,坚决打赢脱贫攻坚战;城镇新增就业900万人以上,"
        "城镇调查失业率6%左右;重大金融风险有效防控。"
    )
    assert targets_in(text) == ["城镇新增就业900万人以上", "城镇调查失业率6%左右", "重大金融风险有效防控"]


def test_a_figure_reached_stays_with_its_target() -> None:
    assert clauses_of("地区生产总值增长7.5%,达到326.4亿元;一般公共财政预算收入增长7.5%") == [
        "地区生产总值增长7.5%,达到326.4亿元", "一般公共财政预算收入增长7.5%",
    ]  # fmt: skip


def test_a_respectively_pair_is_two_targets() -> None:
    assert respectively("城乡居民收入分别增长4%和5%") == ["城镇居民收入增长4%", "农村居民收入增长5%"]
    assert respectively("城乡居民人均可支配收入分别增长6%、7.5%以上") == [
        "城镇居民人均可支配收入增长6%以上", "农村居民人均可支配收入增长7.5%以上",
    ]  # fmt: skip
    assert respectively("城、乡居民人均可支配收入分别增长8%、9%") == ["城镇居民人均可支配收入增长8%", "农村居民人均可支配收入增长9%"]
    assert respectively("化学需氧量、氨氮排放量分别下降2%、3%") == ["化学需氧量下降2%", "氨氮排放量下降3%"]
    assert respectively("两项指标分别增长4%、5%、6%") == ["两项指标分别增长4%、5%、6%"]  # cannot tell them apart


def test_declines_magnitudes_and_ranges_keep_their_figures() -> None:
    text = "今年的主要预期目标是:粮食产量1.4万亿斤左右;单位国内生产总值能耗降低3%左右;一般公共预算收入超10亿;地区生产总值增长5%～5.5%。"
    figures = [(i.value, i.value_max, i.unit, i.comparator, i.direction) for t in targets_in(text) for i in extract_indicators(t)]
    assert figures == [
        (1.4e12, None, "斤", "~", ""), (3.0, None, "%", "~", "down"), (1e9, None, "元", ">=", ""),
        (5.0, 5.5, "%", ">=", ""),
    ]  # fmt: skip


def test_targets_listed_one_a_line() -> None:
    text = "全区经济社会发展的主要预期目标是:\n1.地区生产总值增长8%左右;\n2.城乡居民人均可支配收入分别增长7%、8.5%;\n为实现上述目标,重点抓好以下工作:\n"
    assert targets_in(text) == ["地区生产总值增长8%左右", "城镇居民人均可支配收入增长7%", "农村居民人均可支配收入增长8.5%"]


def test_targets_in_a_table_read_each_row_with_its_unit_and_growth() -> None:
    text = (
        "今年全县经济社会发展主要预期目标如下表:\n"
        "序号 | 指标名称 | 单位 | 2024年目标 | 比上年增长(%) | 指标属性\n"
        "1 | 地区生产总值 | 亿元 | 211 | 6.5左右 | 预期性\n"
        "2 | 城镇调查失业率 | % | 5.5以内 | — | 预期性\n"
        "3 | 单位地区生产总值能耗降低 | % | — | 完成市下达任务 | 约束性\n"
        "实现上述目标,要突出抓好六个方面工作:\n"
    )
    targets = targets_in(text)
    assert targets == ["地区生产总值211亿元,增长6.5%左右", "城镇调查失业率5.5%以内", "单位地区生产总值能耗降低,完成市下达任务"]
    gdp = extract_indicators(targets[0])
    assert [(i.value, i.unit, i.comparator) for i in gdp] == [(2.11e10, "元", "="), (6.5, "%", "~")]


def test_restated_targets_are_not_the_list() -> None:
    text = "经济增长预期目标6.5%－7%,考虑了与全面建成小康社会目标相衔接。\n今年的主要预期目标是:国内生产总值增长6.5%－7%。\n"
    assert targets_in(text) == ["国内生产总值增长6.5%－7%"]


def test_no_targets_paragraph_gives_none() -> None:
    assert targets_in("今年要重点做好八个方面工作。\n扩大有效投资。新开工项目40个。\n") == []


def test_other_words_for_the_targets_count_where_a_list_opens_after_them() -> None:
    text = (
        "建议2025年全县经济社会发展的努力目标为:全县生产总值增长7%;固定资产投资增长10%以上;"
        "外贸出口额占全市份额保持稳定;城镇调查失业率控制在5%以内。"
    )
    assert targets_in(text) == ["全县生产总值增长7%", "固定资产投资增长10%以上", "外贸出口额占全市份额保持稳定", "城镇调查失业率控制在5%以内"]
    assert targets_in("今年主要经济指标是:地区生产总值增长6%,一般公共预算收入增长5%。") == ["地区生产总值增长6%", "一般公共预算收入增长5%"]


def test_another_word_for_targets_with_one_figure_is_not_the_list() -> None:
    assert targets_in("我们的发展目标是:建成区域中心城市,人口达到50万人。\n扩大有效投资。新开工项目40个。\n") == []


def test_targets_under_a_title_of_their_own_one_a_bullet_each() -> None:
    text = (
        "2025年经济社会发展的主要预期目标\n●经济增长6%左右\n●城镇调查失业率5.5%左右,城镇新增就业70万人以上\n"
        "●居民收入增长与经济增长同步\n三、2025年重点工作\n"
    )
    assert targets_in(text) == ["经济增长6%左右", "城镇调查失业率5.5%左右", "城镇新增就业70万人以上", "居民收入增长与经济增长同步"]


def test_targets_proposed_or_set_open_the_list_too() -> None:
    assert targets_in("全区经济社会发展主要预期目标建议为:地区生产总值增长6%左右,一般公共预算收入增长5%。") == ["地区生产总值增长6%左右", "一般公共预算收入增长5%"]
    assert targets_in("今年的主要目标确定为:粮食产量稳定在25万吨以上;城镇新增就业5000人。") == ["粮食产量稳定在25万吨以上", "城镇新增就业5000人"]


def test_items_listed_with_a_pause_mark_are_a_target_each() -> None:
    assert clauses_of("力争固定资产投资增幅16%以上、规上工业产值增幅13%以上,财政总收入达到20亿元、增幅12%以上") == [
        "力争固定资产投资增幅16%以上", "规上工业产值增幅13%以上", "财政总收入达到20亿元、增幅12%以上",
    ]  # fmt: skip
    assert clauses_of("生产总值增长11%、力争达到11.5%") == ["生产总值增长11%、力争达到11.5%"]


def test_among_them_with_a_figure_of_its_own_is_a_target() -> None:
    assert clauses_of("财政总收入增长13%,其中地方级财政收入增长16%") == ["财政总收入增长13%", "地方级财政收入增长16%"]


def test_subjects_joined_by_and_share_out_the_figures() -> None:
    assert respectively("城镇居民人均可支配收入和农民人均纯收入均分别增长8.5%、9.5%") == [
        "城镇居民人均可支配收入增长8.5%", "农民人均纯收入增长9.5%",
    ]  # fmt: skip
    assert respectively("常住和户籍人口城镇化率分别达到59%和49%") == ["常住人口城镇化率达到59%", "户籍人口城镇化率达到49%"]
    assert respectively("城镇居民人均可支配收入和农民人均纯收入均增长10%左右") == [
        "城镇居民人均可支配收入增长10%左右", "农民人均纯收入增长10%左右",
    ]  # fmt: skip
    assert respectively("居民收入增长和经济增长基本同步") == ["居民收入增长和经济增长基本同步"]


def test_a_headline_naming_a_target_is_not_the_list() -> None:
    text = (
        "今年预期目标:地区生产总值增7.5%-8%\n大众网1月24日讯 省长作政府工作报告。\n"
        "2016年主要预期目标是:地区生产总值增长7.5%-8%,地方一般公共预算收入增长8.5%。城镇新增就业110万人。\n"
    )
    assert targets_in(text) == ["地区生产总值增长7.5%-8%", "地方一般公共预算收入增长8.5%", "城镇新增就业110万人"]


def test_last_year_s_targets_met_are_not_the_list() -> None:
    assert targets_in("较好完成了省人大四次会议确定的主要目标任务。全省生产总值增长8%,地方一般公共预算收入增长10%。\n") == []


def test_a_list_named_without_figures_goes_on_in_the_paragraphs_after_it() -> None:
    text = (
        "主要预期目标是:锚定县域经济冲十进百的目标,坚持稳字当头,实现GDP增速高于全市平均水平,努力争取最好的结果。\n"
        "力争固定资产投资增幅16%以上、规上工业产值增幅13%以上,完成城镇就业市定目标任务。\n"
        "粮食播种面积保持相对稳定,生态环境质量持续改善。\n(一)扩大有效投资\n"
    )
    assert targets_in(text) == [
        "实现GDP增速高于全市平均水平,努力争取最好的结果", "力争固定资产投资增幅16%以上", "规上工业产值增幅13%以上",
        "完成城镇就业市定目标任务", "粮食播种面积保持相对稳定", "生态环境质量持续改善",
    ]  # fmt: skip


def test_a_second_list_of_binding_indicators_follows_the_first() -> None:
    text = (
        "主要预期指标是:地区生产总值增长5.5%左右,城镇新增就业45万人。\n"
        "约束性指标是:资源节约方面,万元地区生产总值能耗下降3.2%,万元地区生产总值用水量下降3%。\n"
        "今年要重点抓好以下工作。\n"
    )
    assert targets_in(text) == ["地区生产总值增长5.5%左右", "城镇新增就业45万人", "万元地区生产总值能耗下降3.2%", "万元地区生产总值用水量下降3%"]


def test_a_title_naming_the_year_s_targets_announces_the_list() -> None:
    assert targets_in("2021年目标:\n生产总值增长6.5%左右\n地方财政收入增长5%左右\n") == ["生产总值增长6.5%左右", "地方财政收入增长5%左右"]
    text = "— 主要目标 —\n地区生产总值增长7%以上;规模以上工业增加值增长8%以上;城乡居民收入稳定增长\n"
    assert targets_in(text) == ["地区生产总值增长7%以上", "规模以上工业增加值增长8%以上", "城乡居民收入稳定增长"]


def test_the_list_goes_on_in_a_next_paragraph_made_only_of_targets() -> None:
    text = (
        "主要预期目标:全省生产总值增长11%左右;地方公共财政收入增长12%。\n"
        "2013年,城镇登记失业率控制在4.2%以内;社会消费品零售总额增长15%,农民人均纯收入增长11%左右。\n"
        "为实现2013年目标,主要做好7个方面的工作。\n"
    )
    assert targets_in(text)[2:] == ["城镇登记失业率控制在4.2%以内", "社会消费品零售总额增长15%", "农民人均纯收入增长11%左右"]


def test_a_sentence_setting_the_year_s_energy_targets_is_one() -> None:
    text = "主要预期目标为:全省生产总值增长9%左右。根据国家下达的节能减排指标,提出单位生产总值能耗等年度目标。\n"
    assert targets_in(text) == ["全省生产总值增长9%左右", "提出单位生产总值能耗等年度目标"]


def test_where_no_word_names_the_targets_the_year_s_aim_with_figures_is_read() -> None:
    paras = paragraphs(Document.from_text("2025年,高新区将力争GDP增长6.5%以上,保持全市第一方阵,主要经济指标实现两位数增长。\n"))
    block = aimed(paras, [0])
    assert block is not None
    assert [t.text for t in block.targets] == ["高新区将力争GDP增长6.5%以上", "保持全市第一方阵", "主要经济指标实现两位数增长"]
    assert aimed(paragraphs(Document.from_text("2018年,我镇将紧紧围绕总体思想,以转型升级助推产业发展。\n")), [0]) is None


def test_a_sentence_speaking_of_the_targets_as_such_ends_the_list() -> None:
    text = "今年的主要预期目标是:国内生产总值增长7.5%左右,国际收支基本平衡。加强对增长、就业、物价等主要目标的统筹平衡。\n"
    assert targets_in(text) == ["国内生产总值增长7.5%左右", "国际收支基本平衡"]


def test_a_bullet_broken_over_two_lines_is_one_target() -> None:
    text = "主要预期目标\n●地区生产总值增长5%以上\n●全面完成国家下达的节能减排降碳\n约束性指标和环境质量改善目标\n重点抓好十个方面工作\n"
    assert targets_in(text) == ["地区生产总值增长5%以上", "全面完成国家下达的节能减排降碳约束性指标和环境质量改善目标"]


def test_a_clause_qualifying_the_target_before_it_is_part_of_it() -> None:
    text = (
        "今年发展主要预期目标是:地区生产总值增长5%左右;生态环境质量持续改善,主要污染物排放量继续下降;"
        "能耗强度目标在规划期内统筹考核,并留有适当弹性,新增可再生能源不纳入能源消费总量控制。\n"
    )
    assert targets_in(text) == [
        "地区生产总值增长5%左右",
        "生态环境质量持续改善",
        "主要污染物排放量继续下降",
        "能耗强度目标在规划期内统筹考核,并留有适当弹性,新增可再生能源不纳入能源消费总量控制",
    ]


def test_a_group_s_aim_after_its_targets_is_no_target() -> None:
    body = (
        "地区生产总值增长5%左右，一般公共预算收入增长3.7%，努力跑赢全国；新能源产业产值增长8%以上，加快构建优势；"
        "全社会研发经费投入增长10%以上，对标全国全力消减差距；农村低保标准提高6%，在全国实现位次前移；"
        "力争主要经济指标增速进入全省前列。"
    )
    assert clauses_of(body) == [
        "地区生产总值增长5%左右", "一般公共预算收入增长3.7%", "新能源产业产值增长8%以上",
        "全社会研发经费投入增长10%以上", "农村低保标准提高6%", "力争主要经济指标增速进入全省前列",
    ]  # fmt: skip


def test_a_stretch_striving_for_a_better_result_stays_with_its_target() -> None:
    # 宁夏 2026: 地区生产总值增长5%左右，力争取得更好结果。 — the stretch, not a target of its own
    assert targets_in("经济主要预期目标是：地区生产总值增长5%左右，力争取得更好结果。规模以上工业增加值增长6%左右。") == [
        "地区生产总值增长5%左右,力争取得更好结果", "规模以上工业增加值增长6%左右",
    ]
