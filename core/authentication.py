"""How the API knows who is calling (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES). A module of its own: DRF
reads that setting while its views module loads, so the class must not live beside anything importing DRF's views."""

from __future__ import annotations

from rest_framework import authentication
from rest_framework.request import Request


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, whose CSRF check reads the form from Django's request rather than DRF's. DRF's
    would parse the body during authentication, so a body the endpoint does not accept answered 415 to a signed-in
    browser where the same request by token answered 403: every client now hears "may you?" before "is this
    readable?", and a JSON body is not parsed for a token it cannot hold (the header carries it)."""

    def enforce_csrf(self, request: Request) -> None:
        # DRF's check only hands the request to Django's CsrfViewMiddleware, which expects Django's request.
        super().enforce_csrf(request._request)  # type: ignore[arg-type]
