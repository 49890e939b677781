"""The parts of a 政府工作报告: which paragraphs are this year's work and which are not.

A work report is heard once a year and printed in a few habitual shapes. Whatever the level
(国务院 to a county), it runs:

1. **front matter**: title, the session's date line (——2024年1月10日在…人民代表大会…上), the
   speaker, 各位代表 and 现在,我代表…请予审议;
2. **the review**: last year (2023年工作回顾), often the past five years too (“十三五”时期…回顾);
3. in a year that opens a five-year plan, **the outline** of the coming five years (二、“十四五”
   时期的主要目标任务, 今后五年…), which looks like a year's work — headings, goals, figures —
   and is not decomposed: the year's plan comes from the year's own part;
4. **this year's work**: its intro (总体要求), the main targets (主要预期目标), the key work under
   (一)… headings, the government's own conduct (政府自身建设), for the national reports the
   paragraphs on 民族宗教, 国防, 港澳台 and 外交;
5. **what follows**: the closing appeal (各位代表!…让我们…), 附件 (十件民生实事), 名词解释.

Parts are found from their headings (一、…, or unnumbered title lines such as 2026年重点工作 where
a report has no numbers) and classified by what their titles say (a year before the report's,
回顾, a five-year plan's name, 今年/the report's year). A part whose title says neither takes its
kind from where it stands: after this year's first part it is this year's (the 2020 national
report numbers its work as parts 三 to 八). Inside this year's part a sub-heading can still
hold the five-year goals ((一)“十四五”时期主要目标 before (二)2021年主要预期目标): those are
outline too. The rules are about how reports are written, never one report's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from duban.core import textseg
from duban.core.document import Document

PartKind = Literal["front", "review", "outline", "year", "after"]


@dataclass(frozen=True)
class Para:
    """A paragraph with the input lines it spans; a table row keeps its cells."""

    text: str
    lines: tuple[int, int]
    cells: tuple[str, ...] | None = None


@dataclass
class Part:
    """A run of paragraphs `start`..`end` (exclusive) of one kind, with its heading if printed."""

    kind: PartKind
    start: int
    end: int
    title: str | None = None
    number: str | None = None


@dataclass
class Layout:
    """A report's paragraphs cut into its parts, with the year it plans for."""

    paras: list[Para]
    year: int | None
    region: str | None
    parts: list[Part] = field(default_factory=list)
    kinds: list[PartKind] = field(default_factory=list)  # one per paragraph

    def year_parts(self) -> list[Part]:
        return [p for p in self.parts if p.kind == "year"]


_YEAR_RE = re.compile(r"(20\d\d)\s*年")
_SESSION_RE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日\s*在.{0,40}?(?:人民代表大会|人大)")
_DATE_RE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日")


def _planned(m: re.Match[str]) -> int:
    """The year a session dated `m` plans for: the next when it sits in November or December (a
    district's congress of 2022年12月19日 hears the 2023 report)."""
    return int(m.group(1)) + (1 if int(m.group(2)) >= 11 else 0)
_REGION_RE = re.compile(
    r"在([\u4e00-\u9fa5]{1,10}?(?:自治县|自治州|自治旗|新区|区|县|市|旗|州|盟|省|自治区))第?[一二三四五六七八九十百\d]+届人民代表大会"
)
_REGION_GOV_RE = re.compile(r"代表([\u4e00-\u9fa5]{2,8}?(?:区|县|市|旗|省))人民政府")
_SPEAKER_RE = re.compile(r"^([\u4e00-\u9fa5]{2,8}?(?:自治区|区|县|市|旗|省))人民政府\s*(?:代理)?代?(?:省|市|区|县|旗)长")
_PLAN_NAME = r"十[一二三四五六七八九]五"
_FIVE_YEARS_RE = re.compile(rf"{_PLAN_NAME}|今后五年|未来五年|五年规划|远景目标")
_REVIEW_TITLE_RE = re.compile(r"回顾|回眸|成绩|成就|过去[一五]年|工作总结|过去的一年")
_YEAR_TITLE_RE = re.compile(
    r"今年|本年|年度|工作安排|重点工作|主要任务|工作任务|目标任务|总体要求|政策取向|工作部署|总体部署|自身建设|政府建设|"
    r"主要预期目标|主要工作"
)
# an unnumbered part title (a report without 一、二、): short, no sentence marks, and naming a part
_TITLE_WORDS_RE = re.compile(
    r"回顾|回眸|工作安排|重点工作|主要工作|主要任务|目标任务|工作任务|奋斗目标|主要目标|总体要求|自身建设|政策取向|工作部署|成就$|目标$"
)
# what a digest or a page prints around a title: — 主要目标 —, 【2021年目标】, a colon after it
_TITLE_DECORATION_RE = re.compile(r"^[\s—–\-■□●◆◇★☆【\[〔]+|[\s—–\-■□●◆◇★☆】\]〕:：]+$")
_SENTENCE_MARK = re.compile(r"[。,，;；:：!！?？]")
_QUOTES = str.maketrans("", "", "“”\"'‘’《》「」 \u3000")
# what follows the work: notes and appendices, printed as a bare line
_AFTER_RE = re.compile(
    r"^[【\[(（]?\s*(?:名词解释|名词注释|注释|注解|附注|附\s*件\s*[\d一二三四五六七八九十]*|附\s*表\s*[\d一二三四五六七八九十]*)"
    r"\s*[】\])）]?\s*[:：]?\s*$"
)
_APPEAL_RE = re.compile(r"让我们")
_BARE_ADDRESS_RE = re.compile(r"^(各位代表|同志们)\s*[!！:：,，。]?\s*$")


_SENTENCE_END = tuple("。!?:;\uff01\uff1f\uff1a\uff1b”)\uff09》")


def hard_wrapped(doc: Document) -> int | None:
    """The width of a text broken into lines of a width rather than a paragraph a line (copied out
    of a PDF, saved from a mail): most of its long lines run to about one length and stop inside a
    sentence, where a paragraph a line ends its long lines with the sentence's mark (only titles
    and furniture do not) and a digest's lines without marks vary in length. The width is the
    long lines' median length; None for a text that is not wrapped."""
    long = [t for t in (ln.text.replace("\u3000", " ").strip() for ln in doc.lines if ln.cells is None) if len(t) >= 20]
    if len(long) < 10:
        return None
    width = sorted(len(t) for t in long)[len(long) // 2]
    open_ended = sum(not t.endswith(_SENTENCE_END) for t in long)
    at_width = sum(abs(len(t) - width) <= width * 0.1 for t in long)
    return width if open_ended > len(long) / 2 and at_width >= len(long) * 0.6 else None


def paragraphs(doc: Document) -> list[Para]:
    """Paragraphs with their line spans; a table row keeps its cells and reads as its cells joined.
    Lines of a PDF are joined until a sentence ends (a page breaks lines inside paragraphs); so are
    the lines of a text wrapped at a width, and a full-width line goes on in the next one even where
    a sentence ends on it."""
    paras: list[Para] = []
    width = None if doc.kind == "pdf" else hard_wrapped(doc)
    join = doc.kind == "pdf" or width is not None
    last = 0  # the length of the line the last paragraph ends with
    glued = False  # the last paragraph took a fragment a page's inline markup broke off
    for line in doc.lines:
        if line.cells is not None:
            cells = tuple(c.replace("\u3000", " ").strip() for c in line.cells)
            if any(cells):
                paras.append(Para(" ".join(c for c in cells if c), (line.no, line.no), cells))
            continue
        text = line.text.replace("\u3000", " ").strip()
        if not text:
            continue
        open_ended = bool(paras) and not paras[-1].text.endswith(_SENTENCE_END)
        if paras and paras[-1].cells is None and (
            text[0] in ",，:：。;；、”’)）"
            or (glued and open_ended and textseg.heading(text) is None and not re.match(r"\d{1,2}\s*[.、．]", text))
            or (
                # …转化项目清单， / 构建“雄安研发、保定转化”协同机制。: a page broke the sentence after a comma
                paras[-1].text.endswith(("，", ",", "、"))
                and len(paras[-1].text) >= 20
                and textseg.heading(paras[-1].text) is None
                and textseg.heading(text) is None
                and not _LIST_ITEM_RE.match(text)
            )
            or (
                _fragment(text)
                and open_ended
                and not paras[-1].text.endswith(("〕", "】", "」", "』"))  # a unit's note ends its item
                and len(paras[-1].text) >= 20
                and textseg.heading(paras[-1].text) is None
            )
        ):
            # 报告指出 / ，去年以来…; 省委十届二次、三 / 次全会 / 部署，…: the page's markup broke the
            # sentence; the line after a fragment goes on with it too
            prev = paras[-1]
            glued = _fragment(text)
            paras[-1] = Para(prev.text + text, (prev.lines[0], line.no))
            last = len(text)
            continue
        glued = False
        full = width is not None and last >= width  # the line before ran to the width
        if (
            join
            and paras
            and paras[-1].cells is None
            and (
                (full and open_ended)  # 坚持质量第 / 一、效益优先: the break fell inside a word
                or (
                    (full or (open_ended and len(paras[-1].text) >= 20))
                    and (full or textseg.heading(paras[-1].text) is None)
                    and textseg.heading(text) is None
                )
            )
        ):
            prev = paras[-1]
            paras[-1] = Para(prev.text + text, (prev.lines[0], line.no))
            last = len(text)
            continue
        paras.append(Para(text, (line.no, line.no)))
        last = len(text)
    return paras


_LIST_ITEM_RE = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[•●○◆◇■□▪►▶·—-])")


def _fragment(text: str) -> bool:
    """A few characters with no mark at all: a word a page's inline markup put on a line of its own
    (次全会, 两个维护, 中科院, 缓税费超)."""
    return len(text) <= 8 and not re.search(r"[\W\d_a-zA-Z]", text)


def report_year(paras: list[Para]) -> int | None:
    """The year the report plans for: the session's date (reports are heard early in the year),
    else the latest year a part's title names, else the first full date near the top."""
    for p in paras[:12]:
        m = _SESSION_RE.search(p.text)
        if m:
            return _planned(m)
    for p in paras[:8]:  # a title naming it: 高阳县2024年政府工作报告 (标题：… in a file's own header)
        m = re.match(r"^(?:标题|题目|名称)?[:：]?\s*\S{0,20}?(20\d\d)\s*年(?:度)?\S{0,12}?政府工作报告", p.text)
        if m and len(p.text) <= 40:
            return int(m.group(1))
    years = [
        int(m.group(1))
        for p in paras
        if (t := _part_title(p)) is not None
        for m in _YEAR_RE.finditer(t[1])
    ] + [int(m.group(1)) for p in paras if _unnumbered_title(p) for m in _YEAR_RE.finditer(bare_title(p.text))]
    if years:
        return max(years)
    for p in paras[:30]:
        m = _DATE_RE.search(p.text)
        if m:
            return _planned(m)
    opening = [
        int(m.group(1)) for p in paras if (m := re.match(r"^(20\d\d)\s*年[,，是]", _REPORT_SAYS_RE.sub("", p.text)))
    ]
    return max(opening) if opening else None  # a news item: 2017年,…较好完成…; 2018年,…将…


def report_region(paras: list[Para]) -> str | None:
    """The government reporting, from the speaker's line (涞源县人民政府县长…), the session's
    (在示例区第十届人民代表大会…) or the greeting (我代表示例区人民政府…), near the top."""
    top = [p.text for p in paras[:12]]
    for text in top:
        m = _SPEAKER_RE.match(text)
        if m:
            return m.group(1)
    for text in top:
        m = _REGION_RE.search(text)
        if m:
            name = m.group(1)
            if len(name) >= 2:
                return name
    for text in top:
        m = _REGION_GOV_RE.search(text)
        if m:
            return m.group(1)
    return None


def _part_title(p: Para) -> tuple[str | None, str] | None:
    """(number, title) of a numbered top-level heading (一、…), else None."""
    if p.cells is not None:
        return None
    h = textseg.heading(p.text)
    if h is not None and h.level == 1:
        return h.number, h.title
    return None


def bare_title(text: str) -> str:
    """A title line without its decoration and the colon after it: — 主要目标 — → 主要目标."""
    return _TITLE_DECORATION_RE.sub("", text)


def _unnumbered_title(p: Para) -> bool:
    t = bare_title(p.text)
    return (
        p.cells is None
        and 4 <= len(t) <= 30
        and not _SENTENCE_MARK.search(t)
        and bool(_TITLE_WORDS_RE.search(t))
        and textseg.heading(t) is None
    )


def _names_the_year(title: str, year: int | None) -> bool:
    """Whether a title names the report's year (2021年重点工作, 今年…), not only work (重点工作方向)."""
    t = title.translate(_QUOTES)
    return bool(re.search(r"今年|本年|明年", t)) or bool(_YEAR_RE.search(t))


def title_kind(title: str, year: int | None) -> PartKind | None:
    """What a part's (or a sub-part's) title says it is, or None when it does not say."""
    t = title.translate(_QUOTES)
    years = [int(y) for y in _YEAR_RE.findall(t)]
    this_year = year is not None and year in years
    if _REVIEW_TITLE_RE.search(t) and not re.search(r"今年|明年", t):
        return "review"
    if year is not None and years and max(years) < year:
        return "review"
    if this_year or re.search(r"今年|本年度?", t):
        return "year"
    if _FIVE_YEARS_RE.search(t):
        return "outline"
    if _YEAR_TITLE_RE.search(t):
        return "year"
    return None


_AHEAD_RE = re.compile(rf"^(?:今后五年|未来五年|“?{_PLAN_NAME}”?时期|到20\d\d年)")
_THIS_YEAR_RE = re.compile(r"^(?:今年|本年|全年)")


def _kind_by_content(paras: list[Para], year: int | None) -> PartKind:
    """A part whose title names neither a year nor a plan, after the review: the outline if its
    paragraphs speak of the coming five years more than of this one, else this year's work."""
    ahead = sum(1 for p in paras if _AHEAD_RE.match(p.text))
    this = sum(
        1 for p in paras if _THIS_YEAR_RE.match(p.text) or (year is not None and p.text.startswith(f"{year}年"))
    )
    return "outline" if ahead > this else "year"


def is_after(p: Para) -> bool:
    """A bare line opening what follows the work: 名词解释, 注释, 附件1, 附表."""
    return p.cells is None and bool(_AFTER_RE.match(p.text))


def is_closing(p: Para) -> bool:
    """The closing appeal (…让我们…, 我们要更加紧密地团结在…!) or a bare 各位代表!; a copy that
    lost the appeal's last mark (…团结在…周围,…不懈奋斗) still ends it in 奋斗."""
    if p.cells is not None:
        return False
    text = p.text.rstrip()
    return (
        bool(_BARE_ADDRESS_RE.match(text))
        or bool(_APPEAL_RE.search(text))
        or ("团结在" in text and text.endswith(("!", "\uff01", "奋斗")))
    )


_NOTE_ITEM_RE = re.compile(
    r"^\s*(?:[\[【(\uff08]\s*\d{1,2}\s*[\]】)\uff09]|\d{1,2}\s*[.、．])\s*[^,\uff0c。]{1,30}?[:\uff1a]"
)


def is_note_item(p: Para) -> bool:
    """An entry of a glossary: 1.三区三线:…, [2]“两不愁三保障”:…"""
    return p.cells is None and bool(_NOTE_ITEM_RE.match(p.text))


_CREDIT_RE = re.compile(
    r"^[(（\[【]?(?:责编|责任编辑|编辑|来源|作者|记者|通讯员|原标题|初审|终审|审核|校对)[:：]|Copyright|©|版权所有|扫一扫|"
    r"^(?:会议|大会)还?(?:听取|审议|通过)|(?:新闻|报料)热线|^本报记者|^根据会议议程|大会印发|"
    r"(?:记者|摄影)\s*[\u4e00-\u9fa5]{2,4}\s*摄$|摄$|\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
)


def is_credit(p: Para) -> bool:
    """A credit, a caption or a dateline a news page prints among the report's paragraphs."""
    return _is_credit(p)


_PAST_ACCOUNT_RE = re.compile(r"^[^,，。]{0,16}(?:回顾|总结)了?(?:过去|上)(?:一年|五年)|^一年来[,，]\s*我们")
_ATTRIBUTED_RE = re.compile(r"^[\u4e00-\u9fa5]{2,4}(?:说|表示|指出)[,，:：]\s*")


def is_past_account(p: Para) -> bool:
    """A news item telling last year's work in the report's words (马兴瑞在报告中回顾了过去一年的工作。,
    马兴瑞说,一年来,我们…): the review, wherever the page prints it. A report's own 过去一年,国防和军队
    建设取得…。新的一年,要… is not one."""
    if p.cells is not None:
        return False
    text = _ATTRIBUTED_RE.sub("", p.text)
    attributed = text != p.text
    return bool(_PAST_ACCOUNT_RE.match(text)) or (attributed and bool(re.match(r"^(?:过去一年|过去的一年|刚刚过去的)", text)))


def _is_credit(p: Para) -> bool:
    """A news page's credits and its account of the session after the report's text: (责编:…),
    Copyright …, 会议还听取审议了…"""
    return p.cells is None and len(p.text) <= 80 and bool(_CREDIT_RE.search(p.text))


_NARRATION_RE = re.compile(
    r"(?:人民代表大会|人大).{0,30}?(?:开幕|召开|举行)|(?:作|所作的?)《?(?:政府)?工作报告》?|向大会报告工作|^(?:本报|记者|通讯员)"
)


_LISTS_TARGETS_RE = re.compile(r"(?:主要)?(?:预期)?目标(?:建议|确定)?(?:是|为)")


def is_narration(p: Para) -> bool:
    """A news item's account of the session (1月26日上午,…会议开幕。…作工作报告。; 会上,市长…作政府工作
    报告,提出…; 本报记者 …): neither targets nor work. Judged by its first sentence, so a work
    paragraph that mentions the congress later on is not one."""
    if p.cells is not None:
        return False
    first = textseg.sentences(p.text)[:1]
    return (
        bool(first)
        and bool(_NARRATION_RE.search(first[0]))
        and not p.text.startswith(("现在", "各位代表"))
        and not _LISTS_TARGETS_RE.search(p.text)  # …作政府工作报告。报告中提出,…主要预期目标是…
    )


# the session's next business after the government's report, as a news page tells it: another
# body's report (县人大常委会主任X作…常务委员会工作报告, X作…人民法院工作报告) or the vote and the papers
# handed out (会议表决通过了…, 会议书面下发了…)
_NEXT_BUSINESS_RE = re.compile(
    r"^[^,，。]{2,60}?作[^,，。]{0,40}?(?:常务委员会|人大常委会|人民法院|人民检察院|监察委员会)工作报告|"
    r"^(?:会议|大会)(?:表决通过|书面下发|书面印发)"
)


def is_next_business(p: Para) -> bool:
    """The session's next business after the government's report (see _NEXT_BUSINESS_RE)."""
    return p.cells is None and bool(_NEXT_BUSINESS_RE.search(p.text))


def _footer_like(p: Para) -> bool:
    """A line a page's lists or footer print: no sentence in it, no heading, not long."""
    return (
        p.cells is None
        and len(p.text) <= 80
        and not re.search(r"[。!?\uff01\uff1f]", p.text)
        and textseg.heading(p.text) is None
    )


def _page_lists(run: list[Para]) -> bool:
    """A run of short lines with no sentence after the report's last paragraph, too long and too
    little numbered to be the report's own list: a portal's links and footer (友情链接： / 中国科技部 /
    … / 冀ICP备…号), which end the report even where it prints no closing appeal."""
    numbered = sum(1 for p in run if re.match(r"^\s*(?:\d{1,2}\s*[.、．]|[(（][\d一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)", p.text))
    return len(run) >= 5 and numbered * 3 <= len(run)


def _is_leftover(p: Para) -> bool:
    """A web page's leftover after the text: a short line with no sentence and no figure."""
    return _is_furniture(p) and not re.search(r"\d", re.sub(r"\d{4}\s*年", "", p.text))


def _is_furniture(p: Para) -> bool:
    """A short line with no sentence in it: what a web page leaves after the text."""
    return p.cells is None and len(p.text) <= 30 and not re.search(r"[。!?\uff01\uff1f]", p.text)


def layout(doc: Document) -> Layout:
    """The report's paragraphs, its year and region, and its parts."""
    paras = paragraphs(doc)
    year = report_year(paras)
    lay = Layout(paras=paras, year=year, region=report_region(paras))
    if not paras:
        return lay
    after = next((i for i, p in enumerate(paras) if i > 0 and is_after(p)), len(paras))

    # numbered parts (一、…) and unnumbered title lines (2024年工作安排) alike: a report may print
    # its parts without numbers and number the year's work 一、二、 under them
    heads: list[tuple[int, str | None, str]] = []
    for i, p in enumerate(paras[:after]):
        t = _part_title(p)
        if t is not None:
            heads.append((i, t[0], t[1]))
        elif _unnumbered_title(p) and title_kind(bare_title(p.text), year) is not None:
            heads.append((i, None, bare_title(p.text)))
    # a table of contents (提纲: 一、…二、…三、… before the text) prints the heads the text prints
    # again: the first printing is not the report
    later = {(number, re.sub(r"\s", "", title)) for _, number, title in heads}
    seen: dict[tuple[str | None, str], int] = {}
    for k, (_, number, title) in enumerate(heads):
        seen.setdefault((number, re.sub(r"\s", "", title)), k)
    repeated = {k for k, (_, number, title) in enumerate(heads) if seen[(number, re.sub(r"\s", "", title))] != k}
    if repeated and later:
        first_again = min(repeated)
        first_start, again_start = heads[0][0], heads[first_again][0]
        body = sum(len(paras[i].text) for i in range(first_start, again_start) if i not in {h[0] for h in heads})
        if body >= 200 * first_again:
            # not a table of contents but the whole report, printed again after the page's lists
            # (a scraper's copy of the article, then of the page): the first printing is the report
            copy = again_start
            k = first_start
            while copy > heads[first_again - 1][0] + 1 and k > 0 and paras[copy - 1].text == paras[k - 1].text:
                copy, k = copy - 1, k - 1  # the second printing's own title lines and address
            after = min(after, copy)
            heads = heads[:first_again]
        else:
            heads = heads[first_again:]
    parts: list[Part] = []
    seen_year = seen_review = False
    # a page that starts inside the five-year part (今后五年工作的指导思想是…, 今后五年…主要目标是…) goes
    # on with it under a title that names no year (重点工作方向:)
    ahead = bool(heads) and any(_AHEAD_RE.match(p.text) for p in paras[: heads[0][0]])
    if heads and heads[0][0] > 0:
        # a page that starts inside this year's work (2011年主要工作 / …预期目标是:… / 一、…) has
        # its targets before the first heading: from there it is this year's
        start = _targets_start(paras[: heads[0][0]])
        if start is None:
            parts.append(Part("front", 0, heads[0][0]))
        else:
            if start > 0:
                parts.append(Part("front", 0, start))
            parts.append(Part("year", start, heads[0][0]))
            seen_year = True
    bounds = [i for i, _, _ in heads] + [after]
    for (i, number, title), end in zip(heads, bounds[1:], strict=True):
        kind = title_kind(title, year)
        if kind == "year" and ahead and not seen_year and not _names_the_year(title, year):
            kind = "outline"
        if kind is None:  # a title that does not say: where it stands, and what it speaks of
            if seen_year:
                kind = "year"
            elif seen_review:
                kind = _kind_by_content(paras[i + 1 : end], year)
            else:
                kind = "front"
        opens = _year_opens(paras, i + 1, end, year) if kind == "year" else None
        if opens is not None and _FIVE_YEARS_RE.search(title.translate(_QUOTES)) and _names_the_year(title, year):
            # 二、“十五五”时期目标任务和2026年工作安排: the plan's part until the year opens (今年是…)
            parts.append(Part("outline", i, opens, title, number))
            parts.append(Part("year", opens, end))
            seen_year = True
            continue
        seen_year = seen_year or kind == "year"
        seen_review = seen_review or kind == "review"
        parts.append(Part(kind, i, end, title, number))
    if not heads:
        start = _unheaded_year_start(paras[:after], year)
        if start is None:
            parts.append(Part("front", 0, after))
        else:
            if start > 0:
                parts.append(Part("review", 0, start))
            parts.append(Part("year", start, after))
    # the closing appeal at the end of the last part is not work, nor notes printed after it
    # without a heading (1.七大项目指挥部:…) or a web page's leftovers (扫一扫在手机上查看当前页面)
    if parts and parts[-1].kind == "year":
        last = parts[-1]
        end = next(
            (k for k in range(last.start + 2, last.end) if is_next_business(paras[k])), last.end
        )  # a news page goes on with the session's other reports: the government's is over
        k = end
        while k - 1 > last.start and _is_furniture(paras[k - 1]):
            k -= 1  # a portal's lists and footer after the text: 石家庄市 / 省教育厅 / 冀ICP备…号
        if k < end and is_closing(paras[k - 1]):
            end = k
        k = end
        while k - 1 > last.start and _footer_like(paras[k - 1]):
            k -= 1
        if k < end and paras[k - 1].text.endswith(_SENTENCE_END) and _page_lists(paras[k:end]):
            end = k  # no appeal, but the page's lists: 友情链接： / 中国科技部 / … / 主办单位：…网址：… / 冀ICP备…号
        while end - 1 > last.start and (_is_leftover(paras[end - 1]) or _is_credit(paras[end - 1])):
            end -= 1  # a page's leftovers after the text: 责编, 分享, 返回顶部, 相关新闻, Copyright
        k = end
        while k - 1 > last.start and (is_note_item(paras[k - 1]) or _is_furniture(paras[k - 1])):
            k -= 1
        if k < end and is_closing(paras[k - 1]):
            end = k
        while end - 1 > last.start and is_closing(paras[end - 1]):
            end -= 1
        if end < last.end:
            last.end = end
            parts.append(Part("after", end, after))
    if after < len(paras):
        if parts and parts[-1].kind == "after":
            parts[-1].end = len(paras)
        else:
            parts.append(Part("after", after, len(paras)))
    lay.parts = parts
    kinds: list[PartKind] = ["front"] * len(paras)
    for part in parts:
        for k in range(part.start, part.end):
            kinds[k] = part.kind
    lay.kinds = kinds
    return lay


_TARGETS_WORD_RE = re.compile(r"(?:主要)?预期目标|主要目标")


def _year_opens(paras: list[Para], start: int, end: int, year: int | None) -> int | None:
    """The first paragraph after `start` (not at it) of `start`..`end` that opens on this year
    (今年是…, 2026年…), where a part titled for both the plan and the year turns to the year."""
    pattern = rf"^(?:今年|{year}年)" if year else r"^今年"
    return next((k for k in range(start + 1, end) if re.match(pattern, paras[k].text)), None)


def _unheaded_year_start(paras: list[Para], year: int | None) -> int | None:
    """Where this year's work starts in a report with no part headings: at the main targets,
    else at the first paragraph about this year."""
    start = _targets_start(paras)
    if start is not None:
        return start
    pattern = rf"^(今年|{year}年)" if year else r"^(今年|\d{4}年)"
    return next((i for i, p in enumerate(paras) if re.match(pattern, _REPORT_SAYS_RE.sub("", p.text))), None)


# a news item's words before the report's own: 报告指出，今年政府工作的总体要求是…
_REPORT_SAYS_RE = re.compile(r"^(?:报告(?:指出|提出|强调|明确|要求)|[\u4e00-\u9fa5]{2,4}(?:表示|指出|强调))[,，:：]\s*")


_OTHER_LIST_RE = re.compile(r"(?:努力|奋斗|发展)(?:目标|指标)(?:是|为)?[:：][^。]{0,12}\d")


def _targets_start(paras: list[Para]) -> int | None:
    """The paragraph naming this year's main targets (or the 今年…/2024年… one right before it),
    not a headline (今年预期目标:地区生产总值增7.5%-8%), last year's (完成了…确定的主要目标任务) or
    a five-year plan's."""
    for i, p in enumerate(paras):
        m = _TARGETS_WORD_RE.search(p.text) or _OTHER_LIST_RE.search(p.text)
        if (
            m is None
            or p.cells is not None
            or is_narration(p)
            or (_FIVE_YEARS_RE.search(p.text.translate(_QUOTES)[:20]) and not re.match(r"^(?:\d{4}年|今年)是", p.text))
            or past_targets(p.text, m.start())
            or (len(p.text) <= 40 and not _SENTENCE_MARK.search(p.text.replace(":", "").replace("：", "")) and p.text[m.end() :].strip(" :："))
        ):
            continue
        return max(i - 1, 0) if i > 0 and re.match(r"^(今年|\d{4}年)", paras[i - 1].text) else i
    return None


def past_targets(text: str, start: int) -> bool:
    """The target word at `start` speaks of targets already set: 完成了…会议确定的主要目标任务."""
    return bool(re.search(r"(确定的|完成了?|实现了?|下达的)\s*$", text[max(0, start - 8) : start]))


_PLAN_NOTE_RE = re.compile(r"牵头|负责[)\uff09]|责任单位|配合单位|责任领导|完成时限|分工")


def looks_like_report(doc: Document) -> bool:
    """Whether a document is a work report rather than a published plan: it addresses the
    congress (各位代表, 政府工作报告) and speaks of the year (回顾, 今年, 主要预期目标), and it
    does not name who answers for its items (牵头单位, (…按职责分工负责), 完成时限) as a plan does,
    a few times every thousand characters."""
    text = "\n".join(line.text for line in doc.lines)
    titled = any(
        len(t := line.text.strip()) <= 40 and re.search(r"政府工作报告[》」]?$", t) for line in doc.lines[:8]
    )
    addressed = "各位代表" in text or titled
    yearly = bool(re.search(r"工作回顾|今年|主要预期目标|工作安排", text))
    notes = len(_PLAN_NOTE_RE.findall(text))
    return addressed and yearly and not (notes >= 3 and notes * 1000 >= len(text) * 0.5)
