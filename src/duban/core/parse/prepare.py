"""Lines as the layout readers want them, before anything is read from them.

Two things a stored page does to a plan are undone here, once, so that no reader has to guess
them again: a document printed on one line (its paragraphs separated by spaces) is cut back into
its paragraphs, all keeping the one line number they share; and the `|` lines a copied table
leaves between its cells become blank lines, so the cells read as a table flattened to a cell a
line.
"""

from __future__ import annotations

import re

from duban.core.document import Line
from duban.core.parse.lines import numbering, shadow

PIPE_ONLY_RX = re.compile(r"^[\s|｜]+$")
_HAN = "\u3400-\u9fff"
# A space between two paragraphs: after a Chinese character or closing punctuation, before a Chinese
# character, an opening bracket or quote, or a number that starts an item ("2、", "(三)").
_BREAK_RX = re.compile(rf"(?<=[{_HAN}。;:,!?)”》〕】])[ \t\u3000\xa0]+(?=[{_HAN}(“《〔【]|\d{{1,3}}[、.．])")
_MIN_PIECE = 3  # a piece shorter than this is a stray space inside a name ("伏羲 山管委 会")
LONG_LINE = 200
MIN_BREAKS = 3


def prepare(lines: list[Line]) -> list[Line]:
    """The lines with one-line documents cut into paragraphs and table `|` lines blanked."""
    out: list[Line] = []
    for line in lines:
        if line.is_row:
            out.append(line)
        elif PIPE_ONLY_RX.match(line.text) and "|" in shadow(line.text):
            out.append(Line(no=line.no, text=""))
        elif len(line.text) > LONG_LINE:
            out.extend(Line(no=line.no, text=piece) for piece in unglue(line.text))
        else:
            out.append(line)
    return out


def unglue(text: str) -> list[str]:
    """A long line cut at the spaces that separate its paragraphs; the line itself when it has few."""
    sh = shadow(text)
    depth = 0
    inside = [False] * len(sh)
    for i, ch in enumerate(sh):
        if ch in "(〔【《“":
            depth += 1
        elif ch in ")〕】》”" and depth:
            depth -= 1
        inside[i] = depth > 0
    cuts = [m for m in _BREAK_RX.finditer(sh) if not inside[m.start()]]
    if len(cuts) < MIN_BREAKS:
        return [text]
    pieces: list[str] = []
    pos = 0
    for m in cuts:
        left = text[pos : m.start()]
        if len(left.strip()) < _MIN_PIECE and not numbering(left.strip() + "x"):
            continue  # keep a short piece with what follows it
        rest = sh[m.end() :]
        nxt = re.split(r"[ \t\u3000\xa0]", rest, maxsplit=1)[0]
        if len(nxt) < _MIN_PIECE and not numbering(nxt + "x"):
            continue
        pieces.append(left)
        pos = m.end()
    pieces.append(text[pos:])
    return [p.strip() for p in pieces if p.strip()]
