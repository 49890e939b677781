"""Draft a 责任分解方案 from a 政府工作报告: this year's targets and tasks, with units suggested.

An office starts from the report the congress has just heard. The draft keeps what an office
decomposes and leaves out the rest (`workreport` finds the parts, `maintargets` the targets):

- kept: this year's part (its headings become sections), the 主要预期目标 (one target each, with
  their indicators) and every paragraph of the key work, cut into tasks of one commitment each
  (a paragraph's lead sentence — 扩大有效投资。— heads its tasks as a section); the government's
  own conduct (政府自身建设) is kept too, as plans list it;
- left out: the review (2023年工作回顾, 过去五年), a five-year outline (“十四五”时期的主要目标任务,
  今后五年…), the part's intro (总体要求, the year's situation), sentences about the targets
  (上述目标…, 需要说明的是…), the ceremony (各位代表, 现在我代表…, the closing appeal) and what
  follows (附件, 名词解释);
- marked: each task's quantified commitments (`indicators`), and what could not be read cleanly
  or was left out on purpose (`warnings`: no target section, no part for this year, an outline or
  an appendix of 民生实事 not drafted).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from duban.core import maintargets, textseg, workreport
from duban.core.document import Document
from duban.core.errors import DubanError
from duban.core.indicators import extract_indicators
from duban.core.parse.prepare import clean_page
from duban.core.parse.script import restore, simplified
from duban.core.plan import Plan, Section, Task, Warning
from duban.core.suggest import SuggestModel, assign_plan

Progress = Callable[[str, int, int], None]
"""Told what the drafter is doing: (stage in Chinese, done, total). The web app shows it."""

_INTRO_RE = re.compile(
    r"^(\d{4}年|今年)?(是|政府工作的总体要求|工作的总体要求|总体要求|总体思路|指导思想|做好今年|做好政府工作|围绕以上|围绕上述|"
    r"为实现上述|实现上述)"
)
# a paragraph about the targets or announcing the work, not a commitment
_FRAMING_RE = re.compile(
    r"^(?:需要说明的是|提出上述|上述(?:预期)?目标|(?:为|为了)?(?:实现|完成)(?:上述|以上|这些|好今年)|围绕(?:上述|以上)|"
    r"(?:经济)?增长预期目标|(?:今年)?(?:经济)?增长目标(?:确定|设定|定)为|综合研判|这样的目标|落实总体要求)"
)
_ANNOUNCE_RE = re.compile(r"(?:以下|如下|下列|[一二三四五六七八九十\d]+个?方面)(?:的?(?:重点)?工作)?\s*[:：。]?\s*$")
_ADDRESS_RE = re.compile(r"^(各位代表|同志们)\s*[!！:：,，。]?\s*$")
# a news item's attribution before the report's words: 王莉霞表示, / 报告说,
_ATTRIBUTION_RE = re.compile(
    r"^(?:就[^,，。]{2,24}[,，])?(?:[\u4e00-\u9fa5]{2,4}(?:表示|指出|强调|说)|报告(?:指出|提出|强调|说|明确))[,，:：]\s*"
)  # 就提高政府履职能力和水平,报告强调,要…: the topic the paper names before it goes too
# sentences announcing the work rather than stating it: …重点做好十个方面工作: / …今年着重抓好以下“二十项重点”:
_ANNOUNCING_RE = re.compile(
    r"^[^。:：]{0,100}?(?:以下|如下|[一二三四五六七八九十\d]+个?方面|[一二三四五六七八九十\d]+项)(?:[^。:：]{0,20}?"
    r"(?:工作|重点|任务)[”\"]?\s*[:：。]|\s*[:：])\s*"
)
# sentences inside the year's work that commit to nothing: last year told before the year's line
# (过去一年,国防和军队建设取得重大进展。新的一年,要…) and an outcome promised as the paragraph's
# conclusion (全国上下毕力同心、苦干实干,就一定能创造新的发展业绩。)
_LAST_YEAR_RE = re.compile(r"^(?:过去一年|去年以来|一年来|过去五年)[,，]")
_COMMITS_RE = re.compile(r"(?<![重主需只])要|将|继续|今年|新的一年|坚持|推进|加快|加强")
_PROMISE_RE = re.compile(r"就?一定能|必将|必定")
# what the year is (2025年是“十四五”收官之年…) and what the times ask of the government (…对政府工作
# 提出了新的更高要求。; …使命光荣、责任重大。): the work's setting, not a commitment
_SITUATION_RE = re.compile(r"^(?:\d{4}年|今年|明年)是[^。]*之年")
_DEMAND_RE = re.compile(r"提出了?[^,，。]{0,12}要求。$|使命光荣、责任重大。$")
# a sentence saying what the lead above it is to the work (讲政治是我们高标准建设…的根本保证。)
_STANDS_FOR_RE = re.compile(r"^[^,，;；]{1,12}是[^,，;；。]{2,40}的(?:根本|关键|重要|必然|首要|基本)?(?:保证|支撑|要求|保障|前提|基础|任务)。$")
# a note's marker after a term (“一本三基四梁八柱”战略框架［13］): the 注释 stays with the report
_NOTE_MARK_RE = re.compile(r"(?<=\S)[［\[〔]\d{1,2}[］\]〕]")
# a news item's byline after the paragraph's last sentence: …打造人民满意的政府。(范梦民) / (记者 张三 李四)
_BYLINE_RE = re.compile(r"(?<=[。!?\uff01\uff1f])\s*[(（](?:记者|通讯员)?\s*[\u4e00-\u9fa5]{2,4}(?:\s+[\u4e00-\u9fa5]{2,4})*[)）]\s*$")
_ADDRESS_HEAD_RE = re.compile(r"^(各位代表|同志们)\s*[!\uff01,\uff0c]\s*")
# the closing's words inside the work: what the address opens with before the first pledge (不忘初心,
# 方得始终。/ …对政府工作提出了新的更高要求。), an appeal (让我们…, not 让我们的家园…) and a litany of
# pledges (我们一定…。我们一定…。我们一定…。, a county's vows of loyalty, diligence and integrity)
_PLEDGING_RE = re.compile(r"(?<![重主需只])要(?!求)|将|继续|今年|新的一年|坚持|推进|加快|加强|一定|必须|务必|坚决|全力|着力|努力")
_APPEAL_SENTENCE_RE = re.compile(r"^让我们(?!的)")
_PLEDGE_RE = re.compile(r"^我们一定(?!要)")
_APPEAL_RE = re.compile(r"^(各位代表|同志们).{0,80}让我们")
_ITEM_RE = re.compile(r"^\s*(\d{1,2})\s*[.、．]\s*(?=\S)")
_DASH_RE = re.compile(r"^\s*(?:——|—|-{2,})\s*")
_ALSO_RE = re.compile(r"^(与此同时|此外|另外|同时)[,，]")
# fields a report turns to after its last numbered item, often without a lead: defence, nationalities
# and religion, overseas Chinese, Hong Kong, Macao and Taiwan, the people's organisations
_OTHER_FIELD_RE = re.compile(
    r"国防|军队|双拥|军政军民|退役军人|民族团结|民族宗教|民族、宗教|中华民族共同体|宗教|侨务|港澳|对台|外事|"
    r"工会|共青团|妇联|群团|残联|红十字"
)
# the other reports a session hears, by their titles: what an office may upload instead of the work report
_OTHER_REPORT_RE = re.compile(
    r"\S{0,12}(?:预算执行情况|国民经济和社会发展计划执行情况)\S{0,30}报告|\S{0,12}(?:常务委员会|人民法院|人民检察院)工作报告"
)
_LIVELIHOOD_RE = re.compile(r"民生实事|惠民实事|为民办实事")

@dataclass
class _Draft:
    plan: Plan
    next_task: int = 1
    next_section: int = 1
    target_tasks: int = 0
    warnings: list[Warning] = field(default_factory=list)

    def section(self, title: str, number: str | None, parent: str | None, lines: tuple[int, int]) -> str:
        sid = f"S{self.next_section}"
        self.next_section += 1
        self.plan.sections.append(Section(id=sid, title=title, parent=parent, number=number, lines=lines))
        return sid

    def task(self, text: str, kind: str, section: str | None, lines: tuple[int, int]) -> Task:
        t = Task(
            id=f"T{self.next_task}",
            text=text,
            number=str(self.next_task),
            section=section,
            kind="target" if kind == "target" else "task",
            lines=lines,
            indicators=list(extract_indicators(text)),
        )
        self.next_task += 1
        self.plan.tasks.append(t)
        return t


def _commits_nothing(sentence: str) -> bool:
    """Last year's results told in the year's work, or an outcome promised with no commitment
    before it (开放的中国大市场,必将…; 只要我们…,…一定能实现。): neither is a task."""
    if _LAST_YEAR_RE.match(sentence):
        return not _COMMITS_RE.search(sentence)
    if _STANDS_FOR_RE.match(sentence) or _DEMAND_RE.search(sentence):
        return True
    if _SITUATION_RE.match(sentence):
        return not _PLEDGING_RE.search(_SITUATION_RE.sub("", sentence))
    clauses = [c for c in re.split(r"[,，]", sentence) if c.strip()]
    return (
        len(clauses) <= 2
        and bool(_PROMISE_RE.search(clauses[-1]))
        and not any(re.search(r"(?<![重主需只])要", c) for c in clauses[:-1])
        and not extract_indicators(sentence)
    )


def without_ceremony(text: str) -> str:
    """A work paragraph without the closing's words a report prints inside its last part: the
    address (各位代表!) and the sentences after it that pledge nothing yet (不忘初心,方得始终。), an
    appeal (让我们…), and a litany of three or more pledges (我们一定一颗红心永向党,…。我们一定…。):
    the ceremony of the report, not commitments an office can assign."""
    addressed = _ADDRESS_HEAD_RE.match(text)
    text = _ADDRESS_HEAD_RE.sub("", text)
    sentences = textseg.sentences(text)
    if addressed:
        while sentences and not _PLEDGING_RE.search(sentences[0]) and not extract_indicators(sentences[0]):
            sentences = sentences[1:]
    pledges = sum(1 for s in sentences if _PLEDGE_RE.match(s))
    kept = [
        s for s in sentences
        if not _APPEAL_SENTENCE_RE.match(s)
        and not (pledges >= 3 and _PLEDGE_RE.match(s))
        and not (addressed and s.rstrip().endswith(("！", "!")))  # 各位代表!…让发展更有温度…!: exclaimed, not assigned
    ]
    return text if not addressed and len(kept) == len(sentences) else "".join(kept)


def _tasks(d: _Draft, text: str, section: str | None, lines: tuple[int, int]) -> None:
    text = _BYLINE_RE.sub("", _NOTE_MARK_RE.sub("", text))
    text = "".join(s for s in textseg.sentences(text) if not _commits_nothing(s))
    for piece in textseg.commitments(text, quantified=lambda s: bool(extract_indicators(s))):
        for item in _areas(piece):
            d.task(item, "task", section, lines)


def _areas(piece: str) -> list[str]:
    """A sentence listing areas of work, three or more short items between semicolons
    (强化经济增长的有效拉动;推进产业结构战略性调整;大力发展现代农业;…): one task each."""
    items = [i.strip() for i in re.split(r"[;；]", piece.rstrip("。;；")) if i.strip()]
    if len(items) >= 3 and all(
        len(i) <= 30 and len(re.findall(r"[,，]", i)) <= 1 and "。" not in i and (len(i) <= 24 or re.search(r"[,，]", i))
        for i in items
    ):
        return [f"{i}。" for i in items]
    return [piece]


def sub_heading(text: str) -> textseg.Heading | None:
    """A (一) heading, however long the paragraph it opens (a whole section can be one line),
    as long as its first sentence is heading-sized."""
    h = textseg.heading(text, max_len=1_000_000)
    if h is None or h.level != 2:
        return None
    first = textseg.sentences(h.title)[:1]
    return h if first and len(first[0]) <= 80 else None


def _is_framing(text: str) -> bool:
    first = textseg.sentences(text)[:1]
    head = first[0] if first else text
    return bool(_FRAMING_RE.match(head)) or "主要考虑" in head or (len(text) <= 40 and bool(_ANNOUNCE_RE.search(text)))


def _lead(text: str) -> tuple[str | None, str, str]:
    """(number, lead sentence, rest) of a work paragraph: 1.扩大有效投资。… / ——扩大有效投资。… /
    扩大有效投资。…; the lead is "" when the paragraph has none."""
    number = None
    m = _ITEM_RE.match(text)
    if m:
        number, text = m.group(1), text[m.end() :]
    else:
        text = _DASH_RE.sub("", text)
    lead = textseg.lead_phrase(text)
    if lead is None:
        return number, "", text
    return number, lead[0], lead[1]


def _walk_part(
    d: _Draft, lay: workreport.Layout, part: workreport.Part, block: maintargets.Block | None,
    progress: Progress, done: list[int], total: int,
) -> None:
    """Sections and tasks of one of this year's parts; the main targets where they are printed."""
    paras = lay.paras
    skip = set(block.paras) if block else set()
    target_at = block.paras[0] if block else None
    first = part.start + 1 if part.title is not None else part.start
    part_sid = d.section(part.title, part.number, None, paras[part.start].lines) if part.title else None
    body = range(first, part.end)
    has_subs = any(
        paras[i].cells is None and sub_heading(paras[i].text) is not None for i in body
    )
    intro_until = target_at if target_at is not None and first <= target_at < part.end else first - 1
    current = sub_sid = part_sid
    seen_sub = skipping = False
    bare: tuple[str, str, tuple[int, int], int] | None = None  # the last heading, for a title alone
    last_sub = max((i for i in body if paras[i].cells is None and sub_heading(paras[i].text) is not None), default=None)
    sub_title = ""
    lone_at = -1  # the last lead printed on a line of its own: the paragraph after it is led
    seen_texts: set[str] = {paras[k].text.strip() for k in skip}  # the targets printed again are not tasks
    if block is not None and target_at == part.start and part_sid is not None:
        for t in block.targets:  # the part's own title names the targets: they are its section's
            d.task(t.text.rstrip("。;；") + "。", "target", part_sid, t.lines)
            d.target_tasks += 1
    for i in body:
        done[0] += 1
        if done[0] % 20 == 0:
            progress("切分重点工作", done[0], total)
        para = paras[i]
        if i == target_at and block is not None:
            h = sub_heading(para.text) if para.cells is None else None
            if h is not None:  # (二)主要预期目标 heads the list: the section is the heading's
                title = (textseg.sentences(h.title) or [h.title])[0]
                current = sub_sid = sid = d.section(title.rstrip("。:："), h.number, part_sid, para.lines)
                seen_sub = True
            else:
                sid = d.section("主要预期目标", None, current, para.lines)
            for t in block.targets:
                d.task(t.text.rstrip("。;；") + "。", "target", sid, t.lines)
                d.target_tasks += 1
        if i in skip:
            if i == target_at and block is not None and block.rest and not _is_framing(block.rest):
                current = _paragraph(d, block.rest, sub_sid, para.lines, current)  # the work after the list
            continue
        text = para.text
        if workreport.is_narration(para) or workreport.is_credit(para) or workreport.is_past_account(para):
            continue  # a news item's account of the session, its captions, its telling of last year
        plain = re.sub(r"^[(（\[【][^)）\]】]{1,6}[)）\]】]", "", para.text).strip()
        if plain in seen_texts:
            continue  # a headline or caption printed again (头条)…
        seen_texts.add(plain)
        if _ADDRESS_RE.match(text):
            current = sub_sid = part_sid  # 各位代表!: what follows is the part's, not the last heading's
            continue
        if _APPEAL_RE.match(para.text) or (text.startswith(("现在,我代表", "现在\uff0c我代表")) and "审议" in text):
            continue
        if _ADDRESS_HEAD_RE.match(text):
            current = sub_sid = part_sid  # 各位代表!我们要…: the address opens a passage of the part's own
        text = without_ceremony(text)  # 各位代表!不忘初心,方得始终。我们一定… / 我们一定…×3 / 让我们…
        if not text.strip():
            continue
        h = sub_heading(text) if para.cells is None else None
        if h is not None:
            sentences = textseg.sentences(h.title)
            title = sentences[0] if sentences else h.title
            kind = workreport.title_kind(title, lay.year)
            skipping = kind in ("review", "outline")
            if skipping:
                continue
            seen_sub = True
            _title_alone(d, bare)
            sub_sid = d.section(title.rstrip("。"), h.number, part_sid, para.lines)
            sub_title = title
            bare = (sub_sid, h.title, para.lines, len(d.plan.tasks))
            current = sub_sid
            rest = h.title[len(title) :].strip() if len(sentences) > 1 else ""
            if rest:  # (一)讲政治、铸忠魂。坚持以政治建设为统领……: the first sentence is the heading
                _paragraph(d, rest, sub_sid, para.lines)
            continue
        if skipping:
            continue
        if not seen_sub and (has_subs or i <= intro_until or _INTRO_RE.match(text)):
            if _ALSO_RE.match(text) and i > intro_until:
                _tasks(d, text, part_sid, para.lines)
            continue  # the part's introduction: the year's situation, the general requirements
        if _is_framing(text):
            continue
        if _ALSO_RE.match(text):
            _tasks(d, text, part_sid, para.lines)  # 与此同时,做好…: the part's other work
            continue
        if _lone_lead(text) and i + 1 < part.end and _led(paras[i + 1], text):
            # 加强生态系统保护修复。 printed on a line of its own over its paragraph: its heading
            current = d.section(text.strip().rstrip("。") + "。", None, sub_sid, para.lines)
            lone_at = i
            continue
        if last_sub is not None and i > last_sub and lone_at != i - 1 and _opens_other_field(text, sub_title):
            current = part_sid  # 全力支持国防和军队…: after the last item, the part's own, not its last lead's
        current = _paragraph(d, text, sub_sid, para.lines, current)
    _title_alone(d, bare)


def _opens_other_field(text: str, item_title: str) -> bool:
    """A paragraph with no lead whose first clause turns to a field the last item's title does not
    name (全力支持国防和军队现代化建设，… / 支持工会、共青团…发挥作用。 after 提升社会治理水平。…)."""
    m = _OTHER_FIELD_RE.search(text[:16])
    return (
        m is not None
        and not re.search(r"[,，;；。:：]", text[: m.start()])
        and not _OTHER_FIELD_RE.search(item_title)
        and not _lead(text)[1]
    )


def _title_alone(d: _Draft, heading: tuple[str, str, tuple[int, int], int] | None) -> None:
    """A numbered item printed as its title alone ((三)走好多业态融合发展之路,打造…。 then the next
    item): the title is the commitment, a task of its own under it."""
    if heading is not None and len(d.plan.tasks) == heading[3]:
        sid, title, lines, _ = heading
        d.task(title.strip().rstrip("。;；:：") + "。", "task", sid, lines)


def _lone_lead(text: str) -> bool:
    """A line that is one short sentence with no comma and no figure (加强生态系统保护修复。)."""
    return len(textseg.sentences(text.strip())) == 1 and textseg.is_lead(text.strip(), max_len=24)


def _led(next_para: workreport.Para, lead: str) -> bool:
    """Whether the paragraph after a lone lead is what it heads: a longer paragraph, neither a
    heading nor another lead."""
    text = next_para.text.strip()
    return (
        next_para.cells is None
        and sub_heading(text) is None
        and not _lone_lead(text)
        and len(text) > len(lead.strip()) + 8
    )


def _paragraph(
    d: _Draft, text: str, parent: str | None, lines: tuple[int, int], current: str | None = None
) -> str | None:
    """Tasks of one work paragraph; a lead sentence (or a numbered item's) becomes their section.
    Returns the section later paragraphs without a lead of their own go under. A news item's
    attribution (王莉霞表示,) and a sentence announcing the work (重点做好十个方面工作:) are not tasks."""
    text = _ATTRIBUTION_RE.sub("", text)
    text = _ANNOUNCING_RE.sub("", text)
    sentences = textseg.sentences(text)
    if any(_ANNOUNCING_RE.match(s) for s in sentences[1:]):
        text = "".join(_ANNOUNCING_RE.sub("", s) for s in sentences)  # 2025年是…。要重点抓好七个方面工作:坚持…
    if not text.strip():
        return current
    number, lead, rest = _lead(text)
    if lead:
        sid = d.section(lead.rstrip("。") + "。", number, parent, lines)
        _tasks(d, rest, sid, lines)
        return sid
    _tasks(d, rest, current if current is not None else parent, lines)
    return current


def draft_document(
    doc: Document,
    candidates: list[str] | None = None,
    *,
    model: SuggestModel | None = None,
    progress: Progress | None = None,
) -> Plan:
    """A draft plan from a read document (see the module's docstring for what is kept)."""
    tell: Progress = progress or (lambda stage, done, total: None)
    tell("识别报告结构", 0, 1)
    doc = replace(doc, lines=clean_page(doc.lines))
    traditional = simplified(doc.lines)  # read through a simplified copy, given back as printed
    if traditional is not None:
        doc = replace(doc, lines=traditional[0])
    lay = workreport.layout(doc)
    name = doc.path or "<input>"
    if not lay.paras:
        raise DubanError("文件中没有文字,不是政府工作报告", path=name)
    year, region = lay.year, lay.region
    plan = Plan(
        title=(f"{year}年" if year else "") + (region or "") + "《政府工作报告》目标任务分解方案(草案)",
        region=region,
        year=year,
        issuer=f"{region}人民政府" if region else None,
    )
    d = _Draft(plan=plan)
    paras = lay.paras
    year_parts = lay.year_parts()
    if not year_parts:
        last = paras[-1].lines[1]
        d.warnings.append(Warning(lines=(1, last), message="未找到本年度工作部分(只有上年回顾或没有分部分的标题)"))

    # the year's paragraphs in order, without the sub-parts that are an outline or a review
    candidates_idx: list[int] = []
    outlines: list[tuple[str, int, int]] = [
        (p.title or "今后五年的目标任务", p.start, p.end - 1) for p in lay.parts if p.kind == "outline"
    ]
    for part in year_parts:
        skipping = False
        if part.title is not None and maintargets.names_targets(paras[part.start].text):
            candidates_idx.append(part.start)  # 2021年目标: / — 主要目标 —, a part's title over the list
        for i in range(part.start + (1 if part.title is not None else 0), part.end):
            h = sub_heading(paras[i].text) if paras[i].cells is None else None
            if h is not None:
                title = (textseg.sentences(h.title) or [h.title])[0]
                kind = workreport.title_kind(title, year)
                skipping = kind in ("review", "outline")
                if kind == "outline":
                    outlines.append((title.rstrip("。"), i, i))
                if not skipping and maintargets.names_targets(h.title):
                    candidates_idx.append(i)  # (二)2025年主要预期目标, the list under it
                continue
            if skipping:
                if outlines and outlines[-1][2] == i - 1:
                    outlines[-1] = (outlines[-1][0], outlines[-1][1], i)
            else:
                candidates_idx.append(i)
    for title, first, last in sorted(outlines, key=lambda o: o[1]):
        d.warnings.append(
            Warning(
                lines=(paras[first].lines[0], paras[last].lines[1]),
                message=f"{title}:五年规划的内容,未纳入本年度任务",
            )
        )

    tell("提取主要预期目标", 0, 1)
    block = maintargets.find(paras, candidates_idx) or maintargets.aimed(paras, candidates_idx)

    total = sum(p.end - p.start for p in year_parts) or 1
    done = [0]
    for part in year_parts:
        _walk_part(d, lay, part, block, tell, done, total)
    tell("切分重点工作", total, total)

    for part in lay.parts:
        if part.kind == "after":
            for i in range(part.start, part.end):
                if _LIVELIHOOD_RE.search(paras[i].text) and len(paras[i].text) <= 40:
                    d.warnings.append(
                        Warning(
                            lines=(paras[i].lines[0], paras[part.end - 1].lines[1]),
                            message=f"附件“{paras[i].text}”未纳入草案;如需分解,请另行导入或逐项添加",
                        )
                    )
                    break

    if not plan.tasks and outlines:
        first = paras[min(o[1] for o in outlines)].lines[0]
        last = paras[max(o[2] for o in outlines)].lines[1]
        raise DubanError(
            f"只找到今后五年的目标任务(第{first}–{last}行),没有本年度的目标和重点工作:请上传含本年度工作部分的报告全文",
            path=name,
        )
    if not plan.tasks:
        other = next((m.group(0) for q in paras[:12] if len(q.text) <= 60 and (m := _OTHER_REPORT_RE.search(q.text))), None)
        if other is not None:  # the budget or the plan report, read at the same session
            raise DubanError(f"这是“{other}”,不是政府工作报告:请上传政府工作报告", path=name)
        raise DubanError("没有找到本年度的目标和重点工作,这似乎不是政府工作报告", path=name)
    if d.target_tasks == 0:
        d.warnings.append(Warning(lines=(0, 0), message="未找到“主要预期目标”段落:草案中没有目标类任务,请人工补充"))
    plan.warnings.extend(d.warnings)
    if traditional is not None:
        restore(plan, traditional[1])
        plan.warnings.append(Warning(lines=(1, 1), message="原文为繁体字:按简体读取,草案仍用原文的繁体字"))
    if candidates is not None:
        tell("建议责任单位", 0, 1)
        assign_plan(plan, candidates, model=model)
        tell("建议责任单位", 1, 1)
    return plan


def draft_file(
    path: str | os.PathLike[str],
    candidates: list[str] | None = None,
    *,
    model: SuggestModel | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Read a work report (any type the reader takes) and draft its plan."""
    from duban.core.read import read_document

    if progress is not None:
        progress("读取文件", 0, 1)
    doc = read_document(path)
    plan = draft_document(doc, candidates, model=model, progress=progress)
    plan.source = Path(path).name
    return plan


def draft_text(
    text: str, candidates: list[str] | None = None, *, name: str = "<input>", model: SuggestModel | None = None
) -> Plan:
    """Draft from a report's text (the web app's paste box, the tests)."""
    return draft_document(Document.from_text(text, path=name), candidates, model=model)
