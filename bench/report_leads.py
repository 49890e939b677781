"""Leads for tasks drafted from real reports, beside an independent reader's, at every level.

A report has no plan yet (seed 002): the office drafts one (`duban draft --units`) and checks the
suggested leads. Here each of the twelve real reports of ../shared/reports is drafted and its tasks
ranked against the directory of its level (bench/data/directories.toml: the State Council's, a 省's,
a 市's, a 县's or 区's, under the report's own place). For two samples of those tasks drawn at random
(A: 600, 50 a report; B: 578 more, drawn after A had been used to find what the catalogue misread),
an independent reader chose three units of the same list, best first, from the task and its headings
alone, and said whether they would bet on the first (bench/data/report_leads.jsonl). There is no
gold: where the reader is sure, duban's first choice should be theirs. Printed for each sample: on
the tasks the reader is sure of, how often duban's first is the reader's and how often the reader's
first is in duban's three, per report and pooled, for the rules alone and trained on the tuning
split's plans (as `duban draft --train` would be with an office's plans of earlier years). A change
found on one sample is checked on the other.

    .venv/bin/python bench/report_leads.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import assign_eval as ae  # noqa: E402
from duban.core.draft import draft_file  # noqa: E402
from duban.core.suggest import SuggestModel, assign_plan, nfkc  # noqa: E402

LABELS = ae.DATA / "report_leads.jsonl"
REPORTS = ae.SHARED / "reports"
# each report's level and place, as ../shared/reports/README.md lists them
PLACES = {
    "01": ("national", "", ""), "02": ("national", "", ""), "03": ("national", "", ""),
    "04": ("province", "河北省", "河北"), "05": ("province", "四川省", "四川"), "06": ("province", "广东省", "广东"),
    "07": ("city", "保定市", "保定"), "08": ("city", "保定市", "保定"),
    "09": ("county", "海拉尔区", "海拉尔"), "10": ("county", "容城县", "容城"),
    "11": ("county", "涞源县", "涞源"), "12": ("county", "曲阳县", "曲阳"),
}


def directory_of(report: str) -> list[str]:
    """The report's level's directory under its own place, groups included."""
    level, region, place = PLACES[report]
    data = tomllib.loads((ae.DATA / "directories.toml").read_text(encoding="utf-8"))
    short = {"county": region[-1:], "city": "市", "province": "省", "national": ""}[level]
    text = data[level] + " " + data.get(f"{level}_groups", "")
    return sorted(set(text.replace("{R}", region).replace("{P}", place).replace("{L}", short).split()))


def evaluate(path: Path = LABELS) -> dict[str, Any]:
    judged: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            judged[row["report"]][row["task"]] = row
    samples = sorted({row["sample"] for rows in judged.values() for row in rows.values()})
    training = [d.plan for d in ae.documents() if not ae.held_out(d.set, d.name)]
    models = {"rules": SuggestModel(), "trained": SuggestModel.from_plans(training)}
    out: dict[str, Any] = {f"{m} {s}": {"per_report": {}} for m in models for s in samples}
    for method, model in models.items():
        pooled: dict[str, dict[str, int]] = {s: defaultdict(int) for s in samples}
        for report in sorted(judged):
            plan = assign_plan(draft_file(REPORTS / f"{report}.txt"), directory_of(report), model=model)
            counts: dict[str, dict[str, int]] = {s: defaultdict(int) for s in samples}
            for task in plan.tasks:
                row = judged[report].get(nfkc(task.text))
                if row is None:
                    continue
                c = counts[row["sample"]]
                c["judged"] += 1
                if not row["sure"]:
                    continue
                ranked = [s.unit for s in (task.suggestions or {}).get("lead", [])]
                c["sure"] += 1
                c["first"] += ranked[:1] == row["top3"][:1]
                c["in_three"] += row["top3"][0] in ranked[:3]
            for sample, c in counts.items():
                out[f"{method} {sample}"]["per_report"][report] = dict(c)
                for k, v in c.items():
                    pooled[sample][k] += v
        for sample in samples:
            out[f"{method} {sample}"]["pooled"] = dict(pooled[sample])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not REPORTS.is_dir():
        print(f"skipped: {REPORTS} (the shared reports) is absent", file=sys.stderr)
        return 0
    r = evaluate()
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=2))
        return 0
    for method in r:
        p = r[method]["pooled"]
        sure = p.get("sure", 0) or 1
        print(f"{method:10s} judged {p.get('judged', 0)}, reader sure of {p.get('sure', 0)}: "
              f"duban's first is the reader's {p.get('first', 0) / sure:.3f}, "
              f"the reader's first in duban's three {p.get('in_three', 0) / sure:.3f}")
        print("           " + "  ".join(f"{k}:{v.get('first', 0)}/{v.get('sure', 0)}" for k, v in r[method]["per_report"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
