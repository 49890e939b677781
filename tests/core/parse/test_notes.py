"""The responsibility note in each printed form, and prose in brackets that is not a note."""

from __future__ import annotations

import pytest

from duban.core.parse import parse_text
from duban.core.parse.notes import (
    find_notes,
    find_trailing_note,
    leader_name,
    looks_like_deadline,
    parse_clauses,
    parse_field_line,
    parse_keyed,
    says_first_listed_leads,
)


def test_keyed_note_with_semicolons() -> None:
    note = find_trailing_note("地区生产总值增长8%以上。(责任领导:杜新国、丁玲;牵头单位:区发改局;责任单位:区统计局)")
    assert note is not None
    f = note.fields
    assert f.leaders == ["杜新国、丁玲"] and f.lead == ["区发改局"] and f.responsible == ["区统计局"]


def test_fields_separated_by_a_comma_or_a_colon_instead_of_a_semicolon() -> None:
    comma = find_trailing_note("启动农田宜机化改造试点。(牵头单位:区农业农村局,责任单位:区自然资源和规划局)")
    colon = find_trailing_note("开展治理。(牵头单位:市生态环境局咸安区分局:责任单位:区住建局)")
    assert comma is not None and comma.fields.lead == ["区农业农村局"]
    assert colon is not None and colon.fields.lead == ["市生态环境局咸安区分局"]
    assert colon.fields.responsible == ["区住建局"]


def test_note_in_tortoise_shell_brackets_keeps_the_units_own_parentheses() -> None:
    note = find_trailing_note("加快集聚一批企业。〔责任领导:洪声耀;牵头单位:区招商中心;责任单位:区委人才办(区委组织部)、区发改局〕")
    assert note is not None
    assert note.fields.responsible == ["区委人才办(区委组织部)、区发改局"]


def test_nested_parentheses_inside_a_round_bracket_note() -> None:
    note = find_trailing_note("筹集建设人才公寓1000套。(牵头单位:区委组织部;责任单位:区财政局(金融办),人民银行江夏支行)")
    assert note is not None
    assert note.fields.responsible == ["区财政局(金融办),人民银行江夏支行"]


def test_state_council_clauses_lead_cooperate_deadline() -> None:
    note = find_trailing_note("促进消费稳定增长。(商务部、国家发展改革委牵头,财政部等按职责分工负责,年内持续推进)")
    assert note is not None
    f = note.fields
    assert f.lead == ["商务部、国家发展改革委"]
    assert f.cooperating == ["财政部等"]
    assert f.deadline == ["年内持续推进"]


def test_a_sole_responsible_unit_answers_and_leads() -> None:
    note = find_trailing_note("加强安全生产监管。(省应急管理厅负责)")
    assert note is not None and note.fields.answer == ["省应急管理厅"]
    plan = parse_text("一、重点工作\n1.加强安全生产监管。(省应急管理厅负责)\n2.推进改革。(省发展改革委、省财政厅等负责)")
    assert [t.lead_units for t in plan.tasks] == [["省应急管理厅"], ["省发展改革委", "省财政厅"]]


@pytest.mark.parametrize(
    "text",
    [
        "以创建国家级创新型县(市、区)为引领",
        "提速区第二人民医院(山坡南部医疗卫生中心)",
        "确保S101武赤线(江夏段)改扩建工程完工",
        "留言与评论(共有 条评论)",
        "2023年经济社会发展主要目标(以市级下达目标为参照,以区委组织部下达的绩效目标为准)",
    ],
)
def test_prose_in_brackets_is_not_a_note(text: str) -> None:
    assert find_trailing_note(text) is None


def test_a_keyed_line_under_a_task_is_a_note() -> None:
    f = parse_field_line("责任单位:市发改委、市统计局")
    assert f is not None and f.responsible == ["市发改委、市统计局"]
    assert parse_field_line("各责任单位要强化责任担当") is None


@pytest.mark.parametrize(
    "text", ["年内持续推进", "2024年6月底前", "长期坚持", "9月底前完成", "2023年12月底", "力争2026年底前全面完成",
             "2026年6月底前完成示范点建设并投入使用"]
)
def test_deadlines(text: str) -> None:
    assert looks_like_deadline(text)


@pytest.mark.parametrize("text", ["区发改局", "各乡镇人民政府", "陈晓"])
def test_not_deadlines(text: str) -> None:
    assert not looks_like_deadline(text)


def test_a_sentence_of_work_with_a_year_in_it_is_no_deadline_clause() -> None:
    # the next item's text glued before a note: "2026年度" is part of the work, not a completion time
    assert parse_clauses("抓好行动计划重大项目和2026年度市重点项目建设。区发改局牵头,区财政局") is None
    f = parse_clauses("区发改局牵头,区财政局配合,台湾小额贸易商品进口常态化实施")
    assert f is not None and f.deadline == ["台湾小额贸易商品进口常态化实施"]


@pytest.mark.parametrize(
    "notice",
    ["各项任务中列第一位的为牵头单位", "(排在第一位的为牵头单位)", "责任单位中排名第一的为牵头单位", "第一个单位为牵头单位", "各项任务中排位靠前的责任单位为牵头单位"],
)
def test_notices_that_say_the_first_listed_unit_leads(notice: str) -> None:
    assert says_first_listed_leads(notice)


def test_clauses_phrased_with_you() -> None:
    note = find_trailing_note("推进示例工程建设。(由区发改局牵头,区财政局、区住建局配合)")
    assert note is not None
    assert note.fields.lead == ["区发改局"] and note.fields.cooperating == ["区财政局、区住建局"]


# --- the label grammar: roles composed with holders -----------------------------------------------


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("牵头单位", "lead"), ("牵头责任单位", "lead"), ("主办单位", "lead"), ("主责部门", "lead"), ("牵头处室", "lead"),
        ("配合单位", "cooperating"), ("配合实施单位", "cooperating"), ("协同责任单位", "cooperating"),
        ("协办单位", "cooperating"), ("协同部门", "cooperating"), ("参与单位", "cooperating"),
        ("责任单位", "responsible"), ("责任部门", "responsible"), ("责任科室", "responsible"), ("实施主体", "responsible"),
        ("牵头领导", "leaders"), ("牵头负责领导", "leaders"), ("责任区领导", "leaders"), ("分管省领导", "leaders"),
        ("包保领导", "leaders"), ("责任人", "persons"), ("具体责任人", "persons"), ("完成时限", "deadline"), ("整改时限", "deadline"), ("办理时限", "deadline"),
        ("总牵头单位", "general_lead"), ("部门分工", "division"), ("牵头单位(部门)", "lead"),
        # what the holder answers for, printed before it
        ("项目责任人", "persons"), ("工作牵头单位", "lead"), ("任务责任部门", "responsible"),
    ],
)
def test_a_label_is_a_role_and_a_holder(label: str, role: str) -> None:
    from duban.core.parse.labels import label_role

    assert label_role(label) == role


@pytest.mark.parametrize("word", ["单位", "部门", "各牵头单位要", "牵头", "责任", "项目", "项目单位"])
def test_a_holder_or_a_role_alone_is_no_label(word: str) -> None:
    from duban.core.parse.labels import label_role

    assert label_role(word) is None


def test_keys_count_only_at_a_boundary_and_with_a_separator() -> None:
    from duban.core.parse.labels import find_keys

    assert [role for _, _, role in find_keys("(牵头单位:区发改局;责任单位:区财政局)")] == ["lead", "responsible"]
    assert not find_keys("各牵头单位要加强协调,责任单位要按时报送")


def test_a_note_written_as_prose() -> None:
    f = parse_keyed("牵头领导是常务副市长张工,主责单位是市发展改革委、各区政府", prose=True)
    assert f is not None and f.leaders == ["常务副市长张工"] and f.lead == ["市发展改革委、各区政府"]


def test_a_value_that_says_its_own_role_is_read_by_its_words() -> None:
    f = parse_field_line("责任单位:市人力社保局、市农业农村局分别牵头")
    assert f is not None and f.lead == ["市人力社保局、市农业农村局"] and not f.responsible


def test_a_division_label_holds_clauses() -> None:
    f = parse_field_line("部门分工:省发展改革委牵头,各地、各部门配合。")
    assert f is not None and f.lead == ["省发展改革委"] and f.cooperating == ["各地、各部门"]


def test_a_bracket_stating_a_convention_is_not_a_unit() -> None:
    f = parse_field_line("责任单位:市发改委、市经信局(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)")
    assert f is not None and f.responsible == ["市发改委、市经信局"]


def test_a_clause_naming_leaders_is_not_units() -> None:
    note = find_trailing_note("建设一批众创空间(分管副省长、协管副秘书长负责,省科技厅牵头)")
    assert note is not None
    assert note.fields.leaders == ["分管副省长、协管副秘书长"] and note.fields.lead == ["省科技厅"]


def test_a_list_without_a_verb_takes_the_role_of_the_clause_after_it() -> None:
    note = find_trailing_note("加强储备。(区发改局牵头,区财政局、区水务局等部门,区国投公司、各街道办事处配合)")
    assert note is not None
    assert note.fields.lead == ["区发改局"]
    assert note.fields.cooperating == ["区财政局、区水务局等部门", "区国投公司、各街道办事处"]


def test_a_note_may_stand_inside_a_paragraph() -> None:
    text = "推进示范区建设(省科技厅牵头)。在高端装备领域实施攻关项目(省科技厅、省发改委等负责)。"
    notes = find_notes(text)
    assert [n.fields.lead for n in notes] == [["省科技厅"], []]
    assert notes[1].fields.answer == ["省科技厅、省发改委等"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("孟学农省长", "孟学农"), ("常务副市长张工", "张工"), ("公安局局长王小洪", "王小洪"), ("刘俊谦省长助理", "刘俊谦"), ("常务副区长", None), ("区发改局", None)],
)
def test_the_name_in_a_leader_with_his_title(text: str, name: str | None) -> None:
    assert leader_name(text) == name


def test_a_label_after_a_space_on_a_one_line_page_is_its_own_key() -> None:
    f = parse_keyed("牵头领导:示例甲 责任单位:区公安分局 项目责任人:示例乙 配合单位:区城管局")
    assert f is not None
    assert f.leaders == ["示例甲"] and f.persons == ["示例乙"] and f.cooperating == ["区城管局"]


@pytest.mark.parametrize(
    ("value", "units"),
    [
        # a one-line page's next cells (a table of figures by place) after the last whole name
        ("配合单位:区公安分局、区城管局,各街道办事处 东城 西城、南城 合计 2 5 1", "区公安分局、区城管局,各街道办事处"),
        # a space inside a name, or between two names, keeps the list going
        ("配合单位:区发改局 区财政局", "区发改局 区财政局"),
        ("配合单位:伏羲 山管委 会", "伏羲 山管委 会"),
    ],
)
def test_a_unit_list_ends_after_its_last_whole_name(value: str, units: str) -> None:
    f = parse_keyed(value)
    assert f is not None and f.cooperating == [units]


def test_a_labelled_unit_list_whose_first_clause_says_who_leads_is_read_by_its_clauses() -> None:
    fields = parse_keyed("责任单位:省政府办公厅、省财政厅牵头,省商务厅、省文化和旅游厅")
    assert fields is not None
    assert (fields.lead, fields.cooperating) == (["省政府办公厅、省财政厅"], ["省商务厅、省文化和旅游厅"])


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("2016年平潭综合实验区环境与国土资源局环境保护目标责任", "平潭综合实验区环境与国土资源局"),
        ("2016年平潭海事局环境保护目标责任", "平潭海事局"),
        ("2016年区直有关部门环境保护目标责任", None),  # the title of them all
        ("2024年全市经济工作目标任务", None),
    ],
)
def test_a_department_title_names_its_department(title: str, unit: str | None) -> None:
    from duban.core.parse.text import department_title

    assert department_title(title) == unit


def test_organise_and_carry_out_is_a_word_of_role() -> None:
    # alone, the units answer and lead; after a 牵头 clause, they cooperate
    f = parse_clauses("区直各有关部门、县政府、各乡镇政府组织实施")
    assert f is not None and f.answer == ["区直各有关部门、县政府、各乡镇政府"]
    f = parse_clauses("区传媒中心牵头,区财政金融局、县委宣传部组织实施")
    assert f is not None and f.lead == ["区传媒中心"] and f.cooperating == ["区财政金融局、县委宣传部"]


def test_a_part_of_the_work_given_inside_a_note_is_not_who_answers() -> None:
    f = parse_clauses("区预防办、区公安局牵头,县交通局等部门配合。其中:“危病桥改造工程”由区交通与建设局牵头组织实施")
    assert f is not None and f.lead == ["区预防办、区公安局"] and f.cooperating == ["县交通局等部门"]


def test_a_label_with_two_holders_for_one_role() -> None:
    from duban.core.parse.labels import find_keys, label_role

    assert label_role("责任处室或单位") == "responsible"
    assert [role for _, _, role in find_keys("责任处室或单位:资源生态处、各村")] == ["responsible"]


def test_a_stage_of_the_work_with_its_months_is_a_time_in_a_note() -> None:
    f = parse_clauses("区交通与建设局、市场监督管理局等按职责分工负责,2018年3月底前取得阶段性成果,2018年4月至2019年10月深化提升")
    assert f is not None and f.deadline == ["2018年3月底前取得阶段性成果", "2018年4月至2019年10月深化提升"]
