"""How fast the reader is and how much memory it takes: prints figures, passes or fails nothing.

    .venv/bin/python bench/parse.py [--tasks 10000] [--runs 5]

For a generated plan of N tasks (the inline-note layout, with sections, shared-suffix unit lists
and indicators) and for each seed plan in ../shared/seeds when present: the median time over
runs, tasks per second, and the peak resident memory of a fresh process reading the file once.
Each measurement runs in its own process so earlier runs do not warm or bloat the next.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"

UNITS = ["区发改局", "区财政局", "区科经局", "区商务局", "区住建局", "区农业农村局", "区教育局", "区卫健局", "区民政局", "区人社局"]

MEASURE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from duban.core.parse import parse_file
t1 = time.perf_counter()
c1 = time.process_time()
plan = parse_file(sys.argv[1])
c2 = time.process_time()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "parse_s": t2 - t1, "cpu_s": c2 - c1, "tasks": len(plan.tasks),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate_plan(n_tasks: int) -> str:
    """A plausible plan of n tasks: parts, groups of 20 tasks, varied notes and quantities."""
    out = ["示例区2025年政府工作报告主要目标任务责任分解方案", "一、主要预期目标"]
    for i in range(1, 6):
        out.append(f"({'一二三四五'[i - 1]})地区生产总值增长{i + 4}%以上。(责任领导:王示例;牵头单位:区发改局;责任单位:区统计局)")
    out.append("二、重点工作")
    for i in range(1, n_tasks + 1):
        if i % 20 == 1:
            out.append(f"第{(i // 20) + 1}组重点工作。")
        a, b, c = UNITS[i % 10], UNITS[(i + 3) % 10], UNITS[(i + 7) % 10]
        short_b, short_c = b[1:-1], c[1:-1]
        out.append(
            f"{i}.推进第{i}项重点工程建设,新增就业{i % 900 + 100}人以上,完成投资{i % 50 + 1}亿元。"
            f"(责任领导:李示例;牵头单位:{a};责任单位:区{short_b}、{short_c}局,各街道办事处)"
        )
    return "\n".join(out) + "\n"


def measure(path: Path, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True)
        results.append(json.loads(proc.stdout))
    parse = statistics.median(r["parse_s"] for r in results)
    return {
        "tasks": results[0]["tasks"],
        "parse_s_median": parse,
        "cpu_s_median": statistics.median(r["cpu_s"] for r in results),
        "tasks_per_s": results[0]["tasks"] / parse if parse else float("inf"),
        "import_s_median": statistics.median(r["import_s"] for r in results),
        "maxrss_mb_median": statistics.median(r["maxrss_mb"] for r in results),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    rows: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        gen = Path(tmp) / "generated.txt"
        gen.write_text(generate_plan(args.tasks), encoding="utf-8")
        rows.append((f"generated {args.tasks} tasks ({gen.stat().st_size // 1024} kB)", measure(gen, args.runs)))
    if (SHARED / "seeds").is_dir():
        for seed in sorted((SHARED / "seeds").glob("*.txt")):
            try:
                rows.append((f"seed {seed.name[:3]}", measure(seed, args.runs)))
            except subprocess.CalledProcessError:
                rows.append((f"seed {seed.name[:3]} (not a plan)", {}))
    print(f"{'input':40} {'tasks':>6} {'wall s (median)':>16} {'CPU s (median)':>15} {'tasks/s':>9} {'peak RSS MB':>12}")
    for name, r in rows:
        if not r:
            print(f"{name:40} {'-':>6}")
            continue
        print(
            f"{name:40} {r['tasks']:>6.0f} {r['parse_s_median']:>16.3f} {r['cpu_s_median']:>15.3f}"
            f" {r['tasks_per_s']:>9.0f} {r['maxrss_mb_median']:>12.1f}"
        )
    print(f"(median of {args.runs} runs, each a fresh single-threaded process; CPU s is the parse's own processor time,")
    print(" steadier than wall time on a shared machine; peak RSS includes the interpreter and imports)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
