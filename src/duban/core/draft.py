"""Draft a 责任分解方案 from a 政府工作报告: this year's targets and tasks, with units suggested.

An office starts from the report the congress has just heard. The draft keeps what an office
would decompose and leaves out the rest:

- kept: this year's part (its headings become sections), the 主要预期目标 (targets, each with its
  indicators) and every paragraph of the key work (cut into tasks of one commitment each);
  the part on the government's own conduct (政府自身建设) is kept too, as plans list it;
- left out: the review of last year (2022年工作回顾, 过去五年), the ceremony (各位代表, 现在我代表…,
  the closing appeal) and the notes (名词解释) after it;
- marked: each task's quantified commitments (`indicators`), and what could not be read cleanly
  (`warnings`: no target section, no part for this year, a file that is not a work report).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from duban.core import textseg
from duban.core.document import Document
from duban.core.errors import DubanError
from duban.core.plan import Indicator, Plan, Section, Task, Warning
from duban.core.suggest import SuggestModel, assign_plan

_YEAR_RE = re.compile(r"(20\d\d)\s*年")
_DATE_RE = re.compile(r"(20\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_REGION_RE = re.compile(
    r"在?([\u4e00-\u9fa5]{2,10}?(?:自治县|自治州|新区|区|县|市|旗|州|盟))第?[一二三四五六七八九十百\d]+届人民代表大会"
)
_REGION_GOV_RE = re.compile(r"([\u4e00-\u9fa5]{2,8}?(?:区|县|市|旗))人民政府")
_FUTURE_RE = re.compile(r"今后五年|未来五年|今后一个时期|十四五时期|十五五时期")
_REVIEW_RE = re.compile(r"回顾|过去一年|过去五年|上一年|成绩|过去的一年|工作总结")
_WORK_RE = re.compile(r"工作|任务|安排|目标|建设|部署")
_TARGETS_RE = re.compile(r"(主要)?预期目标|主要目标")
_INTRO_RE = re.compile(
    r"^(\d{4}年|今年)?(是|政府工作的总体要求|工作的总体要求|总体要求|指导思想|做好今年|围绕以上|围绕上述|为实现上述|实现上述|重点抓好|重点做好|着力抓好)"
)
_CEREMONY_RE = re.compile(r"^(各位代表|现在,?我代表|请予审议)")
_LIST_MARK_RE = re.compile(r"^\s*(\d{1,2}\s*[.、.．]|[((]\s*[\d一二三四五六七八九十]+\s*[))]|[①-⑳]|——|-|•)\s*")
_ALSO_RE = re.compile(r"^(与此同时|此外|另外)[,,]")
_NOTES_RE = re.compile(r"^(名词解释|注释|注解|附注|说明)\s*[::]?\s*$")
_NOTE_ITEM_RE = re.compile(r"^\s*\d{1,2}\s*[.、.．]\s*[^,,。]{1,24}[::]")


@dataclass
class _Para:
    text: str
    lines: tuple[int, int]


@dataclass
class _Draft:
    plan: Plan
    year: int | None
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
            indicators=_indicators(text),
        )
        self.next_task += 1
        self.plan.tasks.append(t)
        return t


def _indicators(text: str) -> list[Indicator]:
    try:
        from duban.core.indicators import extract_indicators
    except ImportError:  # the indicator reader not installed: a draft without figures is still a draft
        return []
    return list(extract_indicators(text))


def _paragraphs(doc: Document) -> list[_Para]:
    """Paragraphs with their line spans; table rows become paragraphs of their joined cells.
    Lines of a PDF are joined until a sentence ends (a page breaks lines inside paragraphs)."""
    paras: list[_Para] = []
    join = doc.kind == "pdf"
    for line in doc.lines:
        text = " ".join(c for c in line.cells if c) if line.cells is not None else line.text
        text = text.replace("\u3000", " ").strip()
        if not text:
            continue
        if (
            join
            and paras
            and not paras[-1].text.endswith(tuple("。!?:;:;”)》"))
            and textseg.heading(paras[-1].text) is None
            and textseg.heading(text) is None
            and len(paras[-1].text) >= 20
        ):
            prev = paras[-1]
            paras[-1] = _Para(prev.text + text, (prev.lines[0], line.no))
            continue
        paras.append(_Para(text, (line.no, line.no)))
    return paras


def _report_year(paras: list[_Para]) -> int | None:
    """The year the report plans for: the date of the session (reports are heard early in the
    year), else the year named with 预期目标 or in the latest part heading."""
    for p in paras[:30]:
        m = _DATE_RE.search(p.text)
        if m:
            return int(m.group(1))
    for p in paras:
        if _TARGETS_RE.search(p.text):
            m = _YEAR_RE.search(p.text)
            if m:
                return int(m.group(1))
    years = [int(m.group(1)) for p in paras if (h := textseg.heading(p.text)) and (m := _YEAR_RE.search(h.title))]
    return max(years) if years else None


def _region(paras: list[_Para]) -> str | None:
    for p in paras[:40]:
        m = _REGION_RE.search(p.text)
        if m:
            return m.group(1).split("在")[-1].split("日")[-1]
    for p in paras[:40]:
        m = _REGION_GOV_RE.search(p.text)
        if m:
            return m.group(1)
    return None


def _is_review(title: str, year: int | None) -> bool:
    """Not this year's work: last year's review, or the plan for the coming five years."""
    if _FUTURE_RE.search(title) and not (year and str(year) in title) and "今年" not in title:
        return True
    years = [int(y) for y in _YEAR_RE.findall(title)]
    if year is not None and years and max(years) < year:
        return True
    if year is not None and years and max(years) >= year:
        return False
    return bool(_REVIEW_RE.search(title)) and not re.search(r"今年|明年", title)


def _targets(d: _Draft, para: _Para, section: str | None, *, listed: bool = False) -> int:
    """Targets from the 主要预期目标 paragraph (one per clause), or from a line of the list that
    follows it (`listed`); the number made (0 when the paragraph only announces a list)."""
    body = para.text
    if not listed:
        m = _TARGETS_RE.search(body)
        if not m:
            return 0
        body = re.sub(r"^\s*(是|为|如下)?\s*[::]?", "", body[m.end() :])
    made = 0
    for clause in textseg.clauses(body):
        clause = _LIST_MARK_RE.sub("", clause).strip()
        if len(clause) < 4:
            continue
        d.task(clause.rstrip("。;;") + "。", "target", section, para.lines)
        made += 1
    d.target_tasks += made
    return made


def _tasks(d: _Draft, text: str, section: str | None, lines: tuple[int, int]) -> None:
    sents = textseg.sentences(text)
    flags = [bool(_indicators(s)) for s in sents]
    for piece in textseg.commitments(text, quantified=flags):
        d.task(piece, "task", section, lines)


def draft_document(
    doc: Document, candidates: list[str] | None = None, *, model: SuggestModel | None = None
) -> Plan:
    """A draft plan from a read document (see the module's docstring for what is kept)."""
    paras = _paragraphs(doc)
    name = doc.path or "<input>"
    if not paras:
        raise DubanError("文件中没有文字,不是政府工作报告", path=name)
    year = _report_year(paras)
    region = _region(paras)
    plan = Plan(
        title=(f"{year}年" if year else "") + (region or "") + "《政府工作报告》目标任务分解方案(草案)",
        region=region,
        year=year,
        issuer=f"{region}人民政府" if region else None,
    )
    d = _Draft(plan=plan, year=year)

    # the top-level parts: which are this year's
    parts = [(i, h) for i, p in enumerate(paras) if (h := textseg.heading(p.text)) and h.level == 1]
    keep_from: list[tuple[int, int, textseg.Heading | None]] = []  # (start, end, heading)
    bounds = [i for i, _ in parts] + [len(paras)]
    for (i, h), end in zip(parts, bounds[1:], strict=True):
        if not _is_review(h.title, year):
            keep_from.append((i, end, h))
    if not parts:
        # no numbered parts: this year's work starts where the targets are, or at 今年
        start = next((i for i, p in enumerate(paras) if _TARGETS_RE.search(p.text)), None)
        if start is None:
            start = next((i for i, p in enumerate(paras) if re.match(r"^(今年|\d{4}年)", p.text)), None)
        if start is not None:
            keep_from.append((start - 1, len(paras), None))
    if not keep_from:
        d.warnings.append(Warning(lines=(1, paras[-1].lines[1]), message="未找到本年度工作部分(只有上年回顾或没有分部分的标题)"))

    stopped = False
    for start, end, part in keep_from:
        if stopped:
            break
        part_sid = (
            d.section(part.title, part.number, None, paras[start].lines) if part is not None else None
        )
        has_subs = any(
            (h := textseg.heading(p.text, max_len=400)) is not None and h.level == 2
            for p in paras[start + 1 : end]
        )
        current = part_sid
        sub_sid = part_sid
        seen_sub = False
        listing = False
        for para in paras[start + 1 : end]:
            text = para.text
            if _NOTES_RE.match(text) or (_CEREMONY_RE.match(text) and (d.plan.tasks or seen_sub)):
                stopped = True  # the closing appeal, then the notes: nothing more to decompose
                break
            if _CEREMONY_RE.match(text):
                continue
            h = textseg.heading(text, max_len=400)
            if h is not None and h.level == 2:
                seen_sub = True
                if len(text) <= 60 and len(textseg.sentences(h.title)) <= 1:
                    sub_sid = d.section(h.title, h.number, part_sid, para.lines)
                    current = sub_sid
                    continue
                # (一)讲政治、铸忠魂。坚持以政治建设为统领……: the first sentence is the heading
                first = textseg.sentences(h.title)
                title = first[0] if first else h.title
                sub_sid = d.section(title.rstrip("。"), h.number, part_sid, para.lines)
                current = sub_sid
                rest = h.title[len(title) :].strip()
                if rest:
                    _tasks(d, rest, current, para.lines)
                continue
            if listing:
                # the targets listed one a line after "主要预期目标是:"
                if len(text) <= 120 and not _INTRO_RE.match(text) and _targets(d, para, part_sid, listed=True):
                    continue
                listing = False
            if _TARGETS_RE.search(text) and d.target_tasks == 0 and not seen_sub:
                if _targets(d, para, part_sid):
                    continue
                if re.search(r"[::]\s*$", text):
                    listing = True
                    continue
            if not seen_sub and (has_subs or _INTRO_RE.match(text)):
                continue  # the part's introduction: the year's situation, the general requirements
            if _NOTE_ITEM_RE.match(text) and not seen_sub:
                continue
            if _ALSO_RE.match(text):
                _tasks(d, text, part_sid, para.lines)  # 与此同时,做好…: the part's other work
                continue
            lead = textseg.lead_phrase(text)
            if lead is not None:
                current = d.section(lead[0].rstrip("。") + "。", None, sub_sid, para.lines)
                _tasks(d, lead[1], current, para.lines)
                continue
            _tasks(d, text, current if current is not None else sub_sid, para.lines)

    if not plan.tasks:
        raise DubanError("没有找到本年度的目标和重点工作,这似乎不是政府工作报告", path=name)
    if d.target_tasks == 0:
        d.warnings.append(Warning(lines=(0, 0), message="未找到“主要预期目标”段落:草案中没有目标类任务,请人工补充"))
    plan.warnings.extend(d.warnings)
    if candidates is not None:
        assign_plan(plan, candidates, model=model)
    return plan


def draft_file(
    path: str | os.PathLike[str], candidates: list[str] | None = None, *, model: SuggestModel | None = None
) -> Plan:
    """Read a work report (any type the reader takes) and draft its plan."""
    from duban.core.read import read_document

    doc = read_document(path)
    plan = draft_document(doc, candidates, model=model)
    plan.source = Path(path).name
    return plan


def draft_text(
    text: str, candidates: list[str] | None = None, *, name: str = "<input>", model: SuggestModel | None = None
) -> Plan:
    """Draft from a report's text (the web app's paste box, the tests)."""
    return draft_document(Document.from_text(text, path=name), candidates, model=model)
