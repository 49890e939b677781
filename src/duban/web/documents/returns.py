"""Reading back a 附表3 a unit filled offline: rows matched to the unit's tasks by number and
text, every cell checked, and a list of problems in Chinese. Nothing here writes: the unit sees
the result and confirms it before anything is saved.

Refused outright: anything that is not an .xlsx workbook (an .xlsm or any file carrying macros
included), and formulas (a value must be typed, not computed from elsewhere). Refused row by
row: extra rows (a number the unit does not hold), edited task text, a status not in the list,
an indicator value that is not a number. Rows moved about are fine (matched by number); missing
rows are reported and simply not updated (a partial return, labelled as one)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from duban.core.errors import ReadError
from duban.core.read.limits import check_zip
from duban.web.documents.builders.forms import FORM3_SHEET, STATUSES, UnitTask

MAX_BYTES = 5 * 1024 * 1024


class ReturnError(ValueError):
    """The whole file is refused; the message is Chinese and is shown as it is."""


@dataclass
class ReturnRow:
    task_id: int
    number: str
    text: str
    done: str
    status: str
    indicators: dict[str, float] = field(default_factory=dict)  # indicator key → value
    indicator_labels: dict[str, str] = field(default_factory=dict)
    changed: bool = True
    filed: bool = False  # already submitted this round: shown as such and left as it is

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReturnResult:
    rows: list[ReturnRow]
    errors: list[str]  # any error: nothing can be saved
    notes: list[str]  # worth knowing, not blocking (missing rows, reordered rows)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _norm(s: Any) -> str:
    return re.sub(r"\s+", "", str(s or "")).lstrip("★☆")


def _check_container(data: bytes, name: str) -> None:
    lower = name.lower()
    if lower.endswith((".xlsm", ".xltm", ".xlam", ".xls", ".xlsb")):
        raise ReturnError(f"“{name}”不是 .xlsx 表格(含宏或旧格式的文件不接收),请用下载的附表3另存为 .xlsx 后上传")
    if len(data) > MAX_BYTES:
        raise ReturnError(f"“{name}”过大(上限 {MAX_BYTES // (1024 * 1024)} MB)")
    if not data.startswith(b"PK"):
        raise ReturnError(f"“{name}”不是 Excel .xlsx 表格")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            types = z.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in names else ""
    except zipfile.BadZipFile as exc:
        raise ReturnError(f"“{name}”已损坏,无法打开") from exc
    if any(n.lower().endswith("vbaproject.bin") for n in names) or "macroEnabled" in types:
        raise ReturnError(f"“{name}”含有宏,出于安全考虑不接收:请另存为不含宏的 .xlsx 后上传")
    if "xl/workbook.xml" not in names:
        raise ReturnError(f"“{name}”不是 Excel .xlsx 表格")


def read_return(data: bytes, name: str, expected: Sequence[UnitTask]) -> ReturnResult:
    """Read and check a returned 附表3 against the unit's tasks (`expected`)."""
    from openpyxl import load_workbook

    _check_container(data, name)
    try:  # what it unfolds into, before openpyxl loads it all (issue 18: 985 KB held 203 MB)
        check_zip(data, name, "xlsx", "表格")
    except ReadError as exc:
        raise ReturnError(f"“{name}”{exc.reason}") from exc
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ReturnError(f"“{name}”无法读取:{type(exc).__name__}") from exc
    ws = wb[FORM3_SHEET] if FORM3_SHEET in wb.sheetnames else wb.worksheets[0]
    formulas = [c.coordinate for row in ws.iter_rows() for c in row
                if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("="))]
    if formulas:
        shown = "、".join(formulas[:5]) + ("等" if len(formulas) > 5 else "")
        raise ReturnError(f"表格中有公式({shown}):请把公式换成数值或文字后再上传")
    header_row = None
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 20)):
        vals = [_norm(c.value) for c in row]
        if "序号" in vals and ("责任事项" in vals or "完成情况" in vals):
            header_row = row[0].row
            cols = {v: i for i, v in enumerate(vals) if v}
            break
    if header_row is None:
        raise ReturnError("没有找到表头(序号、责任事项、完成情况):请使用系统下载的附表3填写")
    c_no, c_text = cols.get("序号"), cols.get("责任事项")
    c_done, c_status, c_value = cols.get("完成情况"), cols.get("进展状态"), cols.get("指标实际值")
    if c_no is None or c_text is None or c_done is None:
        raise ReturnError("表头缺少“序号”“责任事项”或“完成情况”列:请使用系统下载的附表3填写")

    by_number = {t.number: t for t in expected}
    by_text = {_norm(t.label): t for t in expected}
    errors: list[str] = []
    notes: list[str] = []
    rows: dict[int, ReturnRow] = {}
    order: list[str] = []

    def cell(values: tuple[Any, ...], i: int | None) -> Any:
        return values[i] if i is not None and i < len(values) else None

    for values in ws.iter_rows(min_row=header_row + 1, values_only=True):
        raw_no = cell(values, c_no)
        no = str(raw_no).strip() if raw_no is not None else ""
        if isinstance(raw_no, float) and raw_no.is_integer():
            no = str(int(raw_no))
        text = str(cell(values, c_text) or "").strip()
        if not no and not text:
            continue
        if no.startswith("备注") or (not no and text.startswith("备注")):
            continue
        m = re.fullmatch(r"(.+?)-(\d+)", no)
        if m:  # an indicator row under its task
            parent, k = m.group(1), int(m.group(2)) - 1
            task = by_number.get(parent)
            if task is None or not (0 <= k < len(task.indicators)):
                errors.append(f"序号“{no}”不是本单位任务的指标行:请勿增加行")
                continue
            slot = task.indicators[k]
            raw = cell(values, c_value)
            if raw is None or str(raw).strip() == "":
                continue
            try:
                val = float(str(raw).replace(",", "").strip())
            except ValueError:
                errors.append(f"序号“{no}”(指标“{slot.text}”)的实际值“{raw}”不是数字")
                continue
            row = rows.get(task.task_id)
            if row is None:
                errors.append(f"序号“{no}”的指标行必须紧随其任务行“{parent}”")
                continue
            row.indicators[slot.key] = val
            row.indicator_labels[slot.key] = f"{slot.text}:{val:g}{slot.unit}"
            continue
        task = by_number.get(no)
        if task is None:
            other = by_text.get(_norm(text))
            if other is not None:
                errors.append(f"序号“{no}”与责任事项不对应(该事项在方案中的序号是“{other.number}”):请勿修改序号")
            else:
                errors.append(f"序号“{no}”不是本单位在方案中的任务:请勿增加行或修改序号")
            continue
        if _norm(text) != _norm(task.label):
            errors.append(f"序号“{no}”的责任事项与方案不一致(被修改过):请只填写“完成情况”“进展状态”和指标实际值")
            continue
        if task.task_id in rows:
            errors.append(f"序号“{no}”出现了两次")
            continue
        status = str(cell(values, c_status) or "").strip()
        if status and status not in STATUSES:
            errors.append(f"序号“{no}”的进展状态“{status}”无效:应为{'、'.join(STATUSES)}之一")
            continue
        done = str(cell(values, c_done) or "").strip()
        rows[task.task_id] = ReturnRow(task.task_id, no, task.text, done, status,
                                       changed=(done != task.done or status != task.status))
        order.append(no)

    missing = [t.number for t in expected if t.task_id not in rows]
    if missing:
        notes.append(f"以下序号的任务不在表中,本次不更新(部分回传):{'、'.join(missing)}")
    if order != [t.number for t in expected if t.number in order]:
        notes.append("表中任务的顺序与方案不同,已按序号对应")
    empty = [r.number for r in rows.values() if not r.done and not r.status]
    if empty:
        notes.append(f"以下序号未填写完成情况,本次不更新:{'、'.join(empty)}")
    kept = [r for r in rows.values() if r.done or r.status]
    if not kept and not errors:
        errors.append("表中没有填写任何完成情况")
    return ReturnResult(kept, errors, notes)
