"""How far a reader who knows government bodies gets from what duban is given, beside duban.

The held-out bar of issue 14 (lead top-1 0.85, top-3 0.95 on plans of governments never read) asks
what the task's text, its headings and the plan's own unit list allow. To know what they allow, an
independent reader judged a random sample of tasks of the real tuning split with nothing else: no
gold, no other task's answer, no code; only the task, its headings, the alphabetical unit list and a
knowledge of bodies' 三定 remits and the reforms (bench/data/expert_leads.jsonl: plan, task id, the
reader's three units best first, and whether the reader would bet on the first). This prints the
reader's top-1 / top-3 against the gold beside duban's on the same tasks (leave one document out,
trained on every other document of the tuning split, as bench/assign_eval.py), and where each is
right alone.

With --held-out, the same for the held-out plans (REAL_FINAL: bench/data/expert_leads_held_out.jsonl,
every task with a lead judged by the same kind of reader, who did not report what the tasks say),
duban trained on every other document as bench/assign_eval.py --held-out trains it; pooled only, as
the held-out figure always is. Run it, like that one, at the start and the end of a round of work.

    .venv/bin/python bench/expert_ceiling.py [--held-out] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import assign_eval as ae  # noqa: E402
from duban.core.suggest import SuggestModel, assign_plan  # noqa: E402

LABELS = ae.DATA / "expert_leads.jsonl"
LABELS_HELD_OUT = ae.DATA / "expert_leads_held_out.jsonl"


def labels(path: Path = LABELS) -> dict[tuple[str, str], dict[str, Any]]:
    """The reader's judgements by (plan, task id)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[(row["plan"], row["task"])] = row
    return out


def evaluate(path: Path = LABELS, *, held_out: bool = False) -> dict[str, Any]:
    """The reader's and duban's figures on the tasks `path` judges: those of the tuning split, or
    with `held_out` those of the held-out plans (then every document is trained on, as there)."""
    scorer = ae.load_scorer()
    judged = labels(path)
    docs = ae.documents()
    if not held_out:
        docs = [d for d in docs if not ae.held_out(d.set, d.name)]
    wanted = {plan for plan, _ in judged}
    if any(ae.held_out("real", plan) != held_out for plan in wanted):
        raise SystemExit("the labels mix the tuning split and the held-out plans")
    counts: dict[str, int] = defaultdict(int)
    for doc in docs:
        if doc.set != "real" or doc.name not in wanted:
            continue
        training = [d.plan for d in docs if d is not doc]
        pred = assign_plan(ae.stripped(doc.plan), doc.candidates, model=SuggestModel.from_plans(training))
        by_id = {t.id: t for t in pred.tasks}
        for t in doc.plan.tasks:
            row = judged.get((doc.name, t.id))
            if row is None or not t.lead_units:
                continue
            gold = scorer.norm_set(t.lead_units)
            reader = [scorer.norm(u) for u in row["top3"]]
            duban = [scorer.norm(s.unit) for s in (by_id[t.id].suggestions or {}).get("lead", [])]
            r1, d1 = reader[:1] != [] and reader[0] in gold, duban[:1] != [] and duban[0] in gold
            counts["tasks"] += 1
            counts["reader_top1"] += r1
            counts["reader_top3"] += bool(gold & set(reader[:3]))
            counts["duban_top1"] += d1
            counts["duban_top3"] += bool(gold & set(duban[:3]))
            counts["reader_sure"] += bool(row.get("sure"))
            counts["reader_sure_right"] += bool(row.get("sure")) and r1
            counts["both_right" if r1 and d1 else "reader_alone" if r1 else "duban_alone" if d1 else "neither"] += 1
    n = counts["tasks"] or 1
    return {
        "tasks": counts["tasks"],
        "reader": {"top1": counts["reader_top1"] / n, "top3": counts["reader_top3"] / n,
                   "sure": counts["reader_sure"], "sure_right": counts["reader_sure_right"]},
        "duban": {"top1": counts["duban_top1"] / n, "top3": counts["duban_top3"] / n},
        "first_choice": {k: counts[k] for k in ("both_right", "reader_alone", "duban_alone", "neither")},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--held-out", action="store_true", help="the held-out plans instead (pooled)")
    args = ap.parse_args(argv)
    if not (ae.SHARED / "tools" / "score.py").exists():
        print(f"skipped: {ae.SHARED} (the shared scorer) is absent", file=sys.stderr)
        return 0
    r = evaluate(LABELS_HELD_OUT, held_out=True) if args.held_out else evaluate()
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=2))
        return 0
    which = "held-out plans, every task with a lead" if args.held_out else "real tuning split, drawn at random"
    print(f"tasks judged: {r['tasks']} ({which})")
    print(f"{'':24s} {'top1':>6s} {'top3':>6s}")
    for who in ("reader", "duban"):
        print(f"{who:24s} {r[who]['top1']:6.3f} {r[who]['top3']:6.3f}")
    sure = r["reader"]
    print(f"reader sure of the first: {sure['sure']} tasks, right on {sure['sure_right']}")
    print("first choice right: " + ", ".join(f"{k} {v}" for k, v in r["first_choice"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
