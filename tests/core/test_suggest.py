"""Suggesting units: candidate lists, ranking by kind, reasons, local habits, the saved model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.core.errors import DubanError
from duban.core.plan import Plan, Section, Task
from duban.core.suggest import (
    MODEL_VERSION,
    Example,
    SuggestModel,
    assign_plan,
    cache_dir,
    examples_from_plans,
    load_model,
    nfkc,
)

COUNTY_UNITS = [
    "县发展和改革局",
    "县财政局",
    "县经济和信息化局",
    "县商务局",
    "县人力资源和社会保障局",
    "县教育体育局",
    "县卫生健康局",
    "县农业农村局",
    "县生态环境分局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县应急管理局",
    "各乡镇人民政府",
]


def plan_of(*tasks: tuple[str, list[str], list[str]]) -> Plan:
    """A small fictional plan (示例区) of tasks with their lead and cooperating units."""
    return Plan(
        title="示例区重点工作责任分解",
        sections=[Section(id="S1", title="重点工作")],
        tasks=[
            Task(id=f"T{i}", text=text, section="S1", lead_units=lead, cooperating_units=coop)
            for i, (text, lead, coop) in enumerate(tasks, start=1)
        ],
    )


PAST = plan_of(
    ("地区生产总值增长7%。", ["区发改局"], []),
    ("固定资产投资增长10%,谋划储备重大项目100个。", ["区发改局"], ["各街道办事处"]),
    ("地方一般公共预算收入增长8%。", ["区财政局"], []),
    ("规模以上工业增加值增长9%,新增规上工业企业20家。", ["区科经局"], ["各街道办事处"]),
    ("新增城镇就业5000人,城镇登记失业率控制在4.5%以内。", ["区人社局"], ["各街道办事处"]),
    ("新建改扩建中小学3所,新增学位2000个。", ["区教育局"], ["区住建局"]),
    ("推进老旧小区改造20个,实施城市更新行动。", ["区住建局"], ["各街道办事处"]),
    ("新建改造农村公路50公里。", ["区交通运输局"], ["各街道办事处"]),
    ("确保空气质量优良天数比例达到85%。", ["区生态环境分局"], ["各街道办事处"]),
    ("新建高标准农田2万亩,粮食产量稳定在20万吨。", ["区农业农村局"], ["各街道办事处"]),
    ("坚决遏制重特大安全生产事故。", ["区应急管理局"], ["各街道办事处"]),
    ("社会消费品零售总额增长9%,新增限额以上商贸企业20家。", ["区商务局"], []),
)


def test_rules_alone_put_the_responsible_kind_first_under_this_government_s_names() -> None:
    plan = plan_of(
        ("地区生产总值增长7%,固定资产投资增长12%。", [], []),
        ("新增城镇就业4500人以上。", [], []),
        ("新建幼儿园2所,完成中学改扩建。", [], []),
        ("新建高标准农田3.42万亩。", [], []),
    )
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel())
    leads = [t.lead_units for t in plan.tasks]
    assert leads == [["县发展和改革局"], ["县人力资源和社会保障局"], ["县教育体育局"], ["县农业农村局"]]


def test_every_suggestion_is_ranked_best_first_with_reasons() -> None:
    plan = plan_of(("社会消费品零售总额增长10%。", [], []))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel.from_plans([PAST]))
    task = plan.tasks[0]
    assert task.suggestions is not None
    ranked = task.suggestions["lead"]
    assert ranked[0].unit == "县商务局"
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert ranked[0].reasons and any("社会消费品零售总额" in r for r in ranked[0].reasons)


def test_a_model_trained_on_one_government_transfers_to_another_s_names() -> None:
    plan = plan_of(("推进老旧小区改造15个。", [], []), ("新改建农村公路80公里。", [], []))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel.from_plans([PAST]))
    assert plan.tasks[0].lead_units == ["县住房和城乡建设局"]
    assert plan.tasks[1].lead_units == ["县交通运输局"]


def test_past_plans_teach_which_group_cooperates() -> None:
    plan = plan_of(("新改建农村公路80公里,完善城乡路网。", [], []))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel.from_plans([PAST]))
    assert "各乡镇人民政府" in plan.tasks[0].cooperating_units


def test_units_a_task_already_has_are_kept() -> None:
    plan = plan_of(("地区生产总值增长7%。", ["县财政局"], ["县商务局"]))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县财政局"]
    assert plan.tasks[0].cooperating_units == ["县商务局"]
    assert plan.tasks[0].suggestions is not None  # the ranking is still there for the review step


def test_a_unit_the_catalogue_does_not_know_is_suggested_when_named_and_warned_about() -> None:
    plan = plan_of(("支持香菇产业转型升级,拓展销售渠道。", [], []))
    assign_plan(plan, [*COUNTY_UNITS, "县香菇办"], model=SuggestModel())
    assert plan.tasks[0].suggestions is not None
    assert "县香菇办" in [s.unit for s in plan.tasks[0].suggestions["lead"][:3]]
    assert any("县香菇办" in w.message for w in plan.warnings)


def test_fewer_than_two_candidates_is_bad_input() -> None:
    with pytest.raises(DubanError):
        assign_plan(plan_of(("地区生产总值增长7%。", [], [])), ["县发展和改革局"])


def test_the_model_saves_and_loads_with_its_version(tmp_path: Path) -> None:
    path = tmp_path / "model.joblib"
    SuggestModel.from_plans([PAST]).save(path)
    model = load_model([path])
    assert len(model) == len(PAST.tasks)
    plan = plan_of(("地方一般公共预算收入增长9%。", [], []))
    assign_plan(plan, COUNTY_UNITS, model=model)
    assert plan.tasks[0].lead_units == ["县财政局"]


def test_a_model_of_another_version_is_refused(tmp_path: Path) -> None:
    import joblib

    path = tmp_path / "old.joblib"
    joblib.dump({"format": "duban.suggest-model", "version": MODEL_VERSION + 1, "model": None}, path)
    with pytest.raises(DubanError, match="版本"):
        SuggestModel.load(path)


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.joblib"
    path.write_bytes(b"not a model")
    with pytest.raises(DubanError):
        SuggestModel.load(path)


def test_a_model_trains_from_a_folder_of_plans(tmp_path: Path) -> None:
    (tmp_path / "past.json").write_text(PAST.to_json(), encoding="utf-8")
    assert len(load_model([tmp_path])) == len(PAST.tasks)


def test_importing_the_module_loads_no_tokenizer_and_no_model() -> None:
    code = "import sys, duban.core.suggest; assert 'jieba' not in sys.modules and 'sklearn' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_cache_lives_outside_the_package() -> None:
    import duban

    assert Path(duban.__file__).parent not in cache_dir().parents


# Floors for the leave-one-document-out figures that bench/assign_eval.py prints over the seeds'
# gold and the corpus of real plans (measured, minus a little slack for ties): a change that
# lowers them fails here instead of passing unseen. The project's real fixtures are not floored:
# they are the held-out figure, reported in docs/drafting.md.
FLOOR_TOP1 = 0.85
FLOOR_TOP3 = 0.95
FLOOR_CORPUS_TOP1 = 0.86
# the reader's fixtures (29, 91 tasks), each list padded with a unit of every other kind; the two
# duty-division layouts (7 tasks naming kinds of department: 公安部门, 城管部门) took it from 0.810 / 0.929
# to 0.769 / 0.890, and reading such a name as the one department it means back to 0.846 / 0.945;
# with the narrow-page layouts (31, 99 tasks; townships named as subjects) 0.838 / 0.939; the layout
# piles only (dev and eval, 30 fixtures, 97 tasks; the reader's bug reproductions, a few made-up rows
# each, are not plans' tasks) 0.845 / 0.938
FLOOR_FIXTURES_TOP1 = 0.82
FLOOR_FIXTURES_TOP3 = 0.93
FLOOR_COOP_F1 = 0.28  # 0.291 measured with the cooperation rules (0.288 before them)
FLOOR_DIRECTORY_PRECISION = 1.0  # no wrong pre-selected match
# the real fixtures' tuning split (579 names): no pre-selection the hand-checked truth disputes (22 wrong once;
# the last, 城投集团 taken for a 市's 城市发展投资集团 by its letters, is offered unselected: 城投 is 城市建设投资's)
MOST_WRONG_REAL_DIRECTORY = 0
# every group offered as a group: 县级市 and 县级市政府 (广州's county-level cities) were the last two, once the
# suggester kept each group of the governments below that the list's others do not cover (各区政府 and 县级市政府)
MOST_GROUPS_NOT_OFFERED_REAL = 0


def _bench() -> Any:
    import importlib.util

    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("assign_eval", REPO / "bench" / "assign_eval.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["assign_eval"] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    return bench


@pytest.mark.shared
def test_leave_one_document_out_scores_do_not_regress() -> None:
    from tests.conftest import shared_path

    bench = _bench()
    gold = shared_path("gold")
    res = bench.evaluate(gold, bench.load_scorer(shared_path("tools", "score.py")), sets=("seeds", "corpus"))
    duban, rules = res["overall"]["duban"]["seeds+corpus"], res["overall"]["rules"]["seeds+corpus"]
    assert duban["scored"] >= 420 and duban["unranked"] == 0  # every task ranked
    assert duban["lead_top1"] >= FLOOR_TOP1
    assert duban["lead_top3"] >= FLOOR_TOP3
    assert duban["cooperating_f1"] >= FLOOR_COOP_F1
    assert res["overall"]["duban"]["corpus"]["lead_top1"] >= FLOOR_CORPUS_TOP1
    assert duban["lead_top1"] >= rules["lead_top1"]  # what is learned must add to the rules
    fixtures = res["fixtures"]["overall"]
    assert fixtures["scored"] >= 80
    assert fixtures["lead_top1"] >= FLOOR_FIXTURES_TOP1
    assert fixtures["lead_top3"] >= FLOOR_FIXTURES_TOP3
    cal = res["calibration"]["seeds+corpus"]
    assert cal["confirmed_right"] > cal["unconfirmed_right"] + 0.1  # 待确认 marks the doubtful ones


@pytest.mark.shared
def test_directory_matching_pre_selects_no_wrong_unit_and_offers_every_group_as_a_group() -> None:
    from tests.conftest import shared_path

    res = _bench().evaluate_directory(("seeds", "corpus"), shared_path())
    assert not res["unlabelled"]
    assert res["precision"] >= FLOOR_DIRECTORY_PRECISION, res["wrong"]
    assert res["groups_offered"] == res["groups_total"] and not res["not_groups"]
    assert res["same_found"] >= 0.95 * res["same_total"]


def test_directory_matching_of_the_real_plans_names_pre_selects_no_other_body_and_offers_every_group() -> None:
    res = _bench().evaluate_directory(("real",))  # the tuning split's names only
    assert res["names"] > 500 and not res["unlabelled"]
    assert len(res["wrong"]) <= MOST_WRONG_REAL_DIRECTORY, res["wrong"]
    assert res["groups_offered"] >= res["groups_total"] - MOST_GROUPS_NOT_OFFERED_REAL
    assert len(res["not_groups"]) <= MOST_GROUPS_NOT_OFFERED_REAL, res["not_groups"]
    assert res["same_found"] >= 0.95 * res["same_total"]


def test_every_task_gets_a_full_ranking_whose_scores_are_probabilities() -> None:
    plan = plan_of(("地区生产总值增长7%。", [], []), ("深刻领悟“两个确立”的决定性意义。", [], []))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel())
    for task in plan.tasks:
        ranked = task.suggestions["lead"]  # type: ignore[index]
        assert sorted(s.unit for s in ranked) == sorted(COUNTY_UNITS)
        assert abs(sum(s.score for s in ranked) - 1.0) < 1e-6
        assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
        assert task.lead_units == [ranked[0].unit] and ranked[0].reasons


def test_a_lead_suggested_with_little_confidence_is_marked_to_be_confirmed() -> None:
    plan = plan_of(("地区生产总值增长7%,固定资产投资增长10%。", [], []), ("深刻领悟“两个确立”的决定性意义。", [], []))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel())
    sure, unsure = plan.tasks
    assert not sure.lead_unconfirmed and sure.lead_units == ["县发展和改革局"]
    assert unsure.lead_unconfirmed and unsure.lead_units  # suggested all the same, never left empty
    [warning] = [w for w in plan.warnings if "待确认" in w.message]
    assert warning.lines == unsure.lines and unsure.lead_units[0] in warning.message
    assert Plan.from_json(plan.to_json()).tasks[1].lead_unconfirmed  # kept in the plan document
    from duban.core.export import task_row

    assert task_row(unsure)[3].endswith("(待确认)") and not task_row(sure)[3].endswith("(待确认)")


def test_an_older_list_that_prints_a_kind_s_bodies_side_by_side_gives_each_its_own_work() -> None:
    units = ["市农业局", "市水产局", "市农办", "市人事局", "市劳动和社会保障局", "市发改委", "市物价局"]
    plan = plan_of(
        ("新建水产养殖基地2万亩。", [], []), ("推进新农村建设,深化农村综合改革。", [], []),
        ("新增城镇就业3万人,扩大社会保险覆盖面。", [], []), ("深化职称制度改革。", [], []),
        ("居民消费价格涨幅控制在3%左右。", [], []), ("粮食播种面积稳定在300万亩。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["市水产局", "市农办", "市劳动和社会保障局", "市人事局", "市物价局", "市农业局"]


def test_an_industry_cluster_is_led_by_the_unit_of_the_industry_it_names() -> None:
    units = ["市工信局", "市科技局", "市商务局", "市金融监管局", "厦门银保监局", "市发改委"]
    plan = plan_of(("电子信息产业集群", [], []), ("商贸物流产业集群", [], []), ("金融服务产业集群", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["市工信局", "市商务局", "市金融监管局"]


def test_a_lead_the_plan_already_has_is_never_marked_to_be_confirmed() -> None:
    plan = plan_of(("深刻领悟“两个确立”的决定性意义。", ["县财政局"], []))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县财政局"] and not plan.tasks[0].lead_unconfirmed


def test_a_folder_of_a_corpus_trains_on_its_plans_and_skips_what_is_not_a_plan(tmp_path: Path) -> None:
    (tmp_path / "x01.json").write_text(PAST.to_json(), encoding="utf-8")
    (tmp_path / "x01.txt").write_text("与 x01.json 同一方案的原文", encoding="utf-8")
    (tmp_path / "x01.units.txt").write_text("区发改局\n区财政局\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# 说明", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("这不是方案。", encoding="utf-8")
    model = load_model([str(tmp_path)])
    assert len(model) == len(PAST.tasks)


@pytest.mark.shared
def test_seed_002_drafted_with_a_unit_list_gives_every_task_a_lead() -> None:
    from duban.core.draft import draft_file
    from tests.conftest import shared_path

    units = (
        "区发改局 区财政局 区经信局 区科技局 区商务局 区招商局 区住建局 区交通运输局 区自然资源和规划局 区农业农村局 "
        "区水利和湖泊局 区生态环境分局 区教育局 区卫健局 区人社局 区民政局 区文旅局 区应急管理局 区市场监管局 "
        "区城管执法局 区政数局 区公安分局 区司法局 区统计局 区医保局 区退役军人事务局 区委宣传部 区委组织部 区委政法委 "
        "各镇人民政府 各街道办事处 曾都经济开发区管委会"
    ).split()
    plan = draft_file(next(shared_path("seeds").glob("002_*.txt")), units, model=SuggestModel())
    assert plan.tasks and all(t.lead_units and t.suggestions and t.suggestions["lead"] for t in plan.tasks)
    projects = next(t for t in plan.tasks if "竞争性项目资金" in t.text)  # the example: plainly 发改
    assert projects.lead_units == ["区发改局"]


def test_a_list_with_separate_science_and_industry_bureaus_gets_each_its_own_work() -> None:
    units = ["市科技局", "市经信局", "市发改委", "市商务局"]
    plan = plan_of(
        ("新认定高新技术企业50家,技术合同成交额增长20%。", [], []),
        ("规模以上工业增加值增长8%,实施技改项目100个。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["市科技局"]
    assert plan.tasks[1].lead_units == ["市经信局"]


def test_a_bracket_names_the_face_of_a_unit_the_list_also_prints_plain() -> None:
    # 区财政局(国资局) is the 财政局 acting as 国资局: its tasks are the state assets, the plain name's
    # the budget; likewise the 国安办 the 政法委 houses
    units = ["区财政局", "区财政局(国资局)", "区委政法委", "区委国安办", "区发改局", "区科经局"]
    plan = plan_of(
        ("深化国资国企改革,盘活存量资产,平台公司总资产增长10%。", [], []),
        ("地方一般公共预算收入增长6%,严控三公经费,兜牢三保底线。", [], []),
        ("坚持总体国家安全观,维护国家安全。", [], []),
        ("深化平安建设,常态化开展扫黑除恶斗争。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["区财政局(国资局)"], ["区财政局"], ["区委国安办"], ["区委政法委"]]
    # the face the text does not use is not raised above where it stands without faces
    leads = [s.unit for s in (plan.tasks[3].suggestions or {})["lead"]]
    assert leads.index("区委国安办") > leads.index("区委政法委")


def test_a_bracket_naming_an_office_of_another_kind_takes_that_office_s_work() -> None:
    # a zone's 社会事业局 is also its 医改办 (printed in full-width brackets): the 医改 tasks are the
    # office's, the school's the plain name's
    units = ["区社会事业局", "区社会事业局（医改办）", "区经发局", "区财金局", "区交建局"]
    plan = plan_of(
        ("深化基本医疗支付制度改革,建立健全医保经办机构与定点医疗机构的谈判协商机制。", [], []),
        ("新建幼儿园2所,新增公办学位900个。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["区社会事业局（医改办）"], ["区社会事业局"]]


def test_a_government_named_in_charge_by_its_everyday_name_leads() -> None:
    # 县政府负责… is the 县人民政府 on the list, though the text is about vehicle exhaust
    units = ["县公安局", "县环保局", "县交通局", "县人民政府", "县发改委"]
    plan = plan_of(("县政府负责对所辖区内年检车辆尾气排放检测专项经费的落实,检测率要大于80%。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县人民政府"]


def test_supervising_funds_is_no_discipline_commission_s_work() -> None:
    # 强化扶贫资金监督管理 names a means, not the 纪工委's remit: with no poverty office on the list,
    # the task must not fall to the discipline commission for the one word 监督
    units = ["区纪工委", "区经发局", "区行政审批局", "区财金局"]
    plan = plan_of(("提高脱贫攻坚实效,做到贫困人员应进则进、应退则退,强化扶贫资金监督管理。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units != ["区纪工委"]


def test_a_zone_s_office_of_its_committee_leads_the_government_s_own_work() -> None:
    # 管委会办公室 is the zone government's office (政府办), not the zone as a park
    units = ["区管委会办公室", "区经发局", "区财金局", "区宣传部", "区智慧岛服务管理中心"]
    plan = plan_of(("完善政府信息公开审查机制,提高政府网站管理服务水平。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["区管委会办公室"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != ""), min_size=2, max_size=8, unique=True))
def test_any_candidate_names_give_suggestions_never_a_crash(units: list[str]) -> None:
    plan = plan_of(("地区生产总值增长7%,新建幼儿园2所。", [], []), ("", [], []))
    assign_plan(plan, units, model=SuggestModel())
    for task in plan.tasks:
        assert task.suggestions is not None
        assert all(s.unit in units for s in task.suggestions["lead"])


def test_a_task_of_a_kind_the_list_lacks_goes_to_the_unit_that_does_that_work_here() -> None:
    plan = plan_of(("健全防止返贫动态监测和帮扶机制,守住不发生规模性返贫底线。", [], []))
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel())  # no 乡村振兴局 in this county
    assert plan.tasks[0].lead_units == ["县农业农村局"]


def test_the_directory_s_overseers_become_the_task_s_leaders() -> None:
    plan = plan_of(("新建幼儿园2所。", [], []), ("地区生产总值增长7%。", [], []))
    plan.tasks[1].leaders = ["常务副县长"]
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel(), overseers={"县教育体育局": ["李四"], "县发展和改革局": ["王五"]})
    assert plan.tasks[0].leaders == ["李四"]
    assert plan.tasks[1].leaders == ["常务副县长"]  # a leader already named is kept


def test_a_township_leads_the_development_of_its_own_area_not_every_task_naming_it() -> None:
    units = [*COUNTY_UNITS, "城关镇人民政府", "桂花镇人民政府"]
    plan = plan_of(
        ("加快城关新城建设,完成房屋征收和土地收储。", [], []),
        ("做大桂花产业,新建桂花基地1万亩。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["城关镇人民政府"]
    assert plan.tasks[1].lead_units != ["桂花镇人民政府"]


def test_full_width_punctuation_reads_as_half_width() -> None:
    units = [*COUNTY_UNITS, "县统计局"]
    wide = plan_of(("城镇调查失业率5.5%左右；居民消费价格涨幅2%左右，新增学位2000个。", [], []))
    narrow = plan_of(("城镇调查失业率5.5%左右;居民消费价格涨幅2%左右,新增学位2000个。", [], []))
    assign_plan(wide, units, model=SuggestModel())
    assign_plan(narrow, units, model=SuggestModel())
    assert wide.tasks[0].suggestions is not None and narrow.tasks[0].suggestions is not None
    assert [s.unit for s in wide.tasks[0].suggestions["lead"]] == [s.unit for s in narrow.tasks[0].suggestions["lead"]]
    assert wide.tasks[0].lead_units == ["县人力资源和社会保障局"]  # the head clause states the commitment


def test_a_park_printed_shorter_than_its_unit_s_name_is_still_named() -> None:
    units = [*COUNTY_UNITS, "县生物医药产业园指挥部", "县商贸物流园管委会"]
    plan = plan_of(
        ("做大生物医药产业,引进医疗器械企业10家。", [], []),
        ("完善商贸流通体系,发展农村电商。", [], []),  # 商贸 alone does not name the 商贸物流园
    )
    assign_plan(plan, units, model=SuggestModel())
    first, second = (t.suggestions for t in plan.tasks)
    assert first is not None and second is not None
    park = [s for s in first["lead"][:2] if s.unit == "县生物医药产业园指挥部"]
    assert park and any("生物医药产业园" in r for r in park[0].reasons)
    assert plan.tasks[1].lead_units == ["县商务局"]
    assert all(s.unit != "县商贸物流园管委会" for s in second["lead"][:2])


def test_a_project_is_led_by_the_unit_of_what_it_builds_not_by_project_planning() -> None:
    units = [*COUNTY_UNITS, "县文化和旅游局"]
    plan = plan_of(
        ("启动县文体中心二期项目建设。", [], []),
        ("全年新开工亿元以上项目150个。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县文化和旅游局"]
    assert plan.tasks[1].lead_units == ["县发展和改革局"]


def test_a_bureau_over_a_part_of_a_kind_leads_only_its_part_beside_the_kind_s_own_bureau() -> None:
    """财政部 and 国资委 are one kind (the 国资 part of 财政's work): a deficit is 财政's, a state firm's
    reform 国资's; 文旅 beside its 体育局: the games are the 体育局's."""
    units = ["国务院国有资产监督管理委员会", "财政部", "国家发展和改革委员会", "文化和旅游部", "国家体育总局"]
    plan = plan_of(
        ("今年赤字率拟按4%左右安排,赤字规模5.66万亿元。", [], []),
        ("把适合作为地方收入的税种下划给地方。", [], []),
        ("推进股权多元化改革,开展落实企业董事会职权、职业经理人制度、混合所有制等试点。", [], []),
        ("方便公众用好运动会竞赛场馆,新建标准塑胶跑道2000公里以上。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [
        ["财政部"], ["财政部"], ["国务院国有资产监督管理委员会"], ["国家体育总局"]
    ]


def test_a_park_named_after_a_township_is_led_by_the_township() -> None:
    units = [*COUNTY_UNITS, "城关镇人民政府", "桂花镇人民政府"]
    plan = plan_of(("加快城关智造产业园建设,新入园企业10家。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["城关镇人民政府"]


def test_a_township_named_as_where_another_kind_s_work_is_done_does_not_lead() -> None:
    units = [*COUNTY_UNITS, "城关镇人民政府", "桂花镇人民政府", "县大健康产业园管委会"]
    plan = plan_of(
        # the commitment is 住建's; 城关老城 is only where it starts
        ("实施城市更新行动,启动城关老城区城市更新一期,推进老旧小区改造。", [], []),
        # the commitment names no kind's work: the township develops its own area
        ("坚持高位推动,加快推进城关城市更新。", [], []),
        # the park in the township has a unit of its own
        ("加强桂花大健康园区基础设施配套,提升入驻率。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县住房和城乡建设局"]
    assert plan.tasks[1].lead_units == ["城关镇人民政府"]
    assert plan.tasks[2].lead_units == ["县大健康产业园管委会"]


def test_an_industry_s_name_says_which_industry_not_who_acts() -> None:
    units = ["县招商服务中心", "县经济和信息化局", "县发展和改革局", "县商务局", "县财政局"]
    plan = plan_of(
        # the industries are what is attracted; 招商 is what is done
        ("依托汽车零部件、生物医药产业基础,开展以商招商、驻点招商。", [], []),
        # with no other kind's work named, the industry is the 经信局's
        ("做大汽车零部件、生物医药产业,推动新材料产业集群发展。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县招商服务中心"]
    assert plan.tasks[1].lead_units == ["县经济和信息化局"]


def test_what_is_learned_is_the_work_not_the_unit_that_did_it_there() -> None:
    # this government has no 乡村振兴局 and no 招商 unit: its 农业农村局 and 商务局 did that work
    past = plan_of(
        ("巩固拓展脱贫攻坚成果,落实防止返贫监测帮扶机制,确保不发生规模性返贫。", ["区农业农村局"], []),
        ("新建高标准农田2万亩。", ["区农业农村局"], []),
        ("引进汽车零部件项目10个,新签约项目20个。", ["区商务局"], []),
        ("社会消费品零售总额增长9%。", ["区商务局"], []),
    )
    assert [e.lead_kinds for e in examples_from_plans([past])] == [("乡村振兴",), ("农业农村",), ("招商",), ("商务",)]
    # where the government has the unit, its own kind did it
    past.tasks[1].cooperating_units = ["区乡村振兴局"]
    assert examples_from_plans([past])[0].lead_kinds == ("农业农村",)
    # a list without such a unit gets the work back where it falls (招商 → 商务)
    plan = plan_of(("加大招商引资力度,引进项目20个。", [], []))
    assign_plan(plan, ["县商务局", "县发展和改革局", "县财政局"], model=SuggestModel.from_plans([PAST, past]))
    assert plan.tasks[0].lead_units == ["县商务局"]


def test_the_general_zone_stands_for_the_parks_and_basic_governance_is_social_work() -> None:
    units = ["县商贸物流区管委会", "县经济开发区管委会", "县委政法委", "县委社会工作部", "县民政局", "县发展和改革局"]
    plan = plan_of(
        ("提升园区承载能力,推进标准化厂房建设。", [], []),
        ("健全基层治理体系,推广共建共治共享的经验。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县经济开发区管委会"]
    assert plan.tasks[1].lead_units == ["县委社会工作部"]


def test_cooperating_units_are_few_and_near_the_best() -> None:
    plan = plan_of(
        ("推进老旧小区改造20个,新建改扩建中小学3所,新增城镇就业5000人,新建农村公路50公里。", [], [])
    )
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel.from_plans([PAST]))
    task = plan.tasks[0]
    assert task.suggestions is not None
    assert len(task.cooperating_units) <= 6
    best = task.suggestions["cooperating"][0].score
    chosen = {s.unit: s.score for s in task.suggestions["cooperating"] if s.unit in task.cooperating_units}
    assert all(v >= 0.3 * best for v in chosen.values())


def test_a_unit_the_catalogue_lacks_is_given_a_kind_by_the_remit_words_of_its_name() -> None:
    without = [u for u in COUNTY_UNITS if u != "县农业农村局"] + ["县食用菌产业发展中心"]
    plan = plan_of(("新建高标准农田2万亩,粮食产量稳定在20万吨。", [], []))
    assign_plan(plan, without, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县食用菌产业发展中心"]
    assert any("县食用菌产业发展中心" in w.message for w in plan.warnings)  # still flagged for a person
    plan = plan_of(("新建高标准农田2万亩,粮食产量稳定在20万吨。", [], []))
    assign_plan(plan, [*COUNTY_UNITS, "县食用菌产业发展中心"], model=SuggestModel())
    assert plan.tasks[0].lead_units == ["县农业农村局"]  # the known unit stands for its kind


def test_a_heading_listing_fields_of_work_keeps_its_tasks_among_those_fields() -> None:
    from duban.core.suggest import listed_kinds

    assert listed_kinds("发改、财政、交通、金融等工作目标") >= {"发展改革", "财政", "交通运输", "金融"}
    assert listed_kinds("实施发展提速行动,全力扩投资、促消费、稳增长") == frozenset()  # a sentence, not a list
    assert listed_kinds("加强基础设施建设") == frozenset()
    # the same task goes to the field its heading lists, where its words point two ways
    text = "持续推进农药化肥减量,开展土壤污染状况调查。"
    leads = []
    for heading in ("生态环境、水利、应急管理等工作目标", "农业农村、水利、应急管理等工作目标"):
        plan = Plan(
            title="示例县目标任务分解",
            sections=[Section(id="S1", title=heading)],
            tasks=[Task(id="T1", text=text, section="S1")],
        )
        assign_plan(plan, [*COUNTY_UNITS, "县水利局"], model=SuggestModel())
        leads.append(plan.tasks[0].lead_units)
    assert leads == [["县生态环境分局"], ["县农业农村局"]]


def test_the_group_s_general_lead_unit_cooperates_where_it_does_not_lead() -> None:
    plan = Plan(
        title="示例县重点工作",
        sections=[Section(id="S1", title="全力扩大有效投资", general_lead_units=["县发展和改革局"])],
        tasks=[Task(id="T1", text="新建改扩建中小学3所,新增学位2000个。", section="S1")],
    )
    assign_plan(plan, COUNTY_UNITS, model=SuggestModel())
    task = plan.tasks[0]
    assert task.lead_units == ["县教育体育局"]
    assert "县发展和改革局" in task.cooperating_units
    assert task.suggestions is not None
    assert any("总牵头单位" in r for s in task.suggestions["cooperating"] for r in s.reasons)


def test_an_enterprise_carries_the_work_out_and_the_department_leads() -> None:
    units = [*COUNTY_UNITS, "县电信公司", "县供电公司"]
    plan = plan_of(("新建5G基站300个,实现乡镇5G网络全覆盖。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    task = plan.tasks[0]
    assert task.lead_units == ["县经济和信息化局"]
    assert "县电信公司" in task.cooperating_units


def test_a_unit_the_text_or_its_heading_puts_in_charge_leads_whatever_the_remit_words_say() -> None:
    units = ["市公安局", "市交通运输局", "市市场监管局", "市商务局", "市城管局", "各县(市、区)人民政府"]
    plan = Plan(
        title="示例市专项整治工作方案",
        sections=[Section(id="S1", title="工商部门职责"), Section(id="S2", title="工作措施")],
        tasks=[
            Task(id="T1", text="开展商品交易市场专项检查,规范经营秩序。", section="S1"),
            Task(id="T2", text="严厉打击非法营运,由公安、交通部门负责,有关部门配合。", section="S2"),
            Task(id="T3", text="各县(市、区)人民政府要落实属地责任,组织清理辖区内的占道经营。", section="S2"),
        ],
    )
    assign_plan(plan, units, model=SuggestModel())
    first, second, third = plan.tasks
    assert first.lead_units == ["市市场监管局"]  # 工商 is the 市场监管局's work today
    assert {s.unit for s in second.suggestions["lead"][:2]} == {"市公安局", "市交通运输局"}  # type: ignore[index]
    assert third.lead_units == ["各县(市、区)人民政府"]
    assert any("写明" in r for r in third.suggestions["lead"][0].reasons)  # type: ignore[index]


def test_the_governments_below_cooperate_on_local_work_and_the_treasury_where_money_is_asked() -> None:
    units = ["县发展和改革局", "县财政局", "县住房和城乡建设局", "县自然资源局", "各乡镇人民政府"]
    plan = plan_of(("实施老旧小区改造20个,落实补助资金,保障项目用地。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    task = plan.tasks[0]
    assert task.lead_units == ["县住房和城乡建设局"]
    assert {"各乡镇人民政府", "县财政局", "县自然资源局"} <= set(task.cooperating_units)
    reasons = {s.unit: s.reasons for s in task.suggestions["cooperating"]}  # type: ignore[index]
    assert any("资金" in r for r in reasons["县财政局"])


def test_groups_of_the_governments_below_that_do_not_meet_cooperate_together_and_a_subset_does_not() -> None:
    # a city's list: its districts and its county-level cities are the governments below between them
    units = ["市发展改革委", "市财政局", "市住房城乡建设委", "各区政府", "县级市政府", "各有关区政府"]
    plan = plan_of(("实施老旧小区改造20个,落实补助资金。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    task = plan.tasks[0]
    assert {"各区政府", "县级市政府"} <= set(task.cooperating_units)
    assert "各有关区政府" not in task.cooperating_units  # some of the districts, already among 各区政府
    reasons = {s.unit: s.reasons for s in task.suggestions["cooperating"]}  # type: ignore[index]
    assert any("本地的落实" in r for r in reasons["县级市政府"])


def test_a_plan_printed_in_traditional_characters_is_ranked_as_a_simplified_one() -> None:
    units = ["省發改委", "省交通運輸廳", "省財政廳", "省教育廳"]
    plan = plan_of(("加快鐵路建設,開工建設一批高速公路。", [], []), ("推進義務教育均衡發展。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["省交通運輸廳", "省教育廳"]  # named as the list prints them


def test_the_base_of_a_ratio_does_not_say_who_answers_for_it() -> None:
    units = ["市发改委", "市经信委", "市科技局", "市水务局"]
    plan = plan_of(
        ("单位地区生产总值能源消耗降低3%。", [], []),
        ("全社会研发经费支出占GDP比重达到2.5%。", [], []),
        ("地区生产总值增长6%。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["市经信委", "市科技局", "市发改委"]


def test_a_unit_put_in_charge_by_its_own_name_leads_even_where_its_kind_is_unknown() -> None:
    units = ["市外联服务办", "市政府办公厅", "市公安局", "市文化执法总队"]
    plan = plan_of(("市外联服务办负责与驻本市机构的协调联络工作。", [], []))
    plan.sections.append(Section(id="S2", number="四", title="市文化执法总队"))
    plan.tasks.append(Task(id="T2", text="会同公安部门查处违法行为。", section="S2"))
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["市外联服务办", "市文化执法总队"]


def test_a_body_over_its_whole_kind_stands_behind_one_whose_own_work_the_text_names() -> None:
    units = ["市交通局", "市公路局", "市地方铁路局", "市建设局"]
    plan = plan_of(("推进铁路滨州段建设。", [], []), ("推进高速公路建设。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["市地方铁路局", "市公路局"]


def test_a_list_without_groups_gets_cooperating_units_only_where_the_text_names_them() -> None:
    units = ["市发改委", "市财政局", "市住建局", "市自然资源和规划局"]
    plan = plan_of(
        ("推进老旧小区改造,统筹资金和用地保障。", [], []),  # 资金, 用地: a guess, not a name
        ("推进老旧小区改造,市财政局配合保障资金。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    guessed, named = plan.tasks
    assert guessed.lead_units == named.lead_units == ["市住建局"]
    assert guessed.cooperating_units == [] and named.cooperating_units == ["市财政局"]
    with_groups = plan_of(("推进老旧小区改造,统筹资金和用地保障。", [], []))
    assign_plan(with_groups, [*units, "各区人民政府"], model=SuggestModel())
    assert "各区人民政府" in with_groups.tasks[0].cooperating_units  # the local governments carry it out


def test_a_remit_word_read_across_two_words_or_inside_a_phrase_naming_no_work_does_not_count() -> None:
    from duban.core import catalogue

    assert "教育" not in catalogue.rule_scores("提高职工工资收入")  # 高职 straddles 提高|职工
    assert "住建" not in catalogue.rule_scores("通用航空城建设")  # 城建 straddles 航空城|建设
    assert "市场监管" not in catalogue.rule_scores("推动经济高质量发展")  # 质量 inside 高质量
    assert "科技经信" in catalogue.rule_scores("培育高企50家")  # words jieba does not know still count
    assert catalogue.rule_scores("新增高标准农田3万亩")["农业农村"].words == ("高标准农田",)


def test_a_zone_printed_without_its_citys_name_and_a_county_named_alone_are_read_for_what_they_are() -> None:
    units = ["长沙先导区管委会", "市发改委", "市商务局", "岳麓区", "望城区"]
    plan = plan_of(("实施先导区新三年行动计划,全面提升先导区示范功能。", [], []), ("推进城区污水管网建设。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    lead = plan.tasks[0].suggestions["lead"]  # type: ignore[index]
    assert any("先导区" in r for s in lead if s.unit == "长沙先导区管委会" for r in s.reasons)
    # 望城区 is the government of 望城, not a 住建 body for the 城区 in its name
    assert all("职责关键词" not in r for s in plan.tasks[1].suggestions["lead"] if s.unit == "望城区" for r in s.reasons)  # type: ignore[index]


def test_the_governments_below_lead_where_the_commitment_itself_is_their_local_responsibility() -> None:
    units = ["市城管执法局", "市公安局", "市工商局", "各区县政府"]
    plan = plan_of(("落实属地责任,制定辖区环境秩序综合整治工作方案,组织辖区城管、公安、工商等部门开展整治。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["各区县政府"]


def test_local_responsibility_listed_among_everyone_s_duties_puts_no_group_in_charge() -> None:
    units = ["市地方金融管理局", "市应急管理局", "市公安局", "各县(市、区)人民政府"]
    plan = plan_of(
        ("落实金融机构主体责任、行业部门监管责任和地方政府属地责任,构建金融风险防范预警体系。", [], []),
        ("压实企业主体责任、部门监管责任和属地管理责任,开展安全生产隐患排查整治。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["市地方金融管理局"], ["市应急管理局"]]


def test_a_bureau_over_the_whole_kind_leads_where_the_text_says_more_of_its_work_than_of_a_facet_s() -> None:
    units = ["国家卫生健康委员会", "国家中医药管理局", "教育部"]
    plan = plan_of(
        ("深化医药卫生体制改革,推进分级诊疗和医联体建设,支持中医药发展。", [], []),
        ("促进中医药传承创新发展,建设中医院和国医馆。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["国家卫生健康委员会"], ["国家中医药管理局"]]


def test_a_grid_of_management_is_a_means_the_field_it_manages_leads() -> None:
    units = [*COUNTY_UNITS, "县委政法委", "县城市管理执法局"]
    plan = plan_of(
        ("进一步完善网格化管理体系,强化大气污染治理措施,以全国排位看成效、找差距。", [], []),
        ("推进网格化服务管理,及时化解矛盾纠纷。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["县生态环境分局"], ["县委政法委"]]


def test_work_of_a_kind_the_list_lacks_goes_to_the_body_that_usually_does_it_there() -> None:
    """A small government or a zone has no 生态环境 or 交通 bureau of its own: its 自然资源 bureau
    (环境与国土资源局) and its 住建 bureau (交通与建设局) do that work; nobody is not an answer."""
    units = ["县发展和改革局", "县自然资源和规划局", "县住房和城乡建设局", "县教育局"]
    plan = plan_of(
        ("开展大气污染防治,确保空气质量优良天数比例达到85%。", [], []),
        ("新建农村公路50公里,完成危桥改造3座。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["县自然资源和规划局"], ["县住房和城乡建设局"]]


def test_the_mines_bureau_leads_mine_safety_and_the_emergency_ministry_the_rest_of_safety() -> None:
    units = ["应急管理部", "国家矿山安全监察局", "工业和信息化部"]
    plan = plan_of(
        ("深入实施安全生产治本攻坚三年行动,坚决遏制重特大事故发生。", [], []),
        ("开展煤矿和非煤矿山安全专项整治。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["应急管理部"], ["国家矿山安全监察局"]]


def test_where_nothing_points_to_a_unit_another_governments_habits_do_not_order_the_list() -> None:
    elsewhere = plan_of(*((f"做好第{i}项工作。", ["省财政厅"], []) for i in range(12)))
    units = ["县财政局", "县发展和改革局", "县教育局"]
    foreign, local = plan_of(("做好有关工作。", [], [])), plan_of(("做好有关工作。", [], []))
    assign_plan(foreign, units, model=SuggestModel.from_plans([elsewhere]))
    assert foreign.tasks[0].lead_units == ["县发展和改革局"]  # the 综合部门 first, as before any plan is read
    own = plan_of(*((f"做好第{i}项工作。", ["县财政局"], []) for i in range(12)))
    assign_plan(local, units, model=SuggestModel.from_plans([own]))
    assert local.tasks[0].lead_units == ["县财政局"]  # this government's own habit does count


def test_a_highway_printed_by_its_number_is_transport_work() -> None:
    from duban.core import catalogue

    assert set(catalogue.rule_scores("推进S314铁贺线改建、G107改扩建")["交通运输"].words) == {"省道", "国道"}
    assert "交通运输" not in catalogue.rule_scores("建设5G基站,办好G20峰会")


def test_a_body_printed_from_before_a_reform_split_it_still_does_the_other_kind_s_share() -> None:
    # a 国土房管局 (天津, 重庆, 广州 before 2019) ran housing beside a 建委 that built the city
    units = ["市国土房管局", "市建委", "市规划局", "市民政局"]
    plan = plan_of(
        ("建设筹集保障性住房1万套,完善公共租赁住房保障。", [], []),
        ("推进市政道路和排水管网建设。", [], []),
        ("加强耕地保护,严格土地供应管理。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["市国土房管局", "市建委", "市国土房管局"]


def test_a_partner_named_beside_the_lead_lends_the_task_no_remit_word() -> None:
    # 会同公安、城管部门: the partners' names are not the work (城管 is no 城管 remit word here)
    units = ["市文化执法总队", "市城管执法局", "市卫生局", "市园林绿化局"]
    plan = plan_of(("负责会同城管执法部门查处非法出版物。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert plan.tasks[0].lead_units == ["市文化执法总队"]
    assert plan.tasks[0].cooperating_units == ["市城管执法局"]


def test_a_body_s_head_named_in_the_text_does_not_put_the_body_in_charge() -> None:
    from duban.core import catalogue

    text = "加强同民主党派、工商联负责人和无党派人士的联系交友。"
    assert [n.role for n in catalogue.named_units(text)] == ["mention"]  # 负责人: a person, not 负责
    plan = plan_of((text, [], []))
    assign_plan(plan, ["市委统战部", "市工商联", "市民族宗教局"], model=SuggestModel())
    assert plan.tasks[0].lead_units == ["市委统战部"]


def test_a_kind_s_work_as_older_plans_word_it_goes_to_that_kind() -> None:
    units = [
        "市司法局", "市委宣传部", "市总工会", "市人社局", "市卫健委", "市工信局", "市农业农村局", "市人大常委会办公厅",
        "市财政局", "市金融办", "市城投集团",
    ]
    plan = plan_of(
        ("深入开展法治宣传教育,利用广播、电视、报纸扩大覆盖面。", [], []),
        ("深化法治乡村建设。", [], []),
        ("健全职工代表大会制度,促进劳动关系和谐。", [], []),
        ("推进卫生信息化建设,建设区域卫生信息平台和电子病历数据库。", [], []),
        ("建设外来务工人员综合服务中心。", [], []),
        ("加强人大监督,深化对财政预算的审查监督。", [], []),
        ("发挥政府引导基金撬动作用,扩大母基金规模。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == [
        "市司法局", "市司法局", "市总工会", "市卫健委", "市人社局", "市人大常委会办公厅", "市财政局",
    ]


def test_a_task_about_several_bodies_of_a_system_goes_to_the_body_that_leads_the_system() -> None:
    units = ["市委政法委", "市公安局", "市检察院", "市法院", "市司法局", "市监察局"]
    plan = plan_of(
        ("支持法院、检察院依法独立行使审判权和检察权,提高办案质量。", [], []),
        ("公安机关要加强对社区矫正对象的管控,司法行政部门配合。", [], []),  # one body acts, one helps
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == ["市委政法委", "市公安局"]


def test_a_party_or_congress_body_s_offices_printed_side_by_side_each_get_their_own_work() -> None:
    units = ["市委办公厅", "市委政研室", "市人大常委会办公厅", "市人大常委会法工委", "市政协办公厅", "市纪委", "市监察局"]
    plan = plan_of(
        ("健全党委重大决策程序,坚持三重一大集体决策。", [], []),
        ("围绕中心工作开展课题调查研究,做好决策咨询服务。", [], []),
        ("制定年度立法计划,做好地方性法规草案的审议。", [], []),
        ("加强人大代表之家建设,支持代表履职。", [], []),
        ("认真办理政协提案,加强民主监督。", [], []),
        ("加强党内监督,严肃查处违纪行为。", [], []),
        ("开展行风评议和效能监察。", [], []),
    )
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units[0] for t in plan.tasks] == [
        "市委办公厅", "市委政研室", "市人大常委会法工委", "市人大常委会办公厅", "市政协办公厅", "市纪委", "市监察局",
    ]


def test_the_vegetable_basket_is_farming_where_the_list_has_no_trade_body() -> None:
    plan = plan_of(("加强菜篮子基地建设。", [], []))  # 菜篮子工程: production (农业) and supply (商务)
    assign_plan(plan, ["市发改委", "市环保局", "市建设局", "市农业局", "市财政局"], model=SuggestModel())
    assert plan.tasks[0].lead_units == ["市农业局"]


def test_a_kind_the_plans_read_seldom_show_keeps_a_task_in_its_own_words() -> None:
    """48 tasks led by the 发改局 and one by the 统计局: the classifier weighs each kind by how
    rarely it leads, so a 统计 task that also says 重大项目 is still read as 统计's by far."""
    common = ["推进重大项目建设", "加快产业园区建设", "深化投资审批改革", "编制十五五规划",
              "推进重点项目开工", "扩大有效投资", "谋划储备项目", "推进营商环境改革"]
    examples = [Example(text=f"{t}第{i}批", lead_units=("区发改局",), cooperating_units=()) for i in range(6) for t in common]
    examples.append(Example(text="做好统计调查和数据质量管理", lead_units=("区统计局",), cooperating_units=()))
    reading = SuggestModel(examples).read(["加强统计数据质量管理,推进重大项目统计入库"])[0]
    assert reading.probabilities["统计"] > 3 * reading.probabilities["发展改革"]


def test_the_classifier_reads_a_kind_s_words_it_never_saw_led_through_the_kind_they_name() -> None:
    """Trained on two 预算 tasks of the 财政局 and two 项目 tasks of the 发改局, a 政府债务 task shares
    no word with either: the remit words' kind (@财政) carries what was learned over to it."""
    examples = [Example(text=t, lead_units=(u,), cooperating_units=()) for t, u in (
        ("加强预算绩效管理", "区财政局"), ("深化预算管理制度改革", "区财政局"),
        ("推进重大项目建设", "区发改局"), ("扩大有效投资", "区发改局"))]
    probabilities = SuggestModel(examples).read(["防范化解政府债务风险"])[0].probabilities
    first, second = sorted(probabilities.values(), reverse=True)[:2]
    assert probabilities["财政"] == first and first > 1.6 * second


def test_a_unit_doing_part_of_a_kind_s_work_stands_behind_the_one_doing_the_whole() -> None:
    """公共资源交易中心 does only 公共资源交易 of the 行政审批 kind's work; 行政服务中心 the whole of
    it: a 放管服 task is the whole one's, a 公共资源交易 task the part's (either listed first)."""
    units = ["区公共资源交易中心", "区行政服务中心", "区发改局", "区财政局"]
    plan = plan_of(("深化“放管服”改革,推进政务服务一网通办。", [], []), ("规范公共资源交易平台运行。", [], []))
    assign_plan(plan, units, model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["区行政服务中心"], ["区公共资源交易中心"]]
    plan = plan_of(("深化“放管服”改革,推进政务服务一网通办。", [], []), ("规范公共资源交易平台运行。", [], []))
    assign_plan(plan, [units[1], units[0], *units[2:]], model=SuggestModel())
    assert [t.lead_units for t in plan.tasks] == [["区行政服务中心"], ["区公共资源交易中心"]]


def test_the_expert_readers_labels_keep_the_split_and_choose_from_each_plans_own_list() -> None:
    """bench/expert_ceiling.py compares duban with a reader who saw only a task, its headings and its
    plan's unit list: each labels file keeps to its side of the split (tuning or held out), names
    tasks with a lead, and chooses units of that plan's own list."""
    import importlib.util

    from tests.conftest import REPO

    bench = _bench()
    spec = importlib.util.spec_from_file_location("expert_ceiling", REPO / "bench" / "expert_ceiling.py")
    assert spec is not None and spec.loader is not None
    ceiling = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ceiling)
    docs = {d.name: d for d in bench.documents(("real",))}
    for path, held_out, least in ((ceiling.LABELS, False, 400), (ceiling.LABELS_HELD_OUT, True, 94)):
        judged = ceiling.labels(path)
        assert len(judged) >= least
        for (plan, task), row in judged.items():
            assert bench.held_out("real", plan) == held_out, plan
            doc = docs[plan]
            assert any(t.id == task and t.lead_units for t in doc.plan.tasks), (plan, task)
            assert 1 <= len(row["top3"]) <= 3 and set(row["top3"]) <= set(doc.candidates), (plan, task)


@pytest.mark.shared
def test_the_readers_report_labels_name_drafted_tasks_and_units_of_each_report_s_directory() -> None:
    """bench/report_leads.py compares duban's leads for drafted report tasks with a reader's: every
    labelled task must still be drafted from its report, and every unit be of that level's directory."""
    import importlib.util
    import json

    from duban.core.draft import draft_file
    from tests.conftest import REPO, shared_path

    _bench()
    spec = importlib.util.spec_from_file_location("report_leads", REPO / "bench" / "report_leads.py")
    assert spec is not None and spec.loader is not None
    leads = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(leads)
    rows = [json.loads(line) for line in leads.LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == 1178 and sum(r["sure"] for r in rows) >= 550
    assert len({(r["report"], r["task"]) for r in rows}) == len(rows)  # the two samples share no task
    for report in sorted({r["report"] for r in rows}):
        drafted = {nfkc(t.text) for t in draft_file(shared_path("reports", f"{report}.txt")).tasks}
        directory = set(leads.directory_of(report))
        for row in (r for r in rows if r["report"] == report):
            assert row["task"] in drafted, (report, row["task"][:30])
            assert set(row["top3"]) <= directory, (report, row["top3"])


def test_a_list_without_the_kind_s_bureau_gives_its_work_to_the_unit_printed_as_that_office() -> None:
    """A zone's 综合执法局 that is also its 安监局, on a list with no 应急管理局: safety work is its."""
    units = ["区经济发展局", "区财政金融局", "区综合执法局(安监局)", "区社会事业局", "区交通与建设局"]
    plan = assign_plan(plan_of(("加强危险化学品罐区安全隐患排查整治,提高事故应急处置能力。", [], [])), units)
    assert plan.tasks[0].lead_units == ["区综合执法局(安监局)"]


def test_a_zone_without_a_rural_bureau_gives_farming_and_water_work_to_its_economic_bureau() -> None:
    units = ["区经济发展局", "区环境与国土资源局", "区交通与建设局", "区社会事业局", "区财政金融局"]
    plan = assign_plan(plan_of(("控制农业面源污染,推广测土配方施肥和农作物病虫害绿色防控。", [], [])), units)
    assert plan.tasks[0].lead_units == ["区经济发展局"]
    with_rural = [*units, "区农村发展局"]  # a zone that has one gives the work to it
    plan = assign_plan(plan_of(("控制农业面源污染,推广测土配方施肥和农作物病虫害绿色防控。", [], [])), with_rural)
    assert plan.tasks[0].lead_units == ["区农村发展局"]


def test_a_body_printed_with_and_without_its_level_is_suggested_under_the_fuller_name() -> None:
    units = ["交通与建设局", "区交通与建设局", "区环境与国土资源局", "区经济发展局"]
    plan = assign_plan(plan_of(("全面加强城镇污水配套管网建设,实施雨污分流改造。", [], [])), units)
    assert plan.tasks[0].lead_units == ["区交通与建设局"]


def test_the_unit_a_task_says_it_helps_is_not_suggested_as_its_lead() -> None:
    units = ["区环境与国土资源局", "区交通与建设局", "区农村发展局", "区规划局"]
    text = "改善城乡人居生态环境,推进农村危房改造和村庄环境整治。协同区环境与国土资源局推动各乡镇开展生态文明建设创建工作。"
    assert assign_plan(plan_of((text, [], [])), units).tasks[0].lead_units == ["区交通与建设局"]
    # the subject of the sentence is no partner
    text = "区环境与国土资源局协助开展村庄环境整治和生态文明建设创建工作。"
    assert assign_plan(plan_of((text, [], [])), units).tasks[0].lead_units == ["区环境与国土资源局"]


def test_a_heading_over_one_body_s_duties_puts_that_body_in_charge_of_its_tasks() -> None:
    """A plan divided by department (2016年平潭综合实验区公安局环境保护目标责任 over the 公安局's items)."""
    plan = Plan(
        title="示例区区直有关部门环境保护目标责任",
        sections=[
            Section(id="S1", title="2016年示例区公安局环境保护目标责任"),
            Section(id="S2", title="2016年示例区财政局环境保护目标责任"),
        ],
        tasks=[
            Task(id="T1", text="依法查处违反社会生活噪声污染防治法律法规规定的行为。", section="S1"),
            Task(id="T2", text="研究保障环境污染整治项目资金,推进农村环境综合整治。", section="S2"),
        ],
    )
    units = ["示例区生态环境分局", "示例区公安局", "示例区财政局", "示例区住房和城乡建设局"]
    done = assign_plan(plan, units)
    assert [t.lead_units for t in done.tasks] == [["示例区公安局"], ["示例区财政局"]]
