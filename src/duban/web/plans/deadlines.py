"""A printed completion time (“6月底前”, “三季度末”, “年内持续推进”) as the date it falls due,
so the portal can list what is due next. Pure functions; None when the text names no date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
       "十一": 11, "十二": 12, "两": 2}
_MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2}|十[一二]?|[一二三四五六七八九])月(底|末|份|中旬|上旬|下旬|中|初)?")
_QUARTER = re.compile(r"(?:(\d{4})年)?(?:第)?([一二三四1-4])季度")
_HALF = re.compile(r"(?:(\d{4})年)?(上半年|下半年)")
_YEAR_END = re.compile(r"(年底|年末|年内|全年|本年度|持续推进|长期坚持|常态化)")
_EXPLICIT_YEAR = re.compile(r"(\d{4})年(底|末|内)")


def _num(s: str) -> int:
    return int(s) if s.isdigit() else _CN.get(s, 0)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(text: str | None, year: int) -> dt.date | None:
    """The latest date named in `text` (a deadline may list several), in `year` unless it says."""
    if not text:
        return None
    found: list[dt.date] = []
    for m in _MONTH.finditer(text):
        y, mo = int(m.group(1) or year), _num(m.group(2))
        if not 1 <= mo <= 12:
            continue
        part = m.group(3) or ""
        day = {"上旬": 10, "初": 10, "中旬": 20, "中": 15}.get(part)
        found.append(dt.date(y, mo, day) if day else _month_end(y, mo))
    for m in _QUARTER.finditer(text):
        q = _num(m.group(2))
        if 1 <= q <= 4:
            found.append(_month_end(int(m.group(1) or year), q * 3))
    for m in _HALF.finditer(text):
        found.append(_month_end(int(m.group(1) or year), 6 if m.group(2) == "上半年" else 12))
    for m in _EXPLICIT_YEAR.finditer(text):
        found.append(dt.date(int(m.group(1)), 12, 31))
    if not found and _YEAR_END.search(text):
        found.append(dt.date(year, 12, 31))
    return max(found) if found else None
