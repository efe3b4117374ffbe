"""The API's rate limits. DRF's own throttles copy their rates when the class is defined; these read
API_ANON_RATE and API_USER_RATE from settings on each request, so an environment variable (or a test) sets them."""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling


class AnonymousRateThrottle(throttling.AnonRateThrottle):
    """Requests without credentials, counted per client address."""

    def get_rate(self) -> str:
        return settings.API_ANON_RATE


class UserRateThrottle(throttling.UserRateThrottle):
    """Signed-in requests (session or token), counted per user, so every token of one user shares the count."""

    def get_rate(self) -> str:
        return settings.API_USER_RATE
