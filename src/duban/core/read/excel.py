"""Excel (.xlsx): every sheet's rows, values shown as Excel shows them."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from duban.core.document import Document
from duban.core.errors import ReadError
from duban.core.read.limits import check_zip
from duban.core.read.structure import check_ooxml_parts
from duban.core.read.tables import GridCell, LineBuilder, clean_cell


def read_xlsx(data: bytes, name: str) -> Document:
    import openpyxl

    check_zip(data, name, "xlsx", "Excel 文件")  # before openpyxl loads every sheet into memory
    check_ooxml_parts(data, name, "Excel 文件")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False, keep_vba=False)
    except Exception as exc:  # zip, XML and openpyxl errors alike mean a damaged file
        raise ReadError("Excel 文件已损坏或不完整,无法读取;请重新下载或用 Excel 打开后重新保存", path=name) from exc
    out = LineBuilder(name)
    notes: list[str] = []
    sheets: list[tuple[str, list[list[GridCell]]]] = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                if ws.max_row > 1 or ws.max_column > 1:
                    notes.append(f"已跳过隐藏的工作表“{ws.title}”")
                continue
            grids = list(_xlsx_grid(ws))
            if grids:
                sheets.append((ws.title, grids))
    finally:
        wb.close()
    # a plan in several tables, a sheet each (主要预期目标 / 重点工作): each sheet's own name heads its
    # rows, as a section would; not a sheet of notes beside one table, nor Excel's default names
    tables = sum(1 for _, grids in sheets if sum(1 for g in grids if sum(bool(c.text.strip()) for c in g) >= 3) >= 2)
    for title, grids in sheets:
        if tables > 1 and not _DEFAULT_SHEET_NAME.match(title.strip()):
            out.text(title.strip())
        for grid in grids:
            out.row(grid)
    read_sheets = [title for title, _ in sheets]
    if len(read_sheets) > 1:
        notes.append("读取了工作表:" + "、".join(read_sheets))
    uncached = _formulas_without_values(data)
    if uncached:
        notes.append(f"有 {uncached} 个公式单元格没有保存计算结果,读出为空;请用 Excel 或 WPS 打开并保存后再读取")
    return Document(lines=out.lines, kind="xlsx", path=name, notes=notes + out.notes())


_DEFAULT_SHEET_NAME = re.compile(r"^(?:Sheet|sheet|工作表|表)\s*\d*$")
CELL_XML = re.compile(rb"<c\b[^>]*?(?:/>|>(.*?)</c>)", re.S)


def _formulas_without_values(data: bytes) -> int:
    """Formula cells saved without their result (files written by programs, never opened in
    Excel): data_only reading gives them as empty, so the user must be told."""
    count = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    for m in CELL_XML.finditer(zf.read(info)):
                        inner = m.group(1) or b""
                        if b"<f" in inner and not re.search(rb"<v>[^<]", inner):
                            count += 1
    except (zipfile.BadZipFile, OSError, KeyError):
        return 0
    return count


def _xlsx_grid(ws: Any) -> Iterator[list[GridCell]]:
    """Each row as grid positions, merged ranges filled into every position they cover. Only the
    area that holds values is walked: a sheet formatted down to row 1048576 is not a million rows."""
    filled = [key for key, cell in ws._cells.items() if cell.value is not None and cell.value != ""]
    if not filled:
        return
    max_row = max(r for r, _ in filled)
    max_col = max(c for _, c in filled)
    merged: dict[tuple[int, int], tuple[Any, int]] = {}  # (row, col) → (range, its first row)
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                merged[(r, c)] = (rng, rng.min_row)
    origin_text: dict[int, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_col):
        grid: list[GridCell] = []
        for cell in row:
            r, c = cell.row, cell.column
            m = merged.get((r, c)) if isinstance(r, int) and isinstance(c, int) else None
            if m is None:
                grid.append(GridCell(clean_cell(excel_value_text(cell.value, cell.number_format))))
                continue
            rng, first_row = m
            if id(rng) not in origin_text:
                top = ws.cell(row=rng.min_row, column=rng.min_col)
                origin_text[id(rng)] = clean_cell(excel_value_text(top.value, top.number_format))
            grid.append(GridCell(origin_text[id(rng)], rng, vertical=r > first_row))
        yield grid


def excel_value_text(value: object, number_format: str = "General") -> str:
    """A cell value as a person reads it: 15 not 15.0, 15% for 0.15 shown as a percentage,
    dates as 2023年6月30日."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.year}年{value.month}月{value.day}日 {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, (int, float)):
        fmt = number_format or "General"
        if "%" in fmt and not fmt.startswith("@"):
            m = re.search(r"0\.(0+)%", fmt)
            places = len(m.group(1)) if m else 0
            return _plain_number(round(float(value) * 100, places)) + "%"
        return _plain_number(value)
    return str(value).replace("_x000D_", "")


def _plain_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
