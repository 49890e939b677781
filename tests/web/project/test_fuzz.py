"""Random and hostile values posted to every form and every API body (hypothesis): the server
never answers 500, and a request it refuses (4xx) leaves every table as it was.

The forms are found, not listed: each page of the permission matrix a role may open is fetched and
its POST forms are read (their fields by name); each is then posted with its fields given hostile
text (formulas, markup, SQL, NUL, huge numbers, malformed dates, right-to-left marks, 30,000
characters), lists of values, files of random bytes, or left out, plus a field it does not have.
The API's bodies come from its OpenAPI document, each property given random JSON of any shape.
Each request runs in a savepoint rolled back after it, so every example meets the same world.
Bounded for CI: a few examples per form and endpoint (DUBAN_FUZZ_EXAMPLES raises it)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.project.test_permission_matrix import MATRIX, ROLES

EXAMPLES = int(os.environ.get("DUBAN_FUZZ_EXAMPLES", "5"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))

HOSTILE = ["", " ", "\x00", "\x00abc", '=HYPERLINK("http://evil.example/","点")', "<script>alert(1)</script>",
           "' OR 1=1 --", "../../../etc/passwd", "9" * 40, "-1", "0", "1e309", "NaN", "2026-13-45", "2026-02-30",
           "\u202e反转", "😀" * 20, "一" * 30_000, "[" * 2000, '{"a":' * 500, "１２３", "%s%s%n", "${7*7}", "null"]
text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(-(2**70), 2**70).map(str))
field_value = st.one_of(st.none(), text, st.lists(text, min_size=2, max_size=3))
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                      st.floats(allow_nan=False, allow_infinity=False), text)
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                              st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                          max_leaves=6)

# Signing out would leave the rest of the run anonymous (every later post a mere redirect).
SKIP_FORMS = ("/accounts/logout/",)
# Refusals that write on purpose: a failed sign-in is counted and audited.
WRITES_ON_REFUSAL = ("/accounts/login/", "/accounts/logout/", "/accounts/password/", "/accounts/setup/")


def table_counts() -> tuple[int, ...]:
    """Rows in every table of the app and the audit log, in one query."""
    tables = sorted({m._meta.db_table for m in apps.get_models()
                     if m._meta.app_label in ("common", "accounts", "directory", "plans", "cycle", "documents")
                     and m._meta.db_table not in ("accounts_loginfailure", "common_dataversion")})
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cur:
        cur.execute(sql)
        return tuple(cur.fetchone())


def attempt(send: Callable[[], Any], path: str) -> None:
    """Send in a savepoint rolled back after it: never a 500; a refusal changes nothing."""
    before = table_counts()
    point = transaction.savepoint()
    try:
        resp = send()
        assert resp.status_code < 500, f"{path}: {resp.status_code}"
        if resp.status_code >= 400 and not path.startswith(WRITES_ON_REFUSAL):
            assert table_counts() == before, f"{path}: refused ({resp.status_code}) but a table changed"
    finally:
        transaction.savepoint_rollback(point)


# --- the pages' forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    action: str
    fields: tuple[str, ...]
    files: tuple[str, ...]


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._open: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._open = {"action": a.get("action") or self.page, "fields": [], "files": []}
        elif self._open is not None and tag in ("input", "select", "textarea", "button") and a.get("name"):
            name = str(a["name"])
            if name == "csrfmiddlewaretoken":
                return
            (self._open["files"] if a.get("type") == "file" else self._open["fields"]).append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._open is not None:
            o = self._open
            self.forms.append(Form(o["action"], tuple(dict.fromkeys(o["fields"])), tuple(dict.fromkeys(o["files"]))))
            self._open = None


def page_forms(world: Any, role: str) -> Iterator[Form]:
    """The POST forms of every page `role` may open (the permission matrix's GET probes)."""
    c = Client()
    c.force_login(world.users[role])
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for name, probes in MATRIX.items():
        if name.startswith("api:"):
            continue
        for method, kwargs, _body, codes in probes:
            if method != "get" or codes[ROLES.index(role)] != 200:
                continue
            url = reverse(name, kwargs=kwargs(world))
            resp = c.get(url)
            if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
                continue
            parser = _FormParser(url)
            parser.feed(resp.content.decode())
            for form in parser.forms:
                key = (re.sub(r"\d+", "N", form.action.split("?")[0]), form.fields + form.files)
                if form.action.startswith("/") and key not in seen and not form.action.startswith(SKIP_FORMS):
                    seen.add(key)
                    yield form


@pytest.mark.parametrize("role", ["office", "liaison"])
def test_no_form_answers_500_or_saves_on_refusal(world: Any, role: str) -> None:
    forms = list(page_forms(world, role))
    assert len(forms) >= (20 if role == "office" else 8), [f.action for f in forms]
    client = Client()
    client.force_login(world.users[role])
    for form in forms:
        fuzz_form(client, form)
        assert client.get("/").status_code == 302 and "_auth_user_id" in client.session, form.action  # still signed in


def fuzz_form(client: Client, form: Form) -> None:
    values = st.fixed_dictionaries({f: field_value for f in form.fields})
    files = st.fixed_dictionaries({f: st.one_of(st.none(), st.tuples(text, st.binary(max_size=64)))
                                   for f in form.files})

    @FUZZ
    @given(data=values, uploads=files, extra=text)
    def post(data: dict[str, Any], uploads: dict[str, Any], extra: str) -> None:
        body: dict[str, Any] = {k: v for k, v in data.items() if v is not None}
        body["not_a_field"] = extra
        for k, v in uploads.items():
            if v is not None:
                body[k] = SimpleUploadedFile(v[0][:100] or "x", v[1])
        attempt(lambda: client.post(form.action, body), form.action)

    post()


# --- the API's bodies ---------------------------------------------------------------------------


def _ids(world: Any) -> dict[str, int]:
    """A real id for each path parameter the API uses (made through the services)."""
    from tests.web.cycle import matrix as cm

    return {"plan_id": world.plan.pk, "task_id": world.task_a.pk, "unit_id": world.units["fgj"].pk,
            "leader_id": world.leader.pk, "round_id": cm.rnd(world).pk, "report_id": cm.rep(world).pk,
            "impl_id": cm.ip(world).pk, "change_id": cm.cr(world).pk, "instruction_id": cm.ins(world).pk,
            "inspection_id": cm.insp(world).pk, "attachment_id": cm.att(world).pk, "token_id": world.office_token.pk}


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path template, JSON body schema) of every API operation that takes a body."""
    from duban.web.project.api import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})

    def resolve(s: dict[str, Any]) -> dict[str, Any]:
        ref = s.get("$ref")
        return resolve(components[ref.rsplit("/", 1)[-1]]) if ref else s

    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                yield method, path, resolve(content["application/json"]["schema"])
            elif "multipart/form-data" in content:
                yield method, path, {"multipart": True, **resolve(content["multipart/form-data"]["schema"])}


@pytest.mark.parametrize("role", ["office", "liaison"])
def test_no_api_body_answers_500_or_saves_on_refusal(world: Any, role: str) -> None:
    from duban.web.accounts.services import create_token

    ids = _ids(world)
    key = world.office_key if role == "office" else create_token(actor=world.users[role], user=world.users[role],
                                                                  name="fuzz")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client = Client()
    ops = list(_operations())
    assert len(ops) >= 20, ops
    for method, template, body_schema in ops:
        path = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), template)
        fuzz_operation(client, method.upper(), path, body_schema, auth)


def fuzz_operation(client: Client, method: str, path: str, body_schema: dict[str, Any], auth: dict[str, str]) -> None:
    if body_schema.get("multipart"):
        @FUZZ
        @given(name=text, content=st.binary(max_size=256))
        def upload(name: str, content: bytes) -> None:
            body, ctype = _multipart(name, content)
            attempt(lambda: client.generic(method, path, body, content_type=ctype, **auth), path)

        upload()
        return
    props = body_schema.get("properties", {})
    bodies = st.one_of(
        st.fixed_dictionaries({}, optional={k: st.one_of(json_value, text) for k in props}).map(json.dumps),
        json_value.map(json.dumps),  # not an object at all
        st.just("[" * 5000 + "]" * 5000),  # nested past any parser's patience
        text,  # not JSON
    )

    @FUZZ
    @given(raw=bodies)
    def send(raw: str) -> None:
        attempt(lambda: client.generic(method, path, raw, content_type="application/json", **auth), path)

    send()


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "fuzzboundary7d1f"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name[:50]}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode("utf-8", "replace")
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
