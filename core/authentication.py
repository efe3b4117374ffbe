"""How the API knows who is calling (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES). A module of its own: DRF
reads that setting while its views module loads, so the class must not live beside anything importing DRF's views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
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
    """DRF's token authentication, reading the user's roles in the same statement as the token: every request asks
    them, so this saves a round trip each."""

    def authenticate_credentials(self, key: str) -> tuple[User, Any]:
        tokens = self.get_model()._default_manager.select_related("user").annotate(role_names=roles.roles_held("user"))
        try:
            token = tokens.get(key=key)
        except ObjectDoesNotExist:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        roles.roles_known(token.user, token.role_names)
        return token.user, token
