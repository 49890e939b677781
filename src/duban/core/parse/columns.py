"""Table headers: which column of a plan's table holds what.

Tables come as real rows (Word, Excel, HTML, PDF, "a | b | c" text) or flattened to one cell a
line (a web page copied as text). Either way the header row names the columns, in words that
vary from plan to plan: 目标任务 / 重点任务 / 工作任务, 责任单位 / 配合单位, 完成时限 / 时间节点 …
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.core.parse.lines import compact

# Checked in order: the first role whose word the header cell contains wins.
_ROLE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("number", ("序号", "编号", "序")),
    ("general_lead", ("总牵头单位",)),
    ("leaders", ("责任领导", "牵头领导", "分管领导", "联系领导", "责任区领导", "责任市领导", "牵头区领导", "区领导", "市领导", "县领导")),
    ("lead", ("牵头单位", "牵头部门", "主责单位", "主办单位", "牵头责任单位", "主责部门")),
    ("persons", ("责任人", "联系人")),
    ("cooperating", ("责任单位", "配合单位", "协办单位", "参与单位", "责任部门", "配合部门", "协同单位", "责任主体")),
    ("deadline", ("完成时限", "完成时间", "时间节点", "时限", "完成期限", "时间要求")),
    ("remark", ("备注", "说明")),
    ("text", (
        "目标任务", "重点任务", "工作任务", "主要任务", "任务内容", "具体任务", "重点工作", "工作内容",
        "责任事项", "工作目标", "任务名称", "事项", "任务", "目标", "内容", "举措", "措施", "指标",
    )),
]
UNIT_ROLES = ("lead", "cooperating")


def header_words() -> tuple[str, ...]:
    """Every word that names a column, as `header_role` reads it."""
    return tuple(w for _, words in _ROLE_WORDS for w in words)


_TEXT_RANKS = (("任务", "重点工作", "工作内容", "举措", "措施", "事项"), ("内容",), ("目标", "指标"))


def _text_rank(cell: str) -> int:
    c = compact(cell)
    return next((k for k, words in enumerate(_TEXT_RANKS) if any(w in c for w in words)), len(_TEXT_RANKS))


def header_role(cell: str) -> str | None:
    """The role a header cell names, or None if it is not a header word.

    A label as the notes print it (牵头单位, 责任科室, 牵头负责领导, 具体责任人…) is read by the same
    grammar (`labels`); the task column and the rest by the words above.
    """
    from duban.core.parse.labels import label_role

    c = compact(cell)
    if not c or len(c) > 12:
        return None
    if "序号" in c or "编号" in c or c == "序":
        return "number"
    role = label_role(c)
    if role == "division":
        role = "responsible"
    if role is not None:
        return role
    for role, words in _ROLE_WORDS:
        if any(w in c for w in words):
            return role
    return None


@dataclass(frozen=True)
class Columns:
    """Where each role sits: role → column index (first occurrence), and the order of roles."""

    index: dict[str, int]
    order: tuple[str, ...]
    cells: tuple[str, ...] = ()  # the header cells as printed
    # every header cell that reads as the task column, the chosen one first: where the words rank
    # them wrongly (目标任务 holding the figures beside 项目内容), the cells can still tell
    texts: tuple[int, ...] = ()

    def get(self, role: str) -> int | None:
        return self.index.get(role)

    def with_text(self, k: int) -> Columns:
        """The same header read with column k as the task's, the other task-like columns as others."""
        order = tuple("text" if i == k else ("other" if r == "text" else r) for i, r in enumerate(self.order))
        index: dict[str, int] = {}
        for i, r in enumerate(order):
            if r not in ("other", "empty"):
                index.setdefault(r, i)
        return Columns(index=index, order=order, cells=self.cells, texts=(k, *(i for i in self.texts if i != k)))

    @property
    def has_units(self) -> bool:
        return any(r in self.index for r in UNIT_ROLES)


def columns_from_cells(cells: list[str] | tuple[str, ...]) -> Columns | None:
    """Read a header row; None unless it names a task column and a unit or leader column."""
    index: dict[str, int] = {}
    order: list[str] = []
    roles = [header_role(cell) for cell in cells]
    # 责任单位 beside 配合单位 with no lead column is the lead side of the pair; beside 牵头单位, or
    # alone, it cooperates (the contract's reading)
    plain = "lead" if ("cooperating" in roles and "lead" not in roles) else "cooperating"
    # 主要责任单位 beside 责任单位: the main one leads (as 主要责任单位 beside 协同配合单位 above)
    responsible = [i for i, r in enumerate(roles) if r == "responsible"]
    if len(responsible) >= 2 and "lead" not in roles and compact(cells[responsible[0]]).startswith("主"):
        roles[responsible[0]] = "lead"
        plain = "cooperating"
    roles = [plain if r == "responsible" else r for r in roles]
    # several task-like columns (考核指标 / 考核内容, 工作任务 / 年度目标): the task is the most specific;
    # a name (民生事项名称) labels the row, and the commitment beside it (年度任务目标) is the task
    texts = [i for i, r in enumerate(roles) if r == "text"]
    if len(texts) > 1:
        best = min(texts, key=lambda i: (compact(cells[i]).endswith("名称"), _text_rank(cells[i]), i))
        texts = [best, *(i for i in texts if i != best)]
        roles = [("other" if (r == "text" and i != best) else r) for i, r in enumerate(roles)]
    for i, cell in enumerate(cells):
        role = roles[i]
        if role is None:
            if compact(cell):
                order.append("other")
            else:
                order.append("empty")
            continue
        order.append(role)
        index.setdefault(role, i)
    if "text" not in index:
        return None
    if not (index.keys() & {"lead", "cooperating", "leaders"}):
        return None
    # a second task-like column (重点任务 beside 工作内容) is a column the header names, as the first is
    mapped = sum(1 for r in order if r not in ("other", "empty")) + len(texts) - 1
    if mapped < 3 and not (mapped == 2 and len(cells) >= 5):  # 指标 / 单位 / 2009年 … / 考核责任单位
        return None
    return Columns(index=index, order=tuple(order), cells=tuple(cells), texts=tuple(texts))
