"""How well the reader reads real plans: a per-document table and pooled figures. Prints, never fails.

    .venv/bin/python bench/reader_eval.py [--only PREFIX] [--misses]

Reads every plan that has a hand-checked gold beside it: the seeds (../shared/seeds with
../shared/gold), the corpus of real plans (../shared/corpus/plans), and the real public plans kept
in this repository (tests/fixtures/plans/real). Scores each with ../shared/tools/score.py when it is
there, else with the suite's own copy of its measures (tests/core/parse/scoring.py).

Columns: gold and read tasks, task F1, lead units exact, cooperating units F1, leaders F1,
deadline exact (where the gold prints one). Real plans listed in awaiting-tuning.txt pool apart,
as `awaiting`, so the tuned set's figures are the ones the test holds to the bar. Pooled figures count every gold task: a task the
reader missed counts as a lead miss, as the corpus's own scoring does. `--misses` prints, per
document, the gold tasks read wrongly and what was read.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))


def load_scorer() -> Any:
    path = SHARED / "tools" / "score.py"
    if path.is_file():
        spec = importlib.util.spec_from_file_location("duban_shared_score", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    from tests.core.parse import scoring

    return scoring


def cases() -> list[tuple[str, Path, Path]]:
    """(name, input, gold) for every document with a gold."""
    out: list[tuple[str, Path, Path]] = []
    if (SHARED / "gold").is_dir():
        for gold in sorted((SHARED / "gold").glob("*.json")):
            src = next(iter(sorted((SHARED / "seeds").glob(gold.stem[:3] + "*.txt"))), None)
            if src is not None:
                out.append((f"seed/{gold.stem[:3]}", src, gold))
    corpus = SHARED / "corpus" / "plans"
    if corpus.is_dir():
        for gold in sorted(corpus.glob("[a-z][0-9][0-9].json")):
            out.append((f"corpus/{gold.stem}", gold.with_suffix(".txt"), gold))
    real = REPO / "tests" / "fixtures" / "plans" / "real"
    awaiting_file = real / "awaiting-tuning.txt"
    awaiting = set(awaiting_file.read_text(encoding="utf-8").split()) if awaiting_file.is_file() else set()
    if real.is_dir():
        for gold in sorted(real.glob("*.json")):
            src = next((p for p in sorted(real.glob(gold.stem + ".*")) if p.suffix not in (".json",) and not p.name.endswith((".units.txt", ".source.txt"))), None)
            if src is not None:
                out.append((f"{'awaiting' if gold.stem in awaiting else 'real'}/{gold.stem}", src, gold))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="", help="only documents whose name starts with this")
    ap.add_argument("--misses", action="store_true", help="print the tasks read wrongly")
    args = ap.parse_args()
    from duban.core.errors import DubanError
    from duban.core.parse import parse_file

    scorer = load_scorer()
    pooled: dict[str, dict[str, float]] = {}
    print(f"{'document':24} {'gold':>5} {'read':>5} {'taskF1':>7} {'lead':>6} {'coopF1':>7} {'leadrF1':>8} {'deadl':>6} {'warn':>5}")
    for name, src, gold_path in cases():
        if args.only and not name.startswith(args.only):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        group = name.split("/")[0]
        acc = pooled.setdefault(group, {"gold": 0, "pred": 0, "paired": 0, "lead": 0.0, "coop_tp": 0, "coop_fp": 0, "coop_fn": 0, "docs": 0, "empty": 0, "s": 0.0})
        acc["docs"] += 1
        t0 = time.process_time()
        try:
            pred = parse_file(src).to_dict()
        except DubanError as exc:
            print(f"{name:24} {len(gold['tasks']):>5} {'—':>5}  没有读出: {exc}")
            acc["gold"] += len(gold["tasks"])
            acc["empty"] += 1
            continue
        acc["s"] += time.process_time() - t0
        r = scorer.score_parse(gold, pred)
        lead, coop, leaders = r["lead_units"], r["cooperating_units"], r["leaders"]
        acc["gold"] += r["gold_tasks"]
        acc["pred"] += r["pred_tasks"]
        acc["paired"] += r["paired"]
        acc["lead"] += (lead["exact"] or 0) * (lead["n"] or 0)
        ctp, cfp, cfn = _coop_counts(gold, pred, scorer)
        acc["coop_tp"] += ctp
        acc["coop_fp"] += cfp
        acc["coop_fn"] += cfn
        dl = r.get("deadline_exact")
        print(
            f"{name:24} {r['gold_tasks']:>5} {r['pred_tasks']:>5} {r['task_f1']:>7.3f} {_f(lead['exact']):>6} "
            f"{coop['f1']:>7.3f} {_f(leaders['f1'] if leaders['n'] else None):>8} {_f(dl):>6} {len(pred.get('warnings', [])):>5}"
        )
        if args.misses:
            _print_misses(gold, pred, scorer)
    print()
    for group, a in pooled.items():
        p = a["paired"] / a["pred"] if a["pred"] else 0.0
        rc = a["paired"] / a["gold"] if a["gold"] else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        ctp, cfp, cfn = a["coop_tp"], a["coop_fp"], a["coop_fn"]
        cf = 2 * ctp / (2 * ctp + cfp + cfn) if ctp + cfp + cfn else 1.0
        print(
            f"{group:8} pooled over {a['docs']:.0f} documents, {a['gold']:.0f} gold tasks: task F1 {f1:.3f}, "
            f"lead units exact {a['lead'] / a['gold'] if a['gold'] else 0:.3f}, cooperating F1 {cf:.3f}; "
            f"read nothing from {a['empty']:.0f}; reader CPU {a['s']:.2f} s"
        )
    return 0


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _coop_counts(gold: dict[str, Any], pred: dict[str, Any], scorer: Any) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for gi, pi in scorer.pair_tasks(gold["tasks"], pred["tasks"]):
        g = scorer.norm_set(gold["tasks"][gi].get("cooperating_units"))
        p = scorer.norm_set(pred["tasks"][pi].get("cooperating_units"))
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return tp, fp, fn


def _print_misses(gold: dict[str, Any], pred: dict[str, Any], scorer: Any) -> None:
    pairs = dict(scorer.pair_tasks(gold["tasks"], pred["tasks"]))
    for gi, g in enumerate(gold["tasks"]):
        if gi not in pairs:
            print(f"    MISSED {g.get('number')} {g['text'][:50]}")
            continue
        q = pred["tasks"][pairs[gi]]
        diffs = []
        for key in ("lead_units", "cooperating_units", "leaders"):
            if key in g and scorer.norm_set(g[key]) != scorer.norm_set(q.get(key)):
                diffs.append(f"{key}: gold {g[key]} read {q.get(key)}")
        if scorer.norm(g.get("text")) != scorer.norm(q.get("text")):
            diffs.append(f"text: gold {g['text'][:40]!r} read {q['text'][:40]!r}")
        if scorer.norm_number(g.get("number")) != scorer.norm_number(q.get("number")):
            diffs.append(f"number: gold {g.get('number')} read {q.get('number')}")
        if diffs:
            print(f"    {g.get('id')} {g.get('number')}: " + "; ".join(diffs))
    paired_pred = set(pairs.values())
    for pi, q in enumerate(pred["tasks"]):
        if pi not in paired_pred:
            print(f"    EXTRA {q.get('number')} {q['text'][:50]}")


if __name__ == "__main__":
    sys.exit(main())
