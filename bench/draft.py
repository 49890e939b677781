"""Time to draft each work report on one core, and how well it was drafted.

For every report read by hand (the twelve real ones in ../shared/reports when it is there, the
fictional ones in tests/fixtures/reports, the real pages in tests/fixtures/reports/real) and seed 002: the time to read it, draft it and suggest
its units with a model trained on the gold plans (refitted for each report, as the web app does
for a government's plans), the draft's size, and its score against `NN.expected.json` (main
targets found with the right value and comparator; the share of tasks drawn from this year's
work; the work's paragraphs covered). Then the pooled figures (the twelve and the fictional ones,
and the real pages apart: read after the rules were written, see their README) and the slowest report.

    .venv/bin/python bench/draft.py [--runs N] [--no-units] [REPORT ...]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from tests.fixtures.reports.score import HERE, Score, expectations, pooled, score  # noqa: E402

from duban.core.draft import draft_file  # noqa: E402
from duban.core.errors import DubanError  # noqa: E402
from duban.core.plan import Plan  # noqa: E402
from duban.core.suggest import SuggestModel  # noqa: E402

UNITS = [
    "区发改局", "区财政局", "区科经局", "区商务局", "区招商服务中心", "区自然资源和规划局", "区住建局",
    "区交通运输局", "区农业农村局", "区水利和湖泊局", "区生态环境分局", "区林业局", "区教育局", "区卫健局",
    "区医保局", "区民政局", "区人社局", "区文旅局", "区应急管理局", "区市场监管局", "区公安分局", "区司法局",
    "区信访局", "区统计局", "区退役军人事务局", "区城管执法局", "区政数局", "区行政审批局", "区委组织部",
    "区委宣传部", "区委政法委", "区税务局", "区政府金融办", "区供销社", "区城投集团", "各街道办事处",
]  # fmt: skip


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


REAL = HERE / "real"


def reports(named: list[str]) -> list[tuple[str, Path, dict | None]]:
    """(name, path, expectation or None) of the reports to draft."""
    if named:
        return [(Path(p).stem, Path(p), None) for p in named]
    out: list[tuple[str, Path, dict | None]] = []
    out.extend((name, REAL / exp["report"], exp) for name, exp in expectations(REAL))
    for name, exp in expectations():
        local = HERE / exp["report"]
        path = local if local.exists() else SHARED / "reports" / exp["report"]
        if path.exists():
            out.append((name, path, exp))
    seed = sorted((SHARED / "seeds").glob("002_*.txt")) if SHARED.exists() else []
    out.extend(("seed002", p, None) for p in seed)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="*")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per report (the median is printed)")
    ap.add_argument("--no-units", action="store_true", help="draft only, without suggesting units")
    a = ap.parse_args(argv)
    print(pin_one_core())
    golds = sorted((SHARED / "gold").glob("*.json")) if SHARED.exists() else []
    plans = [Plan.from_json(g.read_text(encoding="utf-8")) for g in golds]
    units = None if a.no_units else UNITS
    print(f"model trained on {len(plans)} gold plans for each report; {len(units or [])} candidate units")
    if not SHARED.exists():
        print("../shared is absent: the fictional reports only")

    def run(path: Path) -> tuple[float, float, Plan]:
        t0, c0 = time.perf_counter(), time.process_time()
        model = SuggestModel.from_plans(plans) if units else None
        try:
            plan = draft_file(path, units, model=model)
        except DubanError:  # refused (no year's work in it): scored as an empty draft
            plan = Plan(title="(refused)")
        return time.perf_counter() - t0, time.process_time() - c0, plan

    todo = reports(a.reports)
    if todo:
        wall, cpu, _ = run(todo[0][1])
        print(f"first run ({todo[0][0]}: jieba's dictionary, the first fit): {wall:.2f} s wall, {cpu:.2f} s CPU\n")
    header = f"{'report':18} {'wall s':>7} {'CPU s':>6} {'tasks':>5} {'targets':>9} {'in work':>9} {'covered':>9}"
    print(header)
    print("-" * len(header))
    scores: list[Score] = []
    real: set[str] = set()
    cpus: list[tuple[float, str]] = []
    for name, path, exp in todo:
        runs = [run(path) for _ in range(max(1, a.runs))]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        plan = runs[-1][2]
        cpus.append((cpu, name))
        line = f"{name:18} {wall:7.2f} {cpu:6.2f} {len(plan.tasks):5}"
        if exp is not None:
            s = score(name, plan, exp, path.read_text(encoding="utf-8").splitlines())
            scores.append(s)
            if path.parent == REAL:
                real.add(name)
            line += (
                f" {s.targets_found:>4}/{s.targets_expected:<4} {s.tasks_in_work:>4}/{s.tasks:<4}"
                f" {s.paragraphs_covered:>4}/{s.paragraphs:<4}"
            )
        print(line)
        if exp is not None:
            for m in scores[-1].missed:
                print(f"         missed target: {m}")
    for label, group in (
        ("the twelve and the fictional", [s for s in scores if s.name not in real]),
        ("real pages (tests/fixtures/reports/real)", [s for s in scores if s.name in real]),
    ):
        if not group:
            continue
        f = pooled(group)
        print(
            f"\npooled, {label}: targets {f['targets']:.3f} (bar 0.95), tasks from this year's work "
            f"{f['work_share']:.3f} (bar 0.98), work paragraphs covered {f['coverage']:.3f}, targets drafted "
            f"beyond the expected {int(f['extra_targets'])}"
        )
    if cpus:
        worst = max(cpus)
        print(f"slowest: {worst[1]} {worst[0]:.2f} s CPU (target: under 10 s on one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
