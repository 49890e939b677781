"""Year over year: the same promise is found again when its figure or its wording changed, and
the page says how the figure moved."""

from __future__ import annotations

import re
from pathlib import Path

from duban.web.documents import yoy

DEMO_PLAN = Path(__file__).parents[3] / "src" / "duban" / "web" / "demo" / "plan.txt"

# The year before the demo plan as an office would have written it: other figures, other words,
# two promises of its own (the last two), and none for this year's 医共体 task (number 18).
LAST_YEAR = [
    "地区生产总值增长6.5%左右。", "规模以上工业增加值增长7%。", "固定资产投资增长8%。", "社会消费品零售总额增长6%。",
    "一般公共预算收入增长4%。", "城镇调查失业率控制在5%以内。", "居民人均可支配收入增长与经济增长同步。",
    "新增规上工业企业15家。", "开发区完成基础设施投资3亿元。", "新增市场主体2500户。", "储备重大项目80个。",
    "实施老旧小区改造15个,惠及居民3000户。", "粮食播种面积稳定在4.3万亩以上。", "建设高标准农田1万亩。",
    "完成农村改厕1500户。", "新建幼儿园2所。", "新增城镇就业3000人。", "建设养老服务中心5个。", "开展安全生产专项整治。",
    "化解政府隐性债务。", "PM2.5浓度控制在38微克/立方米以内。", "建设智慧城市平台。", "举办招商引资推介会6场。",
]
# this year's task (0-based, plan order) → last year's promise it repeats
CARRIED = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 10: 10, 12: 11, 13: 12, 14: 13, 15: 14,
           16: 15, 18: 16, 19: 17, 20: 18, 21: 19, 22: 20}


def _this_year() -> list[str]:
    lines = DEMO_PLAN.read_text(encoding="utf-8").splitlines()
    return [re.sub(r"^\d+\.", "", ln).split("(责任领导")[0] for ln in lines if re.match(r"^\d+\.", ln)]


def test_a_promise_whose_figure_changed_is_carried_over() -> None:
    pairs = yoy.match(["加快城市更新,改造老旧小区12个。", "新建高标准农田1.2万亩。"],
                      ["实施老旧小区改造15个,惠及居民3000户。", "建设污水处理厂1座。"])
    assert [(p.current, p.previous, p.verdict) for p in pairs if p.verdict == "carried"] == [(0, 0, "carried")]
    assert yoy.figure_change("加快城市更新,改造老旧小区12个。", "实施老旧小区改造15个,惠及居民3000户。") \
        == "15个、3000户 → 12个"
    assert yoy.figure_change("新建高标准农田1.2万亩。", "新建高标准农田1.2万亩。") == ""
    assert yoy.figures("PM2.5平均浓度控制在35微克/立方米以内。") == ["35微克/立方米以内"]  # PM2.5 is a name


def test_a_reworded_year_is_matched_without_a_wrong_pair() -> None:
    """On a whole plan: all 21 carried promises found, and no pair that is not one."""
    current = _this_year()
    assert len(current) == 23
    found = {p.current: p.previous for p in yoy.match(current, LAST_YEAR) if p.verdict == "carried"}
    wrong = {i: j for i, j in found.items() if CARRIED.get(i) != j}
    assert not wrong
    assert sum(1 for i, j in CARRIED.items() if found.get(i) == j) == 21
