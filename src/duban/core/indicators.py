"""Quantified commitments (indicators) in the text of a target or task.

`extract_indicators("地区生产总值增长8%以上")` gives one `Indicator`: growth, 8.0, "%", ">=".
The reader calls it for every task of a plan and the drafter for every sentence of a report,
so it is built for speed: every pattern is compiled once at import (word lists as tries), one
scan finds the numbers, words like 一批 are dropped before the full pattern runs, and cn2an
(0.3 s to import) is loaded only when a Chinese numeral has to be read.

How a number becomes an indicator:

- A number counts only with a unit after it (or a 万/亿 magnitude on a money metric, where
  元 is implied: 营收过千亿 → 1e11 元). Numbers with no unit are years, dates, ordinals, names
  and codes (2023年, 6月底前, 第五次, 十四五, 107国道, 5G, PM2.5, S314, 4A景区), never indicators.
- Measures. `%`/`‰` after 增长/提高/下降/涨幅/增速… is **growth**; after 提高到/降至 (a level
  reached), or with no such word (森林覆盖率达42%), it is **ratio**. `个百分点` (unit "百分点")
  and `倍` are growth. Money, weight, area, length, volume and energy units (元 美元 吨 斤 亩
  平方米 公顷 公里 米 立方米 千瓦 千瓦时 …, and 岁) are **level**, with a per-unit kept
  (2.5元/斤 → "元/斤"); counters (家 个 项 人 人次 名 辆 户 次 座 所 件 套 场 台 处 条 张 头
  只 株 天 工作日 …) are **count**.
- A decline keeps its printed, positive value (单位GDP能耗下降2.5% → 2.5) and says so in
  `direction` ("down"): a negative value would turn "下降3%以上" (>= 3) upside down. A list
  shares it: 分别下降23%、15% gives two declines.
- Units are kept as printed apart from the magnitude: 4.5万亩 → 45000 亩, 千米 stays 千米;
  百分之五 is 5 "%".
- Comparators: a range (3至5个) is ">=" with `value_max`; then the words after the number
  (以上 → ">=", 以内/以下/内 → "<=", 左右 → "~"), then those before it (不少于, 突破, 超过, 过 →
  ">="; 控制在, 不超过 → "<="; 约 → "~"; 近 → "~"), then 余/多 (5800余万元 → ">="), else "=".
  稳定在 and 力争 alone are "=". A list shares its trailing and leading words:
  稳定在60万亩、27万吨以上 gives two ">=", 分别增长5%、12% two growths.
- Not commitments: thresholds that qualify a noun (5000万元以上项目, 10人以上团队), amounts
  that describe a project (年产10万吨项目, 投资15亿元的项目, 百亿级), baselines (由3%提高…,
  从10家…), per-unit phrases (每千人), ranks (前10名), numbers inside quotes or 《》 (“两降一无”,
  “一村一名”), institutes' names (中船710所: 所 counts schools, clinics, stations), and a lone
  Chinese 一 (一批, 一件事). Other lone Chinese numerals and bare magnitudes (两, 三, 千亿…)
  count after a verb or comparator (新建两所, 过千亿) or when their unit ends the clause
  (新建学校三所。), not in names and slogans (两个确立, 千亿项目库).
- `metric` is the subject, verbatim, without framing words (全年, 力争, 确保, 实现, 完成, 打造,
  实施…), sentence numbers (一、) and the growth, baseline or comparator words (比2020年下降);
  nouns joined by 、 before the first quantity are one subject (中小学、幼儿园20所). When a
  count comes before its noun (完成32个住宅小区) the noun is the metric; a list item or a later
  clause of the sentence with no subject of its own takes the previous one's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from duban.core.plan import Comparator, Indicator, Measure

# Full-width digits, letters and signs to ASCII, one character for one, so that spans found
# in the normalized text are spans of the original. The full-width comma stays: "1，500" is
# a list, not a thousand and five hundred.
_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%",
        "．": ".",
        "～": "~",
        "－": "-",
        "／": "/",
        "\u3000": " ",
    }
)


def _trie(words: Iterable[str]) -> str:
    """An alternation of words factored by their first characters, longest first.

    Python's re tries the branches of `a|b|c` one by one; with some eighty units that was
    most of the time spent on a task. A trie makes it one character test per level.
    """
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        group = "(?:" + "|".join(alts) + ")"
        return group + "?" if "" in node else group

    return emit(tree)


def _reversed_trie(words: Iterable[str]) -> str:
    return _trie(w[::-1] for w in words)


_SP = r"[ \t\u2002\u00a0]?"
_AR = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
# A Chinese numeral; 千 and 百 are left to the unit when they start 千瓦, 千米, 百分点 ….
_CN_HEAD = r"(?:[一二两三四五六七八九十]|百(?!分)|千(?![瓦米克伏]))"
_CN_TAIL = r"(?:[一二两三四五六七八九十〇零万亿]|百(?!分)|千(?![瓦米克伏]))*"
_CN = _CN_HEAD + _CN_TAIL + r"(?:点[〇零一二三四五六七八九]+[万亿]?)?"
_NUM = rf"(?:{_AR}|{_CN})"
_MAG = r"(?:万亿?|亿|千(?:亿|万|(?![瓦米克伏]))|百(?:亿|万|(?!分)))"

# unit → (measure, unit written in the indicator); None marks words that look like a unit
# but are not one (个月 is a duration).
_UNITS: dict[str, tuple[Measure, str] | None] = {
    "%": ("ratio", "%"),
    "‰": ("ratio", "‰"),
    "个百分点": ("growth", "百分点"),
    "百分点": ("growth", "百分点"),
    "倍": ("growth", "倍"),
    "个月": None,
    "个季度": None,
    "个小时": None,
    "人口": None,
    "个工作日": ("count", "工作日"),
    "工作日": ("count", "工作日"),
}
for _u in (
    "元 美元 欧元 吨 吨标准煤 吨标煤 斤 公斤 千克 亩 平方米 平方公里 公顷 公里 千米 米 延米 "
    "立方米 千瓦 千瓦时 兆瓦 标箱 微克/立方米 岁"
).split():
    _UNITS[_u] = ("level", _u)
_UNITS["㎡"] = ("level", "平方米")
for _u in (
    "家 个 项 人 人次 名 位 辆 台 台套 户 户次 次 场 场次 座 所 件 套 处 条 张 头 只 株 棵 "
    "间 栋 幢 艘 架 篇 册 份 例 种 支 眼 盏 根 棒 羽 天 家次 床"
).split():
    _UNITS[_u] = ("count", _u)
_PER = r"(?:/(?:吨|斤|公斤|亩|平方米|人|年|月|天|小时|千瓦时|度|立方米))"

_QUANTITY = re.compile(
    rf"(?P<pct>百分之)?(?P<n1>{_NUM})"
    rf"(?:{_SP}(?P<mag1>{_MAG})?{_SP}[%个家项所座人户亩吨元]?{_SP}"
    rf"(?P<sep>[至到~–-]|—{{1,2}}){_SP}(?P<n2>{_NUM}))?"
    rf"{_SP}(?P<ap1>[余多])?{_SP}(?P<mag>{_MAG})?{_SP}(?P<ap2>[余多])?"
    rf"{_SP}(?P<unit>{_trie(_UNITS)})?(?P<per>{_PER})?"
    rf"{_SP}(?P<suf>及以上|以[上内下]|之?内|左右)?"
)
_START = re.compile(r"[\d一二两三四五六七八九十百千]")
_CN_CONTINUE = frozenset("一二两三四五六七八九十〇零百千万亿点")
# What may follow the first character of a Chinese numeral in a quantity.
_RANGE_SEP = frozenset("至到~–-—")
_CN_NEXT = _CN_CONTINUE | _RANGE_SEP | {u[0] for u in _UNITS} | frozenset("余多 \t\u2002\u00a0")
_FULLWIDTH_ANY = re.compile("[０-９Ａ-Ｚａ-ｚ％．～－／\u3000]")
_QUOTE_CHARS = '“《「‘"'

_MAGNITUDE = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "千万": 1e7, "百万": 1e6,
    "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2,
}  # fmt: skip

# Words right before the number, read backwards from it: a comparator (突破, 控制在), 到/至,
# a growth word (增长, 涨幅) and its baseline (同比, 较上年). Matching the reversed text from its
# start finds them in one pass instead of a search over every position.
_CMP_WORDS = (
    "不少于 不低于 不小于 不超过 不高于 不大于 不多于 至少 突破 超过 高于 低于 少于 多于 大于 小于 "
    "控制在 稳定在 保持在 维持在 保持 稳定 达到 达 过 超 逾 不足 最多 最少 约为 大约 约 近 为 在"
).split()
_KW_WORDS = (
    "增长 增加 提高 提升 下降 降低 减少 上涨 上升 涨幅 增幅 降幅 增速 递增 递减 压减 压降 削减 缩减 压缩 降"
).split()
# growth words that ask for less, not more: the indicator's direction is "down"
_DECLINE_WORDS = frozenset("下降 降低 减少 降幅 递减 压减 压降 削减 缩减 压缩 降".split())
_ADVERBS = "均 分别 各 都 共 总计 合计 累计 力争 确保 再 进一步 持续 可望 有望".split()
_BASELINES = (
    "同比 年均 较上年 比上年 较上一年 比上一年 较上年度 较上一年度 比上年度 较去年 比去年 较同期".split()
)
_TAIL_REVERSED = re.compile(
    rf"(?:[ 均各]|别分)*"
    rf"(?P<cmp>{_reversed_trie(_CMP_WORDS)})?"
    rf"(?P<to>[到至])?"
    rf"(?:{_reversed_trie(_ADVERBS)})?"
    rf"(?P<kw>{_reversed_trie(_KW_WORDS)})?"
    rf"(?:{_reversed_trie(_BASELINES)})?"
)
_PREFIX_CMP: dict[str, Comparator] = {
    **dict.fromkeys(
        (
            "不少于",
            "不低于",
            "不小于",
            "至少",
            "最少",
            "突破",
            "超过",
            "超",
            "逾",
            "高于",
            "多于",
            "大于",
            "过",
        ),
        ">=",
    ),
    **dict.fromkeys(
        ("不超过", "不高于", "不大于", "不多于", "最多", "不足", "控制在", "低于", "少于", "小于"), "<="
    ),
    **dict.fromkeys(("约为", "大约", "约", "近"), "~"),
}
_SUFFIX_CMP: dict[str, Comparator] = {
    "及以上": ">=", "以上": ">=", "以内": "<=", "以下": "<=", "之内": "<=", "内": "<=", "左右": "~",
}  # fmt: skip
_THRESHOLD_SUFFIXES = frozenset(("及以上", "以上", "以内", "以下", "之内", "内"))

_LEAD_WORDS = re.compile(
    r"^(?:[★☆●○■□◆◇▲△※*#•·]|全年|年内|今年|明年|全区|全县|全市|全镇|力争|争取|确保|努力|奋力|全力|实现|完成|打造|实施|"
    r"其中|预计|计划|目标是|要|将|并|同时|再|还|进一步|累计|总计|合计|以及|和|及|与| )+"
)
_TRAIL_WORDS = (*"的 各 均 分别 共 总计 合计 累计 涉及 包括 达 到 为 按 拟 完成 实现 安排".split(), " ")
# A lone Chinese numeral is read as a quantity only after one of these.
_LONE_CN_AFTER = re.compile(
    r"(?:新建|新增|新改建|改扩建|建成|建设|完成|实施|打造|培育|引进|创建|争创|创成|开展|举办|认定|"
    r"提高|提升|增长|下降|降低|减少|增加|达到|达|突破|超过|超|逾|过|不少于|不低于|不超过|控制在|开工|签约|"
    r"改造|招引|落地|获批|建立|组建|设立|招录|招聘|选派|培训|新认定|新培育|新引进)$"
)
_MONEY_METRIC = re.compile(
    r"营收|收入|投资|产值|总额|资金|销售额|交易额|成交额|增加值|生产总值|GDP|税收|贷款|融资|金额|"
    r"营业额|利润|规模|消费|存款|余额|出口|进口|产出|资产|支出|经费|基金"
)
# What may follow a quantity without making it a description of a noun.
_FOLLOW_OK = re.compile(
    r"目标|任务|水平|规模|大关|同比|增长(?!点)|比上年|较上年|和|及|与|或|等|以|左右|的目标|的任务"
)
_FOLLOW_SPEC = re.compile(r"[级型式]")
_FOLLOW_NOUN = re.compile(r"的?([\u4e00-\u9fff“”]{1,16})")
# Where a noun after a count stops: the verb of the rest of the clause.
_FOLLOW_STOP = re.compile(
    r"完成|实现|涉及|达到|增长|投资|建成|新增|开工|投产|落户|落地|完工|纳入|入驻|发展|惠及|覆盖|包括|累计|"
    r"以及|和|及|与|的"
)
_INSTITUTION = re.compile(r"[校园院所站室馆学]")
_GROWTH_AFTER = re.compile(r"的?(?:增长|增速|增幅|涨幅)(?!点)")  # 实现7%的增长
_GROWTH_METRIC = re.compile(r"(?:增速|增幅|涨幅|降幅)$")
_LIST_GAP = re.compile(r"[、,，和及与 ]*(?:力争|争取|确保|努力)?")
_BASELINE_TAIL = re.compile(r"(?:比|较)(?:\d{4}年度?|上年|去年|同期)$")
# 、 is no boundary: before a first quantity it joins nouns (中小学、幼儿园20所); between
# quantities the previous quantity already bounds the clause (3万亩、茶园2000亩).
_BOUNDARY = frozenset(",，。;；:：!！?？\n\r()（）〔〕【】[]")
_ENUMERATOR = re.compile(r"(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[、.．](?!\d)|[①-⑳])[ \t]*")
_CLAUSE_END = _BOUNDARY | frozenset("、")
_EFFORT = re.compile(r"(?:奋力|努力|全力|积极|着力|大力)+")
_SENTENCE_END = re.compile("[。;；!！?？\n]")
_BOUNDARY_RE = re.compile("[" + re.escape("".join(sorted(_BOUNDARY))) + "]")
_NOT_BEFORE = frozenset("第每前由从")
_MAX_LEFT = 40

_cn2an: Callable[[str, str], float] | None = None


def _cn_number(s: str) -> float | None:
    """The value of a Chinese numeral, or None when it is not one (十四五, 一二)."""
    global _cn2an
    if len(s) > 1 and not any(c in "十百千万亿点" for c in s):
        return None  # digit by digit (一二, 二〇二三): a code or a year, not a quantity
    mag = 1.0
    head = s
    if len(s) > 1 and s[-1] in "万亿" and ("点" in s or s[0] in "百千"):
        mag = _MAGNITUDE[s[-1]]
        head = s[:-1]
    if head[0] in "百千":
        head = "一" + head
    if _cn2an is None:
        import cn2an  # noqa: PLC0415 - 0.3 s to import: only when a Chinese numeral is read

        _cn2an = cn2an.cn2an
    try:
        return float(_cn2an(head, "normal")) * mag
    except Exception:  # cn2an raises several kinds on what is not a numeral; none is ours to see
        return None


def _number(s: str) -> float | None:
    if s[0].isdigit():
        return float(s.replace(",", ""))
    return _cn_number(s)


_QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("「", "」"), ("‘", "’"))


class _Quotes:
    """Whether a position falls inside “…”, 《…》, 「…」 or "…": a name or slogan, not a quantity.

    Positions are asked in increasing order, so the counts are carried forward: a whole report
    with thousands of numbers is still read in one pass.
    """

    __slots__ = ("_depth", "_pos", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._depth = [0] * (len(_QUOTE_PAIRS) + 1)

    def inside(self, pos: int) -> bool:
        t, last = self._text, self._pos
        if pos > last:
            for k, (o, c) in enumerate(_QUOTE_PAIRS):
                self._depth[k] += t.count(o, last, pos) - t.count(c, last, pos)
            self._depth[-1] += t.count('"', last, pos)
            self._pos = pos
        return any(d > 0 for d in self._depth[:-1]) or self._depth[-1] % 2 == 1


@dataclass(slots=True)
class _Found:
    """A quantity on its way to becoming an Indicator, with what the list rules need."""

    start: int  # start of `text`
    num_start: int
    end: int
    metric: str
    measure: Measure
    value: float
    unit: str
    comparator: Comparator
    cmp_from: str  # "range", "suffix", "prefix", "approx" or ""
    value_max: float | None
    value_text: str
    kw: str  # the growth word before the number (增长, 下降 …), "" when none
    to: bool
    metric_from_noun: bool


def extract_indicators(text: str) -> list[Indicator]:
    """Every quantified commitment in `text`, in order of appearance (see the module doc)."""
    if not text:
        return []
    norm = text.translate(_FULLWIDTH) if _FULLWIDTH_ANY.search(text) else text
    quotes = _Quotes(norm) if any(q in norm for q in _QUOTE_CHARS) else None
    found: list[_Found] = []
    prev_end = pos = 0
    n = len(norm)
    while (c := _START.search(norm, pos)) is not None:
        p = pos = c.start()
        if not norm[p].isdigit():
            # most Chinese numerals in a task are words (一批, 三区三线, 一件事): drop them
            # before the full pattern runs
            nxt = norm[p + 1] if p + 1 < n else ""
            if (nxt not in _CN_NEXT and not norm.startswith("百分之", p)) or (
                norm[p] == "一" and nxt not in _CN_CONTINUE and nxt not in _RANGE_SEP
            ):
                pos = p + 1
                continue
        m = _QUANTITY.match(norm, p)
        if m is None:
            pos = p + 1
            continue
        pos = m.end()
        f = _read(norm, text, m, prev_end, quotes)
        if f is None:
            continue
        if found and _LIST_GAP.fullmatch(norm, found[-1].end, f.num_start):
            _share(found[-1], f)
        elif found and not f.metric and not _SENTENCE_END.search(norm, found[-1].end, f.num_start):
            f.metric = found[-1].metric  # 社会消费品零售总额达到350亿元,增长8%
        found.append(f)
        prev_end = f.end
    # a trailing 以上 covers the whole list before it: 60万亩、27万吨以上
    for a, b in zip(reversed(found[:-1]), reversed(found[1:]), strict=True):
        if not a.cmp_from and b.cmp_from == "suffix" and _LIST_GAP.fullmatch(norm, a.end, b.num_start):
            a.comparator, a.cmp_from = b.comparator, "suffix"
    return [
        Indicator(
            text=text[f.start : f.end].strip(),
            metric=_as_printed(f.metric, norm, text, f.end),
            measure=f.measure,
            value=f.value,
            unit=f.unit,
            comparator=f.comparator,
            value_max=f.value_max,
            value_text=f.value_text,
            direction="down" if f.kw in _DECLINE_WORDS else "",
        )
        for f in found
    ]


def _as_printed(piece: str, norm: str, text: str, before: int) -> str:
    """`piece` of the normalized text, last seen before `before`, as the original prints it
    (ＧＤＰ, not GDP)."""
    if norm is text or not piece:
        return piece
    k = norm.rfind(piece, 0, before)
    return text[k : k + len(piece)] if k >= 0 else piece


def _share(a: _Found, b: _Found) -> None:
    """b follows a in a list (、 or 和 between them): it takes what it does not say itself."""
    if not b.metric:
        b.metric, b.metric_from_noun = a.metric, a.metric_from_noun
    if a.kw and not b.kw and not b.to and b.unit == a.unit:
        b.kw, b.to, b.measure = a.kw, a.to, a.measure
    if not b.cmp_from and a.cmp_from == "prefix":
        b.comparator, b.cmp_from = a.comparator, "prefix"


def _clause_start(norm: str, lo: int, s: int) -> int:
    """Where the clause holding position s starts: after the last boundary in [lo, s).

    A 、 or ( inside “…” belongs to a name (“金龙、玉龙、潜龙”企业), so it is no boundary.
    """
    last = lo
    for b in _BOUNDARY_RE.finditer(norm, lo, s):
        last = b.end()
    if "”" not in norm[last:s] or "“" in norm[last:s]:
        return last
    i, quoted = s, 0
    while i > lo:
        c = norm[i - 1]
        if c == "”":
            quoted += 1
        elif c == "“":
            quoted = max(0, quoted - 1)
        elif not quoted and c in _BOUNDARY:
            break
        i -= 1
    return i


def _after(norm: str, end: int, measure: Measure, suf: str | None) -> tuple[str, int] | None:
    """What follows a quantity: None when it makes the quantity a description of a noun
    (年产10万吨项目, 5000万元以上项目, 百亿级); else the noun a count counts, and where it ends.
    """
    nxt = norm[end : end + 1]
    if (
        not nxt
        or not ("\u4e00" <= nxt <= "\u9fff" or nxt in '“"' or nxt.isalpha())
        or _FOLLOW_OK.match(norm, end)
    ):
        return "", end
    if _FOLLOW_SPEC.match(norm, end) or suf in _THRESHOLD_SUFFIXES or measure == "level":
        return None
    if measure != "count" or (fm := _FOLLOW_NOUN.match(norm, end)) is None:
        return "", end
    noun = fm.group(1)
    stop = _FOLLOW_STOP.search(noun)
    if stop:
        noun = noun[: stop.start()]
    return noun, fm.start(1) + len(noun)


def _before(norm: str, lo: int, s: int) -> tuple[int, str, str, bool, str | None]:
    """The words before a quantity, back to the clause boundary (or lo): where `text` starts,
    the metric, the growth word before the number ("" if none), whether 到/至 came before it,
    and the comparator word.
    """
    i = _clause_start(norm, lo, s)
    while i < s and norm[i] in "、 ":
        i += 1
    enum = _ENUMERATOR.match(norm, i, s)
    if enum:
        i = enum.end()  # 一、 1. ①: the sentence's number, not its subject
    effort = _EFFORT.match(norm, i, s)
    if effort:
        i = effort.end()  # 奋力实现营收过千亿: the commitment starts at 实现
    left = norm[i:s]
    tail = _TAIL_REVERSED.match(left[::-1])
    if tail is None:  # cannot happen: every part of the pattern is optional
        return i, left.strip(), "", False, None
    pre = tail["cmp"][::-1] if tail["cmp"] else None
    if pre == "过" and len(left) > tail.end() and left[-tail.end() - 1] in "通经越":
        pre = None  # 通过, 经过, 越过: not 超过
    metric = _LEAD_WORDS.sub("", left[: len(left) - tail.end()].strip())
    while metric.endswith(_TRAIL_WORDS):
        metric = metric[: -next(len(w) for w in _TRAIL_WORDS if metric.endswith(w))]
    if metric.endswith(("年", "年度", "比", "较")):
        metric = _BASELINE_TAIL.sub("", metric)
    start = i + (len(left) - len(left.lstrip()))
    return start, metric, tail["kw"][::-1] if tail["kw"] else "", bool(tail["to"]), pre


def _read(norm: str, text: str, m: re.Match[str], prev_end: int, quotes: _Quotes | None) -> _Found | None:
    """One quantity match → a _Found, or None when it is no commitment."""
    pct, n1, mag1, _sep, n2, ap1, mag_word, ap2, unit_word, per, suf = m.groups()
    s = m.start()
    if pct:  # 百分之五 is 5%
        if unit_word:
            return None
        unit_word = "%"
    if n1[0].isdigit() and s and (norm[s - 1] == "." or norm[s - 1].isascii() and norm[s - 1].isalnum()):
        return None  # PM2.5, S314, G351: part of a code
    spec = _UNITS.get(unit_word) if unit_word else None
    if unit_word and spec is None:
        return None
    cn_mag = not n1[0].isdigit() and n1[-1] in "万亿"
    if spec is None and not mag_word and not cn_mag:
        return None
    before = norm[s - 1] if s else ""
    if before in _NOT_BEFORE:
        return None
    if not n1[0].isdigit() and not pct:
        # A lone numeral (两所, 三个) or a bare magnitude (千亿项目库, 百万人口) is a quantity
        # after a verb or comparator (新建两所, 过千亿) or when its unit ends the clause
        # (新建学校三所。), not in a name (两个确立, 三项行动); 一 alone is a word (一批, 一件事).
        lone = len(n1) == 1 or (n1[0] in "十百千万" and not n1.strip("十百千万亿"))
        if (
            lone
            and not n2
            and (
                n1 == "一"
                or not (
                    _LONE_CN_AFTER.search(norm, max(0, s - 3), s)
                    or (unit_word and (m.end() == len(norm) or norm[m.end()] in _CLAUSE_END))
                )
            )
        ):
            return None
    if quotes is not None and quotes.inside(s):
        return None
    v1 = _number(n1)
    if v1 is None:
        return None
    v2: float | None = None
    mag = _MAGNITUDE[mag_word] if mag_word else 1.0
    if n2:
        v2 = _number(n2)
        if v2 is None:
            return None
        v1 *= _MAGNITUDE[mag1] if mag1 else mag
        v2 *= mag
        if not v2 > v1 or not math.isfinite(v2):
            return None  # 2023-2025, 3-1: not a range of quantities
    else:
        v1 *= mag
    if not math.isfinite(v1):
        return None  # a run of 400 digits is noise, and JSON has no infinity
    end = m.end()
    unit_end = (
        m.end("per") if per else m.end("unit") if m["unit"] else m.end("mag") if mag_word else m.end("n1")
    )
    value_text = text[s:unit_end]

    follow = _after(norm, end, spec[0] if spec else "level", suf)
    if follow is None:
        return None
    start, metric, kw, to, pre = _before(norm, max(prev_end, s - _MAX_LEFT), s)
    metric_from_noun = False
    if follow[0]:  # 建成3个重大科创平台: what is counted is the noun after the count
        metric, end = follow
        metric_from_noun = True

    if unit_word == "所" and not _INSTITUTION.search(metric):
        return None  # 中船710所 is an institute's name; 2所 counts schools, clinics, stations
    if spec is None:
        if not _MONEY_METRIC.search(metric):
            return None
        measure: Measure = "level"
        unit = "元"
    else:
        measure, unit = spec
        if per:
            unit += per  # 元/吨
    if unit in ("%", "‰"):
        if (kw and not to) or _GROWTH_METRIC.search(metric) or _GROWTH_AFTER.match(norm, m.end()):
            measure = "growth"

    comparator: Comparator = "="
    cmp_from = ""
    if v2 is not None:
        comparator, cmp_from = ">=", "range"
    elif suf:
        comparator, cmp_from = _SUFFIX_CMP[suf], "suffix"
    elif pre in _PREFIX_CMP:
        comparator, cmp_from = _PREFIX_CMP[pre], "prefix"
    elif ap1 or ap2:
        comparator, cmp_from = ">=", "approx"
    return _Found(
        start=start,
        num_start=s,
        end=end,
        metric=metric,
        measure=measure,
        value=float(f"{v1:.12g}"),  # 4.1 * 1e8 is 409999999.99999994
        unit=unit,
        comparator=comparator,
        cmp_from=cmp_from,
        value_max=float(f"{v2:.12g}") if v2 is not None else None,
        value_text=value_text,
        kw=kw,
        to=to,
        metric_from_noun=metric_from_noun,
    )
