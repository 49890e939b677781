"""API authentication (a bearer token for machine clients, or the browser's session) and /me."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer, django_auth

from duban.web.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer dbn_…`: the key is hashed and looked up; the user becomes request.user."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]

router = Router(tags=["账户"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    unit_id: int | None
    leader_id: int | None


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> Any:
    return request.user
