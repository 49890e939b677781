"""Phone and ID numbers out of text meant for the public (a report's 完成情况 published on the
public page): the formats people actually type, not only eleven digits in a row.

Found: mobiles with spaces, hyphens, a country code or a full-width digit (138-0000-0001,
+86 139 0000 0002, （+86）13900000002, １３８００００００１); landlines with an area code however
grouped (0755 8000 001, (010)6512-3456, 0755-80000001转123); a local number after 电话/联系/热线…;
18-digit ID numbers (with an X, or spaced 6-8-4) and the old 15-digit ones, checked by their date.
Not found: amounts, years, dates, percentages, 序号 — a figure is a number nobody dials: a bare
seven- or eight-digit number counts only after a word that says it is a phone.
"""

from __future__ import annotations

import re

PHONE_MARK = "〔号码已隐去〕"
ID_MARK = "〔证件号已隐去〕"

# Full-width digits and signs as their ASCII twins, one character for one (positions stay put).
_ASCII = str.maketrans("０１２３４５６７８９＋－（）ｘＸ　", "0123456789+-()xX ")
_SEP = r"[ \-‐‑–—.]?"  # what people put between groups of digits
_D = r"(?<![0-9A-Za-z])"  # not in the middle of a longer number or code
_E = r"(?![0-9])(?!\s*(?:元|万|亿|千|吨|亩|平方|米|公里|人|户|个|家|项|件|台|座|所|%))"  # not a figure
_DATE = r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"

_ID18 = re.compile(_D + r"\d{6}" + _SEP + _DATE + _SEP + r"\d{3}[0-9Xx]" + r"(?![A-Za-z])" + _E)
_ID15 = re.compile(_D + r"\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _E)
_MOBILE = re.compile(_D + r"(?:\(?(?:\+|00)?86\)?" + _SEP + r")?1[3-9]\d(?:" + _SEP + r"\d){8}" + _E)
_LANDLINE = re.compile(_D + r"(?P<main>(?:\(0\d{2,3}\)|0\d{2,3})" + _SEP + r"\d{3,4}" + _SEP + r"\d{3,5})"
                       + r"(?:" + _SEP + r"(?:转|ext\.?|-)" + _SEP + r"\d{1,5})?" + _E)
_LOCAL = re.compile(r"((?:电话|联系方式|联系人|手机|热线|座机|传真|值班|[Tt][Ee][Ll])[^0-9\n]{0,8}?)"
                    r"(\d{3,4}" + _SEP + r"\d{4}(?:" + _SEP + r"(?:转|-)" + _SEP + r"\d{1,5})?)" + _E)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def scrub_contacts(text: str) -> str:
    """`text` with every phone number and ID number replaced by a mark saying it was removed."""
    if not text:
        return text
    flat = text.translate(_ASCII)
    spans: list[tuple[int, int, str]] = []

    def take(pattern: re.Pattern[str], mark: str, group: int = 0) -> None:
        for m in pattern.finditer(flat):
            start, end = m.span(group)
            if "main" in pattern.groupindex and not 10 <= _digits(m.group("main")) <= 12:
                continue  # an area code and a seven- or eight-digit number, no more, no less
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, mark))

    take(_ID18, ID_MARK)
    take(_ID15, ID_MARK)
    take(_MOBILE, PHONE_MARK)
    take(_LANDLINE, PHONE_MARK)
    take(_LOCAL, PHONE_MARK, group=2)
    out, last = [], 0
    for start, end, mark in sorted(spans):
        out.append(text[last:start])
        out.append(mark)
        last = end
    out.append(text[last:])
    return "".join(out)
