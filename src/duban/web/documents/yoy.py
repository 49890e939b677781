"""Year over year: which of this year's tasks repeat last year's promises.

Tasks are compared by character n-gram TF-IDF cosine (scikit-learn): Chinese needs no word
segmentation for this, and "新建高标准农田1.2万亩" still resembles "新建高标准农田1万亩". Pairs
are taken greedily, best first, one-to-one, above a threshold. Then each of last year's tasks is
carried over (延续, matched), kept (已兑现: done last year and not repeated) or dropped (未再提及:
neither), and each unmatched task of this year is new (新增)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 0.35


@dataclass(frozen=True)
class Pair:
    current: int | None  # index into this year's texts
    previous: int | None  # index into last year's texts
    score: float
    verdict: str  # carried | kept | dropped | new


def _clean(text: str) -> str:
    return re.sub(r"[\s★☆。;;,,、::()()“”\"]+", "", text)


def similarity(current: Sequence[str], previous: Sequence[str]) -> list[list[float]]:
    """Cosine similarity of every (current, previous) pair, character 2–3-grams, TF-IDF."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if not current or not previous:
        return [[0.0] * len(previous) for _ in current]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
    m = vec.fit_transform([_clean(t) for t in [*current, *previous]])
    sims = cosine_similarity(m[: len(current)], m[len(current):])
    return [[float(x) for x in row] for row in sims]


def match(current: Sequence[str], previous: Sequence[str], *, done_before: Sequence[bool] = (),
          threshold: float = THRESHOLD) -> list[Pair]:
    """One-to-one best matches above `threshold`, then the verdict for everything left."""
    sims = similarity(current, previous)
    cand = sorted(((sims[i][j], i, j) for i in range(len(current)) for j in range(len(previous))
                   if sims[i][j] >= threshold), reverse=True)
    used_c: set[int] = set()
    used_p: set[int] = set()
    out: list[Pair] = []
    for s, i, j in cand:
        if i in used_c or j in used_p:
            continue
        used_c.add(i)
        used_p.add(j)
        out.append(Pair(i, j, round(s, 4), "carried"))
    for j in range(len(previous)):
        if j not in used_p:
            done = j < len(done_before) and done_before[j]
            best = max((sims[i][j] for i in range(len(current))), default=0.0)
            out.append(Pair(None, j, round(best, 4), "kept" if done else "dropped"))
    for i in range(len(current)):
        if i not in used_c:
            out.append(Pair(i, None, 0.0, "new"))
    return out
