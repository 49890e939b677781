"""Year over year: which of this year's tasks repeat last year's promises.

A promise made again usually comes back with a new figure and often in other words ("改造老旧小区
12个" last year, "实施老旧小区改造15个,惠及居民3000户" this year). So the figures, with their units
and qualifiers (12个, 4.5万亩, 7%以上), are taken out first: they say how much, not what; and so
are the verbs every task of a work report uses (推进, 实施, 加快, 新建…), which say nothing of which
promise it is. What is left is compared by its characters and their pairs and triples, each weighted by how rare it is in
the two plans (TF-IDF cosine, scikit-learn): Chinese needs no word segmentation for this. Pairs
are taken greedily, best first, one-to-one, above a threshold. Then each of last year's tasks is
carried over (延续, matched), kept (已兑现: done last year and not repeated) or dropped (未再提及:
neither), and each unmatched task of this year is new (新增). `figure_change` says how the
figures moved (12个 → 15个), for the office to read beside the pair.

On a hand-made pair of 23-task plans (the demo plan and a reworded year before it,
tests/web/documents/test_yoy.py) this finds all 21 carried promises with no wrong pair; comparing
the whole texts, figures and verbs included, found 13."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 0.25
# words of any task, whatever it promises
GENERIC = re.compile("加快|推进|推动|实施|完成|开展|深化|加强|持续|全面|积极|进一步|不断|扎实|大力|着力|确保|力争|争取|努力"
                     "|切实|坚持|围绕|全力|重点|有效|稳步|惠及|累计|新增|新建|建设|建成|打造|提升|提高|实现|达到|保持|组织"
                     "|做好|抓好")
# a figure: digits, a magnitude, a unit and a qualifier (12个, 4.5万亩, 7%以上, 35微克/立方米以内)
FIGURE = re.compile(
    r"(?<![A-Za-z\d.])\d+(?:\.\d+)?\s*(?:万|亿|千|百)?"
    r"(?:%|%|‰|个百分点|微克/立方米|平方米|立方米|平方公里|公里|千米|人次|万人|个|家|户|人|所|亩|米|吨|元|辆|套|项|场|座|条"
    r"|台|张|天|次|件|名|支|间|张|床|栋|处|批|村|镇|片|公顷|千瓦|兆瓦|标箱)?"
    r"(?:以上|以内|以下|左右)?")


@dataclass(frozen=True)
class Pair:
    current: int | None  # index into this year's texts
    previous: int | None  # index into last year's texts
    score: float
    verdict: str  # carried | kept | dropped | new


def _clean(text: str) -> str:
    return re.sub(r"[\s★☆。;;,,、::()()“”\"]+", "", GENERIC.sub(" ", FIGURE.sub(" ", text)))


def figures(text: str) -> list[str]:
    """The figures of a text as printed (12个, 4.5万亩, 7%以上)."""
    return [m.group().strip() for m in FIGURE.finditer(text) if m.group().strip()]


def figure_change(current: str, previous: str) -> str:
    """How a carried promise's figures moved, in words: "12个 → 15个"; empty when they did not."""
    now, before = figures(current), figures(previous)
    if now == before or not (now or before):
        return ""
    return f"{'、'.join(before) or '无数字'} → {'、'.join(now) or '无数字'}"


def similarity(current: Sequence[str], previous: Sequence[str]) -> list[list[float]]:
    """Cosine similarity of every (current, previous) pair: figures out, then characters and
    their pairs and triples, TF-IDF."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if not current or not previous:
        return [[0.0] * len(previous) for _ in current]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
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
