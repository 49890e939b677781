"""An id in a query string or form that is not a whole number is a 400 with a message saying so,
never a 500 (issue 18: `?round=abc` on the assessment and the public-page settings)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

BAD = ["abc", "1.5", "-1", "１２", "99999999999999999999999", "1 OR 1=1"]


@pytest.mark.parametrize("bad", BAD)
def test_a_malformed_id_in_the_query_is_a_400_that_says_which(world: Any, bad: str) -> None:
    c = Client(raise_request_exception=False)
    c.force_login(world.users["office"])
    plan = world.plan.pk
    for url, said in ((f"/documents/plans/{plan}/assessment/", "报送轮次"),
                      (f"/documents/plans/{plan}/public/", "报送轮次"),
                      (f"/documents/plans/{plan}/units/{world.units['fgj'].pk}/form3.xlsx", "报送轮次"),
                      ("/documents/leader/", "领导"),
                      ("/cycle/channels/", "edit")):
        key = {"/documents/leader/": "leader", "/cycle/channels/": "edit"}.get(url, "round")
        resp = c.get(url, {key: bad})
        assert resp.status_code == 400, (url, bad, resp.status_code)
        assert said in resp.content.decode() and "应为编号" in resp.content.decode(), url


def test_a_malformed_id_in_a_form_is_a_400(world: Any) -> None:
    c = Client(raise_request_exception=False)
    c.force_login(world.users["office"])
    resp = c.post(f"/documents/plans/{world.plan.pk}/yoy/", {"previous": "abc"})
    assert resp.status_code == 400 and "上年方案" in resp.content.decode()


def test_a_well_formed_id_still_works(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    assert c.get(f"/documents/plans/{world.plan.pk}/assessment/", {"round": "999999"}).status_code == 200
    assert c.get(f"/documents/plans/{world.plan.pk}/assessment/", {"round": ""}).status_code == 200
