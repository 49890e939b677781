"""Time to draft a plan from a work report and suggest its units, on one core.

Uses seed 002 (a report with no plan yet) and a model trained on the gold plans when ../shared is
there; otherwise a generated report and the catalogue's rules alone. Prints the first run (which
pays for jieba's dictionary and the model's fit) and the median of the warm runs.

    .venv/bin/python bench/draft.py [REPORT] [--runs N]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from duban.core.draft import draft_file  # noqa: E402
from duban.core.plan import Plan  # noqa: E402
from duban.core.suggest import SuggestModel  # noqa: E402

UNITS = [
    "区发改局", "区财政局", "区科经局", "区商务局", "区招商服务中心", "区自然资源和规划局", "区住建局",
    "区交通运输局", "区农业农村局", "区水利和湖泊局", "区生态环境分局", "区林业局", "区教育局", "区卫健局",
    "区医保局", "区民政局", "区人社局", "区文旅局", "区应急管理局", "区市场监管局", "区公安分局", "区司法局",
    "区信访局", "区统计局", "区退役军人事务局", "区城管执法局", "区政数局", "区行政审批局", "区委组织部",
    "区委宣传部", "区委政法委", "区税务局", "区政府金融办", "区供销社", "区城投集团", "各街道办事处",
]

SECTION = (
    "更大力度扩大有效投资。谋划储备重大项目{n}个,全年新开工亿元以上项目40个。加快专项债券项目建设,"
    "争取中央预算内资金增长10%。新建高标准农田2万亩,粮食产量稳定在25万吨以上。"
    "新建幼儿园3所,新增学位2400个。完成老旧小区改造15个,新改建农村公路60公里。"
)


def generated_report() -> str:
    parts = ["政府工作报告", "——2024年1月10日在示例区第二届人民代表大会第三次会议上", "一、2023年工作回顾",
             "过去一年,地区生产总值增长6.5%。", "二、2024年工作安排",
             "今年主要预期目标是:地区生产总值增长7%以上,固定资产投资增长10%,城镇登记失业率控制在4.5%以内。"]
    for i, num in enumerate("一二三四五六"):
        parts.append(f"({num})第{num}方面重点工作")
        parts.extend(SECTION.format(n=100 + 10 * i + j) for j in range(4))
    parts.append("各位代表!让我们团结奋进。")
    return "\n".join(parts) + "\n"


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", nargs="?")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args(argv)
    print(pin_one_core())
    seeds = sorted((SHARED / "seeds").glob("002_*.txt")) if SHARED.exists() else []
    golds = sorted((SHARED / "gold").glob("*.json")) if SHARED.exists() else []
    if a.report:
        report = Path(a.report)
    elif seeds:
        report = seeds[0]
    else:
        report = Path(tempfile.mkdtemp()) / "generated_report.txt"
        report.write_text(generated_report(), encoding="utf-8")
    plans = [Plan.from_json(g.read_text(encoding="utf-8")) for g in golds]
    print(f"report: {report.name}; model trained on {len(plans)} plans; {len(UNITS)} candidate units")

    def run() -> tuple[float, float, int]:
        t0, c0 = time.perf_counter(), time.process_time()
        model = SuggestModel.from_plans(plans)
        plan = draft_file(report, UNITS, model=model)
        return time.perf_counter() - t0, time.process_time() - c0, len(plan.tasks)

    wall, cpu, n = run()
    print(f"first run (jieba dictionary, model fit): {wall:.2f} s wall, {cpu:.2f} s CPU, {n} tasks")
    warm = [run() for _ in range(a.runs)]
    print(
        f"warm runs (model refitted each time): median {statistics.median(w for w, _, _ in warm):.2f} s wall, "
        f"{statistics.median(c for _, c, _ in warm):.2f} s CPU over {a.runs} runs"
    )
    print("target: under 5 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
