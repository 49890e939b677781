"""Pages render in Chinese, with local assets only, and error pages are Chinese too."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client


def test_pages_load_only_local_assets(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    for url in ("/plans/", f"/plans/{world.plan.pk}/", f"/plans/{world.draft.pk}/review/", "/directory/units/",
                "/api/docs"):
        html = c.get(url).content.decode()
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(https?:)?//", ref), f"{url} loads {ref} from elsewhere"


def test_htmx_and_swagger_assets_are_served(client: Client) -> None:
    assert client.get("/static/htmx.org/htmx.min.js").status_code == 200
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(world: Any) -> None:
    """Without one, every page view logged “Not Found: /favicon.ico”, hiding real 404s in the log."""
    c = Client()
    c.force_login(world.users["liaison"])
    icon = re.search(r'<link rel="icon" href="([^"]+)"', c.get("/plans/portal/").content.decode())
    assert icon and c.get(icon.group(1)).status_code == 200


def test_not_found_page_is_chinese(world: Any, settings: Any) -> None:
    settings.DEBUG = False
    c = Client()
    c.force_login(world.users["viewer"])
    resp = c.get("/plans/999999/")
    assert resp.status_code == 404
    assert "没有找到" in resp.content.decode()


def test_htmx_request_gets_only_the_partial(world: Any) -> None:
    c = Client()
    c.force_login(world.users["office"])
    full = c.get(f"/plans/{world.plan.pk}/", {"q": "粮食"})
    part = c.get(f"/plans/{world.plan.pk}/", {"q": "粮食"}, HTTP_HX_REQUEST="true")
    assert "<html" in full.content.decode() and "<html" not in part.content.decode()
    assert "粮食" in part.content.decode() and "地区生产总值" not in part.content.decode()


def test_openapi_document_lists_the_endpoints(client: Client) -> None:
    doc = client.get("/api/openapi.json").json()
    paths = set(doc["paths"])
    assert {"/api/plans", "/api/plans/{plan_id}/tasks", "/api/tasks/{task_id}", "/api/units", "/api/leaders",
            "/api/plans/import", "/api/plans/{plan_id}/export"} <= paths
