"""The corpus's measures, for the real plans this repository keeps (tests/fixtures/plans/real).

The same pairing and comparisons as ../shared/tools/score.py (tasks paired by printed number and
text similarity, fields compared after NFKC without white space), so the suite scores our own real
plans the same way when ../shared is absent. Only the measures the reader is held to are here.
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any


def norm(value: object) -> str:
    if value is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def norm_set(values: list[str] | None) -> set[str]:
    return {norm(v) for v in (values or []) if norm(v)}


def norm_number(number: object) -> str:
    return norm(number).strip(".、.()()")


def _similarity(a: str, b: str) -> float:
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < 0.5 or m.quick_ratio() < 0.5:
        return 0.0
    return m.ratio()


def pair_tasks(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Gold and read tasks paired: best text match, the same printed number breaking ties."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    texts = [norm(t.get("text")) for t in pred]
    for gi, g in enumerate(gold):
        gt = norm(g.get("text"))
        best, best_s = None, 0.0
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            s = _similarity(gt, texts[pi])
            if norm_number(p.get("number")) == norm_number(g.get("number")):
                s += 0.05
            if s > best_s:
                best, best_s = pi, s
        if best is not None and best_s >= 0.6:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def _set_score(pairs: list[tuple[dict[str, Any], dict[str, Any]]], key: str) -> dict[str, Any]:
    tp = fp = fn = exact = n = 0
    for g, p in pairs:
        if key not in g:
            continue
        gs, ps = norm_set(g[key]), norm_set(p.get(key))
        tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
        exact += gs == ps
        n += 1
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"exact": exact / n if n else None, "n": n, "precision": prec, "recall": rec, "f1": f1}


def score_parse(gold_doc: dict[str, Any], pred_doc: dict[str, Any]) -> dict[str, Any]:
    gold, pred = gold_doc.get("tasks", []), pred_doc.get("tasks", [])
    pairs = pair_tasks(gold, pred)
    tp = len(pairs)
    prec = tp / len(pred) if pred else 1.0
    rec = tp / len(gold) if gold else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    paired = [(gold[gi], pred[pi]) for gi, pi in pairs]
    deadlines = [(g, p) for g, p in paired if "deadline" in g]
    out: dict[str, Any] = {"gold_tasks": len(gold), "pred_tasks": len(pred), "paired": tp, "task_f1": f1}
    for key in ("lead_units", "cooperating_units", "leaders", "persons"):
        out[key] = _set_score(paired, key)
    out["deadline_exact"] = (
        sum(norm(g.get("deadline")) == norm(p.get("deadline")) for g, p in deadlines) / len(deadlines) if deadlines else None
    )
    return out
