"""Cutting report prose: headings by their numbering, paragraphs into sentences, sentences into
the one-commitment pieces a 责任分解方案 lists.

A government work report is written in paragraphs of six to ten sentences under numbered
headings (一、 / (一) / a short lead sentence such as 更大力度扩大有效投资。). Offices cut
each paragraph into tasks of one to three sentences, one commitment each, and never separate a
quantified commitment from the sentence that carries it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_NUM = "一二三四五六七八九十"

PART_RE = re.compile(rf"^\s*([{CN_NUM}]+)\s*[、.．]\s*(.+?)\s*$")
SUB_RE = re.compile(rf"^\s*[((]\s*([{CN_NUM}]+)\s*[))]\s*(.+?)\s*$")
ITEM_RE = re.compile(r"^\s*(\d{1,3})\s*[.、．.]\s*(.+?)\s*$")

_OPENERS = "“‘《(（〔[【「『"
_CLOSERS = "”’》)）〕]】」』"
_ENDS = "。!?!?;;"


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
    out: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",,;;。":
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
    if re.search(r"\d", lead) or "," in lead or "," in lead:
        return None
    rest = paragraph[paragraph.find(lead) + len(lead) :].strip()
    if not rest:
        return None
    return lead, rest


def commitments(
    paragraph: str, *, quantified: list[bool] | None = None, max_sentences: int = 3, max_chars: int = 160
) -> list[str]:
    """Cut a paragraph into tasks: one sentence each, a short unquantified sentence joined to the
    one before (or after, when first), never more than `max_sentences` or about `max_chars`.

    `quantified` (one flag per sentence, from the indicator reader) keeps a short quantified
    sentence on its own: a number is a commitment an office will be asked about.
    """
    sents = sentences(paragraph)
    if quantified is None or len(quantified) != len(sents):
        quantified = [bool(re.search(r"\d", s)) for s in sents]
    groups: list[list[int]] = []
    for i, s in enumerate(sents):
        short = len(s) < 24 and not quantified[i]
        if groups and short:
            cur = groups[-1]
            if len(cur) < max_sentences and sum(len(sents[j]) for j in cur) + len(s) <= max_chars:
                cur.append(i)
                continue
        groups.append([i])
    # a short first sentence leads into the next rather than standing alone
    if len(groups) >= 2 and len(groups[0]) == 1:
        first = groups[0][0]
        if len(sents[first]) < 24 and not quantified[first] and len(groups[1]) < max_sentences:
            groups[1].insert(0, first)
            groups.pop(0)
    return ["".join(sents[j] for j in g) for g in groups]
