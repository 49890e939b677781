"""Every view and API endpoint × every role: who gets in, who is turned away, and how.

The list of URL names comes from the URL conf itself, so a new view or endpoint without an
entry here fails `test_every_url_has_a_matrix_entry` until someone decides who may use it.
Codes: 200/201 allowed; 302 a redirect (login for the anonymous, after a write for the others);
401 API without credentials; 403 may see but not do; 404 may not even see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.web.builders import PASSWORD

ROLES = ["anonymous", "viewer", "wrong_liaison", "liaison", "head", "leader", "office"]
LOGIN = 302
Kw = Callable[[Any], dict[str, Any]]
Body = Callable[[Any], Any]


def no_kwargs(w: Any) -> dict[str, Any]:
    return {}


def draft_job(w: Any) -> Any:
    """A report being drafted for the world's government (the world has none of its own)."""
    from duban.web.plans.models import DraftJob

    job, _ = DraftJob.objects.get_or_create(government=w.gov, source_name="matrix.txt",
                                            defaults={"created_by": w.users["office"], "status": "running"})
    return job


# name → list of probes: (method, kwargs builder, body builder or None, expected codes in ROLES order)
MATRIX: dict[str, list[tuple[str, Kw, Body | None, list[int]]]] = {
    "home": [("get", no_kwargs, None, [LOGIN, 302, 302, 302, 302, 302, 302])],
    "audit_list": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "audit_export": [("get", lambda w: {"fmt": "csv"}, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                     ("get", lambda w: {"fmt": "xlsx"}, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "accounts:login": [("get", no_kwargs, None, [200] * 7)],
    "accounts:setup": [("get", no_kwargs, None, [302] * 7),  # the installation has its office: gone for good
                       ("post", no_kwargs, lambda w: {"government_name": "另一个县人民政府"}, [302] * 7)],
    "accounts:logout": [("post", no_kwargs, None, [302] * 7)],
    "accounts:token_list": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "accounts:user_list": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                           ("post", no_kwargs, lambda w: {"username": "new_liaison", "display_name": "新经办",
                                                          "role": "liaison", "unit": w.units["tjj"].pk,
                                                          "password": "a-long-password"},
                            [LOGIN, 403, 403, 403, 403, 403, 302])],
    "accounts:user_active": [("post", lambda w: {"pk": w.users["liaison"].pk}, lambda w: {"active": "0"},
                              [LOGIN, 404, 404, 403, 404, 404, 302])],  # a user may read, not switch off, themselves
    "accounts:password_change": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200]),
                                 ("post", no_kwargs, lambda w: {"old_password": PASSWORD,
                                                                "new_password1": "另一个-password-2026",
                                                                "new_password2": "另一个-password-2026"},
                                  [LOGIN, 302, 302, 302, 302, 302, 302])],
    "accounts:user_password": [("get", lambda w: {"pk": w.users["liaison"].pk}, None,
                                [LOGIN, 404, 404, 403, 404, 404, 200]),
                               ("post", lambda w: {"pk": w.users["liaison"].pk},
                                lambda w: {"new_password1": "reset-by-office-1", "new_password2": "reset-by-office-1"},
                                [LOGIN, 404, 404, 403, 404, 404, 302])],
    "accounts:token_revoke": [("post", lambda w: {"pk": w.office_token.pk}, None,
                               [LOGIN, 404, 404, 404, 404, 404, 302])],
    "directory:unit_list": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "directory:unit_create": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                              ("post", no_kwargs, lambda w: {"name": "新单位", "kind": "department"},
                               [LOGIN, 403, 403, 403, 403, 403, 302])],
    "directory:unit_detail": [("get", lambda w: {"pk": w.units["fgj"].pk}, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "directory:unit_edit": [("get", lambda w: {"pk": w.units["fgj"].pk}, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "directory:leader_list": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "directory:group_list": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "directory:person_edit": [("get", lambda w: {"pk": w.person.pk}, None, [LOGIN, 404, 404, 200, 200, 403, 200]),
                              ("post", lambda w: {"pk": w.person.pk},
                               lambda w: {"name": "陈晓", "role": "联络员", "phone": "1", "mobile": "2",
                                          "version": w.person.version},
                               [LOGIN, 404, 404, 302, 302, 403, 302])],
    "directory:leader_create": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                                ("post", no_kwargs, lambda w: {"name": "李华", "title": "副区长", "position": 2,
                                                               "units": [w.units["nyj"].pk, w.units["town"].pk]},
                                 [LOGIN, 403, 403, 403, 403, 403, 302])],
    "directory:leader_edit": [("get", lambda w: {"pk": w.leader.pk}, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                              ("post", lambda w: {"pk": w.leader.pk},
                               lambda w: {"name": "王明", "title": "区长", "position": 0, "version": w.leader.version,
                                          "units": [w.units["fgj"].pk]},
                               [LOGIN, 403, 403, 403, 403, 403, 302])],
    "directory:group_create": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                               ("post", no_kwargs, lambda w: {"name": "区直各单位", "members": [w.units["fgj"].pk]},
                                [LOGIN, 403, 403, 403, 403, 403, 302])],
    "directory:group_edit": [("get", lambda w: {"pk": _group(w).pk}, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                             ("post", lambda w: {"pk": _group(w).pk},
                              lambda w: {"name": "各乡镇人民政府", "member_kind": "township",
                                         "version": _group(w).version},
                              [LOGIN, 403, 403, 403, 403, 403, 302])],
    "directory:person_list": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "directory:person_create": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                                ("post", no_kwargs, lambda w: {"name": "周联络", "unit": w.units["tjj"].pk,
                                                               "role": "联络员", "mobile": "13900000009"},
                                 [LOGIN, 403, 403, 403, 403, 403, 302])],
    # retiring and deleting: the office only; a unit may edit its own contacts but not retire them
    "directory:entry_active": [("post", lambda w: {"kind": "leaders", "pk": w.leader.pk}, lambda w: {"active": "0"},
                                [LOGIN, 403, 403, 403, 403, 403, 302]),
                               ("post", lambda w: {"kind": "people", "pk": w.person.pk}, lambda w: {"active": "0"},
                                [LOGIN, 404, 404, 403, 403, 403, 302])],
    "directory:entry_delete": [("get", lambda w: {"kind": "units", "pk": w.units["fgj"].pk}, None,
                                [LOGIN, 403, 403, 403, 403, 403, 200]),
                               ("post", lambda w: {"kind": "people", "pk": w.person.pk}, None,
                                [LOGIN, 404, 404, 403, 403, 403, 302]),
                               ("get", lambda w: {"kind": "plans", "pk": w.plan.pk}, None,
                                [LOGIN, 404, 404, 404, 404, 404, 404])],
    "directory:export": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "directory:import": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "directory:import_names": [("get", no_kwargs, None, [LOGIN, 405, 405, 405, 405, 405, 405]),
                               ("post", no_kwargs, lambda w: {"names": "示例区审计局\n区发改局"},
                                [LOGIN, 403, 403, 403, 403, 403, 200])],
    "plans:plan_list": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "plans:plan_upload": [("get", no_kwargs, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "plans:portal": [("get", no_kwargs, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "plans:plan_detail": [("get", lambda w: {"pk": w.plan.pk}, None, [LOGIN, 200, 200, 200, 200, 200, 200]),
                          ("get", lambda w: {"pk": w.draft.pk}, None, [LOGIN, 404, 404, 404, 404, 404, 200])],
    "plans:plan_review": [("get", lambda w: {"pk": w.draft.pk}, None, [LOGIN, 404, 404, 404, 404, 404, 200]),
                          ("get", lambda w: {"pk": w.plan.pk}, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "plans:plan_resolve": [("get", lambda w: {"pk": w.draft.pk}, None, [LOGIN, 404, 404, 404, 404, 404, 200])],
    "plans:plan_publish": [("post", lambda w: {"pk": w.draft.pk}, None, [LOGIN, 404, 404, 404, 404, 404, 302])],
    "plans:plan_delete": [("post", lambda w: {"pk": w.draft.pk}, None, [LOGIN, 404, 404, 404, 404, 404, 302])],
    "plans:plan_export": [("get", lambda w: {"pk": w.plan.pk}, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "plans:plan_history": [("get", lambda w: {"pk": w.plan.pk}, None, [LOGIN, 200, 200, 200, 200, 200, 200])],
    "plans:task_detail": [("get", lambda w: {"pk": w.task_a.pk}, None, [LOGIN, 200, 404, 200, 200, 200, 200]),
                          ("get", lambda w: {"pk": w.task_b.pk}, None, [LOGIN, 200, 200, 404, 404, 404, 200])],
    "plans:task_edit": [("get", lambda w: {"pk": w.task_a.pk}, None, [LOGIN, 403, 404, 403, 403, 403, 200]),
                        ("post", lambda w: {"pk": w.task_a.pk}, lambda w: {"text": "改", "version": 1},
                         [LOGIN, 403, 404, 403, 403, 403, 400])],
    "plans:task_merge": [("get", lambda w: {"pk": w.task_a.pk}, None, [LOGIN, 403, 404, 403, 403, 403, 200])],
    "plans:task_split": [("get", lambda w: {"pk": w.task_a.pk}, None, [LOGIN, 403, 404, 403, 403, 403, 200])],
    "plans:draft_detail": [("get", lambda w: {"pk": draft_job(w).pk}, None, [LOGIN, 404, 404, 404, 404, 404, 200])],
    "plans:plan_confirm_units": [("post", lambda w: {"pk": w.draft.pk}, None, [LOGIN, 404, 404, 404, 404, 404, 302])],
    "plans:task_units": [("post", lambda w: {"pk": w.task_a.pk}, lambda w: {"lead": "区统计局", "version": 1},
                          [LOGIN, 403, 404, 403, 403, 403, 302])],
    "plans:task_move": [("post", lambda w: {"pk": w.task_a.pk}, lambda w: {"direction": "down", "version": 1},
                         [LOGIN, 403, 404, 403, 403, 403, 302])],
    # the API: 401 without credentials; the same restrict() as the pages
    "api:openapi-json": [("get", no_kwargs, None, [200] * 7)],
    "api:openapi-view": [("get", no_kwargs, None, [200] * 7)],
    "api:api-root": [("get", no_kwargs, None, [404] * 7)],
    "api:me": [("get", no_kwargs, None, [401, 200, 200, 200, 200, 200, 200])],
    "api:list_units": [("get", no_kwargs, None, [401, 200, 200, 200, 200, 200, 200])],
    "api:get_unit": [("get", lambda w: {"unit_id": w.units["fgj"].pk}, None, [401, 200, 200, 200, 200, 200, 200])],
    "api:list_leaders": [("get", no_kwargs, None, [401, 200, 200, 200, 200, 200, 200])],
    "api:list_plans": [("get", no_kwargs, None, [401, 200, 200, 200, 200, 200, 200])],
    "api:get_plan": [("get", lambda w: {"plan_id": w.plan.pk}, None, [401, 200, 200, 200, 200, 200, 200]),
                     ("get", lambda w: {"plan_id": w.draft.pk}, None, [401, 404, 404, 404, 404, 404, 200])],
    "api:list_tasks": [("get", lambda w: {"plan_id": w.plan.pk}, None, [401, 200, 200, 200, 200, 200, 200])],
    "api:export_plan": [("get", lambda w: {"plan_id": w.plan.pk}, None, [401, 403, 403, 403, 403, 403, 200])],
    "api:import_plan": [("post", no_kwargs, lambda w: {"plan": _plan_json(), "year": 2030},
                         [401, 403, 403, 403, 403, 403, 201])],
    "api:get_task": [("get", lambda w: {"task_id": w.task_a.pk}, None, [401, 200, 404, 200, 200, 200, 200]),
                     ("patch", lambda w: {"task_id": w.task_a.pk},
                      lambda w: {"version": w.task_a.version, "reason": "口径调整", "deadline": "11月底前"},
                      [401, 403, 404, 403, 403, 403, 200])],
    "api:patch_task": [("get", lambda w: {"task_id": w.task_b.pk}, None, [401, 200, 200, 404, 404, 404, 200])],
}

from tests.web.documents.matrix import DOCUMENTS_MATRIX  # noqa: E402

MATRIX.update(DOCUMENTS_MATRIX)

from tests.web.cycle.matrix import CYCLE_MATRIX  # noqa: E402

MATRIX.update(CYCLE_MATRIX)


def _group(w: Any) -> Any:
    from duban.web.directory.models import Group

    return Group.objects.get(government=w.gov, name="各乡镇人民政府")


def _plan_json() -> dict[str, Any]:
    from tests.web.builders import core_plan

    return core_plan([{"text": "接口导入的任务。", "lead": ["区发改局"]}], year=2030).to_dict()


def url_names() -> Iterator[str]:
    def walk(patterns: list[Any], ns: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                yield ns + p.name

    return walk(get_resolver().url_patterns, "")


def test_every_url_has_a_matrix_entry() -> None:
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"views without a permission-matrix entry: {missing}"
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


CASES = [(name, i, role) for name, probes in MATRIX.items() for i in range(len(probes)) for role in ROLES]


@pytest.mark.parametrize(("name", "probe", "role"), CASES, ids=[f"{n}#{i}-{r}" for n, i, r in CASES])
def test_permission_matrix(world: Any, name: str, probe: int, role: str) -> None:
    method, kwargs, body, codes = MATRIX[name][probe]
    expected = codes[ROLES.index(role)]
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(name, kwargs=kwargs(world))
    data = body(world) if body else None
    if name.startswith("api:") and method in ("post", "patch"):
        resp = getattr(client, method)(url, data=data, content_type="application/json")
    elif method == "post":
        resp = client.post(url, data=data or {})
    else:
        resp = client.get(url)
    assert resp.status_code == expected, f"{method.upper()} {url} as {role}: {resp.status_code}, wanted {expected}"
    if expected == LOGIN and role == "anonymous" and not name.startswith("api:") and name != "accounts:logout":
        assert resp["Location"].startswith(reverse("accounts:login"))


def test_api_token_auth_uses_the_same_rules(world: Any) -> None:
    """A bearer token acts as its user; a wrong or revoked token gets nothing."""
    client = Client()
    ok = client.get(reverse("api:get_plan", kwargs={"plan_id": world.draft.pk}),
                    HTTP_AUTHORIZATION=f"Bearer {world.office_key}")
    assert ok.status_code == 200
    bad = client.get(reverse("api:list_plans"), HTTP_AUTHORIZATION="Bearer dbn_wrong")
    assert bad.status_code == 401
    from duban.web.accounts.services import create_token, revoke_token

    tok, key = create_token(actor=world.users["liaison"], user=world.users["liaison"], name="x")
    seen = client.get(reverse("api:get_task", kwargs={"task_id": world.task_b.pk}), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert seen.status_code == 404  # the liaison's token cannot read another unit's task
    revoke_token(actor=world.users["liaison"], token=tok)
    assert client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
