"""Line-level reading: a matching copy of each line, and the numbering a line starts with.

Plans mix full-width and half-width punctuation freely ("(一)" and "(一)", "1." and "1.").
Matching runs on a *shadow* of the text in which full-width ASCII forms and odd spaces are
folded to their half-width forms one character for one character, so every span found in the
shadow is the same span in the printed text, which is what the plan keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FOLD = {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}
_FOLD.update({"\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\xa0": " ", "\u200b": " "})
_FOLD.update({"\ufeff": " ", "．": ".", "﹙": "(", "﹚": ")", "\u2014": "—", "\u2015": "—", "\u2500": "—"})
# small and vertical forms of punctuation (U+FE50…, U+FE10…): "1﹒" is "1."
_FOLD.update({"﹒": ".", "﹐": ",", "﹑": "、", "﹔": ";", "﹕": ":", "﹖": "?", "﹗": "!", "︰": ":", "﹝": "〔", "﹞": "〕"})
_FOLD.update({"\u2002": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u200a": " ", "\u202f": " ", "\u205f": " "})
_FOLD_TABLE = str.maketrans(_FOLD)


_NEEDS_FOLD = re.compile("[" + "".join(re.escape(c) for c in _FOLD) + "]")


@lru_cache(maxsize=65536)
def shadow(text: str) -> str:
    """Fold full-width ASCII and odd spaces to half-width, keeping every character's position."""
    if not _NEEDS_FOLD.search(text):
        return text
    return text.translate(_FOLD_TABLE)


CN_DIGITS = "一二三四五六七八九十百零〇两"
_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def small_number(text: str) -> int | None:
    """A count or an item's number up to 99 as printed (4, 四, 十二, 两), or None."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or not all(c in _CN_VALUES or c == "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        if (tens and tens not in _CN_VALUES) or (ones and ones not in _CN_VALUES):
            return None
        return (_CN_VALUES[tens] if tens else 1) * 10 + (_CN_VALUES[ones] if ones else 0)
    return _CN_VALUES[text] if len(text) == 1 else None

# Numbering styles, outermost first as plans usually nest them. The regexes run on the shadow.
# Enclosed forms keep their one character as the printed number (⑴, ㈠, ①): the scorer reads them.
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^(第[{CN_DIGITS}\d]{{1,4}}(?:部分|篇|章))\s*[、.:]?\s*")),
    ("cn", re.compile(rf"^([{CN_DIGITS}]{{1,4}})\s*[、.]\s*")),
    ("(cn)", re.compile(rf"^\(\s*([{CN_DIGITS}]{{1,4}})\s*\)\s*[、.]?\s*")),
    ("(cn)", re.compile(r"^([\u3220-\u3229])\s*[、.]?\s*")),
    # "4.2011年…", "5.2014级…", "3.2024届…" are items 4, 5, 3: a year after the point, not a decimal
    ("ar", re.compile(r"^(\d{1,4})\s*(?:、|\.(?!\d)|\.(?=(?:19|20)\d\d(?:年|级|届)))\s*")),
    ("ar", re.compile(r"^([\u2488-\u249b])\s*")),
    ("(ar)", re.compile(r"^\(\s*(\d{1,4})\s*\)\s*[、.]?\s*")),
    ("(ar)", re.compile(r"^([\u2474-\u2487])\s*[、.]?\s*")),
    ("ar)", re.compile(r"^(\d{1,4})\)\s*")),
    ("circ", re.compile(r"^([\u2460-\u2473\u3251-\u325f\u2776-\u277f\u2780-\u2789])\s*[、.]?\s*")),
    ("第", re.compile(rf"^(第[{CN_DIGITS}\d]{{1,4}}[项条])\s*(?:任务|工作)?\s*[、.:]?\s*")),
]
_ENCLOSED = re.compile(r"^[\u2460-\u24ff\u3220-\u325f\u2776-\u2789]$")
DASH_HEAD = re.compile(r"^\s*(?:—{1,2}|-{2}|─{1,2})\s*")
BARE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.、]?\s*$")
STAR = "★☆"


@dataclass(frozen=True)
class Numbered:
    """The numbering at the start of a line: its style, the number as printed, where the rest starts."""

    style: str
    number: str
    rest: int  # index in the line where the text after the number begins
    starred: bool


@lru_cache(maxsize=65536)
def numbering(text: str) -> Numbered | None:
    """The numbering a line starts with ("一、", "(一)", "1.", "1、", "(1)", "①", "第一项"), or None.

    A ★ before or right after the number marks the item as starred (十大指标、十件大事).
    """
    sh = shadow(text)
    lead = len(sh) - len(sh.lstrip())
    pos = lead
    starred = False
    if pos < len(sh) and sh[pos] in STAR:
        starred = True
        pos += 1
        while pos < len(sh) and sh[pos] == " ":
            pos += 1
    body = sh[pos:]
    for style, rx in _STYLES:
        m = rx.match(body)
        if not m:
            continue
        rest = pos + m.end()
        if rest >= len(sh):  # a number with nothing after it is not an item
            return None
        # "1.5万亩" is a number, not numbering; "2023年" neither (guarded by the regexes)
        after = sh[rest]
        if style == "ar" and after in "%‰":
            return None
        if rest < len(sh) and sh[rest] in STAR:
            starred = True
            rest += 1
        number = m.group(1)
        if style.startswith("(") and not _ENCLOSED.match(number):
            number = f"({number})"  # "(一)" as printed; an enclosed ⑴ or ㈠ is its own printed number
        elif style == "第":
            number = number[1:-1]  # 第21项 → 21, as plans number such items

        return Numbered(style=style, number=number, rest=rest, starred=starred)
    return None


def strip_star(text: str) -> tuple[str, bool]:
    """Remove a leading ★ (and spaces), telling whether there was one."""
    s = text.lstrip()
    if s and s[0] in STAR:
        return s[1:].lstrip(), True
    return s, False


def is_blank(text: str) -> bool:
    return not shadow(text).strip()


def compact(text: str) -> str:
    """The shadow without any white space: for comparing header words like "目  标  任  务"."""
    return re.sub(r"\s+", "", shadow(text))
