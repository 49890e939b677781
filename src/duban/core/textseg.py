"""Cutting report prose: headings by their numbering, paragraphs into sentences, sentences into
the one-commitment pieces a 责任分解方案 lists.

A government work report is written in paragraphs of six to ten sentences under numbered
headings (一、 / (一) / a short lead sentence such as 更大力度扩大有效投资。). Offices cut
each paragraph into tasks of one to three sentences, one commitment each, and never separate a
quantified commitment from the sentence that carries it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CN_NUM = "一二三四五六七八九十"

PART_RE = re.compile(rf"^\s*([{CN_NUM}]+)\s*[、.．]\s*(.+?)\s*$")
SUB_RE = re.compile(rf"^\s*[(（]\s*([{CN_NUM}]+)\s*[)）]\s*(.+?)\s*$")
ITEM_RE = re.compile(r"^\s*(\d{1,3})\s*[.、．.]\s*(.+?)\s*$")

_OPENERS = "“‘《(（〔[【「『"
_CLOSERS = "”’》)）〕]】」』"
_ENDS = "。!?\uff01\uff1f"
_SEMICOLONS = ";\uff1b"


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for 一、, 2 for (一)
    number: str
    title: str


def heading(text: str, *, max_len: int = 60) -> Heading | None:
    """A numbered heading line (一、… or (一)…), when the line is short enough to be one."""
    for level, rx in ((1, PART_RE), (2, SUB_RE)):
        m = rx.match(text)
        if m and len(text.strip()) <= max_len:
            return Heading(level=level, number=m.group(1), title=m.group(2))
    return None


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph, each with its closing mark; a mark inside quotes or brackets
    does not end a sentence, and a closing quote after the mark stays with its sentence."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _ENDS and depth == 0:
            j = i + 1
            while j < n and (text[j] in _ENDS or text[j] in "”’"):
                j += 1
            piece = text[start:j].strip()
            if piece:
                out.append(piece)
            start = j
            i = j
            continue
        i += 1
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def clauses(text: str) -> list[str]:
    """Clauses of a sentence split at top-level , and ; (for lists of targets)."""
    return split_outside_brackets(text, ",，;；。")


def split_outside_brackets(text: str, marks: str) -> list[str]:
    """`text` split at `marks` outside quotes and brackets, pieces trimmed, empty ones dropped."""
    out: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if depth == 0 and ch in marks:
            piece = "".join(cur).strip()
            if piece:
                out.append(piece)
            cur = []
            continue
        cur.append(ch)
    piece = "".join(cur).strip()
    if piece:
        out.append(piece)
    return out


def lead_phrase(paragraph: str, *, max_len: int = 16) -> tuple[str, str] | None:
    """A paragraph opened by a short lead sentence (更大力度扩大有效投资。…) → (lead, rest)."""
    first = sentences(paragraph)[:1]
    if not first:
        return None
    lead = first[0]
    if not lead.endswith("。") or len(lead) > max_len + 1 or len(lead) < 4:
        return None
    if re.search(r"[\d,\uff0c]", lead):
        return None
    rest = paragraph[paragraph.find(lead) + len(lead) :].strip()
    if not rest:
        return None
    return lead, rest


def _semicolon_pieces(sentence: str, max_chars: int) -> list[str]:
    """A sentence too long for one task, cut after its top-level semicolons (…直达;抓好…)."""
    if len(sentence) <= max_chars:
        return [sentence]
    out: list[str] = []
    depth = start = 0
    for i, ch in enumerate(sentence):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _SEMICOLONS and depth == 0:
            out.append(sentence[start : i + 1])
            start = i + 1
    if sentence[start:].strip():
        out.append(sentence[start:])
    return [p.strip() for p in out if p.strip()]


def is_lead(sentence: str, *, max_len: int = 16) -> bool:
    """A short sentence with no comma and no figure (强化产业协作。): it heads what follows."""
    return (
        4 <= len(sentence) <= max_len + 1
        and sentence.endswith("。")
        and not re.search(r"[\d,;:\uff0c\uff1b\uff1a]", sentence)
    )


def commitments(
    paragraph: str,
    *,
    quantified: Callable[[str], bool] | None = None,
    max_sentences: int = 3,
    max_chars: int = 160,
) -> list[str]:
    """Cut a paragraph into tasks: one sentence each, never more than `max_sentences` or about
    `max_chars`. A short unquantified sentence goes with the one before — unless it is a lead
    (强化产业协作。, no comma, no figure) followed by a clearly longer sentence: then it heads
    that sentence, and the short ones after the lead up to it.

    `quantified` (whether a sentence states a figure; the indicator reader's answer, else any
    digit) keeps a short quantified sentence on its own: a number is a commitment an office
    will be asked about.
    """
    sents = [piece for s in sentences(paragraph) for piece in _semicolon_pieces(s, max_chars)]
    has_figure = quantified or (lambda s: bool(re.search(r"\d", s)))
    flags = [has_figure(s) for s in sents]
    groups: list[list[int]] = []
    heading = False  # the last group is a lead still waiting for the sentences it heads

    def fits(group: list[int], i: int) -> bool:
        return len(group) < max_sentences and sum(len(sents[j]) for j in group) + len(sents[i]) <= max_chars

    for i, s in enumerate(sents):
        short = len(s) < 24 and not flags[i]
        heads_more = i + 1 < len(sents) and len(sents[i + 1]) >= max(16, len(s) + 4)
        if short and heads_more and is_lead(s):
            groups.append([i])
            heading = True
            continue
        if heading and fits(groups[-1], i):
            groups[-1].append(i)
            heading = short
            continue
        heading = False
        if groups and short and fits(groups[-1], i):
            groups[-1].append(i)
            continue
        groups.append([i])
    return ["".join(sents[j] for j in g) for g in groups]
