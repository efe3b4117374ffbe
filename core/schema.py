"""The OpenAPI schema's description of core's API parts (drf-spectacular extensions register when imported:
CoreConfig.ready does, once DRF has loaded)."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme


class CookieScheme(SessionScheme):
    """core.authentication.SessionAuthentication is DRF's session authentication, described the same way."""

    target_class = "core.authentication.SessionAuthentication"
