"""The office reaches every unit's 附表1/2/3 from the round's page and from each unit's page, and
downloads them all as one .zip, a folder a unit; a unit reaches its own."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from urllib.parse import unquote

from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from duban.web.documents import services


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_round_page_leads_the_office_to_every_units_forms(docs: Any) -> None:
    c = _client(docs.office)
    page = c.get(reverse("cycle:round_detail", kwargs={"pk": docs.rnd.pk})).content.decode()
    forms_url = reverse("documents:round_forms", kwargs={"pk": docs.rnd.pk})
    assert forms_url in page
    html = c.get(forms_url).content.decode()
    w = docs.w
    for key in ("fgj", "nyj", "tjj"):  # lead units and the cooperating 统计局
        unit = w.units[key]
        assert unit.name in html
        for form in (1, 2, 3):
            url = reverse("documents:unit_form", kwargs={"pk": w.plan.pk, "unit_id": unit.pk, "form": form, "fmt": "docx"})
            assert url in html
    assert "?format=zip" in html


def test_all_forms_download_as_one_zip_a_folder_a_unit(docs: Any) -> None:
    resp = _client(docs.office).get(reverse("documents:round_forms", kwargs={"pk": docs.rnd.pk}) + "?format=zip")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    assert unquote(resp["Content-Disposition"]).endswith("2026年第一季度各单位附表.zip")
    w = docs.w
    chunks = list(resp.streaming_content)  # a unit at a time
    assert len(chunks) == len(services.plan_units(w.plan)) + 1
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        units = services.plan_units(w.plan)
        assert {n.split("/")[0] for n in names} == {u.name for u in units} and len(names) == 4 * len(units)
        fgj = w.units["fgj"].name
        assert sorted(n for n in names if n.startswith(f"{fgj}/")) == sorted([
            f"{fgj}/附表1-{fgj}办理方案.docx", f"{fgj}/附表2-{fgj}督办工作人员名单.docx",
            f"{fgj}/附表3-{fgj}2026年第一季度完成情况.docx", f"{fgj}/附表3-{fgj}2026年第一季度完成情况.xlsx"])
        form3 = Document(io.BytesIO(zf.read(f"{fgj}/附表3-{fgj}2026年第一季度完成情况.docx")))
        text = "".join(c.text for t in form3.tables for r in t.rows for c in r.cells)
        assert "一季度地区生产总值增长6.8%" in text  # what the unit reported this round
        wb = load_workbook(io.BytesIO(zf.read(f"{fgj}/附表3-{fgj}2026年第一季度完成情况.xlsx")))
        assert "附表3" in wb.sheetnames


def test_a_units_page_leads_to_its_forms_for_every_round(docs: Any) -> None:
    w = docs.w
    fgj = w.units["fgj"]
    url = reverse("documents:unit_forms", kwargs={"unit_id": fgj.pk})
    for user in (docs.office, w.users["liaison"]):  # the office, and the unit's own liaison
        c = _client(user)
        assert url in c.get(reverse("directory:unit_detail", kwargs={"pk": fgj.pk})).content.decode()
        html = c.get(url).content.decode()
        assert str(w.plan) in html and docs.rnd.title in html
        form3 = reverse("documents:unit_form", kwargs={"pk": w.plan.pk, "unit_id": fgj.pk, "form": 3, "fmt": "xlsx"})
        assert f"{form3}?round={docs.rnd.pk}" in html
    # another unit's liaison gets neither the link nor the page
    other = _client(w.users["wrong_liaison"])
    assert url not in other.get(reverse("directory:unit_detail", kwargs={"pk": fgj.pk})).content.decode()
    assert other.get(url).status_code == 403
    assert other.get(reverse("documents:round_forms", kwargs={"pk": docs.rnd.pk})).status_code == 403
