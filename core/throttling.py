"""Who a rate limit counts: the client's address, and the API's per-user and per-address throttles.

Behind a reverse proxy every request comes from the proxy's address, so the real client is read from
X-Forwarded-For, but only as many hops from the right as there are proxies we run (TRUSTED_PROXIES): anything
further left is whatever the client chose to send, and trusting it would give an attacker a fresh count per request.
IPv6 clients are counted per /64, the block one household or one attacker usually has.

DRF's own throttles copy their rates when the class is defined and, by default, trust the whole X-Forwarded-For
header; these read the settings on each request and use the same address as the public forms."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from rest_framework import throttling


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address) + "/64"
    return str(parsed)


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """The `key` for django-ratelimit's decorators on the public forms."""
    return client_address(request)


class _ByClientAddress:
    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request)


class AnonymousRateThrottle(_ByClientAddress, throttling.AnonRateThrottle):
    """Requests without credentials, counted per client address."""

    def get_rate(self) -> str:
        return settings.API_ANON_RATE


class UserRateThrottle(_ByClientAddress, throttling.UserRateThrottle):
    """Signed-in requests (session or token), counted per user, so every token of one user shares the count."""

    def get_rate(self) -> str:
        return settings.API_USER_RATE
