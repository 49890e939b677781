"""The candidate units a plan's tasks are ranked among: the office's own list, as it keeps it.

A text file one unit a line is the simplest form; an office more often has its 单位名单 as a Word
attachment (附件2, a title, numbered group headings, names run together with 、), an Excel roster
(序号 | 单位名称 | 联系人 | 电话), or duban's own directory export. Every form is read by the reader
(`duban.core.read`), then the names are taken from what is a list of units and the rest (the title,
the headings that count the members below them, the header row, the contact columns, the persons)
is read past.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from duban.core import catalogue, unitname
from duban.core.document import Document
from duban.core.errors import DubanError

_LIST_WORDS_RE = re.compile(r"^(?:序号)?(?:候选)?(?P<label>.*?)(?:名称|名单|列表|清单)?[::]?$")
_BRACKETED_END_RE = re.compile(r"\(([^()]{1,6})\)$")
# the furniture of a list kept as a document: its attachment number and its title
_ATTACHMENT_RE = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*[::]?$")
_TITLE_RE = re.compile(r"(?:名单|清单|一览表|汇总表|通讯录|联系表)(?:\([^()]*\))?$")
# a heading's number (一、 (二) 3. 4、 ⑤), read off before the names after it
_NUMBER_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.](?!\d)|[①-⑳])\s*")
# (共30个), (12家): a heading that counts the members listed below it
_COUNT_RE = re.compile(r"\(共?\d+[个家]?\)$")
# the columns of a roster that are not the units: its number, the persons and how to reach them
_OTHER_COLUMN_RE = re.compile(
    r"^(?:序号|编号|no\.?|姓名|职务.*|职级|职称|岗位|.*电话|手机.*|联系人|联系方式|传真|.*邮箱|地址|邮编|备注|说明"
    r"|类别|类型|.*类别|性质|级别|.*别名|曾用名|身份|排序|包含.*|微信|qq)$",
    re.IGNORECASE,
)
# a column of units: 单位名称, 责任单位, 部门, 所在单位, 单位全称 (the reader's labels, or any name of a unit)
_UNIT_COLUMN_RE = re.compile(r"(?:单位|部门|机构|名称|全称|组名|成员)$")
_LABEL_RE = re.compile(r"^\s*([^:,、]{1,10})[::]")  # a short label before the names it introduces
# how to reach a unit, printed beside its name: (联系人:张三,电话:…) or 联系人:李四 0719-…, and a count
_CONTACT_RE = re.compile(r"\([^()]*(?:联系|电话|手机|负责人|联络员|地址|邮箱)[^()]*\)")
_CONTACT_TAIL_RE = re.compile(r"\s*(?:联系人|联系电话|联系方式|办公电话|电话|手机|负责人|联络员|分管领导)\s*:.*$")
_TOTAL_RE = re.compile(r"^(?:共计|合计|总计|小计)")
_NOT_A_NAME_RE = re.compile(r"^[\d\s\-+().:/年月日]*$")  # a number, a telephone, a date


def load_candidates(path: str) -> list[str]:
    """The candidate units of a file: text one a line (# comments and blank lines ignored), or a
    Word, Excel, PDF or web page that lists them. Duplicates are dropped, the first kept."""
    from duban.core.read import read_document

    p = Path(path)
    if not p.exists():
        raise DubanError("候选单位文件不存在", path=path)
    if p.is_dir():
        raise DubanError("候选单位应是一个文件(文本、Word、Excel 等),这是一个目录", path=path)
    return _rankable(candidates_of(read_document(path), name=path), name=path)


def parse_candidates(text: str, *, name: str | None = None) -> list[str]:
    """Candidate units from text: one a line; a line may also list several (区科经、商务局 is two).
    A header line (序号 单位名称), a role in brackets after a name (区住建局(牵头)) and a person's
    name beside a unit (区卫健局 张三) are read past, as an office's own list may print them."""
    return _rankable(candidates_of(Document.from_text(text), name=name), name=name)


def candidates_of(doc: Document, *, name: str | None = None) -> list[str]:
    """The units a document lists, in order. In a table, the columns its header names as units
    (单位名称, 所在单位) are read, and no other; a table without a header gives the cells that are
    names of units. Outside tables, each line's names after its heading number. None at all is
    refused in Chinese."""
    typed = doc.kind == "txt"  # a list typed as text: every name on it is meant, known or not
    out: list[str] = []
    seen: set[str] = set()
    columns: tuple[int, ...] | None = None  # the unit columns of the table being read
    for line in doc.lines:
        if line.cells is not None:
            cells = [c.split("#", 1)[0] if typed else c for c in line.cells]
            labels = [catalogue.norm_name(c) for c in cells]
            if _header_row(labels):
                columns = tuple(i for i, c in enumerate(labels) if c and _unit_column(c))
                continue
            if columns is None:
                values = [(c, False) for c in cells]
            else:
                values = [(cells[i], True) for i in columns if i < len(cells)]
            for value, meant in values:
                for piece in value.split("\n"):
                    _add(out, seen, _names(piece, meant=meant or typed))
            continue
        columns = None
        text = line.text.split("#", 1)[0] if typed else line.text
        _add(out, seen, _names(text, meant=typed))
    if not out:
        raise DubanError("候选单位列表是空的:请每行写一个单位名称", path=name)
    return out


def _rankable(units: list[str], *, name: str | None) -> list[str]:
    """Suggestions rank units: one alone is no choice."""
    if len(units) == 1:
        raise DubanError(f"候选单位列表只有一个单位({units[0]}):无从排序,请每行写一个单位名称", path=name)
    return units


def _add(out: list[str], seen: set[str], names: list[str]) -> None:
    for unit in names:
        if unit not in seen:
            seen.add(unit)
            out.append(unit)


def _names(raw: str, *, meant: bool) -> list[str]:
    """The units one line or cell names. `meant`: the line is in a list of units (typed as text, or
    in a unit column), so a name duban does not know is still one; elsewhere only names of units."""
    from duban.core.units import looks_like_person, split_units

    text = _CONTACT_TAIL_RE.sub("", _CONTACT_RE.sub("", unicodedata.normalize("NFKC", raw))).strip()
    compact = catalogue.norm_name(text)
    if _TOTAL_RE.match(compact):
        return []  # 共计:45个单位
    if not compact or _header_line(text) or _ATTACHMENT_RE.match(compact) or _list_header(compact):
        return []
    m = _NUMBER_RE.match(text)
    text = text[m.end() :] if m else text
    rest = catalogue.norm_name(text)
    if not rest or _list_header(rest):
        return []
    if "、" not in rest and "," not in rest and _TITLE_RE.search(rest):
        return []  # the list's title: 示例区2025年重点工作责任单位名单
    if rest.endswith(":") or _COUNT_RE.search(rest) or (m and unitname.is_group(rest) and not rest.startswith("各")):
        return []  # a heading over the members listed below it: 一、区直单位(共30个), 二、乡镇街道:
    label = _LABEL_RE.match(text)
    if label and not unitname.parse(catalogue.norm_name(label[1])).type:
        text = text[label.end() :]  # the names a label introduces: 其他:区总工会、团区委; 乡镇:甲镇、乙镇
    out = []
    for part in split_units(text):
        unit = _without_role(catalogue.norm_name(part))
        if not unit or _NOT_A_NAME_RE.match(unit):
            continue
        if looks_like_person(unit) and catalogue.match(unit) is None:
            continue
        if meant or _unit_name(unit):
            out.append(unit)
    return out


def _unit_name(name: str) -> bool:
    """A name is a unit's where duban knows its body or kind, it is a group or a township, or it prints
    a level and ends as units do (区香菇办, 县农机中心); a sentence (请于周一到会) is none."""
    parsed = unitname.parse(name)
    known = catalogue.match(name) or catalogue.guess(name)
    return bool(known or parsed.group or parsed.township or parsed.government or (parsed.type and parsed.level))


def _list_header(line: str) -> bool:
    """A list's header line (序号 单位名称, 责任单位名单:, 名单): the reader's own labels, not a unit."""
    from duban.core.parse.labels import UNIT_HOLDERS, label_role

    m = _LIST_WORDS_RE.match(line)
    label = m["label"] if m else line
    return label in ("", *UNIT_HOLDERS) or label_role(label) in ("lead", "cooperating", "responsible")


def _header_row(cells: list[str]) -> bool:
    """A roster's header: every cell a column's label, one at least a label proper (序号, 姓名,
    单位名称), so that a row of group names (区直部门 | 各成员单位) is not taken for one."""
    filled = [c for c in cells if c]
    return (bool(filled) and all(_column_label(c) for c in filled)
            and any(_OTHER_COLUMN_RE.match(c) or _list_header(c) for c in filled))


def _column_label(cell: str) -> bool:
    return _OTHER_COLUMN_RE.match(cell) is not None or _unit_column(cell)


def _unit_column(cell: str) -> bool:
    if _OTHER_COLUMN_RE.match(cell):
        return False
    return _list_header(cell) or (_UNIT_COLUMN_RE.search(cell) is not None and len(cell) <= 8)


def _header_line(text: str) -> bool:
    """A roster's header typed as a line: 序号 单位名称 联系人 电话."""
    words = text.split()
    return len(words) >= 2 and all(_column_label(w) for w in words)


def _without_role(name: str) -> str:
    """区住建局(牵头) → 区住建局: a role printed after a name in brackets is the role (the reader's role
    words), not a face of the unit as 区财政局(国资局) is."""
    from duban.core.parse.labels import COOP_ROLES, LEAD_ROLES, PLAIN_ROLES, label_role

    m = _BRACKETED_END_RE.search(name)
    if m and (m[1] in LEAD_ROLES + COOP_ROLES + PLAIN_ROLES or label_role(m[1]) in ("lead", "cooperating", "responsible")):
        return name[: m.start()]
    return name
