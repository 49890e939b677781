"""The catalogue of unit kinds: names at every level map to their kind, remit words point to it."""

from __future__ import annotations

import pytest

from duban.core import catalogue


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("国家发展改革委", "发展改革"),
        ("省发展改革委", "发展改革"),
        ("市发改委", "发展改革"),
        ("区发改局", "发展改革"),
        ("县发展和改革局", "发展改革"),
        ("区发改局(粮食局)", "发展改革"),
        ("区科经局", "科技经信"),
        ("区科技经信局", "科技经信"),
        ("市经济和信息化局", "科技经信"),
        ("区政数局", "政数"),
        ("区大数据中心", "政数"),
        ("市生态环境局咸安分局", "生态环境"),
        ("区自然资源和规划局(林业局)", "自然资源和规划"),
        ("区水务和湖泊局", "水利"),
        ("区园林和林业局", "林业"),
        ("区招投中心", "招商"),
        ("区财政局(区国资局)", "财政"),
        ("区委人才办(区委组织部)", "组织"),
        ("团区委", "共青团"),
        ("区人民政府办公室", "政府办"),
        ("区人社局", "人社"),
        ("人力资源社会保障部", "人社"),
        ("县卫生健康局", "卫健"),
        ("区城管执法局", "城管执法"),
        ("区经发集团", "国企平台"),
        ("国网郧县供电公司", "公用事业"),
        ("咸安经济开发区", "开发区"),
        # the State Council's bodies (the national plans and reports): its bureaus under a ministry
        ("国家中医药管理局", "卫健"),  # not a pharmaceutical industry's 医药管理局
        ("国家矿山安全监察局", "应急管理"),  # not a 监察局
        ("国防部", "人武"),
        ("国务院国有资产监督管理委员会", "财政"),
    ],
)
def test_names_at_every_level_map_to_their_kind(name: str, kind: str) -> None:
    found = catalogue.match(name)
    assert found is not None and found.key == kind


@pytest.mark.parametrize(
    "name",
    ["各乡镇办场", "各街道办事处", "茶店镇人民政府", "五里界街道办事处", "汀泗桥镇", "杨溪铺人民政府", "向阳湖奶牛场"],
)
def test_townships_and_their_groups_are_one_kind(name: str) -> None:
    found = catalogue.match(name)
    assert found is not None and found.key == "乡镇街道"


def test_people_s_government_of_a_district_is_not_a_township_nor_civil_affairs() -> None:
    assert catalogue.match("区人民政府办公室").key == "政府办"  # type: ignore[union-attr]
    assert catalogue.match("区人民政府各部门").key == "区直部门"  # type: ignore[union-attr]


def test_a_company_whose_name_ends_in_office_is_not_a_township() -> None:
    found = catalogue.match("中国铁塔股份有限公司咸宁市分公司咸安区办事处")
    assert found is not None and found.key == "公用事业"


def test_groups_are_told_from_single_units() -> None:
    assert catalogue.is_group("各乡镇办场")
    assert catalogue.is_group("区直相关部门")
    assert catalogue.is_group("区安委会各成员单位")
    assert not catalogue.is_group("区发改局")
    assert not catalogue.is_group("茶店镇人民政府")


def test_unknown_units_are_none_not_a_guess() -> None:
    assert catalogue.match("区香菇办") is None
    assert catalogue.match("") is None


def test_every_example_name_in_the_table_maps_back_to_its_own_kind() -> None:
    wrong = [
        (name, kind.key, (catalogue.match(name) or kind).key)
        for kind in catalogue.KINDS
        for name in kind.names
        if (catalogue.match(name) is None or catalogue.match(name).key != kind.key)  # type: ignore[union-attr]
    ]
    assert wrong == []


def test_kind_keys_are_unique() -> None:
    keys = [k.key for k in catalogue.KINDS]
    assert len(keys) == len(set(keys))


def test_qualifier_and_stem() -> None:
    assert catalogue.split_qualifier("区发改局(粮食局)") == ("区发改局", "粮食局")
    assert catalogue.stem("五里界街道办事处") == "五里界"
    assert catalogue.stem("区香菇办") == "香菇"
    assert catalogue.stem("城关镇人民政府") == "城关"


def top(text: str) -> str:
    """The kind whose remit words weigh most in `text`."""
    scores = catalogue.rule_scores(text)
    return max(scores, key=lambda k: scores[k].score)


def test_remit_words_point_to_the_responsible_kind() -> None:
    assert top("全年固定资产投资增长12.5%,谋划储备重大项目") == "发展改革"
    assert top("新增城镇就业4500人以上,城镇登记失业率控制在4.5%以内") == "人社"
    assert top("新建幼儿园2所,完成中学改扩建项目") == "教育"
    assert top("新建高标准农田3.42万亩,粮食播种面积稳定在60万亩") == "农业农村"
    assert top("确保空气质量优良天数比例达到85%") == "生态环境"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("积极争取超长期特别国债,扎实推进两重建设", "发展改革"),
        ("统筹推进平急两用公共基础设施建设", "发展改革"),
        ("大力发展首发经济,建设海外仓", "商务"),
        ("发展银发经济,提升老年助餐服务", "民政"),
        ("培育冰雪经济和演唱会经济", "文旅"),
        ("高质量推进无废城市建设", "生态环境"),
        ("扎实做好保交房工作,稳步推进现房销售", "住建"),
        ("推进数实融合,加快新型工业化", "科技经信"),
        ("开工建设城市地下综合管廊2000公里以上", "住建"),
        ("完成农村改厕8万座", "农业农村"),
        ("支持有条件的地方发展新型离岸贸易,积极发展边境贸易", "商务"),
        ("保障中欧班列稳定畅通运行,加快西部陆海新通道建设", "发展改革"),
        ("加强基础研究战略性、前瞻性、体系化布局", "科技经信"),
        ("城市绿化覆盖率40%左右", "住建"),  # 城市园林绿化 is 住建's (三定), 国土绿化 林业's
        ("规范道路名称和地名标志设置", "民政"),
        ("全力做好第二批省级婚俗改革实验区工作", "民政"),  # not 改革办's for the word 改革
        ("深入实施城市广告牌匾整治提升行动", "城管执法"),  # not 市场监管's for the word 广告
        ("强力关停自备井,压采地下水,实现地下水采补平衡", "水利"),
        ("秉持亲诚惠容的周边外交理念", "政府办"),  # 外交: the 外事 office's (外交部 at the national level)
        ("加强后勤保障和装备发展,提高军队建设法治化水平", "人武"),
        ("整合现有农业产业园区,争创国家级园区", "农业农村"),  # not a 开发区's for the word 园区
        ("开展减污降碳协同创新试点,抓好排污权交易改革", "生态环境"),
        ("巩固提高禁种铲毒成效", "公安"),
        ("支持企事业单位参与国家和行业标准制修订", "市场监管"),
        ("推动更多企业、消费者通过网络和平台实现交易,扩大线上交易规模", "商务"),
        ("扎实开展信访积案化解活动,推行阳光信访", "信访"),  # not 政法委's
        ("今年安排市重点项目9个,总投资118.92亿元,年计划投资21.69亿元", "发展改革"),
        ("协同推进降碳减污扩绿增长", "生态环境"),
        ("学习运用千万工程经验,推进农业农村现代化", "农业农村"),
    ],
)
def test_the_words_of_recent_reports_point_to_the_kind_that_does_that_work(text: str, kind: str) -> None:
    # 2024-2026 reports name their work in words earlier plans did not use
    assert top(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("深化推进二期课程教材改革", "教育"),  # not 改革办's for the word 改革
        ("完成农村中小学危房改造", "教育"),  # a school's, not 住建's 农村危房改造
        ("免费教科书按时发放到位", "教育"),
        ("实施造地改田工程,改造中低产田500万亩", "自然资源和规划"),
        ("继续推进农村税费改革,全面取消农业税", "财政"),  # not 农业农村's for the word 农业
        ("抓好冬春农田水利基本建设", "水利"),  # not 发展改革's 基本建设
        ("推行一池三改", "农业农村"),
        ("推进广播电视村村通,开通无线广播和有线电视", "文旅"),  # not 交通's 村村通公路
        ("建设文化信息资源共享工程基层服务点", "文旅"),  # not 政数's 信息资源共享
        ("查灭钉螺,防治血吸虫", "卫健"),
        ("大力发展劳务经济,落实三条保障线", "人社"),
        ("加强流动人口和出租屋管理,做好居民身份证办理", "公安"),
        ("开展文化科技卫生三下乡活动", "宣传"),
        ("完成渡改桥和危桥改造20座", "交通运输"),
    ],
)
def test_the_words_of_older_plans_point_to_the_kind_that_does_that_work(text: str, kind: str) -> None:
    # plans of the 1990s and 2000s name their work in words of their own era (三定 of that time)
    assert top(text) == kind


def test_a_word_counts_where_the_text_uses_it_outside_a_longer_word_holding_it() -> None:
    # 信访 inside 信访积案 is that word's; in 阳光信访 and 网上信访 it is used on its own
    assert "信访" in catalogue.rule_scores("化解信访积案,推行阳光信访、网上信访")["信访"].words
    # 零售 only inside 社会消费品零售总额 is not counted again
    assert catalogue.rule_scores("社会消费品零售总额增长6%")["商务"].words == ("社会消费品零售总额",)


def test_a_remit_word_a_document_spaces_out_is_still_read() -> None:
    # PDF and web copies space Latin words and figures apart (PM 2.5)
    assert top("确保PM 2.5 浓度同比下降") == "生态环境"


def test_rule_hits_keep_the_words_for_explanations() -> None:
    hit = catalogue.rule_scores("社会消费品零售总额增长10%")["商务"]
    assert "社会消费品零售总额" in hit.words


def test_the_fuller_alias_is_reported() -> None:
    assert catalogue.matched_alias("区交通运输局") == "交通运输"
    assert catalogue.matched_alias("区交通局") == "交通"


def test_abbreviations_include_the_short_forms_offices_use() -> None:
    abbr = set(catalogue.abbreviations())
    assert {"发改局", "科经局", "政数局"} <= abbr


def test_work_of_a_kind_a_government_lacks_falls_to_the_unit_that_does_it() -> None:
    assert catalogue.present_kind("乡村振兴", {"农业农村", "发展改革"}) == "农业农村"
    assert catalogue.present_kind("乡村振兴", {"乡村振兴", "农业农村"}) == "乡村振兴"
    assert catalogue.present_kind("招商", {"商务"}) == "商务"
    assert catalogue.present_kind("教育", {"商务"}) is None


def test_fallbacks_name_real_kinds() -> None:
    for key, others in catalogue.FALLBACK.items():
        assert key in catalogue.BY_KEY
        assert all(o in catalogue.BY_KEY for o in others)


def test_units_every_level_has_are_known() -> None:
    from duban.core.catalogue import match

    for name, key in (("区科协", "科协"), ("市文联", "文联"), ("县红十字会", "红十字会"),
                      ("市住房公积金管理中心", "公积金"), ("市邮政管理局", "邮政管理"), ("区邮政公司", "公用事业")):
        kind = match(name)
        assert kind is not None and kind.key == key, name


def test_an_unknown_unit_is_guessed_only_from_a_clear_remit_word() -> None:
    from duban.core.catalogue import guess

    assert (g := guess("县蔬菜办")) is not None and g.key == "农业农村"
    assert guess("区袜业办") is None  # no remit word: no guess
    assert guess("区物流发展局") is None  # 物流 is 商务's and 交通's alike
    assert guess("县发展和改革局") is None  # the catalogue knows it: nothing to guess


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("由公安、交通部门负责,有关部门配合。", [("公安", "lead"), ("交通运输", "lead")]),
        ("工商部门职责:查处无照经营", [("市场监管", "lead")]),
        ("省监察厅牵头的工作", [("纪检监察", "lead")]),
        ("农业、沼气部门", [("农业农村", "lead")]),
        ("由市商务局会同市财政局负责", [("商务", "lead"), ("财政", "cooperating")]),
        ("公安局要配合工商局开展检查", [("公安", "lead"), ("市场监管", "cooperating")]),
        ("实施老旧小区改造,财政局要保障资金", [("财政", "acting")]),
        ("加大对公安机关的保障", [("公安", "mention")]),
        ("各乡镇人民政府负责辖区内的清理", [("乡镇街道", "lead")]),
        ("县级人民政府要落实属地责任", [("下级政府", "lead")]),
        ("各区人民政府负责督促区建委完善设施", [("下级政府", "lead"), ("住建", "mention")]),
        ("负责协同城管执法部门查处违法行为", [("城管执法", "cooperating")]),
        ("新农村社区建设试点工程", []),  # 社区 is no 社's name
        ("推進鐵路建設,省發改委負責", [("发展改革", "lead")]),
        ("扩大服务业开放(商务部、司法部按职责分工负责)", [("商务", "lead"), ("司法", "lead")]),  # ministries
        ("加强财政部署,深化公安部队改革", []),  # 部署, 部队: no ministry's name
    ],
)
def test_a_text_naming_units_says_in_what_role(text: str, named: list[tuple[str, str]]) -> None:
    from duban.core.catalogue import named_units

    assert [(n.kind, n.role) for n in named_units(text)] == named


@pytest.mark.parametrize(
    "text",
    ["村民委员会换届选举", "居民委员会", "加快人行道改造", "优化产业布局", "市政府常务会议", "乡镇应急救援所建设", "加强农业、林业建设"],
)
def test_words_that_only_look_like_a_unit_name_none(text: str) -> None:
    from duban.core.catalogue import named_units

    assert [n for n in named_units(text) if n.role == "lead"] == []


def test_a_list_s_bureau_of_several_fields_takes_the_work_of_kinds_the_list_lacks() -> None:
    from duban.core.suggest import Suggester

    # a county's 文教体卫局 and 林水局, a zone's 公共服务局 and 经济促进局: no unit of 卫健, 水利, 人社, 商务 besides
    s = Suggester(["县文教体卫局", "县林水局", "县发改局"])
    assert (s._present("卫健"), s._present("文旅"), s._present("水利")) == ("教育", "教育", "林业")
    assert s._present("发展改革") == "发展改革"
    z = Suggester(["区公共服务局", "区经济促进局", "区社会治理局", "区财政局"])
    assert (z._present("人社"), z._present("商务"), z._present("信访")) == ("教育", "发展改革", "政法委")
    assert z._present("财政") == "财政"
@pytest.mark.parametrize(
    ("name", "also"),
    [
        ("区综合执法局(区安监局)", ("应急管理",)),  # the office a bracket says it also is
        ("区综合执法局(安监局)", ("应急管理",)),
        ("区经济发展局旅游处", ("科技经信", "商务", "统计", "农业农村", "水利", "文旅")),  # its division for 旅游
        ("区财政局(国资局)", ()),  # a face of its own kind adds no other kind
        ("市公安局交警支队", ()),
    ],
)
def test_a_unit_does_the_work_of_the_office_it_is_printed_with_and_of_its_division(
    name: str, also: tuple[str, ...]
) -> None:
    assert catalogue.also_kinds(name) == also


def test_an_outpost_of_a_bureau_is_not_read_as_the_body_its_short_name_recalls() -> None:
    assert catalogue.also_kinds("区住建局质监站") == ()  # construction quality, not 市场监管
