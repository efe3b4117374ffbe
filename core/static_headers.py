"""The security headers on static files. WhiteNoise answers for them before the rest of the middleware runs, so
the headers Django's middleware puts on every other answer are added here, from the same settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.csp import build_policy


def static_file_headers(headers: dict[str, str], path: str, url: str) -> None:
    """WHITENOISE_ADD_HEADERS_FUNCTION: the site's Content-Security-Policy (without a nonce: no static file needs
    one), frame denial, no MIME sniffing and the referrer policy."""
    policy: Any = settings.SECURE_CSP
    headers["Content-Security-Policy"] = build_policy(policy)
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
