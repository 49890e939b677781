"""How fast the reader is and how much memory it takes: prints figures, passes or fails nothing.

    .venv/bin/python bench/parse.py [--tasks 10000] [--runs 5] [--no-doc]

For a generated plan of N tasks (the inline-note layout, with sections, shared-suffix unit lists
and indicators), the same plan of 100 and N tasks saved as a Word 97 .doc (read through
LibreOffice, when it is installed), and for each seed plan in ../shared/seeds when present: the
median time over runs, tasks per second, and the peak resident memory of a fresh process reading
the file once.
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
children = resource.getrusage(resource.RUSAGE_CHILDREN)  # LibreOffice, for a .doc
print(json.dumps({"import_s": t1 - t0, "parse_s": t2 - t1, "cpu_s": c2 - c1, "tasks": len(plan.tasks),
                  "children_cpu_s": children.ru_utime + children.ru_stime,
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
        "children_cpu_s_median": statistics.median(r["children_cpu_s"] for r in results),
    }


def write_doc(text: str, folder: Path) -> Path | None:
    """The plan as a Word 97 .doc, one paragraph a line, saved by LibreOffice (None without it)."""
    import docx

    from duban.core.read.convert import soffice

    program = soffice()
    if program is None:
        return None
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    source = folder / "generated-doc.docx"
    d.save(str(source))
    subprocess.run([program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "doc",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=600)
    return folder / "generated-doc.doc"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-doc", dest="doc", action="store_false", help="skip the .doc (LibreOffice) measurements")
    args = ap.parse_args()
    rows: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        gen = Path(tmp) / "generated.txt"
        gen.write_text(generate_plan(args.tasks), encoding="utf-8")
        rows.append((f"generated {args.tasks} tasks ({gen.stat().st_size // 1024} kB)", measure(gen, args.runs)))
        if args.doc:  # the old Word format goes through LibreOffice first: the conversion's cost
            for n in sorted({100, args.tasks}):
                doc = write_doc(generate_plan(n), Path(tmp))
                if doc is None:
                    rows.append(("generated .doc (LibreOffice absent)", {}))
                    break
                rows.append((f"generated {n} tasks as .doc ({doc.stat().st_size // 1024} kB)", measure(doc, args.runs)))
    if (SHARED / "seeds").is_dir():
        for seed in sorted((SHARED / "seeds").glob("*.txt")):
            try:
                rows.append((f"seed {seed.name[:3]}", measure(seed, args.runs)))
            except subprocess.CalledProcessError:
                rows.append((f"seed {seed.name[:3]} (not a plan)", {}))
    print(f"{'input':44} {'tasks':>6} {'wall s (median)':>16} {'CPU s (median)':>15} {'+ soffice CPU s':>16}"
          f" {'tasks/s':>9} {'peak RSS MB':>12}")
    for name, r in rows:
        if not r:
            print(f"{name:44} {'-':>6}")
            continue
        print(
            f"{name:44} {r['tasks']:>6.0f} {r['parse_s_median']:>16.3f} {r['cpu_s_median']:>15.3f}"
            f" {r['children_cpu_s_median']:>16.3f} {r['tasks_per_s']:>9.0f} {r['maxrss_mb_median']:>12.1f}"
        )
    print(f"(median of {args.runs} runs, each a fresh single-threaded process; CPU s is the parse's own processor time,")
    print(" steadier than wall time on a shared machine; + soffice CPU s is LibreOffice's, converting a .doc, with a")
    print(" profile of its own each time; peak RSS includes the interpreter and imports, not LibreOffice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
