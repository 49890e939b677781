"""Chinese typesetting for documents on paper: full-width punctuation in Chinese text, and lines
broken by the Chinese rules (GB/T 15834 and the usual 避头尾 of Word and WPS): no line starts with
、,。 or a closing bracket, no line ends with an opening one.

Pure functions of text and measured widths, shared by the PDF builders; Word and LibreOffice
apply the same rules themselves to Chinese text (builders.word.chinese)."""

from __future__ import annotations

import re
from collections.abc import Callable

# never at the start of a line (避头): closing punctuation and brackets, full- and half-width
NO_LINE_START = frozenset("\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09\uff3d\uff5d\u300d\u300f\u300b"
                          "\u3009\u3011\u3015\u3017\u3019\u301b\u201d\u2019\u2026\u2014\u00b7\uff05\u2030\u2103"
                          ",.:;!?)]}%")
# never at the end of a line (避尾): opening brackets and quotes
NO_LINE_END = frozenset("\uff08\u3014\uff3b\uff5b\u300c\u300e\u300a\u3008\u3010\u3016\u3018\u301a\u201c\u2018([{")

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2026\u2014"
_HALF_TO_FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01"}
_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s*([,:;?!])|([,:;?!])(?=\s*[{_CJK}])")
_PAREN = re.compile(r"\(([^()]*)\)")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


def full_width(text: str) -> str:
    """Half-width , : ; ? ! and () written in Chinese text become the full-width marks an
    official document uses; figures keep theirs (1,000, 6.8%, 10:30, (1))."""
    if not text or not _HAS_CJK.search(text):
        return text
    text = _PAREN.sub(lambda m: f"\uff08{m.group(1)}\uff09" if _HAS_CJK.search(m.group(1)) else m.group(0), text)
    return _NEAR_CJK.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], text)


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines of `text` no wider than `width` (each character measured by `measure`), broken
    between any two characters as Chinese allows, except that a character of NO_LINE_START is
    never first on a line and one of NO_LINE_END never last: the character before it goes down
    with it. Latin words and figures stay whole when they fit a line."""
    lines: list[str] = []
    for para in text.split("\n"):
        line: list[str] = []
        acc = 0.0
        for ch in para:
            w = measure(ch)
            if acc + w > width and line:
                keep, carry = _split(line, ch)
                lines.append("".join(keep))
                line = carry
                acc = sum(measure(c) for c in line)
            line.append(ch)
            acc += w
        lines.append("".join(line))
    return lines


def _split(line: list[str], nxt: str) -> tuple[list[str], list[str]]:
    """Where a full line breaks: at its end, or a little earlier so that the next line does not
    start with forbidden punctuation, this one does not end with an opening bracket, and a word
    or number written in Latin letters is not cut."""
    cut = len(line)  # `nxt`, the character that did not fit, starts the next line after line[cut:]
    # move back while the break would put a forbidden character first or last, at most 3 places
    for _ in range(3):
        first = line[cut] if cut < len(line) else nxt
        if cut > 1 and (first in NO_LINE_START or line[cut - 1] in NO_LINE_END):
            cut -= 1
            continue
        break
    # keep an ASCII word or number (up to 12 characters) together
    back = cut
    while back > 0 and line[back - 1].isascii() and line[back - 1].isalnum() and cut - back < 12:
        back -= 1
    after = line[cut] if cut < len(line) else nxt
    if 0 < back < cut and after.isascii() and after.isalnum():
        cut = back
    return line[:cut], line[cut:]


__all__ = ["NO_LINE_END", "NO_LINE_START", "break_lines", "full_width"]
