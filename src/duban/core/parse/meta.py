"""The plan's title, year, issuer and region, read from the title and the covering notice."""

from __future__ import annotations

import re

from duban.core.document import Line
from duban.core.parse.lines import is_blank, shadow
from duban.core.plan import Plan

ISSUER_RX = re.compile(
    r"^[\u4e00-\u9fff]{0,16}(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|办公厅|办公室)$"
)
DATE_RX = re.compile(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*")
SOURCE_RX = re.compile(r"(?:文章来源|来源|发文单位|发文机关)[::]\s*([\u4e00-\u9fff]{2,30}?(?:办公室|办公厅|人民政府))")
REGION_RX = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:自治区|自治州|自治县|省|市|州|盟|区|县|旗))")
YEAR_RX = re.compile(r"(20\d{2})\s*年")
NOTICE_ISSUER_RX = re.compile(r"^([\u4e00-\u9fff]{2,20}?(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室))关于")
BRANCH_REGION_RX = re.compile(r"[市州]生态环境局([\u4e00-\u9fff]{2,3}?)区?分局")


def _region_of(issuer: str) -> str | None:
    head = issuer.split("人民政府")[0] if "人民政府" in issuer else re.sub(r"(?:政府)?办公(?:室|厅)$", "", issuer)
    found = REGION_RX.findall(head)
    return found[-1] if found else None


def fill(plan: Plan, lines: list[Line], title: str | None, anchor: int) -> None:
    """Set title, year, issuer and region from what precedes the plan (None where not printed)."""
    plan.title = title
    before = [ln for ln in lines[: max(anchor, 0)] if not ln.is_row and not is_blank(ln.text)]
    issuer: str | None = None
    for ln in before:
        sh = shadow(ln.text).strip()
        m = SOURCE_RX.search(sh)
        if m:
            issuer = ln.text.strip()[m.start(1) : m.end(1)]
    for ln in before:
        sh = shadow(ln.text).strip()
        if ISSUER_RX.match(sh) and len(sh) <= 24:
            issuer = ln.text.strip()
    if issuer is None:
        for ln in before[:8]:
            m = NOTICE_ISSUER_RX.match(shadow(ln.text).strip())
            if m:
                issuer = m.group(1)
                break
    region = _region_of(issuer) if issuer else None
    if region is None:
        for ln in before[:6]:
            sh = shadow(ln.text).strip()
            if ISSUER_RX.match(sh) and "人民政府" in sh:
                region = _region_of(sh)
                if region:
                    break
    if issuer and region and not issuer.startswith(region) and issuer[:1] in "省市区县州旗":
        issuer = region + issuer[1:]
    if region is None:
        units = " ".join(u for t in plan.tasks for u in t.lead_units)
        m = BRANCH_REGION_RX.search(units)
        if m:
            region = m.group(1) + "区"
    plan.issuer = issuer
    plan.region = region
    year_src = plan.title or ""
    m = YEAR_RX.search(year_src)
    if not m:
        m = YEAR_RX.search(" ".join(ln.text for ln in before[:20]))
    plan.year = int(m.group(1)) if m else None
