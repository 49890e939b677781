"""The main targets (主要预期目标) of a work report, one target each, as offices list them.

Reports print them in one of three ways:

- a paragraph: 今年经济社会发展的主要预期目标是:地区生产总值增长5.5%左右,…;居民收入增长和经济增长
  基本同步。 — sometimes announced in one sentence and listed in the next (我们对…预期目标作了适当
  调整。今年要…;城镇新增就业900万人以上,…), sometimes followed by sentences about the targets
  (这样的目标,是…; 提出上述预期目标,…) that are not targets;
- a list, one a line, after 主要预期目标是:;
- a table (指标 | 单位 | 目标 | 比上年增长 …), one row a target.

Each clause is a target: quantified (地区生产总值增长6.5%－7%) or not (国际收支基本平衡). A clause
with no subject of its own belongs to the one before (…增长7.5%,达到326.4亿元; …增长4.5%—5%,在实际
工作中全力争取更好结果). A 「分别」 pair is two targets (城乡居民收入分别增长4%和5% → 城镇居民收入增长
4%, 农村居民收入增长5%), as is a list of subjects with as many figures (A、B分别下降2%、3%).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from duban.core import textseg, workreport
from duban.core.indicators import extract_indicators
from duban.core.workreport import Para

TARGETS_RE = re.compile(r"(?:主要)?预期目标|主要目标")
# other words reports use for the same list (…发展的努力目标为:, 主要经济指标是:, 发展目标是:); weaker, so
# taken only where the list opens right after them and states at least two targets with figures
_OTHER_WORDS_RE = re.compile(r"(?:努力|奋斗|发展|预期)(?:目标|指标)|主要(?:经济|预期|发展)?指标|约束性指标")
# a title of its own naming this year's targets with the bare word (2021年目标:, 今年主要目标), its
# decoration stripped (— 主要目标 —, 【2021年目标】)
_YEAR_TARGETS_TITLE_RE = re.compile(r"^(?:\d{4}\s*年|今年|本年度?)(?:的)?(?:经济社会)?(?:发展)?(?:主要)?(?:预期)?目标\s*[:：]?$")
_DECORATION_RE = re.compile(r"^[\s—–\-■□●◆◇★☆【\[〔]+|[\s—–\-■□●◆◇★☆】\]〕]+$")
# the words right after 主要预期目标 that open the list: 是: / 为 / 建议为 / 包括: / 如下: / 如下表
_OPENS_RE = re.compile(
    r"^\s*(?:(?:建议|确定|安排|拟定|设定)?(?:是|为)|包括|(?:建议|确定|安排|拟定|设定)?如下表?|见下表|见附表)?\s*[:：]"
    r"|^\s*(?:建议|确定|安排|拟定|设定)?(?:是|为)(?=\s*\S)"
)
_ANNOUNCES_TABLE_RE = re.compile(r"(?:如下表|见下表|见附表|下表)\s*[:：。]?\s*$")
# sentences after the list that speak about the targets rather than state one
_FRAMING_RE = re.compile(
    r"^(?:这|上述|以上|我们|实现|为实现|为了|围绕|重点|做好|综合|提出|需要说明|今年要重点|要重点|经济增长预期目标|"
    r"完成好|落实|总的看|同时|考虑)"
)
# words a target without a figure is made of (国际收支基本平衡, 完成省定任务, 进入全省前三)
_TARGET_WORDS_RE = re.compile(
    r"同步|平衡|改善|完成|达到|控制|减少|下降|降低|增长|提高|保持|进入|前列|前[三五十]|任务|目标[。;；]?$|要求|标准|稳定|防控|脱贫|摘帽|提质|向好"
)
# a clause with no subject of its own: it goes on with the previous target
_CONTINUES_RE = re.compile(
    r"^(?:达到|达|在实际工作中|其中|比上年|较上年|同比|总量达到|规模达到|(?:努力|全力)?争取(?:更好|更大|最好)|力争(?:取得|实现)?(?:更好|更大|最好))"
)
# a clause without a figure that qualifies the target before it rather than states one: how it is
# held (…统筹考核,并留有适当弹性) or what its accounting leaves out (新增可再生能源…不纳入能源消费总量控制)
_QUALIFIES_RE = re.compile(r"^(?:并|且|同时)(?!力争|争取)|不(?:纳入|计入|列入)")
# clauses that frame the list rather than state a target: a group's label (资源节约方面), the
# strategy it serves (锚定…的目标, 坚持稳字当头)
_NOT_TARGET_RE = re.compile(r"方面$|^(?:锚定|坚持|围绕|聚焦|立足|包括|根据)|^(?:\d{4}\s*年|今年|全年)$")
_BARE_METRIC_RE = re.compile(r"(?:比例|幅度)$")  # an indicator named without its value
# a clause without a figure or a subject that closes a group of targets with the standing it aims at
# (…增长3.7%,努力跑赢全国; 对标全国全力消减差距; 在全国实现位次前移): the group's aim, not a target
# (力争主要经济指标增速进入全省前列 names the indicators it speaks of, and stays one)
_GROUP_AIM_RE = re.compile(r"^(?:努力|加快|对标|全力|在全[国省市])(?!.*(?:指标|增速|水平)).*(?:全[国省市]|位次|差距|优势)")
# a sentence that speaks of the targets as such (加强对增长、就业…等主要目标的统筹平衡): about the list
_ABOUT_TARGETS_RE = re.compile(r"(?:主要|上述|这些|以上|各项)(?:预期)?目标的")
_PREAMBLE_RE = re.compile(r"^(?:今年|全年|我们)(?:要|将|我们要)")
_LIST_MARK_RE = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、.．]|[(（]\s*[\d一二三四五六七八九十]+\s*[)）]|[①-⑳]|——|-|[•●○◆◇■□▪►▶·]|[一二三四五六七八九十]+是)\s*"
)
_BULLET_RE = re.compile(r"^\s*[•●○◆◇■□▪►▶·]")
_RESPECTIVELY_VALUES_SPLIT = re.compile(r"[、,\uff0c和及与]")
_SUBJECTS_SPLIT = re.compile(r"[、和及与]")
_SUFFIX_RE = re.compile(r"(左右|以上|以内|以下|及以上)$")




@dataclass
class Target:
    """One main target: its text (the report's words, or a 分别 pair's half) and its lines."""

    text: str
    lines: tuple[int, int]


@dataclass
class Block:
    """Where the main targets were read: the paragraphs used, and the targets in order."""

    paras: list[int] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    rest: str = ""  # what the targets' paragraph goes on with after the list (a one-line page's work)


def _subjects(subject: str, n: int) -> list[str] | None:
    """The `n` subjects of a clause shared by several targets: 城乡X → 城镇X, 农村X; A、B and A和B;
    short heads sharing the last one's tail (常住和户籍人口城镇化率 → 常住人口城镇化率, 户籍…)."""
    subject = subject.strip().removesuffix("均")
    town = re.match(r"^(.*?)(?:城乡|城、乡|城镇和农村|城镇、农村|城镇与农村)(.*)$", subject)
    if town and n == 2:
        return [f"{town.group(1)}城镇{town.group(2)}", f"{town.group(1)}农村{town.group(2)}"]
    parts = [part for part in _SUBJECTS_SPLIT.split(subject) if part]
    if len(parts) != n or n < 2:
        return None
    heads, last = parts[:-1], parts[-1]
    width = len(heads[0])
    if width <= 3 and all(len(h) == width for h in heads) and len(last) > width + 1:
        return [h + last[width:] for h in heads] + [last]
    return parts


def respectively(clause: str) -> list[str]:
    """A 「分别」 clause as one target per figure, when its subjects can be told apart:
    城乡X分别增长a和b → 城镇X增长a, 农村X增长b; A、B分别下降a、b → A下降a, B下降b; and one figure
    shared by several subjects (A和B均增长10% → A增长10%, B增长10%)."""
    if "分别" not in clause:
        both = re.match(r"^(.+?)均((?:增长|提高|下降|降低|达到|控制在|保持在?)[^,\uff0c]*\d.*)$", clause)
        if both:
            subjects = _subjects(both.group(1), 2) if re.search(r"城乡|[、和及与]", both.group(1)) else None
            if subjects is None and re.search(r"[、和及与]", both.group(1)):
                n = len([x for x in _SUBJECTS_SPLIT.split(both.group(1).removesuffix("均")) if x])
                subjects = _subjects(both.group(1), n)
            if subjects:
                return [f"{s}{both.group(2)}" for s in subjects]
        return [clause]
    subject, rest = clause.split("分别", 1)
    m = re.match(r"^([^\d一二三四五六七八九十百千]*?)([\d一二三四五六七八九十百千].*)$", rest)
    if not m:
        return [clause]
    verb, values_text = m.group(1), m.group(2)
    values = [v.strip() for v in _RESPECTIVELY_VALUES_SPLIT.split(values_text) if v.strip()]
    if len(values) < 2 or any(not re.match(r"^[\d一二三四五六七八九十百千]", v) for v in values):
        return [clause]
    suffix = _SUFFIX_RE.search(values[-1])
    if suffix:  # 分别增长6%、7.5%以上: the trailing word covers the whole list
        values = [v if _SUFFIX_RE.search(v) else v + suffix.group(1) for v in values]
    subjects = _subjects(subject, len(values))
    if subjects is None:
        return [clause]
    return [f"{s}{verb}{v}" for s, v in zip(subjects, values, strict=True)]


def _has_figure(text: str) -> bool:
    return bool(extract_indicators(text))


def _target_like(text: str) -> bool:
    return _has_figure(text) or bool(_TARGET_WORDS_RE.search(text))


def clauses_of(body: str) -> list[str]:
    """The target clauses of the list's sentences (already cut to the list)."""
    out: list[str] = []
    groups = textseg.split_outside_brackets(body, ";；。")
    if len(groups) > 1 and _PREAMBLE_RE.match(groups[0]) and not _has_figure(groups[0]):
        groups = groups[1:]  # 今年要优先稳就业保民生,坚决打赢脱贫攻坚战,…;城镇新增就业…
    for group in groups:
        for clause in (item for piece in textseg.split_outside_brackets(group, ",，") for item in _items(piece)):
            clause = _LIST_MARK_RE.sub("", clause).strip().rstrip("。;；")
            if (
                len(clause) < 4
                or _NOT_TARGET_RE.search(clause)
                or ((_BARE_METRIC_RE.search(clause) or _GROUP_AIM_RE.match(clause)) and not _has_figure(clause))
            ):
                continue
            figure = _has_figure(clause)
            if clause.startswith("其中") and figure and not _CONTINUES_RE.match(clause[2:]):
                clause = clause[2:]  # 其中限上工业投资增长25%: a target of its own
            elif out and (_CONTINUES_RE.match(clause) or (not figure and _QUALIFIES_RE.search(clause))):
                out[-1] = f"{out[-1]},{clause}"
                continue
            out.append(clause)
    return [piece for clause in out for piece in respectively(clause)]


def _items(clause: str) -> list[str]:
    """A clause listing several targets with 、 (固定资产投资增幅16%以上、规上工业产值增幅13%以上):
    each item with a subject and a figure of its own; 增长20%、力争25% and 分别增长6%、7.5% stay whole."""
    items = textseg.split_outside_brackets(clause, "、")
    if len(items) < 2 or "分别" in clause:
        return [clause]
    own = [
        _has_figure(item) and not re.match(r"^[\d一二三四五六七八九十百千]", item)
        and (n == 0 or not re.match(r"^(?:力争|达到|争取|增幅|增长|增速|同比|比上年|较上年|年均)", item))
        for n, item in enumerate(items)
    ]
    return items if all(own) else [clause]


def _list_sentences(body: str) -> str:
    """The sentences of `body` that state targets: the first, then those that go on with the
    list, up to the first that speaks about it (这样的目标,…) or states none."""
    taken: list[str] = []
    for i, sentence in enumerate(textseg.sentences(body)):
        if i > 0 and (_FRAMING_RE.match(sentence) or _ABOUT_TARGETS_RE.search(sentence) or not _target_like(sentence)):
            break
        taken.append(sentence)
    return "".join(taken)


def _after_word(text: str, m: re.Match[str]) -> str | None:
    """What follows the target word when it opens the list (是: …), else the sentences after
    the one that names the targets (…预期目标作了适当调整。今年要…;城镇新增就业…)."""
    after = text[m.end() :]
    if not after.strip(" \u3000:：。—–-】]〕■●◆"):
        return ""  # 2025年经济社会发展的主要预期目标 on a line of its own: the list follows
    opens = _OPENS_RE.match(after)
    if opens:
        return after[opens.end() :].strip()
    end = re.search(r"[。!?\uff01\uff1f]", after)
    return after[end.end() :].strip() if end else None


def _restates(text: str, m: re.Match[str]) -> bool:
    """上述预期目标, 经济增长预期目标为…: a sentence about targets given before; 完成了…确定的主要目标
    任务: last year's."""
    before = text[max(0, m.start() - 6) : m.start()]
    return bool(re.search(r"(上述|以上|这些|这样的|经济增长|增长的)\s*$", before)) or workreport.past_targets(text, m.start())


def read_table(rows: Sequence[Para]) -> list[Target]:
    """Targets from a table whose first row is its header (指标名称 | 单位 | 目标 | 增长 …)."""
    header = rows[0].cells or ()
    role: dict[str, int] = {}
    for k, head in enumerate(header):
        c = head.replace(" ", "")
        if re.search(r"增长|增速|增幅|±|比上年|同比", c) and "growth" not in role:
            role["growth"] = k
        elif re.search(r"指标|项目|名称", c) and "name" not in role:
            role["name"] = k
        elif c.startswith("单位") and "unit" not in role:
            role["unit"] = k
        elif re.search(r"目标|预期|计划|任务", c) and "value" not in role:
            role["value"] = k
    if "name" not in role:
        return []
    out: list[Target] = []
    for row in rows[1:]:
        cells = row.cells or ()

        def cell(key: str, cells: tuple[str, ...] = cells) -> str:  # noqa: B023 - bound by the default
            k = role.get(key)
            v = cells[k].strip() if k is not None and k < len(cells) else ""
            return "" if re.fullmatch(r"[—–\-//、\s]*", v) else v

        name = cell("name")
        if not name:
            continue
        unit = cell("unit")
        unit = "" if unit in ("—", "-") else unit
        pieces = []
        value = cell("value")
        if value:
            pieces.append(_with_unit(value, unit))
        growth = cell("growth")
        if growth:
            g = re.match(r"^([+\-−－]?)\s*(\d+(?:\.\d+)?)\s*%?\s*(左右|以上|以内|以下|及以上)?$", growth)
            if g is None:
                pieces.append(growth)
            elif re.search(r"(降低|下降|减少)$", name):
                pieces.append(f"{g.group(2)}%{g.group(3) or ''}")
            else:
                verb = "下降" if g.group(1) in ("-", "−", "－") else "增长"
                pieces.append(f"{verb}{g.group(2)}%{g.group(3) or ''}")
        if not pieces:
            continue
        sep = "" if re.match(r"^[\d增下]", pieces[0]) else ","
        text = name + sep + ",".join(pieces)
        out.append(Target(text, row.lines))
    return out


def _with_unit(value: str, unit: str) -> str:
    """A table's value with the unit column put after the number: 5.5以内, % → 5.5%以内."""
    m = re.match(r"^(约|不低于|不少于|不超过|控制在|超过|突破|达到)?\s*(\d+(?:\.\d+)?)\s*(左右|以上|以内|以下|及以上)?$", value)
    if m is None or not unit:
        return value
    return f"{m.group(1) or ''}{m.group(2)}{unit}{m.group(3) or ''}"


def find(paras: Sequence[Para], candidates: Sequence[int]) -> Block | None:
    """The main targets among the paragraphs `candidates` (indices into `paras`, in order: this
    year's part without its outline or review), or None when the report states none. A page's
    headline naming a target (今年预期目标:地区生产总值增7.5%-8%) is read only when nothing else is."""
    headline: tuple[int, int, bool, str] | None = None
    for pos, i in enumerate(candidates):
        p = paras[i]
        if p.cells is not None:
            continue
        found = _targets_word(p.text)
        if found is None:
            continue
        m, named = found
        body = _after_word(p.text, m)
        if body is None:
            continue
        if body and _is_headline(p.text):
            headline = headline or (pos, i, named, body)
            continue
        block = _read_block(paras, candidates, pos, i, named, body)
        if block is not None:
            return block
    if headline is not None:
        return _read_block(paras, candidates, *headline)
    return _growth_target(paras, candidates)


_GROWTH_TARGET_RE = re.compile(
    r"([\u4e00-\u9fa5A-Za-z]{2,14}?)(?:增长|增速)(?:预期)?目标(?:是|为|定为)?\s*[:：]?\s*"
    r"(\d+(?:\.\d+)?\s*%?\s*(?:至|到|—|–|-|－|~|～)\s*\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%\s*(?:左右|以上)?)"
)


def _growth_target(paras: Sequence[Para], candidates: Sequence[int]) -> Block | None:
    """A page that states one target only as a headline (2019年陕西生产总值增长目标:7.5%至8%): that
    target, the metric's growth by the figure."""
    for i in candidates:
        m = _GROWTH_TARGET_RE.search(paras[i].text) if paras[i].cells is None else None
        if m:
            metric = re.sub(r"^(?:\d{4}\s*)?年|^今年", "", m.group(1))
            return Block(paras=[i], targets=[Target(f"{metric}增长{m.group(2)}", paras[i].lines)])
    return None


def _is_headline(text: str) -> bool:
    """A short line with no sentence in it that names a target after the word: a page's headline."""
    return len(text) <= 40 and not re.search(r"[。;；,，]", text)


def _read_block(
    paras: Sequence[Para], candidates: Sequence[int], pos: int, i: int, named: bool, body: str
) -> Block | None:
    """The targets listed after the word in paragraph `i` (the `pos`-th candidate): in its own
    sentences, one a line below it, or in a table; None when no list is there."""
    p = paras[i]
    figures_needed = 1 if named else 2
    block = Block(paras=[i])
    rest = list(candidates[pos + 1 :])
    if body and not _ANNOUNCES_TABLE_RE.search(body):
        listed = _list_sentences(body)
        ends = textseg.sentences(listed)[-1:] if listed else []
        block.rest = body[body.find(ends[0]) + len(ends[0]) :].strip() if ends else ""
        texts = clauses_of(listed)
        block.targets = [Target(t, p.lines) for t in texts]
        if named and not any(_has_figure(t) for t in texts):
            _continue_list(paras, rest, block)  # 主要预期目标是:锚定…,实现GDP增速高于全市平均水平。/ 力争…增幅16%以上…
        if sum(_has_figure(t.text) for t in block.targets) >= figures_needed:
            _more_list(paras, rest, block)
            _second_list(paras, rest, block)
            return block
        return None
    # announced: the list one a line, or a table, in the paragraphs that follow
    if rest and paras[rest[0]].cells is not None:
        rows = []
        for k in rest:
            if paras[k].cells is None:
                break
            rows.append(k)
        targets = read_table([paras[k] for k in rows])
        if targets:
            block.paras.extend(rows)
            block.targets = targets
            return block
        return None
    for before, k in zip([i, *rest], rest, strict=False):
        line = paras[k]
        h = textseg.heading(line.text)
        if (
            k != before + 1  # a heading between (not among the candidates): the list has ended
            or line.cells is not None
            or len(line.text) > (400 if _is_list_line(line.text) else 150)
            or (h is not None and not _has_figure(line.text))
            or _FRAMING_RE.match(_LIST_MARK_RE.sub("", line.text))
            or not _target_like(line.text)
        ):
            break
        block.paras.append(k)
        bulleted = bool(_BULLET_RE.match(paras[before].text)) and before != i
        if bulleted and block.targets and not _BULLET_RE.match(line.text) and not _has_figure(line.text):
            last = block.targets[-1]  # ●全面完成国家下达的节能减排降碳 / 约束性指标…: a bullet broken by the page
            block.targets[-1] = Target(last.text + line.text.strip().rstrip("。;；"), (last.lines[0], line.lines[1]))
            continue
        block.targets.extend(Target(t, line.lines) for t in _line_targets(line.text))
    if block.targets and (named or sum(_has_figure(t.text) for t in block.targets) >= figures_needed):
        return block
    return None


def _is_list_line(text: str) -> bool:
    """A line that is a whole list (several clauses, two or more with figures of their own)."""
    return sum(_has_figure(c) for c in clauses_of(text)) >= 2


def _list_like(text: str) -> bool:
    """A paragraph that goes on with a list of targets: two clauses or more, most of them targets."""
    if textseg.heading(text) is not None or _FRAMING_RE.match(text) or textseg.lead_phrase(text) is not None:
        return False
    clauses = clauses_of(_list_sentences(text))
    return len(clauses) >= 2 and sum(_target_like(c) for c in clauses) >= 0.6 * len(clauses)


def _continue_list(paras: Sequence[Para], rest: list[int], block: Block) -> None:
    """A list named in one paragraph whose figures come in the next ones (up to three), as long as
    each is a list of targets."""
    last = block.paras[-1]
    for k in rest[:3]:
        if k != last + 1 or paras[k].cells is not None or not _list_like(paras[k].text):
            break
        block.paras.append(k)
        block.targets.extend(Target(t, paras[k].lines) for t in clauses_of(_list_sentences(paras[k].text)))
        last = k


def _more_list(paras: Sequence[Para], rest: list[int], block: Block) -> None:
    """The list going on in the next paragraph when that paragraph is nothing but targets (2013年,
    城镇登记失业率控制在4.2%以内;社会消费品零售总额增长15%…): every clause a target, two with figures."""
    last = block.paras[-1]
    for k in rest[:2]:
        p = paras[k]
        if k != last + 1 or p.cells is not None or textseg.heading(p.text) is not None or _FRAMING_RE.match(p.text):
            return
        if textseg.lead_phrase(p.text) is not None or len(textseg.sentences(p.text)) > 3:
            return
        clauses = clauses_of(p.text)
        if len(clauses) < 3 or not all(_target_like(c) for c in clauses) or sum(map(_has_figure, clauses)) < 2:
            return
        block.paras.append(k)
        block.targets.extend(Target(t, p.lines) for t in clauses)
        last = k


def aimed(paras: Sequence[Para], candidates: Sequence[int]) -> Block | None:
    """Where no word names the targets: the first paragraph of the year's part that opens with the
    year and aims at figures (2025年,…将力争GDP增长6.5%以上,…主要经济指标实现两位数增长)."""
    for i in candidates[:6]:
        p = paras[i]
        if p.cells is not None or not re.match(r"^(?:今年|\d{4}\s*年)[,，]", p.text):
            continue
        first = (textseg.sentences(p.text) or [p.text])[0]
        if not re.search(r"力争|确保|预期|预计实现|目标", first):
            continue
        texts = [t for t in clauses_of(first) if _target_like(t)]
        if len(texts) >= 2 and any(_has_figure(t) for t in texts):
            return Block(paras=[i], targets=[Target(t, p.lines) for t in texts])
    return None


def _second_list(paras: Sequence[Para], rest: list[int], block: Block) -> None:
    """A second list right after the first, opened by its own words (约束性指标是:…)."""
    last = block.paras[-1]
    for k in rest[:2]:
        if k != last + 1 or paras[k].cells is not None:
            return
        found = _targets_word(paras[k].text)
        if found is None or found[0].start() > 12:
            return
        after = paras[k].text[found[0].end() :]
        opens = _OPENS_RE.match(after)
        if opens is None:
            return
        texts = clauses_of(_list_sentences(after[opens.end() :]))
        if not any(_has_figure(t) for t in texts):
            return
        block.paras.append(k)
        block.targets.extend(Target(t, paras[k].lines) for t in texts)
        last = k


def _line_targets(line: str) -> list[str]:
    """The targets of a list's line: one, unless each of its clauses has a figure of its own
    (城镇调查失业率5.5%左右,城镇新增就业70万人以上); 能耗下降3%,完成市下达的节能减排任务 stays one."""
    pieces = clauses_of(line)
    if len(pieces) > 1 and sum(_has_figure(p) for p in pieces) >= 2:
        return pieces
    return respectively(_LIST_MARK_RE.sub("", line).strip().rstrip("。;；,，"))


def names_targets(text: str) -> bool:
    """The text names the main targets (a heading such as (二)2025年主要预期目标)."""
    return _targets_word(text) is not None


def _targets_word(text: str) -> tuple[re.Match[str], bool] | None:
    """Where `text` names the main targets, and whether by their own name (主要预期目标) rather
    than another word (努力目标为:) that counts only where a list opens after it."""
    for m in TARGETS_RE.finditer(text):
        if not _restates(text, m):
            return m, True
    if _YEAR_TARGETS_TITLE_RE.match(_DECORATION_RE.sub("", text)):
        word = re.search(r"目标", text)
        if word is not None:
            return word, True
    for m in _OTHER_WORDS_RE.finditer(text):
        if not _restates(text, m) and _OPENS_RE.match(text[m.end() :]):
            return m, False
    return None
