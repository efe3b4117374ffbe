"""How the API knows who is calling (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES). A module of its own: DRF
reads that setting while its views module loads, so the class must not live beside anything importing DRF's views."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from core import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, whose CSRF check reads the form from Django's request rather than DRF's. DRF's
    would parse the body during authentication, so a body the endpoint does not accept answered 415 to a signed-in
    browser where the same request by token answered 403: every client now hears "may you?" before "is this
    readable?", and a JSON body is not parsed for a token it cannot hold (the header carries it)."""

    def enforce_csrf(self, request: Request) -> None:
        # DRF's check only hands the request to Django's CsrfViewMiddleware, which expects Django's request.
        super().enforce_csrf(request._request)  # type: ignore[arg-type]


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, reading the token, its user and the user's roles in one statement written once:
    every API request makes it, and Django took three times as long to compile the same read as PostgreSQL took to
    answer it."""

    def authenticate_credentials(self, key: str) -> tuple[User, Any]:
        tokens = self.get_model()
        users = list(get_user_model()._default_manager.raw(_token_user_sql(tokens._meta.db_table), [key]))
        if not users:
            raise exceptions.AuthenticationFailed("Invalid token.")
        [user] = users
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        # The statement's own columns, beside the user's.
        role_names, created = user.role_names, user.token_created  # type: ignore[attr-defined]
        roles.roles_known(user, role_names)
        token = tokens.from_db(DEFAULT_DB_ALIAS, ["key", "user_id", "created"], [key, user.pk, created])
        token.user = user  # type: ignore[attr-defined]  # DRF's Token, known only as a model here
        return user, token


@functools.cache
def _token_user_sql(tokens: str) -> str:
    # Only our own table names: the key is a parameter.
    users = get_user_model()._meta.db_table
    return (
        f"SELECT u.*, t.created AS token_created, {roles.roles_held_sql('u.id')} AS role_names "  # noqa: S608
        f'FROM "{tokens}" t JOIN "{users}" u ON u.id = t.user_id WHERE t.key = %s'
    )
