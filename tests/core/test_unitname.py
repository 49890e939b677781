"""The model of a unit's name: its parts, the kind it answers for across levels and eras, groups,
and whether two names are the same body (what the directory may pre-match)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from duban.core import catalogue
from duban.core.suggest import kind_key
from duban.core.unitname import abbreviates, bare_government, bodies, compare, data, is_group, parse

NAMES_BY_ERA = Path(__file__).parents[1] / "fixtures" / "units" / "names_by_era.tsv"


def _names_by_era() -> list[tuple[str, str | None]]:
    """The fixture's names with the kind each is read as (None where the name is ambiguous: "-")."""
    rows = []
    for line in NAMES_BY_ERA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, kind = line.split("\t")
            rows.append((name, None if kind == "-" else kind))
    return rows


@pytest.mark.parametrize(
    ("name", "level", "place", "remit", "type_"),
    [
        ("区发改局", "县", "", "发改", "局"),
        ("示例区发展和改革局", "县", "示例", "发展和改革", "局"),
        ("省人力资源社会保障厅", "省", "", "人力资源社会保障", "厅"),
        ("区委组织部", "县", "", "组织部", ""),
        ("区城市文明创建中心", "县", "", "城市文明创建", "中心"),
        ("区香菇办", "县", "", "香菇", "办"),
        ("区经发集团", "县", "", "经发", "集团"),
        ("茶店镇人民政府", "镇", "茶店", "茶店", "人民政府"),
    ],
)
def test_a_name_reads_as_level_place_remit_and_type(name: str, level: str, place: str, remit: str, type_: str) -> None:
    u = parse(name)
    assert (u.level, u.place, u.remit, u.type) == (level, place, remit, type_)


@pytest.mark.parametrize(
    ("name", "level"),
    [("自治区发展改革委", "省"), ("自治区党委宣传部", "省"), ("自治州民政局", "市"), ("自治县教育局", "县"), ("自治旗财政局", "县")],
)
def test_an_autonomous_region_s_own_body_is_of_its_rank(name: str, level: str) -> None:
    assert parse(name).level == level


def test_an_autonomous_region_s_bureau_is_a_province_s_directory_unit() -> None:
    assert compare("自治区环保厅", "示例省生态环境厅", "示例省").same
    assert not compare("自治区环保厅", "示例区生态环境局", "示例区").same


def test_an_office_of_a_higher_body_serves_where_it_sits() -> None:
    u = parse("市生态环境局咸安区分局")
    assert (u.level, u.branch, u.rank, u.kind) == ("市", "咸安", "县", "生态环境")
    assert parse("人民银行江夏支行").branch == "江夏"


def test_bracketed_qualifiers_are_kept_apart() -> None:
    u = parse("区发改局(粮食局)")
    assert u.main == "区发改局" and u.qualifiers == ("粮食局",) and u.kind == "发展改革"


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        ("国家发展改革委 省发展改革委 市发改委 区发改局 县发展和改革局 市计委", "发展改革"),
        ("省经济和信息化委 市经委 区经信局 市工信局 区经济信息委 省工业和信息化厅 区科经局", "科技经信"),
        ("市建委 省建设厅 区住建局 市城乡建设委员会 住房城乡建设部", "住建"),
        ("市交委 市交通委 区交通运输局 县交通局 省交通厅", "交通运输"),
        ("市国土房管局 省国土资源厅 省国土厅 区自然资源和规划局 市规划和自然资源局", "自然资源和规划"),
        ("市人口计生委 市人口和计生委 省卫生厅 区卫计局 区卫健局 国家卫生健康委", "卫健"),
        ("省人事厅 市劳动和社会保障局 市人力社保局 区人社局 人力资源社会保障部", "人社"),
        ("市环保局 省环保厅 生态环境部 区生态环境分局", "生态环境"),
        ("省工商局 区质监局 市食药监局 区市场监管局", "市场监管"),
        ("省安监局 区应急管理局 应急管理部", "应急管理"),
        ("省法制办 区司法局", "司法"),
        ("省国税局 市地税局 国家税务总局示例区税务局", "税务"),
        ("市农办 市农业局 市水产局 区农业农村局", "农业农村"),
        ("省监察厅 省监察委员会 区纪委监委", "纪检监察"),
        ("市地方金融监管局 省金融办 区政府金融办", "金融"),
        ("区银保监组 国家金融监督管理总局", "金融监管"),
        # older and regional names an office still meets in a list
        ("省农委 省农牧业厅 内蒙古自治区农牧厅 县动物卫生监督所 县农经站 县果业局 县蚕桑局 市农科院", "农业农村"),
        ("县经贸局 省乡镇企业局 省通信管理局 市盐务局 县经科局", "科技经信"),
        ("市市容环卫局 市市容环境卫生管理局 县环卫所 市行政执法局", "城管执法"),
        ("市市政公用局 市市政局", "住建"),
        ("省爱卫会 市爱卫办 县老龄办 市人民医院 县疾控中心", "卫健"),
        ("省公安消防总队 市公安消防支队 区消防救援大队", "消防"),
        ("市出入境检验检疫局 南京海关", "海关"),
        ("市文化市场综合执法支队 县旅发委 县文广新局", "文旅"),
        ("国家安全监管总局 省安监局 省煤矿安全监察局", "应急管理"),
        ("市烟草专卖局 县烟办", "烟草"),
        ("县农村信用联社 示例农商行 农业银行示例支行", "银行"),
        ("县委办 市委办公室 市委政研室", "党委办"),
        # a zone's combined bureaus, by their short names too (实验区、新区、开发区)
        ("区经发局 区经济发展局", "发展改革"),
        ("区财金局 区财政金融局", "财政"),
        ("区交建局 区交通与建设局 区城乡建设和交通局", "住建"),
        ("区环土局 区环境与国土资源局", "生态环境"),
        ("区社会事业局 区社会事务局", "教育"),
        # a township's or a zone's own offices
        ("镇党政办 党政综合办公室 区管委会办公室 区党工委管委会办公室", "政府办"),
        ("镇经发办 经济发展办公室", "发展改革"),
        ("区党群工作部 党群工作处 镇组织办", "组织"),
        ("区团工委", "共青团"),
        ("外交部 国务院港澳办", "政府办"),
        ("市技师学院 县技工学校", "人社"),
        ("市职业技术学院", "教育"),
        ("市图书馆", "文旅"),
        ("区规资局 市自规局", "自然资源和规划"),
        ("区纪工委", "纪检监察"),
        ("平潭边检站 区边防支队", "公安"),
        ("区金服中心", "金融"),
        ("区重点办", "发展改革"),
        ("市委维稳办 省委610办 市综治办", "政法委"),
        ("县移民局 市水文局", "水利"),
        ("市商委", "商务"),
    ],
)
def test_names_across_levels_and_eras_map_to_one_remit(names: str, kind: str) -> None:
    assert {n: parse(n).kind for n in names.split()} == {n: kind for n in names.split()}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("各乡镇办场", "乡镇街道"),
        ("相关街道", "乡镇街道"),
        ("各县区人民政府", "下级政府"),
        ("各区政府(管委会)", "下级政府"),
        ("郾城区人民政府", "下级政府"),
        ("市政府各直属单位", "区直部门"),
        ("省直有关部门", "区直部门"),
        ("区安委会各成员单位", "应急管理"),
        ("各区属国有企业", "国企平台"),
    ],
)
def test_groups_are_read_with_what_they_are_made_of(name: str, kind: str) -> None:
    assert parse(name).kind == kind


def test_group_scope_all_some_or_a_committee_s_members() -> None:
    assert parse("各乡镇人民政府").group.scope == "all"  # type: ignore[union-attr]
    assert parse("相关乡镇办场").group.scope == "some"  # type: ignore[union-attr]
    members = parse("区竹产业发展领导小组成员单位").group
    assert members is not None and members.scope == "members" and members.organ == "区竹产业发展领导小组"
    assert is_group("区淦河“一河两岸”工程领导小组成员单位") and not is_group("区委党的建设和人才工作领导小组办公室")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("城建局", "住建"), ("区交运局", "交通运输"), ("区审改办", "行政审批"), ("市双招双引办", "招商"),
        ("市会展局", "商务"), ("厦门港口局", "交通运输"), ("省外汇管理局", "人民银行"), ("市信息办", "科技经信"),
        ("各地", "下级政府"), ("各区", "下级政府"), ("各镇街", "乡镇街道"),
    ],
)
def test_names_of_other_provinces_and_their_shorthand(name: str, kind: str) -> None:
    assert parse(name).kind == kind


def test_a_financial_supervision_bureau_named_by_a_government_s_level_is_that_government_s() -> None:
    assert parse("市金融监管局").kind == "金融"  # 地方金融监督管理局, as 厦门 names it
    assert parse("厦门银保监局").kind == "金融监管"
    assert parse("国家金融监督管理总局湖北监管局").kind == "金融监管"


def test_a_company_s_name_says_it_is_an_enterprise_whatever_its_trade() -> None:
    assert parse("区文旅投资集团").kind == "国企平台"
    assert parse("国网郧县供电公司").kind == "公用事业"
    assert parse("人民银行济南分行").kind == "人民银行"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("区发改局", "示例区发展和改革局"),
        ("发改局", "示例区发展和改革局"),
        ("示例区发改委", "示例区发展和改革局"),
        ("区交通局", "示例区交通运输局"),
        ("区人力社保局", "示例区人力资源和社会保障局"),
        ("区计委", "示例区发展和改革局"),  # an old name of the same body
        ("区环保局", "示例区生态环境局"),
        ("区生态环境分局", "市生态环境局示例分局"),
        ("区税务局", "国家税务总局示例区税务局"),
        ("东湖镇", "东湖镇人民政府"),
        ("区城投集团", "示例区城市建设投资集团有限公司"),
        ("经开区", "示例经济开发区管理委员会"),
        ("区香菇办", "示例区香菇产业发展办公室"),
    ],
)
def test_the_same_body_under_another_name_is_the_same(a: str, b: str) -> None:
    c = compare(a, b, "示例区")
    assert c.same, c
    assert c.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("区林业局", "示例区农业农村局"),  # another remit
        ("区经发集团", "示例区城市建设投资集团有限公司"),  # another enterprise
        ("区科经局", "示例区科学技术局"),  # a combined bureau is not one of its halves
        ("市发改委", "示例区发展和改革局"),  # another level
        ("市生态环境局咸安分局", "市生态环境局示例分局"),  # another place
        ("咸安经济开发区", "示例经济开发区管理委员会"),
        ("区人口计生委", "示例区卫生健康局"),  # merged into it, not the same body
        ("区国土房管局", "示例区自然资源局"),  # split
        ("区乡村振兴局", "示例区农业农村局"),
        ("区安委办", "示例区应急管理局"),  # an office housed in it
        ("区项目办(区发改局)", "示例区发展和改革局"),
        ("各乡镇办场", "各乡镇人民政府"),  # groups of other scope
        ("区卫健局", "示例区人民医院"),
    ],
)
def test_alike_is_not_the_same(a: str, b: str) -> None:
    assert not compare(a, b, "示例区").same


def test_an_alike_name_says_why() -> None:
    assert "并入" in compare("区人口计生委", "示例区卫生健康局", "示例区").reason
    assert "不是同一部门" in compare("区科经局", "示例区科学技术局", "示例区").reason
    assert "多由农业农村部门承担" in compare("区林业局", "示例区农业农村局", "示例区").reason  # 林业 falls to it
    assert compare("区卫健局", "示例区人民医院", "示例区").score == 0


def test_abbreviation_keeps_order_and_the_first_character() -> None:
    assert abbreviates("城投", "城市建设投资") and abbreviates("经开区", "经济技术开发区")
    assert not abbreviates("经发", "城市建设投资") and not abbreviates("投城", "城市建设投资")


def test_every_old_body_names_where_it_went_and_every_source_exists() -> None:
    sources = {s["id"] for s in data()["source"]}
    for body in bodies().values():
        if body.became:
            assert body.became in ("renamed", "merged", "split")
            assert body.into and all(i in bodies() for i in body.into), body.key
            assert body.source in sources, body.key
        assert not body.seat or body.seat in bodies(), body.key
        assert all(k in catalogue.by_key() for k in body.also), body.key


def test_the_data_file_is_read_on_first_use_not_at_import() -> None:
    code = "import duban.core.unitname as u, duban.core.catalogue; assert u.data.cache_info().currsize == 0"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("name", "place"),
    [("岳麓区", "岳麓"), ("望城区", "望城"), ("沾化县", "沾化"), ("宁乡市", "宁乡"), ("东城区", "东城"),
     ("滨海新区", ""), ("老城区", ""), ("岳麓山景区", ""), ("示范区", ""), ("市场", ""), ("市发改委", "")],
)
def test_a_county_or_city_named_by_its_place_alone_is_its_government(name: str, place: str) -> None:
    assert bare_government(name) == place


@pytest.mark.parametrize(
    ("name", "kind"),
    [("省科委", "科技经信"), ("省体委", "文旅"), ("省机械厅", "科技经信"), ("省二轻局", "科技经信"), ("市物资局", "商务"),
     ("市物资储备局", "发展改革"), ("市房地局", "住建"), ("省地矿局", "自然资源和规划"), ("市三防办", "应急管理"),
     ("市公用事业局", "住建"), ("市公用事业公司", "国企平台"), ("市农业机械局", "农业农村"), ("省港务局", "交通运输")],
)
def test_names_of_earlier_eras_and_their_abbreviations_are_known(name: str, kind: str) -> None:
    assert catalogue.match(name) is not None and catalogue.match(name).key == kind  # type: ignore[union-attr]


def test_a_public_works_office_is_住建_work_but_never_the_住建局_itself() -> None:
    assert catalogue.match("市建筑工务署").key == "住建"  # type: ignore[union-attr]
    assert not compare("市建筑工务署", "市住房和城乡建设局").same


@pytest.mark.parametrize(
    ("name", "also"),
    [
        ("区农业农村和水利局", ("水利",)),
        ("市水利和农业农村局", ("水利",)),
        ("区司法与信访局", ("信访",)),
        ("区城乡建设和交通局", ("交通运输",)),  # recorded in the data, not repeated
        ("区农村发展局", ("林业", "水利")),
        ("区住房和城乡建设局", ()),  # one body's name with 和 in it joins nothing
        ("区发展和改革局", ()),
        # two stems set side by side, as small governments name their combined bureaus
        ("县经信商务局", ("商务",)),
        ("县发改经信局", ("科技经信",)),
        ("县人社民政局", ("民政",)),
        ("县教育文体局", ("文旅",)),
        ("县国土建设局", ("住建",)),  # the first field's body: 国土
        ("县农业农村局", ()),
        ("县市场监督管理局", ()),
        ("县文化广电旅游局", ()),
        # the body before 和 shares the name's type, and brings what it does besides
        ("区经济发展和科技局", ("发展改革", "商务", "统计", "农业农村", "水利")),
        ("区经济发展和投资促进局", ("发展改革", "科技经信", "商务", "统计", "农业农村", "水利")),
    ],
)
def test_a_combined_body_does_the_work_its_name_joins_to_its_own(name: str, also: tuple[str, ...]) -> None:
    from duban.core.catalogue import also_kinds

    assert also_kinds(name) == also


def test_a_city_government_s_own_office_is_of_the_city() -> None:
    assert parse("市政府金融办").level == "市"
    assert parse("市政务服务中心").level == "市" and parse("市政公用局").level == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市政府研究室", "示例市人民政府办公室"),  # a body of its own at a 市
        ("区督查室", "示例区人民政府办公室"),  # housed in the office
        ("区政务服务局", "示例区行政审批局"),  # runs the hall; the 行政审批局 holds the licences
        ("区行政服务中心", "示例区行政审批局"),  # the hall itself
        ("市应急办", "示例市应急管理局"),  # merged into it
        ("市双招双引办", "示例市投资促进局"),  # an office housed in it
    ],
)
def test_an_office_housed_in_or_merged_into_a_body_is_not_that_body(a: str, b: str) -> None:
    assert not compare(a, b, b[:3]).same


def test_a_government_service_office_renamed_with_data_is_the_same_body() -> None:
    assert compare("市政务办", "示例市政务服务和数据管理局", "示例市").same
    assert compare("市政务服务管理局", "示例市政务服务和数据管理局", "示例市").same


@pytest.mark.parametrize(
    ("name", "police"),
    [("市公安交管局", "示例市公安局"), ("市公安交警局", "示例市公安局"), ("区公安交警支队", "示例区公安局"),
     ("区边防支队", "示例区公安局"), ("边防支队", "示例区公安局"), ("平潭边检站", "示例区公安局"),
     ("区出入境管理支队", "示例区公安局")],
)
def test_a_police_unit_of_its_own_is_police_work_but_not_the_公安局(name: str, police: str) -> None:
    assert parse(name).kind == "公安"
    assert not compare(name, police, police[:3]).same


def test_a_college_is_education_work_but_not_the_教育局() -> None:
    assert parse("深圳信息职业技术学院").kind == "教育"
    assert not compare("深圳信息职业技术学院", "示例市教育局", "示例市").same
    assert not compare("市招生考试院", "示例市教育局", "示例市").same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市文广旅体局", "示例市文化广电旅游局"),  # the 市 has its own 体育局 besides
        ("市文化旅游体育局", "示例市文化广电旅游局"),
        ("市规划建设局", "示例市住房和城乡建设局"),
        ("区交通建设局", "示例区住房和城乡建设局"),
        ("区交通建设局", "示例区交通运输局"),
        ("区财政与金融局", "示例区财政局"),  # joined by 与
        ("区经济发展和科技局", "示例区科学技术局"),  # 经济发展局 and 科技局
        # named by its fields' one-character abbreviations
        ("县文教体卫局", "示例县教育局"),
        ("县教文卫体局", "示例县教育局"),
        ("县卫体局", "示例县卫生健康局"),
        ("县科文卫局", "示例县科学技术局"),
        ("县林水局", "示例县林业局"),
    ],
)
def test_a_combined_body_is_not_one_of_its_halves(a: str, b: str) -> None:
    assert not compare(a, b, b[:3]).same


def test_a_combined_body_is_the_directory_s_unit_of_its_one_half_the_government_has() -> None:
    from duban.core.unitname import offer

    county = {1: ["示例县文化和旅游局"], 2: ["示例县教育局"], 3: ["示例县科学技术局"]}  # no 体育局
    o = offer("县文广旅体局", county, "示例县")
    assert o.same is not None and o.same.unit == 1 and "体育" in o.same.reason
    assert all(c.unit != 1 for c in o.candidates)  # not offered twice
    assert offer("示例县文化和旅游体育局", county, "示例县").same is not None
    city = {1: ["示例市文化广电旅游局"], 2: ["示例市体育局"]}  # a 体育局 of its own: neither
    o = offer("市文广旅体局", city, "示例市")
    assert o.same is None and {c.unit for c in o.candidates} == {1, 2}
    # 科经局 where the directory holds both the 科技局 and the 经信局; a body named for elsewhere
    assert offer("县科经局", {1: ["示例县科学技术局"], 2: ["示例县经济和信息化局"]}, "示例县").same is None
    assert offer("县科经局", {1: ["示例县科学技术局"]}, "示例县").same is not None
    assert offer("平潭文广旅体局", county, "示例县").same is None


def test_a_district_s_unit_printed_in_a_county_s_list_is_not_the_county_s_own() -> None:
    """平潭县's 2012 list prints the 综合实验区's 区国土与资源局 beside its own 县国土资源局."""
    from duban.core.unitname import offer

    county = {1: ["示例县自然资源和规划局"], 2: ["示例县公安局"]}
    o = offer("区国土与资源局", county, "示例县")
    assert o.same is None and [c.unit for c in o.candidates][:1] == [1]  # offered, unselected
    assert offer("县国土资源局", county, "示例县").same is not None
    assert offer("县公安局", {1: ["示例区公安局"]}, "示例区").same is None
    assert offer("区公安局", {1: ["示例区公安局"]}, "示例区").same is not None


def test_a_unit_of_another_place_or_a_bureau_s_division_is_offered_never_pre_selected() -> None:
    from duban.core.unitname import offer

    district = {1: ["示例区公安局"], 2: ["示例区委政法委"], 3: ["示例区自然资源和规划局"]}
    for name in ("平潭综合实验区公安局", "政法综治处", "区自然资源服务中心苏平片区服务站"):
        o = offer(name, district, "示例区")
        assert o.same is None and o.candidates, name
    assert offer("示例区公安局", district, "示例区").same is not None
    assert offer("区委政法委", district, "示例区").same is not None


def test_a_short_form_fixed_by_use_is_not_another_long_name_it_spells() -> None:
    from duban.core.unitname import offer

    # 城投 is a 城市建设投资 company's; a city's 城市发展投资集团 is its 城发: offered, not chosen
    c = compare("城投集团", "示例市城市发展投资集团有限公司", "示例市")
    assert not c.same and c.score >= 0.5 and "城市建设投资" in c.reason
    o = offer("城投集团", {1: ["示例市城市发展投资集团有限公司"], 2: ["示例市财政局"]}, "示例市")
    assert o.same is None and [x.unit for x in o.candidates] == [1]
    assert compare("区城投集团", "示例区城市建设投资集团有限公司", "示例区").same
    assert compare("城发集团", "示例市城市发展投资集团有限公司", "示例市").same
    assert compare("区科投集团", "示例区科技投资集团有限公司", "示例区").same  # no fixed long form: by its letters


def test_a_name_joined_with_a_body_merged_into_the_other_is_still_the_same_body() -> None:
    assert compare("市规划与国土资源局", "示例市自然资源和规划局", "示例市").same


@pytest.mark.parametrize(
    ("a", "b"),
    [("城建局", "示例区住房和城乡建设局"), ("区城乡建设局", "示例区住房和城乡建设局"),
     ("市卫生人口计生委", "示例市卫生健康委员会"), ("区大数据中心", "示例区大数据中心")],
)
def test_old_names_of_a_body_are_the_same_body(a: str, b: str) -> None:
    assert compare(a, b, b[:3]).same


def test_a_centre_named_for_its_own_project_is_not_the_大数据中心() -> None:
    assert not compare("区智慧岛服务管理中心", "示例区大数据中心", "示例区").same
    assert not compare("区智慧岛中心", "示例区大数据中心", "示例区").same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("城建科", "示例区住房和城乡建设局"),  # an internal section
        ("区公安局苏平支队", "示例区公安局"),  # an office of the district's own bureau
        ("苏平综合执法队筹建组", "示例区城市管理执法局"),  # words of its own before the remit
        ("平潭海事局", "示例区海事局"),
        ("厦门港口局", "示例市港口局"),
    ],
)
def test_a_part_of_a_body_or_a_body_named_for_elsewhere_is_not_the_directory_s_unit(a: str, b: str) -> None:
    c = compare(a, b, b[:3])
    assert not c.same and c.score >= 0.3 and c.reason


def test_a_body_printed_with_its_own_region_s_place_is_still_the_region_s() -> None:
    assert compare("江夏公安分局", "江夏区公安局", "江夏区").same
    assert not compare("江夏公安分局", "示例区公安局", "示例区").same


@pytest.mark.parametrize(
    ("name", "members"),
    [("县市区", "government"), ("县区政府", "government"), ("区县", "government"), ("县级市", "government"),
     ("县级市政府", "government"), ("街道办事处", "township"), ("街道", "township"), ("镇街", "township"),
     ("市直园区管委会", "park")],
)
def test_a_class_of_units_printed_without_a_place_is_a_group(name: str, members: str) -> None:
    from duban.core.unitname import offer

    assert is_group(name) and parse(name).group.members == members  # type: ignore[union-attr]
    assert offer(name, {1: ["示例区人民政府办公室"]}, "示例区").group is not None


@pytest.mark.parametrize(
    ("name", "ranks"),
    [("各区政府", {"区"}), ("县级市政府", {"市"}), ("各县(市、区)人民政府", {"县", "市", "区"}), ("各镇街", {"镇", "街道"}),
     ("各乡镇人民政府", {"乡", "镇"}), ("各地", set()), ("市直各单位", set()), ("区发改局", set())],
)
def test_a_group_of_governments_or_townships_says_which_places_it_is_made_of(name: str, ranks: set[str]) -> None:
    from duban.core.unitname import group_ranks

    assert group_ranks(name) == ranks


@pytest.mark.parametrize("name", ["市直机关工委", "区直属机关工委", "红旗街道", "市政府", "县人民政府"])
def test_one_unit_is_not_read_as_a_class(name: str) -> None:
    assert not is_group(name)


@pytest.mark.parametrize(("name", "kind"), _names_by_era(), ids=[n for n, _ in _names_by_era()])
def test_names_plans_print_in_every_era_and_at_every_level_read_as_their_kind(name: str, kind: str | None) -> None:
    # 1978–2026: 计委, 乡企局, 文教局, 邮电局 … 综合行政执法大队, 国动办; 国务院部委 to 镇司法所; an ambiguous
    # name (县开发办: 扶贫开发 or 农业开发?) stays unread rather than guessed
    assert kind_key(name) == kind
    assert parse(name).kind == kind


def test_the_names_by_era_fixture_is_broad() -> None:
    rows = _names_by_era()
    assert len(rows) >= 500 and len({n for n, _ in rows}) == len(rows)
    assert {k for _, k in rows} >= {k.key for k in catalogue.kinds()}  # every kind, groups too


@pytest.mark.parametrize(
    ("name", "kind", "also"),
    [
        # the body the name's stems read, or where none does, its first field's
        ("县文教体卫局", "教育", ("文旅", "卫健")),
        ("县科教文卫局", "教育", ("科技经信", "文旅", "卫健")),
        ("县教文卫体局", "教育", ("文旅", "卫健")),
        ("县科文卫局", "科技经信", ("文旅", "卫健")),
        ("县文卫局", "文旅", ("卫健",)),
        ("县卫体局", "卫健", ("文旅",)),
        ("县林水局", "林业", ("水利",)),
        ("县国土规划建设局", "自然资源和规划", ("住建",)),  # the first field's, not the longest stem's (建设局)
        ("县规划国土建设局", "自然资源和规划", ("住建",)),
        ("区教育文化体育局", "教育", ("文旅",)),  # not 文化体育's
        ("县民政人社局", "民政", ("人社",)),
        # fields of one kind, or one body's abbreviation: nothing besides
        ("县文体广电局", "文旅", ()),
        ("县文广新局", "文旅", ()),
        ("县规划国土局", "自然资源和规划", ()),
        ("县卫计局", "卫健", ()),
        ("县教体局", "教育", ()),
    ],
)
def test_a_bureau_named_by_its_fields_abbreviations_does_each_field_s_work(name: str, kind: str, also: tuple[str, ...]) -> None:
    assert parse(name).kind == kind
    assert catalogue.also_kinds(name) == also


@pytest.mark.parametrize(
    ("a", "b"),
    [("县文教体卫局", "示例县卫生健康局"), ("县国土建设局", "示例县住房和城乡建设局"), ("县农业农村和水利局", "示例县水利局"),
     ("县林水局", "示例县水利局")],
)
def test_the_directory_s_unit_of_a_field_a_combined_name_joins_is_offered_as_one_half_of_it(a: str, b: str) -> None:
    c = compare(a, b, b[:3])
    assert not c.same and c.score >= 0.5 and "合署" in c.reason


@pytest.mark.parametrize(
    "name",
    ["县农商行", "县卫生防疫站", "市新经济发展委员会", "县文化广电新闻出版局", "县劳动人事争议仲裁院", "县农业农村局",
     "县住房和城乡建设局", "区香菇办", "县文旅集团"],
)
def test_a_name_that_is_no_string_of_fields_joins_no_field_by_its_characters(name: str) -> None:
    from duban.core.unitname import _fields

    # 行 and 站 end no bureau; 新 is no field's (新区, 新经济); one body's stem is one field
    assert _fields(parse(name).main) == ()


@pytest.mark.parametrize(
    ("name", "kind", "also"),
    [
        # development zones' and small counties' bureaus named for a sector of work (国办发〔2017〕7号: 大部门制)
        ("区公共服务局", "教育", {"卫健", "文旅", "民政", "人社"}),
        ("区民生事务局", "教育", {"卫健", "文旅", "民政", "人社"}),
        ("区社会事务局", "教育", {"卫健", "文旅", "民政", "人社"}),
        ("区民生保障局", "民政", {"人社", "医保", "退役军人"}),
        ("区经济促进局", "发展改革", {"科技经信", "商务", "统计"}),
        ("区经济服务局", "发展改革", {"科技经信", "商务", "统计"}),
        ("区产业促进局", "科技经信", {"招商", "商务"}),
        ("区社会管理局", "民政", {"人社", "政法委", "信访"}),
        ("区社会治理局", "政法委", {"民政", "信访", "司法"}),
        ("区基层治理局", "民政", {"政法委", "社会工作"}),
        ("区农村工作局", "农业农村", {"林业", "水利"}),
        ("区投资促进局", "招商", set()),
        ("区生态环境和城乡建设局", "生态环境", {"住建"}),
        ("区民生服务局", "教育", {"卫健", "民政", "人社"}),
        ("区组织人事部", "组织", {"人社"}),
        ("区人力资源局", "人社", set()),  # a 深圳 district's 人社局
        ("区投资服务局", "招商", set()),
        ("区环境与资源局", "生态环境", {"自然资源和规划"}),
        ("区规划建设管理局", "住建", {"自然资源和规划"}),
        ("区文明委", "宣传", set()),
        ("区传媒中心", "融媒体", set()),
    ],
)
def test_a_zone_s_bureau_named_for_a_sector_of_work_leads_its_main_kind_and_does_the_rest(
    name: str, kind: str, also: set[str]
) -> None:
    assert parse(name).kind == kind
    assert also <= set(catalogue.also_kinds(name))


@pytest.mark.parametrize(
    ("a", "b"),
    [("区公共服务局", "示例区教育局"), ("区经济促进局", "示例区发展和改革局"), ("区民生保障局", "示例区民政局"),
     ("区社会治理局", "示例区委政法委员会"), ("区农村工作局", "示例区农业农村局")],
)
def test_a_zone_s_sector_bureau_is_not_the_bureau_of_its_main_kind(a: str, b: str) -> None:
    assert not compare(a, b, b[:3]).same


def test_a_zone_s_bureau_of_no_single_sector_stays_unread() -> None:
    # 综合管理局: 城市综合管理 in some zones, the office's own administration in others
    assert parse("区综合管理局").kind is None
    assert parse("区城市综合管理局").kind == "城管执法"
