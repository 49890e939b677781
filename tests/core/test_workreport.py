"""Finding a work report's parts: the review, a five-year outline, this year's work, what follows."""

from __future__ import annotations

from duban.core.document import Document
from duban.core.workreport import hard_wrapped, layout, paragraphs, title_kind


def parts_of(text: str) -> list[tuple[str, str | None]]:
    lay = layout(Document.from_text(text))
    return [(p.kind, p.title) for p in lay.parts]


OPENING_YEAR = """政府工作报告
——2021年1月8日在示例区第十届人民代表大会第五次会议上
示例区人民政府区长  李四
各位代表:
一、“十三五”时期工作回顾
五年来,全区地区生产总值年均增长7.2%。
二、“十四五”时期的主要目标任务
今后五年,地区生产总值年均增长7%左右。
(一)推进协同创新一体化。坚定不移实施创新驱动发展战略。
三、2021年重点工作
全区经济社会发展主要预期目标是:地区生产总值增长8%左右。
(一)扩大有效投资
实施重点项目120个。
四、加强政府自身建设
坚持依法行政,建设法治政府。
各位代表!让我们团结奋斗,开创新局!
名词解释
1.“十四五”:第十四个五年规划。
"""


def test_a_five_year_outline_is_told_from_this_year_s_work_by_its_title() -> None:
    assert parts_of(OPENING_YEAR) == [
        ("front", None),
        ("review", "“十三五”时期工作回顾"),
        ("outline", "“十四五”时期的主要目标任务"),
        ("year", "2021年重点工作"),
        ("year", "加强政府自身建设"),
        ("after", None),
    ]


def test_the_closing_appeal_and_the_notes_follow_the_work() -> None:
    lay = layout(Document.from_text(OPENING_YEAR))
    after = lay.parts[-1]
    assert [p.text for p in lay.paras[after.start : after.end]][:2] == ["各位代表!让我们团结奋斗,开创新局!", "名词解释"]


def test_the_year_is_the_session_s_and_the_region_the_speaker_s() -> None:
    lay = layout(Document.from_text(OPENING_YEAR))
    assert (lay.year, lay.region) == (2021, "示例区")


def test_a_report_without_a_title_takes_its_year_from_its_parts() -> None:
    text = "一、2019年工作回顾\n去年全县地区生产总值增长6%。\n二、 2020年工作总体要求\n今年的主要预期目标是:地区生产总值增长6%。\n"
    lay = layout(Document.from_text(text))
    assert lay.year == 2020
    assert [p.kind for p in lay.parts] == ["review", "year"]


def test_parts_whose_titles_name_no_year_are_this_year_s_after_the_first() -> None:
    text = (
        "——2020年5月22日在第十三届全国人民代表大会第三次会议上\n一、2019年和今年以来工作回顾\n去年经济运行总体平稳。\n"
        "二、今年发展主要目标和下一阶段工作总体部署\n今年要优先稳就业保民生。\n三、加大宏观政策实施力度,着力稳企业保就业\n"
        "加大减税降费力度。\n"
    )
    assert [k for k, _ in parts_of(text)] == ["front", "review", "year", "year"]


def test_unnumbered_part_titles_are_parts_too() -> None:
    text = (
        "2026年1月20日在示例市第十六届人民代表大会第五次会议上\n2025年和“十四五”时期工作回顾\n去年增长5.6%。\n"
        "“十五五”时期的奋斗目标\n今后五年年均增长5%左右。\n2026年重点工作\n今年的主要预期目标是:增长5%。\n"
    )
    assert [k for k, _ in parts_of(text)] == ["front", "review", "outline", "year"]


def test_titles_say_what_they_are() -> None:
    assert title_kind("2023年工作回顾", 2024) == "review"
    assert title_kind("2025年和“十四五”时期工作回顾", 2026) == "review"
    assert title_kind("“十五五”发展的主要考虑", 2026) == "outline"
    assert title_kind("今后五年的奋斗目标", 2021) == "outline"
    assert title_kind("“十四五”时期奋斗目标和2021年工作安排", 2021) == "year"
    assert title_kind("全面加强政府自身建设", 2024) == "year"
    assert title_kind("依靠改革激发市场主体活力", 2020) is None


def test_an_appeal_in_the_middle_of_the_work_does_not_end_it() -> None:
    text = (
        "——2020年1月13日在示例县第十六届人民代表大会第四次会议上\n一、2019年工作回顾\n去年脱贫摘帽。\n二、2020年工作安排\n"
        "(一)坚决夺取脱贫攻坚战的全面胜利。\n高质量完成脱贫任务。\n各位代表!2020年注定载入史册,让我们万众一心加油干!\n"
        "(二)牢牢扭住项目建设。\n狠抓重点项目建设。\n各位代表!让我们团结奋斗!\n"
    )
    lay = layout(Document.from_text(text))
    year = lay.year_parts()[0]
    assert "(二)牢牢扭住项目建设。" in [p.text for p in lay.paras[year.start : year.end]]
    assert lay.parts[-1].kind == "after"


def test_notes_printed_after_the_closing_without_a_heading_are_not_work() -> None:
    text = (
        "——2023年1月6日在示例区第二届人民代表大会第三次会议上\n一、2022年工作回顾\n去年增长6%。\n二、2023年重点工作\n"
        "(一)扩大有效投资\n谋划储备重大项目200个。\n各位代表!让我们团结奋斗,谱写新篇章!\n"
        "1.七大项目指挥部:何店高质量发展示范区建设指挥部等。\n2.三区三线:城镇、农业、生态空间。\n扫一扫在手机上查看当前页面\n"
    )
    lay = layout(Document.from_text(text))
    year = lay.year_parts()[-1]
    assert [p.text for p in lay.paras[year.start : year.end]][-1] == "谋划储备重大项目200个。"
    assert lay.parts[-1].kind == "after"


def test_a_part_whose_title_is_a_slogan_takes_its_kind_from_where_it_stands_and_what_it_says() -> None:
    text = (
        "——2021年1月8日在示例区第十届人民代表大会第五次会议上\n一、2020年工作回顾\n去年增长6%。\n"
        "二、开启全面建设现代化新征程\n今后五年,地区生产总值年均增长7%。\n到2025年,城镇化率达到65%。\n"
        "三、奋力谱写高质量发展新篇章\n今年主要预期目标是:地区生产总值增长8%。\n(一)扩大有效投资\n实施重点项目120个。\n"
    )
    assert [k for k, _ in parts_of(text)] == ["front", "review", "outline", "year"]


def test_the_year_s_work_numbered_under_an_unnumbered_title() -> None:
    text = (
        "——2024年1月16日在示例县第十八届人民代表大会第三次会议上\n2023年工作回顾\n过去一年增长6%。\n"
        "2024年工作安排\n今年主要预期目标是:地区生产总值增长6.5%左右。\n一、聚焦产业发展,壮大县域经济\n新增规上企业15家。\n"
        "二、聚焦民生改善,增进群众福祉\n新建幼儿园3所。\n"
    )
    assert [k for k, _ in parts_of(text)] == ["front", "review", "year", "year", "year"]


def test_a_closing_appeal_that_lost_its_last_mark_follows_the_work() -> None:
    text = (
        "政府工作报告\n一、2023年工作回顾\n过去一年,全区经济平稳运行。\n二、2024年工作安排\n"
        "今年主要预期目标是:地区生产总值增长5%。\n(一)加快产业升级。推进园区建设。\n各位代表!\n"
        "我们要更加紧密地团结在党中央周围,坚定信心、开拓进取,为全面建设现代化不懈奋斗\n"
    )
    lay = layout(Document.from_text(text))
    after = lay.parts[-1]
    assert after.kind == "after"
    assert [p.text for p in lay.paras[after.start : after.end]][-1].endswith("不懈奋斗")


def test_a_text_wrapped_at_a_width_reads_as_its_paragraphs() -> None:
    paras = [
        "一、2023年工作回顾",
        "过去一年,全区经济平稳运行,地区生产总值增长5.2%,一般公共预算收入增长8%,城乡居民收入稳步提高。",
        "二、2024年工作安排",
        "(一)加快产业升级。推进园区建设,新建标准化厂房10万平方米,引进亿元以上项目20个,规上工业增加值增长8%。",
        "(二)扩大有效投资。实施重点项目80个,完成投资120亿元,争取专项债券15亿元,推动项目早开工早投产。",
    ] * 3
    wrapped = [line[i : i + 24] for line in paras for i in range(0, len(line), 24)]
    doc = Document.from_text("\n".join(wrapped))
    assert hard_wrapped(doc) == 24
    assert [p.text for p in paragraphs(doc)] == paras
    assert hard_wrapped(Document.from_text("\n".join(paras))) is None


def test_a_digest_s_lines_without_marks_are_not_a_wrapped_text() -> None:
    lines = [f"{name}增长{n}%以上,{name}总量突破{n}0亿元" for n, name in enumerate(["生产总值", "固定资产投资额", "社会消费品零售总额", "进出口总额", "规上工业增加值", "居民人均可支配收入", "一般公共预算收入", "实际使用外资金额", "农村居民人均可支配收入", "城镇居民人均可支配收入"], start=3)]
    assert hard_wrapped(Document.from_text("\n".join(lines))) is None



def test_a_line_opening_with_a_mark_goes_on_with_the_line_before() -> None:
    doc = Document.from_text("报告指出\n,今年政府工作的总体要求是:坚持稳中求进。\n一是坚持政治引领,不断增强政治担当\n。坚持开展专题学习。\n")
    assert [p.text for p in paragraphs(doc)] == [
        "报告指出,今年政府工作的总体要求是:坚持稳中求进。",
        "一是坚持政治引领,不断增强政治担当。坚持开展专题学习。",
    ]


def test_a_page_starting_inside_the_five_year_part_goes_on_with_it_under_a_title_without_a_year() -> None:
    text = (
        "今后五年工作的指导思想是:坚持稳中求进,推动高质量发展。\n今后五年经济社会发展主要目标是:经济质量效益走在全市前列。\n"
        "重点工作方向:\n(一)构建现代产业体系。\n提质升级纺织特色产业。2025年形成年产值达500亿元的纺织产业集群。\n"
    )
    assert [p.kind for p in layout(Document.from_text(text)).parts] == ["front", "outline"]
    this_year = text.replace("重点工作方向:", "2021年重点工作:")
    assert [p.kind for p in layout(Document.from_text(this_year)).parts] == ["front", "year"]


def test_a_report_printed_twice_is_read_from_its_first_printing_and_the_portal_s_lists_follow_it() -> None:
    report = (
        "一、2022年工作回顾\n" + "过去一年,全省经济运行稳中向好,地区生产总值增长3.8%左右,各项事业取得新进展。" * 4 + "\n"
        "二、2023年目标任务和主要工作\n今年经济社会发展的主要预期目标是:地区生产总值增长6%左右。\n"
        "(一)深入落实重大国家战略。" + "积极承接京津产业转移,推动一批疏解项目落地,完成投资360亿元以上。" * 4 + "\n"
        "各位代表!让我们更加紧密地团结起来,为建设经济强省而努力奋斗!\n来源:河北新闻网\n"
    )
    portal = "石家庄市\n承德市\n省教育厅\n省财政厅\n关于本站\n网站地图\n当前位置:\n首页\n政府工作报告\n"
    lay = layout(Document.from_text(report + portal + report))
    year = lay.year_parts()
    assert len(year) == 1
    first, last = lay.paras[year[0].start].lines[0], lay.paras[year[0].end - 1].lines[1]
    assert (first, last) == (3, 5)


def test_a_word_the_page_s_markup_put_on_a_line_of_its_own_goes_back_into_its_sentence() -> None:
    doc = Document.from_text(
        "面对改革发展稳定的繁重任务,我们全面落实省委十届二次、三\n次全会\n部署,解放思想、奋发进取。\n"
        "加大招商引资力度\n15.紧盯汽车零部件、生物医药两大产业主赛道,精准招商。(责任领导:张三;牵头单位:区招商局)\n"
    )
    assert [p.text for p in paragraphs(doc)] == [
        "面对改革发展稳定的繁重任务,我们全面落实省委十届二次、三次全会部署,解放思想、奋发进取。",
        "加大招商引资力度",
        "15.紧盯汽车零部件、生物医药两大产业主赛道,精准招商。(责任领导:张三;牵头单位:区招商局)",
    ]
