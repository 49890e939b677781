"""Lines as the layout readers want them, before anything is read from them.

Things a stored page or a PDF does to a plan are undone here, once, so that no reader has to
guess them again: a document printed on one line (its paragraphs separated by spaces, or glued
together with nothing between them, even a table's cells) is cut back into its paragraphs or rows,
all keeping the one line number they share; the `|` lines a copied table
leaves between its cells become blank lines, so the cells read as a table flattened to a cell a
line; and a table whose columns are separated by spaces ("序号 工作任务 牵头单位 责任单位 完成时限"
over "1 加快…建设 区发改局 区财政局 2025年底前") becomes rows of cells.
"""

from __future__ import annotations

import re
from functools import lru_cache

from duban.core.document import Line
from duban.core.parse.lines import compact, numbering, shadow, small_number

PIPE_ONLY_RX = re.compile(r"^[\s|｜]+$")
_HAN = "\u3400-\u9fff"
# A space between two paragraphs: after a Chinese character or closing punctuation, before a Chinese
# character, an opening bracket or quote, or a number that starts an item ("2、", "(三)").
_BREAK_RX = re.compile(rf"(?<=[{_HAN}。;:,!?)”》〕】])[ \t\u3000\xa0]+(?=[{_HAN}(“《〔【]|\d{{1,3}}[、.．])")
# After a figure ("… 0 24 4.新投放…", a table's last cell run on): a break only before the next item
# of the running sequence, since any figure can be followed by another.
_AFTER_FIGURE_RX = re.compile(rf"(?<=\d)[ \t\u3000\xa0]+(?=(\d{{1,3}})[、.．][{_HAN}])")
_ARABIC_ITEM_RX = re.compile(r"(\d{1,3})[、.．]")
_MIN_PIECE = 3  # a piece shorter than this is a stray space inside a name ("伏羲 山管委 会")
LONG_LINE = 200
# an item's number after a space inside a line ("…方案 1.道路… 2.公众…"): a short page on one line
_INLINE_ITEM_RX = re.compile(
    rf"(?<=[ \t\u3000\xa0])(?:\d{{1,3}}[、.．]|\([一二三四五六七八九十\d]{{1,3}}\)|[一二三四五六七八九十]{{1,3}}、)(?=[{_HAN}])"
)
MIN_BREAKS = 3


def prepare(lines: list[Line]) -> list[Line]:
    """The lines with a converter's leftovers removed, one-line documents cut into paragraphs,
    table `|` lines blanked and tables of space-separated columns made rows."""
    return _space_tables(_glued_notes(_glued_duties(_glued_titles(_glued_items(_paragraphs(_pipe_cells(_label_marks(_glued_tables(clean_page(lines))))))))))


# a department's title glued after a sentence's end, a date or a space ("…噪声污染防治法律法规规定的行为。
# 2016年平潭综合实验区财政金融局环境保护目标责任"), its first target on the next piece
_TITLE_TAIL_RX = re.compile(r"(?:(?<=[。;!?日])|\s+)(\d{4}年度?[\u4e00-\u9fff()]{4,50})$")


# a department's name and a colon after a sentence's end or a heading on duties ("…工作。公安机关：…",
# "四、部门职责教育部门：…"): where its duties begin
_DUTY_START_RX = re.compile(r"(?:(?<=[。;；])|(?<=职责)|(?<=分工))\s*([^\s,，。;；:：、()（）“”]{2,12})[:：]")


# a body as the subject of its duties after a ; or the colon that lists them ("…如下：党政办公室负责…；负责…；
# 党群工作处负责…；经济发展处负责…"): a division (处, 科) or an office, station or bureau
SUBJECT_DUTY_RX = re.compile(
    r"(?:(?<=[;；:：])|^)\s*([\u4e00-\u9fff]{2,12}?(?:处|科|办公室|派出所|局|中心|站))(?=负责|配合)"
)


def _subject_duty_starts(text: str) -> list[int]:
    """Where each body's duties begin in a run of duties glued together with ; ("党政办公室负责…；负责…；
    党群工作处负责…"), the body the subject of its first clause; none where fewer than three bodies."""
    from duban.core.units import looks_like_unit

    sh = shadow(text)
    starts = [m.start(1) for m in SUBJECT_DUTY_RX.finditer(sh) if looks_like_unit(text[m.start(1) : m.end(1)])]
    return [p for p in starts if p > 0] if len(starts) >= MIN_BREAKS else []


def _glued_duties(lines: list[Line]) -> list[Line]:
    """A piece holding the duties of three departments or more one after another, each opening with
    the department's name and a colon ("…教育部门：组织…工作。公安机关：…。民政部门：…"): cut before
    each name, so that each department's duties are a paragraph of their own."""
    from duban.core.parse.text import _all_units, _dutiable

    out: list[Line] = []
    for ln in lines:
        sh = shadow(ln.text) if not ln.is_row else ""
        # a paragraph that is itself a department's duties (区市场监督管理局：…。区残联：…): one name glued
        # after it is the next body's
        head = re.match(r"\s*([^\s,，。;；:：、()（）“”]{2,12})[:：]", sh)
        opens = head is not None and _dutiable(ln.text[head.start(1) : head.end(1)])
        cuts = [m.start(1) for m in _DUTY_START_RX.finditer(sh)
                if _all_units(ln.text[m.start(1) : m.end(1)]) and (opens or _dutiable(ln.text[m.start(1) : m.end(1)]))]
        if len(cuts) < MIN_BREAKS and not (opens and cuts):
            cuts = _subject_duty_starts(ln.text)
        if len(cuts) < MIN_BREAKS and not (opens and cuts):
            out.append(ln)
            continue
        bounds = [0, *cuts, len(ln.text)]
        out.extend(Line(no=ln.no, text=ln.text[a:b].strip()) for a, b in zip(bounds, bounds[1:], strict=False)
                   if ln.text[a:b].strip())
    return out


def _glued_titles(lines: list[Line]) -> list[Line]:
    """Each department title (text.department_title) glued to the end of the piece before it, made a
    line of its own where the next piece opens with an item's number: a plan divided by department
    stored as one line."""
    from duban.core.parse.text import department_title

    out: list[Line] = []
    for k, ln in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        m = None if ln.is_row or nxt is None or nxt.is_row else _TITLE_TAIL_RX.search(shadow(ln.text))
        if m is None or numbering(nxt.text if nxt else "") is None or department_title(ln.text[m.start(1) :]) is None:
            out.append(ln)
            continue
        out += [Line(no=ln.no, text=ln.text[: m.start()].strip()), Line(no=ln.no, text=ln.text[m.start(1) :].strip())]
    return out


# A label printed in brackets with its value after them (【牵头单位】区发改局【配合单位】…), and a
# role word alone as a label (牵头:区住建局;配合:区交通局, 责任单位:牵头:…): written as the labels
# the notes' grammar reads (牵头单位:…).
_BRACKETED_LABEL_RX = re.compile(r"[【〔]\s*([^【】〔〕\s]{2,8})\s*[】〕]\s*(?=[^\s:：])")
_BARE_ROLE_RX = re.compile(r"(?<![\u4e00-\u9fff])(牵头|主办|主责|配合|协办|协助|参与)\s*[:：]")


_LABEL_COLON_RX = re.compile(r"[:：]")
_VALUE_END = "。;；,，:：、)）】]〕(（【[〔 \t"


def _run_on_labels(text: str, cut: bool = True) -> str:
    """Labels run on after the value before them (牵头单位:X配合单位:Y实施单位:Z完成时限:…): a ";"
    before each label that follows a value directly, so that the value ends where the label starts.
    Only where two labels or more are printed so (a note run together, not a sentence's colon)."""
    from duban.core.parse.labels import label_role

    starts: list[int] = []
    for m in _LABEL_COLON_RX.finditer(text):
        end = m.start()
        found = [end - size for size in range(2, 11)
                 if end - size >= 0 and not any(c.isspace() for c in text[end - size : end])
                 and label_role(text[end - size : end]) is not None]
        if not found:
            continue
        apart = [s for s in found if s == 0 or text[s - 1] in _VALUE_END]
        if apart:
            starts.append(min(apart))  # printed apart from what precedes it: nothing to do
            continue
        # run on from a value: the shortest whole label (配合单位, not 区配合单位 of 金井湾片区; 完成时限, not 时限)
        whole = [s for s in found if end - s >= 4]
        starts.append(max(whole) if whole else min(found))
    if len(starts) < 2:
        return text
    # the last label's value runs on into the next item (…平潭海关2.打造…, …2019年底三、支持…): the
    # line is cut before that item's number (a line break, which `_label_marks` makes two lines)
    glued = [(s, m.start()) for s in starts for m in [_GLUED_ITEM_RX.search(text, s, _value_end(text, s, starts))] if m] if cut else []
    # and before a heading glued between the value's last unit and that item (…责任部门:园林局配合做好专项
    # 整治工作(一)…: the heading of the items that follow)
    cuts = [c for _, c in glued] + [h for s, c in glued if (h := _heading_after_units(text, s, c)) is not None]
    edits = [(s, ";") for s in starts if s > 0 and text[s - 1] not in _VALUE_END] + [(c, "\n") for c in cuts]
    for at, mark in sorted(edits, reverse=True):
        text = text[:at] + mark + text[at:]
    return text


_NAME_SEP_RX = re.compile(r"[、,，;；]")


def _heading_after_units(text: str, start: int, cut: int) -> int | None:
    """Where a short heading glued after the last unit of the value at `start` begins, the value running
    on to the next item's number at `cut`: after the longest name that reads as a unit and leaves words
    that do not (园林局 | 配合做好专项整治工作), or None."""
    from duban.core.units import looks_like_unit

    colon = _LABEL_COLON_RX.search(text, start, cut)
    if colon is None:
        return None
    piece_at = max([colon.end()] + [m.end() for m in _NAME_SEP_RX.finditer(text, colon.end(), cut)])
    piece = text[piece_at:cut]
    ends = sorted((m.end() for m in _NAME_END_RX.finditer(piece)), reverse=True)
    for end in ends:
        tail = piece[end:]
        if not looks_like_unit(piece[:end]):
            continue
        if 4 <= len(tail) <= 20 and not re.search(r"[\s。!?:：()（）]", tail) and not looks_like_unit(tail):
            return piece_at + end
        return None
    return None


# The next item's number glued to a value's end. Not 一、 after a character: a value runs on into the
# next item, never into a list's first, and 一 closes words (统一、规范, 唯一、之一、); nor 第二、 (an ordinal).
_GLUED_ITEM_RX = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<![一二三四五六七八九十百千第])"
    r"(?:\d{1,2}[.．、]|[(（][一二三四五六七八九十]{1,3}[)）]|(?!一、)[一二三四五六七八九十]{1,3}、)(?=[\u4e00-\u9fff])"
)


_VALUE_STOP_RX = re.compile(r"[\s。;；]")


def _value_end(text: str, start: int, starts: list[int]) -> int:
    """Where the value of the label at `start` can end at the latest: the next label, a space or the
    end of a sentence (past which the text is the next item's, whatever its words)."""
    stop = _VALUE_STOP_RX.search(text, start)
    return min([s for s in starts if s > start] + [stop.start() if stop else len(text)])


def _label_marks(lines: list[Line]) -> list[Line]:
    from duban.core.parse.labels import label_role

    def bracketed(m: re.Match[str]) -> str:
        if label_role(m.group(1)) is None:
            return m.group(0)
        before = m.string[m.start() - 1 : m.start()]
        # the value before it ends where this label starts: a ";" keeps them apart
        joint = ";" if before and not before.isspace() and before not in "。;；,，:：、" else ""
        return f"{joint}{m.group(1)}:"

    def fix(text: str, cut: bool = True) -> str:
        if "】" not in text and "〕" not in text and ":" not in text and "：" not in text:
            return text
        text = _BRACKETED_LABEL_RX.sub(bracketed, text)
        return _run_on_labels(_BARE_ROLE_RX.sub(lambda m: f"{m.group(1)}单位:", text), cut)

    out: list[Line] = []
    for ln in lines:
        if ln.cells is not None:  # a table's row: its cells are not cut
            text = fix(ln.text, cut=False)
            cells = tuple(fix(c, cut=False) for c in ln.cells)
            out.append(ln if text == ln.text and cells == ln.cells else Line(no=ln.no, text=text, cells=cells))
            continue
        text = fix(ln.text)
        out.extend([ln] if text == ln.text else [Line(no=ln.no, text=piece) for piece in text.split("\n")])
    return out


# what pages converted to traditional characters leave in the text: a pinyin gloss after a character
# (經(jīng)濟, 會(huì )) and a comma doubled with the mark after it (增長13%,; 省委,、省政府)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONED_GLOSS_RE = re.compile(rf"(?<=[\u4e00-\u9fff])[(（][a-zü]*[{_TONED}][a-zü{_TONED}]*\s?[)）]")
_GLOSS_RE = re.compile(rf"(?<=[\u4e00-\u9fff])[(（][a-zü{_TONED}]{{1,6}}\s?[)）]")
_DOUBLED_MARK_RE = re.compile(r"[,，](?=[,，;；。、:：])")


# what a document-sharing site prints into a page stored as text: its page break glued inside a
# paragraph (第 1 页共 5 页) and its notice that the copy is editable (下载后可任意编辑)
_SITE_FURNITURE_RE = re.compile(r"第\s*\d+\s*页\s*[,，/]?\s*共\s*\d+\s*页|下载后可(?:任意)?编辑")


def clean_page(lines: list[Line]) -> list[Line]:
    """The lines without a converter's leftovers: pinyin glosses (taken only from a text that has
    at least three with tone marks, so a bracketed abbreviation stays), doubled commas, and a
    document site's page breaks and notices glued into the text."""
    text = "".join(ln.text for ln in lines)
    glosses = len(_TONED_GLOSS_RE.findall(text)) >= 3
    doubled = len(_DOUBLED_MARK_RE.findall(text)) >= 3
    furniture = bool(_SITE_FURNITURE_RE.search(text))
    if not glosses and not doubled and not furniture:
        return lines

    def clean(value: str) -> str:
        if furniture:
            value = _SITE_FURNITURE_RE.sub("", value)
        if glosses:
            value = _GLOSS_RE.sub("", value)
        if doubled:
            value = _DOUBLED_MARK_RE.sub("", value)
        return value

    return [
        Line(no=ln.no, text=clean(ln.text), cells=tuple(clean(c) for c in ln.cells) if ln.cells is not None else None)
        for ln in lines
    ]


_PIPE_CELL_RX = re.compile(r"^\s*[|｜]\s*(\S.*)$")
_PIPE_END_RX = re.compile(r"^\s*[|｜]\s*$")


def _pipe_cells(lines: list[Line]) -> list[Line]:
    """A table copied as "first cell" / "| next cell" / "| next cell" / "|": each row's first cell on
    lines of its own (broken a few characters a line), the others after a bar, a bare bar ending the
    row. Rows become rows; one with fewer cells than the header lost its first cells to a merge and
    takes them from the row above."""
    if sum(1 for ln in lines if not ln.is_row and _PIPE_CELL_RX.match(ln.text)) < 4:
        return lines
    out: list[Line] = []
    width = 0
    previous: list[str] = []
    first: list[Line] = []
    cells: list[str] = []

    text_col = 0

    def end_row(no: int, text: str) -> None:
        nonlocal width, previous, text_col
        from duban.core.parse.columns import header_role

        row = ["".join(ln.text.strip() for ln in first)] if first else []
        row += cells
        if not row:
            return
        if not width:
            width = len(row)
            roles = [header_role(c) for c in row]
            text_col = roles.index("text") if "text" in roles else 0
        elif len(row) < width and previous:
            # cells merged with the row above are missing: the task's words go to the task column, the
            # cells around it follow them, the rest is carried down
            t = max(range(len(row)), key=lambda k: len(row[k]))
            full = list(previous)
            for k, cell in enumerate(row):
                if 0 <= k - t + text_col < width:
                    full[k - t + text_col] = cell
            row = full
        out.append(Line(no=no, text=text, cells=tuple(row)))
        previous = row

    start_no = 0
    texts: list[str] = []
    for ln in lines:
        if ln.is_row:
            out.append(ln)
            continue
        m = _PIPE_CELL_RX.match(ln.text)
        if m:
            cells.append(m.group(1).strip())
            texts.append(ln.text.strip())
        elif _PIPE_END_RX.match(ln.text):
            if first or cells:
                end_row(start_no or ln.no, " | ".join(texts))
            first, cells, texts, start_no = [], [], [], 0
        elif ln.text.strip():
            if cells:  # a row that never got its closing bar
                end_row(start_no or ln.no, " | ".join(texts))
                first, cells, texts, start_no = [], [], [], 0
            first.append(ln)
            texts.append(ln.text.strip())
            start_no = start_no or ln.no
        elif not first and not cells:
            out.append(ln)
    if first or cells:
        end_row(start_no, " | ".join(texts))
    return out


_BARRED_CELL_RX = re.compile(r"^\s*[|｜]?\s*([^|｜]*?)(?:\s*[|｜])+\s*$")


def _paragraphs(lines: list[Line]) -> list[Line]:
    # "类别 |" / "市发改委 | |": a table copied with each cell on a line of its own, closed by bars
    barred = 0
    for ln in lines:
        m = _BARRED_CELL_RX.match(ln.text)
        barred += bool(m and m.group(1))
    if barred >= 4:
        lines = [
            Line(no=ln.no, text=m.group(1)) if (m := _BARRED_CELL_RX.match(ln.text)) else ln
            for ln in lines
        ]
    out: list[Line] = []
    for line in lines:
        if line.is_row:
            out.append(line)
        elif PIPE_ONLY_RX.match(line.text) and "|" in shadow(line.text):
            out.append(Line(no=line.no, text=""))
        elif len(line.text) > LONG_LINE or len(_INLINE_ITEM_RX.findall(shadow(line.text))) >= 2:
            out.extend(Line(no=line.no, text=piece) for piece in unglue(line.text))
        else:
            out.append(line)
    return out


def unglue(text: str) -> list[str]:
    """A long line cut at the spaces that separate its paragraphs; the line itself when it has few."""
    from duban.core.parse.columns import header_role

    sh = shadow(text)
    depth = 0
    inside = [False] * len(sh)
    for i, ch in enumerate(sh):
        if ch in "(〔【《“":
            depth += 1
        elif ch in ")〕】》”" and depth:
            depth -= 1
        inside[i] = depth > 0
    cuts = sorted(
        (m for rx in (_BREAK_RX, _AFTER_FIGURE_RX) for m in rx.finditer(sh) if not inside[m.start()]),
        key=lambda m: m.start(),
    )
    if len(cuts) < MIN_BREAKS:
        return [text]
    pieces: list[str] = []
    pos = 0
    last_item = 0
    for m in cuts:
        if m.re is _AFTER_FIGURE_RX and int(m.group(1)) != last_item + 1:
            continue
        left = text[pos : m.start()]
        if len(left.strip()) < _MIN_PIECE and not numbering(left.strip() + "x"):
            continue  # keep a short piece with what follows it
        rest = sh[m.end() :]
        nxt = re.split(r"[ \t\u3000\xa0]", rest, maxsplit=1)[0]
        if len(nxt) < _MIN_PIECE and not numbering(nxt + "x"):
            continue
        if header_role(nxt) is not None and any(header_role(w) is not None for w in left.split()[-2:]):
            continue  # "序号 名称 工作任务 牵头责任单位": a table's header is one line
        pieces.append(left)
        pos = m.end()
        item = _ARABIC_ITEM_RX.match(sh, pos)
        last_item = int(item.group(1)) if item else last_item
    pieces.append(text[pos:])
    return [p.strip() for p in pieces if p.strip()]


# An item's number glued to what precedes it, on a page stored as one line with no space between
# its paragraphs ("…建设。二、任务分工(一)工作职责落实…(二)重点任务1.公共广场…方面。(1)路面…(牵头
# 处室:X)(2)…"). Run on the shadow; the number must be followed by a Chinese character.
_GLUED_MARK_RX = re.compile(
    r"(?P<cn>[一二三四五六七八九十]{1,3})、(?=[\u4e00-\u9fff])"
    r"|\((?P<pcn>[一二三四五六七八九十]{1,3})\)(?=[\u4e00-\u9fff“])"
    r"|\((?P<par>\d{1,2})\)(?=[\u4e00-\u9fff“])"
    r"|(?<![\d.])(?P<ar>\d{1,2})[.、](?=[\u4e00-\u9fff“])"
)
# what may stand before a glued number: the end of a sentence or of a note; a chapter's number ("二、")
# only after one (统一、规范 is no item), the deeper ones also after a heading's last character
_SENTENCE_END = "。!?)"
_AFTER_HEADING = _SENTENCE_END + "”》"
_STYLE_KEYS = {"cn": "cn", "(cn)": "pcn", "ar": "ar", "(ar)": "par"}  # numbering()'s styles, as named here


def _glued_items(lines: list[Line]) -> list[Line]:
    """A page stored as one line whose paragraphs are glued together: each piece of it cut again
    before the item numbers glued to the text before them. A number is taken only where it carries
    on its style's sequence (the next number, or 1 opening a new run; a chapter's number only goes
    up), and only where three numbers or more of two styles or more are found: a long paragraph
    whose sentences hold "(1)…(2)…" of one style is no document glued together."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and not lines[j].is_row and lines[j].no == lines[i].no:
            j += 1
        group = lines[i:j] if j > i else lines[i : i + 1]
        if j == i or sum(len(ln.text) for ln in group) <= LONG_LINE:
            out.extend(group)
            i = max(j, i + 1)
            continue
        cuts = _glued_cuts([ln.text for ln in group])
        # the pieces the run-on labels already cut at the next item's number (…责任部门:X(二)…): items
        # glued together, as many as the numbers found here
        led = sum(1 for ln in group[1:] if (n := numbering(ln.text)) is not None and n.style in _STYLE_KEYS)
        if (
            len(cuts) + led < MIN_BREAKS or (len({style for _, _, style in cuts}) < 2 and not (cuts and led))
            or any(_glued_header(ln.text) for ln in group)
        ):
            out.extend(group)
        else:
            for k, ln in enumerate(group):
                at = [pos for piece, pos, _ in cuts if piece == k]
                at = sorted(at + [h for pos in at if (h := _heading_before(ln.text, pos)) is not None])
                bounds = [0, *at, len(ln.text)]
                out.extend(Line(no=ln.no, text=ln.text[a:b].strip()) for a, b in zip(bounds, bounds[1:], strict=False)
                           if ln.text[a:b].strip())
        i = j
    return out


def _heading_before(text: str, pos: int) -> int | None:
    """Where a heading glued between a sentence's end and the item number at `pos` begins (…督查工作。
    实施专项整治工作(一)…: the heading of the items that follow), or None."""
    sh = shadow(text)
    end = max(sh.rfind(mark, 0, pos) for mark in "。!?")
    phrase = sh[end + 1 : pos]
    if end < 0 or not 4 <= len(phrase) <= 20 or re.search(r"[\s,、;:()“”《》]|\d", phrase):
        return None
    return end + 1


def _glued_header(text: str) -> bool:
    """A table's header glued together ("工作任务牵头单位责任单位"): three header words or more in a row,
    a task column's and a unit column's among them. Such a page is a table whose cells are glued
    too; cut at its numbers, each row would keep its unit cells in its task's text."""
    from duban.core.parse.columns import header_role

    word, run = _header_patterns()
    for m in run.finditer(compact(text)):
        roles = {header_role(w) for w in word.findall(m.group(0))}
        if "text" in roles and roles & {"lead", "cooperating", "responsible"}:
            return True
    return False


@lru_cache(maxsize=1)
def _header_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A header word, and three or more of them in a row (the longest word first at each place)."""
    from duban.core.parse.columns import header_words

    words = "|".join(map(re.escape, sorted((w for w in header_words() if len(w) >= 2), key=len, reverse=True)))
    # a header cell may qualify its word (主要工作任务, 具体工作措施, 主要责任单位) or name where a task
    # comes from (任务来源): the cell is the word with them
    cell = f"(?:主要|具体)?(?:工作)?(?:{words})(?:来源|依据)?"
    return re.compile(cell), re.compile(f"(?:{cell}){{3,}}")


def _glued_cuts(pieces: list[str]) -> list[tuple[int, int, str]]:
    """(piece, position, style) of each glued item number that continues its style's sequence."""
    last: dict[str, int] = {}
    cuts: list[tuple[int, int, str]] = []
    for k, text in enumerate(pieces):
        sh = shadow(text)
        depth = 0
        depth_at = [0] * (len(sh) + 1)
        for pos, ch in enumerate(sh):
            depth_at[pos] = depth
            if ch in "(〔【《“":
                depth += 1
            elif ch in ")〕】》”" and depth:
                depth -= 1
        lead = numbering(sh)
        if lead is not None and lead.style in _STYLE_KEYS:
            value = small_number(lead.number.strip("()"))
            if value is not None:
                last[_STYLE_KEYS[lead.style]] = value
        for m in _GLUED_MARK_RX.finditer(sh):
            pos = m.start()
            if pos == 0 or depth_at[pos]:
                continue
            before = sh[pos - 1]
            style = next(name for name in ("cn", "pcn", "par", "ar") if m.group(name))
            value = small_number(m.group(style))
            if value is None:
                continue
            if style == "cn":
                if before not in _SENTENCE_END or value <= last.get("cn", 0):
                    continue
            else:
                # "…的非法营运行为;2.区社会事业局负责…": items parted by ; too
                if not (before in _AFTER_HEADING or before == ";" or "\u4e00" <= before <= "\u9fff") or before in "一二三四五六七八九十第":
                    continue
                if value != 1 and value != last.get(style, 0) + 1:
                    continue
            last[style] = value
            cuts.append((k, pos, style))
    return cuts


# ---------------------------------------------------------------------------------------------
# A table stored as one line with its cells glued together, no mark between one cell and the next:
# "工作任务牵头单位责任单位工作要求一、着力…(一)围绕…1.政府工作要做到公开透明 区直有关单位,各乡镇人民政府
# 坚持…。2.…工作区行政审批局区直有关单位,各乡镇人民政府全面完成…". The header is found by its words;
# rows are cut at their numbers in sequence; in each row the unit cells are found by the shape of
# unit names (a name with no place of its own before it: 区行政审批局, not 工作区行政审批局), a cell
# ending where a name follows the one before it with no mark between them (区行政审批局区直有关单位).

_NAME_END_RX = re.compile(
    r"(?:办公室|办事处|指挥部|部门|分局|街道|机关|单位|中心|公司|集团|政府|局|委|办|厅|部|院|署|会|处|科|室|队|所|站|社|馆|团)"
    r"(?:[(（][^()（）]{1,12}[)）])?"
)
_ROLE_AFTER_RX = re.compile(r"(?:牵头|负责|配合|协办|主办|参与|会同)")
_MAX_NAME = 16


def _glued_tables(lines: list[Line]) -> list[Line]:
    """Each long line that holds a table with its cells glued together, made into that table's rows."""
    out: list[Line] = []
    for ln in lines:
        rows = None if ln.is_row or len(ln.text) <= LONG_LINE else _glued_table(ln)
        out.extend(rows if rows is not None else [ln])
    return out


def _glued_table(line: Line) -> list[Line] | None:
    """The line as its text before the table, the header row and the table's rows; None where it
    holds no glued header or too few rows read."""
    from duban.core.parse.columns import header_role

    text = line.text
    word, run = _header_patterns()
    m = run.search(text)  # the header's words glued together (a header with spaces is `_space_tables`')
    if m is None:
        return None
    header = word.findall(m.group(0))
    roles = [None if w.endswith(("来源", "依据")) else header_role(w) for w in header]
    if "text" not in roles or not any(r in ("lead", "cooperating", "responsible") for r in roles):
        return None
    head_start = m.start()
    body = text[m.end() :]
    pieces = _table_pieces(body, run)
    if pieces is None:
        return None
    unit_cols = [k for k, r in enumerate(roles) if r in ("lead", "cooperating", "responsible")]
    text_col = roles.index("text")
    # a time column between the task and the units (…领导小组3月区经发局区环土局): the row's time cell is
    # found before its units, and one unit column takes every name glued in it
    deadline_col = roles.index("deadline") if "deadline" in roles else None
    timed = deadline_col is not None and text_col < deadline_col < unit_cols[0] and len(unit_cols) == 1
    width = len(header) + 1  # the column the header's words do not name (工作要求): what is left of a row
    cells_header = (*header, "")
    out = [Line(no=line.no, text=text[:head_start])] if text[:head_start].strip() else []
    out.append(Line(no=line.no, text=" ".join(header), cells=cells_header))
    tasks = 0
    for kind, piece in pieces:
        if kind == "section":
            out.append(Line(no=line.no, text=piece, cells=(piece,)))
            continue
        timed_split = _timed_row(piece) if timed else None
        split = _glued_row(piece, len(unit_cols)) if timed_split is None else None
        if timed_split is None and split is None:
            out.append(Line(no=line.no, text=piece, cells=(piece,)))
            continue
        deadline = ""
        if timed_split is not None:
            task, deadline, units, rest = timed_split
        else:
            assert split is not None
            task, units, rest = split
        row = [""] * width
        row[text_col] = task
        num = numbering(task) if "number" in roles else None
        if num is not None:  # the row's number in the 序号 column the header names, as printed apart
            row[roles.index("number")], row[text_col] = num.number, task[num.rest :].strip()
        if deadline and deadline_col is not None:
            row[deadline_col] = deadline
        for col, value in zip(unit_cols[len(unit_cols) - min(len(units), len(unit_cols)) :], units[-len(unit_cols) :], strict=False):
            row[col] = value
        row[-1] = rest
        out.append(Line(no=line.no, text=piece, cells=tuple(row)))
        tasks += 1
    return out if tasks >= MIN_BREAKS else None


# the time cell of a row: a month, the whole year, the year's end (3月, 12月底前, 全年, 年底前)
_TIME_CELL_RX = re.compile(r"(?:\d{1,2}月(?:份)?(?:底|末|上旬|中旬|下旬)?(?:前)?|全年|年底前?|年内|长期|持续推进)")


def _timed_row(row: str) -> tuple[str, str, list[str], str] | None:
    """(task, time, the units as one cell, what follows) of a glued row whose time cell stands between
    its task and its units ("1、建立…领导小组3月区经发局区环土局1、平潭综合实验区…"), or None: the first
    time cell with a unit's name glued after it, every name glued there one after another or by 、."""
    from duban.core.units import looks_like_unit

    num = numbering(row)
    body_start = num.rest if num is not None else 0
    for m in _TIME_CELL_RX.finditer(row, body_start + 2):
        start = m.end()
        if start < len(row) and row[start] in " 　":
            start += 1
        cells, end = _unit_cells(row, start, 99)
        names = [n for c in cells for n in re.split(r"[、,，]", c) if n]
        if names and all(looks_like_unit(n) for n in names):
            return row[: m.start()].strip(), m.group(0), ["、".join(names)], row[end:].strip()
    return None


def _table_pieces(body: str, run: re.Pattern[str]) -> list[tuple[str, str]] | None:
    """The rows ("row", "6.深入推进…区财金局…") and section rows ("section", "(二)围绕…") of a glued
    table, cut at the numbers that carry on their style's sequence."""
    sh = shadow(body)
    marks = []
    last: dict[str, int] = {}
    rows: list[tuple[int, int]] = []  # (position, number) of every row number that may be one
    for m in _GLUED_MARK_RX.finditer(sh):
        style = next(name for name in ("cn", "pcn", "par", "ar") if m.group(name))
        value = small_number(m.group(style))
        if value is None or style == "par":
            continue
        if style == "ar":
            rows.append((m.start(), value))
            continue
        before = sh[m.start() - 1] if m.start() else "。"
        if style == "cn" and before in "一二三四五六七八九十第":
            continue
        prev = last.get(style, 0)
        if not (prev < value <= prev + 3) and not (style != "cn" and value == 1 and prev == 0):
            continue
        last[style] = value
        marks.append((m.start(), style))
    marks = sorted(marks + [(pos, "ar") for pos in _row_sequence(rows)])
    if sum(1 for _, style in marks if style == "ar") < MIN_BREAKS:
        return None
    pieces: list[tuple[str, str]] = []
    for k, (start, style) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(body)
        piece = body[start:end].strip()
        again = run.search(piece)  # the header printed again at a page break, glued to the row before it
        if again is not None:
            piece = piece[: again.start()].strip()
        pieces.append(("row" if style == "ar" else "section", piece))
    return pieces


def _row_sequence(rows: list[tuple[int, int]]) -> list[int]:
    """The positions of the rows' own numbers: the longest run that goes up by one (or skips two at
    most), from 1 to 3. A list numbered inside a cell (a source cell's 1、…2、…3、 under each group)
    starts again at 1 and runs shorter than the rows do."""
    best: dict[int, tuple[int, int]] = {}  # number -> (length, index in rows) of the run ending there
    back: list[int | None] = []
    ends: list[int] = []
    for k, (_, value) in enumerate(rows):
        prior = [best[v] for v in (value - 1, value - 2, value - 3) if v in best]
        if prior:
            length, before = max(prior)
            back.append(before)
            ends.append(length + 1)
        elif value <= 3:
            back.append(None)
            ends.append(1)
        else:
            back.append(None)
            ends.append(0)
            continue
        # of two runs as long, the later one carries on: the rows' own number comes after the
        # numbers inside the cells of the row before it (a run's first 1 is the first row's)
        held = best.get(value, (0, -1))[0]
        if ends[k] > held or (ends[k] == held and ends[k] > 1):
            best[value] = (ends[k], k)
    if not rows or max(ends) == 0:
        return []
    at: int | None = max(range(len(rows)), key=lambda i: (ends[i], -i))
    chain: list[int] = []
    while at is not None:
        chain.append(rows[at][0])
        at = back[at]
    return chain[::-1]


def _name_end(text: str, start: int) -> int | None:
    """The end of a unit's name that starts at `start`, or None: the shortest name ending like an
    organ and with no place of its own before it, taken on to the next organ's ending while the
    name is no organ the name model knows (区社 → 区社会事业局, 区办 → 区办法规处), and past a known
    one only by the words that complete an organ's name (各乡镇 → 各乡镇人民政府, 区管委 → 区管委会办公室;
    区财金局 stays before 中心城市…, the next cell's words)."""
    from duban.core import unitname

    ends = [m.end() for m in _NAME_END_RX.finditer(text, start, min(len(text), start + _MAX_NAME))
            if not _NAME_STOP_RX.search(text, start, m.end())]
    for end in ends:
        if end - start < 2 or unitname.parse(text[start:end]).place:
            continue
        while not (_starts_name(text, end) or _ROLE_AFTER_RX.match(text, end)):
            goes_on = _NAME_GOES_ON_RX if unitname.parse(text[start:end]).body is None else _NAME_COMPLETED_RX
            later = [e for e in ends if e > end and goes_on.fullmatch(text, end, e)
                     and not unitname.parse(text[start:e]).place]
            if not later:
                break
            end = min(later) if goes_on is _NAME_GOES_ON_RX else max(later)
        return end
    return None


# what may carry a name on past an organ's ending: no word that opens a clause (各乡镇人民政府对部… is
# the name, then the work); past a known organ, only the words that complete its name
_NAME_GOES_ON_RX = re.compile(r"[^\s对要在于按将把和与及并等的为向从就以由使让给、,，。;；:：]{1,14}")
_NAME_COMPLETED_RX = re.compile(r"(?:会|办公室|人民政府|政府|委员会|分公司|公司)+")
_NAME_STOP_RX = re.compile(r"[\s,，、;；。:：《》“”]")


def _starts_name(text: str, start: int) -> bool:
    """Whether a unit's name of its own starts here: a level or 各 first (区直有关单位 after 区行政审批局),
    or the townships concerned (相关乡镇人民政府 after 区环土局)."""
    return start < len(text) and (text[start] in "省市县区乡镇各" or text.startswith(("相关乡", "相关镇", "有关乡", "有关镇"), start))


def _glued_row(row: str, limit: int) -> tuple[str, list[str], str] | None:
    """(task, unit cells, what follows them) of a row whose cells are glued, or None; `limit` unit
    cells at most, as many as the header has unit columns."""
    num = numbering(row)
    body_start = num.rest if num is not None else 0
    text = row
    for start in range(body_start + 2, len(text)):
        after_mark = text[start - 1].isspace() or text[start - 1] in "。;；"
        if not (after_mark or _starts_name(text, start)) or text[start].isspace():
            continue
        # a space where a cell would start is that cell left empty ("…公开透明 区直有关单位…": no lead)
        cells, end = _unit_cells(text, start, limit - 1 if text[start - 1].isspace() else limit)
        if cells:
            return text[:start].strip(), cells, text[end:].strip()
    return None


def _unit_cells(text: str, start: int, limit: int) -> tuple[list[str], int]:
    """The unit cells from `start`: names joined by 、 or , are one cell; a name glued to the one
    before it, or after a space, starts the next."""
    cells: list[str] = []
    current = ""
    pos = start
    while pos < len(text):
        end = _name_end(text, pos)
        if end is None:
            break
        role = _ROLE_AFTER_RX.match(text, end)
        end = role.end() if role else end
        current += text[pos:end]
        pos = end
        if pos < len(text) and text[pos] in "、,，":
            nxt = pos + 1
            if _name_end(text, nxt) is None:
                break
            current += text[pos]
            pos = nxt
            continue
        gap = pos
        while gap < len(text) and text[gap] == " ":
            gap += 1
        if (len(cells) + 1 < limit and gap < len(text) and (gap > pos or _starts_name(text, gap))
                and _name_end(text, gap) is not None):
            cells.append(current)
            current = ""
            pos = gap
            continue
        break
    if current:
        cells.append(current)
    return cells, pos


def _glued_notes(lines: list[Line]) -> list[Line]:
    """A long line whose items each close with their units glued to the next item's text
    ("…跨界投资项目。区经发局牵头,区交建局、电力公司创新应用各种投融资方式…。区财金局牵头,…"): cut
    after each such run of units (a sentence's end before it, a word of role in it, and text
    straight after it), where three runs or more are found."""
    out: list[Line] = []
    for ln in lines:
        cuts = [] if ln.is_row or len(ln.text) <= LONG_LINE else _glued_note_ends(ln.text)
        if len(cuts) < MIN_BREAKS:
            out.append(ln)
            continue
        head = _header_before(ln.text[: cuts[0]])
        if head:  # the header a paragraph of its own: not the end of the line before, not the first row's start
            out += [Line(no=ln.no, text=""), Line(no=ln.no, text=ln.text[:head].strip()), Line(no=ln.no, text="")]
        bounds = [head or 0, *cuts, len(ln.text)]
        out.extend(Line(no=ln.no, text=ln.text[a:b].strip()) for a, b in zip(bounds, bounds[1:], strict=False)
                   if ln.text[a:b].strip())
    return out


def _header_before(text: str) -> int | None:
    """Where a table's header glued to the front of its first row ends ("存在问题整改目标和措施责任单位投资
    增长动力不足出台…"): after a task column's word and a unit column's next to it, near the start."""
    from duban.core.parse.columns import header_role

    word, _ = _header_patterns()
    found = list(word.finditer(text, 0, min(len(text), 40)))
    for a, b in zip(found, found[1:], strict=False):
        if a.end() == b.start() and header_role(a.group(0)) == "text" and header_role(b.group(0)) in (
            "lead", "cooperating", "responsible"
        ):
            return b.end()
    return None


def _glued_note_ends(text: str) -> list[int]:
    ends: list[int] = []
    for m in re.finditer("。", text):
        start = m.end()
        cells, end = _unit_cells(text, start, 1)
        if not cells or not _ROLE_AFTER_RX.search(cells[0]) or end >= len(text) or text[end] in "。;；,，、 ":
            continue
        ends.append(end)
    return ends


# ---------------------------------------------------------------------------------------------
# Tables whose columns are separated by spaces (a PDF's text, a plan typed in a text editor)

_WIDE_GAP = re.compile(r"[ \t\u3000\xa0]{2,}|\t")
_UNIT_ROLES = ("lead", "cooperating", "responsible", "general_lead")


def _space_header(text: str) -> list[str] | None:
    """The header cells of a space-separated table, or None: three or more header words, a task
    column and a unit or leader column among them."""
    from duban.core.parse.columns import header_role

    cells = text.split()
    if len(cells) < 3 or len(cells) > 12 or any(len(c) < 2 for c in cells):
        return None
    roles = [header_role(c) for c in cells]
    if sum(r is None for r in roles) > 1 or roles[0] not in ("number", "text") or "text" not in roles:
        return None
    if not any(r in _UNIT_ROLES + ("leaders",) for r in roles):
        return None
    return cells


def _trailing_header(text: str) -> tuple[str, list[str] | None]:
    """A header run together at the end of a longer line ("…分解表 序号 名称 工作任务 牵头责任单位")."""
    words = text.split()
    for start in range(max(0, len(words) - 12), len(words) - 2):
        cells = _space_header(" ".join(words[start:]))
        if cells is not None:
            head = text.rstrip()
            for word in reversed(words[start:]):
                head = head[: head.rstrip().rfind(word)]
            return head.strip(), cells
    return text, None


def _space_tables(lines: list[Line]) -> list[Line]:
    from duban.core.parse.columns import header_role

    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        header = None if line.is_row else _space_header(line.text)
        if header is None and not line.is_row:
            prefix, header = _trailing_header(line.text)
            if header is not None and prefix:
                out.append(Line(no=line.no, text=prefix))  # a notice and the table's header run together
        if header is None:
            out.append(line)
            i += 1
            continue
        roles = [header_role(c) or "other" for c in header]
        out.append(Line(no=line.no, text=line.text, cells=tuple(header)))
        i += 1
        while i < len(lines) and not lines[i].is_row:
            body = lines[i]
            if not body.text.strip():
                out.append(body)
                i += 1
                continue
            cells = _space_row(body.text, roles)
            if cells is None:
                break
            out.append(Line(no=body.no, text=body.text, cells=cells))
            i += 1
    return out


def _space_row(text: str, roles: list[str]) -> tuple[str, ...] | None:
    """The cells of one line of a space-separated table, or None where the table has ended.

    Cells are split at wide gaps when there are as many as columns; otherwise the words are dealt
    out: the number first, then from the end the deadline, names and units by what they look like,
    and what is left is the task (a line that is all task text continues the row above)."""
    from duban.core.parse.lines import BARE_NUMBER
    from duban.core.parse.notes import looks_like_deadline
    from duban.core.units import looks_like_leader_title, looks_like_person, looks_like_unit, split_units

    stripped = text.strip()
    wide = [c for c in _WIDE_GAP.split(stripped) if c]
    if len(wide) == len(roles):
        return tuple(wide)
    words = stripped.split()
    if not words:
        return None
    num = numbering(stripped)
    if num is not None and num.style in ("part", "cn", "(cn)"):
        return (stripped,)  # a heading row across the table
    cells = [""] * len(roles)
    k = 0
    if roles[0] == "number" and BARE_NUMBER.match(words[0]):
        cells[0] = words[0]
        k = 1
    text_col = roles.index("text")
    end = len(words)
    col = len(roles) - 1

    def is_units(word: str) -> bool:
        units = split_units(word)
        return bool(units) and all(looks_like_unit(u) for u in units)

    unit_words: list[str] = []
    while col > text_col and end > k + 1:
        role, word = roles[col], words[end - 1]
        if role == "deadline" and looks_like_deadline(word):
            cells[col] = word
            end -= 1
        elif role in ("persons", "leaders") and (looks_like_person(word) or looks_like_leader_title(word)):
            cells[col] = word
            end -= 1
        elif role in _UNIT_ROLES:
            while end > k + 1 and is_units(words[end - 1]):
                unit_words.insert(0, words[end - 1])
                end -= 1
            unit_cols = [c for c in range(text_col + 1, col + 1) if roles[c] in _UNIT_ROLES]
            if unit_words and len(unit_cols) >= 2:
                cells[unit_cols[0]] = unit_words[0]
                cells[unit_cols[1]] = "、".join(unit_words[1:])
            elif unit_words:
                cells[unit_cols[-1]] = "、".join(unit_words)
            col = min(unit_cols) if unit_cols else col
        col -= 1
    cells[text_col] = "".join(words[k:end]) if all(_cjk_edge(w) for w in words[k:end]) else " ".join(words[k:end])
    if not any(cells[c] for c in range(len(roles)) if c != text_col) and not cells[0] and len(cells[text_col]) > 60:
        return None  # a paragraph after the table
    return tuple(cells)


def _cjk_edge(word: str) -> bool:
    return bool(re.match(rf"^[{_HAN}“(《]", word)) and bool(re.search(rf"[{_HAN}。,;”)》%]$", word))
