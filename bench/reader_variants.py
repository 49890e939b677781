"""The same plans in other layouts: every hand-checked gold written out again in the layouts plans
are published in, read back, and scored. Prints, never fails.

    .venv/bin/python bench/reader_variants.py [--only PREFIX] [--layout NAME] [--misses]

Real plans are few and each shows one layout; what the reader has learnt from one layout should
hold in the others. This writes each gold (seeds, corpus, the repository's real plans: real unit
names from every province) as numbered items with bracketed notes, notes on lines of their own,
State Council clauses, a pipe table, Word and Excel tables, a one-line web page, a 责任单位 column
under a notice that the first-listed unit leads, 【主办单位/协办单位】 after items numbered ①, 责任单位
paired with 配合单位, and traditional characters, a Word table with a unit a paragraph in its cells,
a web page's HTML table, and (with --pdf) the Word table printed to PDF; then reads it and scores it as
bench/reader_eval.py does. A layout that scores lower than the others is a rule that holds for one layout only.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from reader_eval import _coop_counts, cases, load_scorer  # noqa: E402

CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + (CN[n - 11] if n > 10 else "")
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


def _units(names: list[str]) -> str:
    return "、".join(names)


def _tasks_in_order(gold: dict[str, Any]) -> list[tuple[list[str], dict[str, Any]]]:
    """(headings opened before the task, task) in the gold's order; headings as printed titles."""
    sections = {s["id"]: s for s in gold.get("sections", [])}
    seen: set[str] = set()
    out = []
    for t in gold["tasks"]:
        chain = []
        sid = t.get("section")
        while sid and sid in sections:
            chain.append(sid)
            sid = sections[sid].get("parent")
        opened = [s for s in reversed(chain) if s not in seen]
        seen.update(opened)
        out.append(([sections[s]["title"] for s in opened if sections[s].get("title")], t))
    return out


def _title(gold: dict[str, Any]) -> str:
    return gold.get("title") or "示例区重点工作责任分解方案"


def _note_parts(t: dict[str, Any]) -> list[tuple[str, str]]:
    parts = []
    if t.get("leaders"):
        parts.append(("责任领导", _units(t["leaders"])))
    if t.get("lead_units"):
        parts.append(("牵头单位", _units(t["lead_units"])))
    if t.get("cooperating_units"):
        parts.append(("配合单位", _units(t["cooperating_units"])))
    if t.get("persons"):
        parts.append(("责任人", _units(t["persons"])))
    if t.get("deadline"):
        parts.append(("完成时限", t["deadline"]))
    return parts


def _numbered(gold: dict[str, Any], item: Callable[[int, dict[str, Any]], list[str]]) -> str:
    lines = [_title(gold), ""]
    part = n = 0
    for headings, t in _tasks_in_order(gold):
        for h in headings:
            part += 1
            lines.append(f"{_cn(part)}、{h}")
            n = 0
        n += 1
        lines.extend(item(n, t))
    return "\n".join(lines) + "\n"


def bracketed(gold: dict[str, Any]) -> str:
    return _numbered(gold, lambda n, t: [f"{n}.{t['text']}(" + ";".join(f"{k}:{v}" for k, v in _note_parts(t)) + ")"])


def keyed_lines(gold: dict[str, Any]) -> str:
    return _numbered(gold, lambda n, t: [f"{n}.{t['text']}", *(f"{k}:{v}" for k, v in _note_parts(t))])


def clauses(gold: dict[str, Any]) -> str:
    def item(n: int, t: dict[str, Any]) -> list[str]:
        lead, coop = t.get("lead_units") or [], t.get("cooperating_units") or []
        said = []
        if lead and coop:
            said.append(f"{_units(lead)}牵头,{_units(coop)}按职责分工负责")
        elif lead:
            said.append(f"{_units(lead)}负责")
        elif coop:
            said.append(f"{_units(coop)}按职责分工负责")
        if t.get("deadline"):
            said.append(t["deadline"])
        return [f"({n}){t['text']}" + (f"({';'.join(said)})" if said else "")]

    return _numbered(gold, item)


def _rows(gold: dict[str, Any], sep: str = "、") -> list[list[str]]:
    rows = []
    n = 0
    for _, t in _tasks_in_order(gold):
        n += 1
        rows.append([str(n), t["text"], sep.join(t.get("lead_units") or []), sep.join(t.get("cooperating_units") or []),
                     sep.join(t.get("leaders") or []), t.get("deadline") or ""])
    return rows


HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "责任领导", "完成时限"]


def pipe_table(gold: dict[str, Any]) -> str:
    lines = [_title(gold), "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in _rows(gold)]
    return "\n".join(lines) + "\n"


def two_row_header(gold: dict[str, Any]) -> str:
    """A pipe table whose header is two rows: 责任分工 over 牵头单位 | 配合单位, the others above blanks."""
    top = ["序号", "工作任务", "责任分工", "", "责任领导", "完成时限"]
    below = ["", "", "牵头单位", "配合单位", "", ""]
    lines = [_title(gold), "", " | ".join(top), " | ".join(below)]
    lines += [" | ".join(r) for r in _rows(gold)]
    return "\n".join(lines) + "\n"


def word_table(gold: dict[str, Any], sep: str = "、") -> bytes:
    """A ruled Word table, as offices print them; units joined by `sep` in their cells."""
    import docx

    d = docx.Document()
    d.add_paragraph(_title(gold))
    rows = _rows(gold, sep=sep)
    table = d.add_table(rows=len(rows) + 1, cols=len(HEADER))
    table.style = "Table Grid"
    for c, h in enumerate(HEADER):
        table.cell(0, c).text = h
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            table.cell(r, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def word_table_unruled(gold: dict[str, Any]) -> bytes:
    """The same table without rules (no table style), on a landscape page with the widths offices
    give the columns: printed to PDF it leaves pdfplumber no lines to find."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    d = docx.Document(io.BytesIO(word_table(gold)))
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    widths = [Cm(w) for w in (1.2, 11, 3.5, 5, 2.5, 2.5)]
    for table in d.tables:
        table.style = None
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def word_cell_lines(gold: dict[str, Any]) -> bytes:
    """A Word table whose unit cells hold one unit a paragraph, as offices type them."""
    return word_table(gold, sep="\n")


def html_table(gold: dict[str, Any]) -> str:
    """A government site's page: the title, a covering line, the table with units split by <br>."""
    from html import escape

    def cell(v: str, tag: str = "td") -> str:
        return f"<{tag}>" + "<br>".join(escape(x) for x in v.split("\n")) + f"</{tag}>"

    rows = ["<tr>" + "".join(cell(h, "th") for h in HEADER) + "</tr>"]
    rows += ["<tr>" + "".join(cell(v) for v in r) + "</tr>" for r in _rows(gold, sep="\n")]
    return (f"<html><head><meta charset='utf-8'><title>{escape(_title(gold))}</title></head><body>"
            f"<div class='nav'>首页 &gt; 政务公开 &gt; 通知公告</div><h1>{escape(_title(gold))}</h1>"
            f"<p>发布时间:2026-02-20 来源:政府办公室</p><table border='1'>{''.join(rows)}</table>"
            "<div class='foot'>主办单位:政府办公室 网站标识码</div></body></html>")


def one_line(gold: dict[str, Any]) -> str:
    return " ".join(line for line in keyed_lines(gold).splitlines() if line.strip()) + "\n"


def first_listed(gold: dict[str, Any]) -> str:
    lines = [_title(gold), "", "(各项任务责任单位中,列第一位的为牵头单位。)", "", "| 序号 | 工作任务 | 责任单位 | 完成时限 |", "|---|---|---|---|"]
    n = 0
    for _, t in _tasks_in_order(gold):
        n += 1
        lead = (t.get("lead_units") or [])[:1]  # one lead: the convention names one
        units = lead + [u for u in (t.get("lead_units") or [])[1:] + (t.get("cooperating_units") or [])]
        lines.append(f"| {n} | {t['text']} | {_units(units)} | {t.get('deadline') or ''} |")
    return "\n".join(lines) + "\n"


def _first_listed_gold(gold: dict[str, Any]) -> dict[str, Any]:
    g = json.loads(json.dumps(gold))
    for t in g["tasks"]:
        leads = t.get("lead_units") or []
        t["lead_units"], t["cooperating_units"] = leads[:1], leads[1:] + (t.get("cooperating_units") or [])
        if not leads:  # no lead in the gold: the first listed one leads now
            coops = t["cooperating_units"]
            t["lead_units"], t["cooperating_units"] = coops[:1], coops[1:]
    return g


def lodged(gold: dict[str, Any]) -> str:
    """【主办单位:X;协办单位:Y】 after each item, numbered ①②…"""
    marks = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

    def item(n: int, t: dict[str, Any]) -> list[str]:
        parts = [("主办单位" if k == "牵头单位" else "协办单位" if k == "配合单位" else k, v) for k, v in _note_parts(t)]
        number = marks[n - 1] if n <= len(marks) else f"{n}、"
        return [f"{number}{t['text']}【" + ";".join(f"{k}:{v}" for k, v in parts) + "】"]

    return _numbered(gold, item)


def bracket_labels(gold: dict[str, Any]) -> str:
    """【牵头单位】X【配合单位】Y after each item: the label in brackets, its value after them."""

    def item(n: int, t: dict[str, Any]) -> list[str]:
        return [f"{n}.{t['text']}" + "".join(f"【{k}】{v}" for k, v in _note_parts(t))]

    return _numbered(gold, item)


def pairs(gold: dict[str, Any]) -> str:
    """责任单位 / 配合单位 and no lead label: the plan's 责任单位 lead (the labels are paired)."""
    def item(n: int, t: dict[str, Any]) -> list[str]:
        parts = [("责任单位" if k == "牵头单位" else k, v) for k, v in _note_parts(t)]
        return [f"{n}、{t['text']}", *(f"{k}:{v}" for k, v in parts)]

    return _numbered(gold, item)


def excel_table(gold: dict[str, Any]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([_title(gold)])
    ws.append(HEADER)
    for row in _rows(gold):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def traditional(gold: dict[str, Any]) -> str:
    """The keyed layout in traditional characters, as a Hong Kong or Taiwan mirror prints it."""
    import opencc

    return str(opencc.OpenCC("s2t").convert(keyed_lines(gold)))


def by_lead(gold: dict[str, Any]) -> str:
    """Tasks grouped under "(一)X牵头的工作", the lead given once by the heading (tasks with one
    lead; the others keep their note)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    rest = []
    for _, t in _tasks_in_order(gold):
        leads = t.get("lead_units") or []
        (groups.setdefault(leads[0], []) if len(leads) == 1 else rest).append(t)
    lines = [_title(gold), ""]
    k = 0
    for lead, tasks in groups.items():
        k += 1
        lines.append(f"({_cn(k)}){lead}牵头的工作")
        for n, t in enumerate(tasks, 1):
            coop = t.get("cooperating_units") or []
            lines.append(f"{n}.{t['text']}" + (f"(配合单位:{_units(coop)})" if coop else ""))
    if rest:
        k += 1
        lines.append(f"({_cn(k)})其他工作")
        for n, t in enumerate(rest, 1):
            lines.append(f"{n}.{t['text']}(" + ";".join(f"{a}:{b}" for a, b in _note_parts(t) if a != "责任领导") + ")")
    return "\n".join(lines) + "\n"


def cell_per_line(gold: dict[str, Any]) -> str:
    """A table copied out of a web page or PDF: every cell on a line of its own."""
    lines = [_title(gold), "", *HEADER[:4]]
    for row in _rows(gold):
        lines += [row[0], row[1], row[2] or "", row[3] or ""]
    return "\n".join(line for line in lines) + "\n"


LAYOUTS: dict[str, tuple[Callable[[dict[str, Any]], str | bytes], str]] = {
    "bracketed": (bracketed, ".txt"),
    "keyed_lines": (keyed_lines, ".txt"),
    "clauses": (clauses, ".txt"),
    "pipe_table": (pipe_table, ".txt"),
    "two_row_header": (two_row_header, ".txt"),
    "word_table": (word_table, ".docx"),
    "one_line": (one_line, ".txt"),
    "first_listed": (first_listed, ".txt"),
    "lodged": (lodged, ".txt"),
    "bracket_labels": (bracket_labels, ".txt"),
    "pairs": (pairs, ".txt"),
    "excel_table": (excel_table, ".xlsx"),
    "traditional": (traditional, ".txt"),
    "by_lead": (by_lead, ".txt"),
    "cell_per_line": (cell_per_line, ".txt"),
    "word_cell_lines": (word_cell_lines, ".docx"),
    "html_table": (html_table, ".html"),
    # the Word table printed to PDF by LibreOffice (--pdf: slow, one conversion for all documents)
    "pdf_table": (word_table, ".pdf"),
    # the same table without rules, as a borderless Word table or a spreadsheet without gridlines prints
    "pdf_unruled": (word_table_unruled, ".pdf"),
}
PDF_LAYOUTS = ("pdf_table", "pdf_unruled")


def _no_leaders(gold: dict[str, Any]) -> dict[str, Any]:
    g = json.loads(json.dumps(gold))
    for t in g["tasks"]:
        t.pop("leaders", None)
        t.pop("persons", None)
        t.pop("deadline", None)
    return g


EXPECTED: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "first_listed": _first_listed_gold, "by_lead": _no_leaders, "cell_per_line": _no_leaders,
}
# 责任单位 leads only when the plan pairs it with 配合单位 (the contract): plans that print no
# cooperating unit would read as cooperating throughout, so they sit this layout out
APPLIES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "pairs": lambda g: any(t.get("cooperating_units") for t in g["tasks"]),
}


def _simplified(plan: dict[str, Any]) -> dict[str, Any]:
    """The reader gives back the characters a page prints (and some golds are of traditional pages):
    both are scored in simplified ones."""
    import opencc

    return json.loads(str(opencc.OpenCC("t2s").convert(json.dumps(plan, ensure_ascii=False))))


def _comparable(gold: dict[str, Any]) -> dict[str, Any]:
    """What each layout can carry: the text, leaders, units, persons and deadline, not the number
    (renumbered), the kind or the star (no layout here prints them)."""
    g = json.loads(json.dumps(gold))
    for t in g["tasks"]:
        for key in ("number", "kind", "starred", "indicators"):
            t.pop(key, None)
    return g


def _to_pdf(chosen: list[tuple[str, dict[str, Any]]], tmp: Path,
            write: Callable[[dict[str, Any]], str | bytes] = word_table) -> None:
    """Every document's Word table as a PDF, LibreOffice converting them all in one run."""
    import subprocess

    src = tmp / "docx"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir()
    for name, gold in chosen:
        out = write(gold)
        assert isinstance(out, bytes)
        (src / (name.replace("/", "_") + ".docx")).write_bytes(out)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp), *sorted(str(p) for p in src.glob("*.docx"))],
                   check=True, capture_output=True, timeout=1800)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="", help="only documents whose name starts with this")
    ap.add_argument("--layout", default="", help="only this layout")
    ap.add_argument("--misses", action="store_true", help="print each document's lead misses")
    ap.add_argument("--pdf", action="store_true", help="also the PDF layout (LibreOffice converts every document)")
    args = ap.parse_args()
    from duban.core.errors import DubanError
    from duban.core.parse import parse_file

    scorer = load_scorer()
    golds = [(name, json.loads(g.read_text(encoding="utf-8"))) for name, _, g in cases() if name.startswith(args.only)]
    print(f"{'layout':14} {'docs':>5} {'tasks':>6} {'taskF1':>7} {'lead':>6} {'coopF1':>7} {'nothing':>8}  worst documents (lead exact)")
    with tempfile.TemporaryDirectory() as tmp:
        for layout, (write, suffix) in LAYOUTS.items():
            if (args.layout and layout != args.layout) or (layout in PDF_LAYOUTS and not args.pdf):
                continue
            gold_n = pred_n = paired = empty = 0
            lead = 0.0
            ctp = cfp = cfn = 0
            worst: list[tuple[float, str]] = []
            chosen = [(n, g) for n, g in golds if APPLIES.get(layout, lambda _: True)(g)]
            if layout in PDF_LAYOUTS:
                _to_pdf(chosen, Path(tmp), write)
            for name, gold in chosen:
                g = _comparable(EXPECTED.get(layout, lambda x: x)(gold))
                path = Path(tmp) / (name.replace("/", "_") + suffix)
                if layout not in PDF_LAYOUTS:
                    out = write(gold)
                    path.write_bytes(out) if isinstance(out, bytes) else path.write_text(out, encoding="utf-8")
                gold_n += len(g["tasks"])
                try:
                    pred = parse_file(path).to_dict()
                    if layout == "traditional":
                        pred, g = _simplified(pred), _simplified(g)
                except DubanError:
                    empty += 1
                    worst.append((0.0, name))
                    continue
                r = scorer.score_parse(g, pred)
                pred_n += r["pred_tasks"]
                paired += r["paired"]
                exact = (r["lead_units"]["exact"] or 0) * (r["lead_units"]["n"] or 0)
                lead += exact
                a, b, c = _coop_counts(g, pred, scorer)
                ctp, cfp, cfn = ctp + a, cfp + b, cfn + c
                share = exact / len(g["tasks"]) if g["tasks"] else 1.0
                if share < 1.0:
                    worst.append((share, name))
                    if args.misses:
                        for gi, pi in scorer.pair_tasks(g["tasks"], pred["tasks"]):
                            gt, pt = g["tasks"][gi], pred["tasks"][pi]
                            if scorer.norm_set(gt.get("lead_units")) != scorer.norm_set(pt.get("lead_units")):
                                print(f"    {layout} {name}: {gt.get('lead_units')} read {pt.get('lead_units')}  ({gt['text'][:24]})")
            p = paired / pred_n if pred_n else 0.0
            rc = paired / gold_n if gold_n else 0.0
            f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
            cf = 2 * ctp / (2 * ctp + cfp + cfn) if ctp + cfp + cfn else 1.0
            worst.sort()
            shown = ", ".join(f"{n} {s:.2f}" for s, n in worst[:4])
            print(f"{layout:14} {len(chosen):>5} {gold_n:>6} {f1:>7.3f} {lead / gold_n if gold_n else 0:>6.3f} {cf:>7.3f} {empty:>8}  {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
