"""The cycle over the API (token auth, as the benchmark and machine clients use it): the same
rules and messages as the pages, and the same restrict() permissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from duban.web.accounts.services import create_token
from duban.web.cycle import services as cs
from tests.web.cycle.conftest import Cycle
from tests.web.cycle.test_views import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 10))


def api(user: Any) -> tuple[Client, dict[str, str]]:
    _tok, key = create_token(actor=user, user=user, name="测试")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_unit_files_and_the_office_reviews_through_the_api(cycle: Cycle) -> None:
    c, h = api(cycle.liaison)
    r = c.post(f"/api/cycle/rounds/{cycle.rnd.pk}/tasks/{cycle.w.task_a.pk}/report", **h)
    assert r.status_code == 201, r.content
    rep = r.json()
    bad = c.patch(f"/api/cycle/reports/{rep['id']}", {"version": rep["version"], "indicator_values": {"0": "很多"}},
                  content_type="application/json", **h)
    assert bad.status_code == 400 and "没有编号为“0”的指标" in bad.json()["detail"]
    up = c.post(f"/api/cycle/reports/{rep['id']}/attachments",
                {"file": _named(b"MZ" + b"\0" * 64, "evil.jpg")}, **h)
    assert up.status_code == 400 and "可执行程序" in up.json()["detail"]
    up = c.post(f"/api/cycle/reports/{rep['id']}/attachments", {"file": _named(png_bytes(), "现场.png")}, **h)
    assert up.status_code == 201 and up.json()["content_type"] == "image/png"
    body = {"version": rep["version"], "status": "on_track", "summary": "推进顺利"}
    ok = c.post(f"/api/cycle/reports/{rep['id']}/submit", body, content_type="application/json", **h)
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    again = c.post(f"/api/cycle/reports/{rep['id']}/submit", body, content_type="application/json", **h)
    assert again.status_code == 409 and "已经报送" in again.json()["detail"]
    oc, oh = api(cycle.office)
    lights = {x["task_id"]: x for x in oc.get(f"/api/cycle/rounds/{cycle.rnd.pk}/lights", **oh).json()}
    assert lights[cycle.w.task_a.pk]["light"] == "green" and lights[cycle.w.task_b.pk]["light"] == "grey"
    rv = oc.post(f"/api/cycle/reports/{rep['id']}/review", {"accept": False, "comment": "补充照片"},
                 content_type="application/json", **oh)
    assert rv.status_code == 200 and rv.json()["state"] == "returned"
    mine = c.post(f"/api/cycle/reports/{rep['id']}/review", {"accept": True}, content_type="application/json", **h)
    assert mine.status_code == 403


def _named(data: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_api_permissions_follow_restrict(cycle: Cycle) -> None:
    rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    wc, wh = api(cycle.nyj)
    assert wc.get(f"/api/cycle/reports/{rep.pk}", **wh).status_code == 404
    assert wc.patch(f"/api/cycle/reports/{rep.pk}", {"version": rep.version, "summary": "x"},
                    content_type="application/json", **wh).status_code == 404
    assert wc.post(f"/api/cycle/rounds/{cycle.rnd.pk}/tasks/{cycle.w.task_a.pk}/report", **wh).status_code == 400
    assert wc.post(f"/api/cycle/rounds/{cycle.rnd.pk}/close", {}, content_type="application/json",
                   **wh).status_code == 403
    lc, lh = api(cycle.leader)
    assert lc.get(f"/api/cycle/reports/{rep.pk}", **lh).status_code == 200  # 王明 oversees 发改局
    assert lc.patch(f"/api/cycle/reports/{rep.pk}", {"version": rep.version, "summary": "x"},
                    content_type="application/json", **lh).status_code == 403
    vc, vh = api(cycle.w.users["viewer"])
    assert vc.get("/api/cycle/roster", **vh).json() == []  # phones are not for viewers
    assert Client().get("/api/cycle/rounds").status_code == 401
    overdue = wc.get(f"/api/cycle/rounds/{cycle.rnd.pk}/overdue", **wh).json()
    assert overdue == []  # not yet due on 4月10日


def test_a_unit_files_its_implementation_plan_and_the_office_reviews_it_through_the_api(cycle: Cycle) -> None:
    c, h = api(cycle.liaison)
    started = c.post(f"/api/cycle/tasks/{cycle.w.task_a.pk}/impl", **h)
    assert started.status_code == 201, started.content
    ip = started.json()
    saved = c.put(f"/api/cycle/impl/{ip['id']}", {"version": ip["version"], "leader_in_charge": "李副局长",
                                                  "department": "规划科",
                                                  "items": [{"content": "完成项目谋划", "month": 3},
                                                            {"content": "开工建设", "month": 9}]},
                  content_type="application/json", **h)
    assert saved.status_code == 200 and len(saved.json()["items"]) == 2, saved.content
    sub = c.post(f"/api/cycle/impl/{ip['id']}/submit", {"version": saved.json()["version"]},
                 content_type="application/json", **h)
    assert sub.status_code == 200 and sub.json()["state"] == "submitted", sub.content
    oc, oh = api(cycle.office)
    url = f"/api/cycle/impl/{ip['id']}/review"
    # a mark is for reports: refused here, not silently dropped
    marked = oc.post(url, {"accept": True, "mark": "excellent"}, content_type="application/json", **oh)
    assert marked.status_code == 422 and marked.json()["detail"] == "不接受字段“mark”", marked.content
    stale = oc.post(url, {"accept": True, "version": saved.json()["version"]}, content_type="application/json", **oh)
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    back = oc.post(url, {"accept": False, "comment": "请细化到月", "version": sub.json()["version"]},
                   content_type="application/json", **oh)
    assert back.status_code == 200 and back.json()["state"] == "returned", back.content
    assert back.json()["review_comment"] == "请细化到月"
    # the unit may not review its own plan
    assert c.post(url, {"accept": True}, content_type="application/json", **h).status_code == 403


def test_a_request_the_schema_refuses_is_told_what_is_wrong_in_chinese(cycle: Cycle) -> None:
    """422 says, per field, what was wrong; the itemised errors stay under "errors" for programs."""
    c, h = api(cycle.office)
    url = f"/api/cycle/rounds/{cycle.rnd.pk}/extensions"
    missing = c.post(url, {}, content_type="application/json", **h)
    assert missing.status_code == 422, missing.content
    assert missing.json()["detail"] == "“unit_id”必须填写;“due_date”必须填写;“reason”必须填写"
    assert missing.json()["errors"] and all("loc" in e for e in missing.json()["errors"])
    bad = c.post(url, {"unit_id": "甲", "due_date": "四月底", "reason": "x"}, content_type="application/json", **h)
    assert bad.status_code == 422
    assert "“unit_id”应为整数" in bad.json()["detail"] and "“due_date”应为日期" in bad.json()["detail"], bad.content
    broken = c.post(url, b"{not json", content_type="application/json", **h)
    assert broken.status_code == 400 and broken.json()["detail"].startswith("请求内容无法解析"), broken.content
    stranger = Client().get("/api/cycle/rounds", HTTP_AUTHORIZATION="Bearer dbn_not-a-key")
    assert stranger.status_code == 401 and stranger.json()["detail"].startswith("未登录或令牌无效")


def test_the_queue_submit_all_and_chase_are_in_the_api(cycle: Cycle, monkeypatch: pytest.MonkeyPatch) -> None:
    c, h = api(cycle.liaison)
    rep = cs.start_report(actor=cycle.liaison, round=cycle.rnd, task=cycle.w.task_a, unit=cycle.w.units["fgj"])
    cs.save_report(actor=cycle.liaison, report=rep, expected_version=rep.version,
                   data={"status": "on_track", "summary": "推进顺利"})
    done = c.post(f"/api/cycle/rounds/{cycle.rnd.pk}/submit-all", **h)
    assert done.status_code == 200 and done.json() == {"submitted": [rep.pk], "refused": []}
    oc, oh = api(cycle.office)
    q = oc.get(f"/api/cycle/rounds/{cycle.rnd.pk}/queue", **oh).json()
    assert q["counts"] == {"submitted": 1, "returned": 0, "accepted": 0} and q["next_report_id"] == rep.pk
    assert [r["id"] for r in q["reports"]] == [rep.pk]
    monkeypatch.setattr(cs, "today", lambda: dt.date(2026, 4, 22))
    chased = oc.post(f"/api/cycle/rounds/{cycle.rnd.pk}/chase", {"unit_ids": [cycle.w.units["nyj"].pk],
                     "message": "请今天报送", "email": False}, content_type="application/json", **oh)
    assert chased.status_code == 200 and len(chased.json()["reminders"]) == 1
    nope = c.post(f"/api/cycle/rounds/{cycle.rnd.pk}/chase", {"unit_ids": [], "message": "x"},
                  content_type="application/json", **h)
    assert nope.status_code in (403, 404)
