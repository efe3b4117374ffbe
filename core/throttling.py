"""Who a rate limit counts: the client's address, and the API's per-user and per-address throttles.

Behind a reverse proxy every request comes from the proxy's address, so the real client is read from
X-Forwarded-For, but only as many hops from the right as there are proxies we run (TRUSTED_PROXIES): anything
further left is whatever the client chose to send, and trusting it would give an attacker a fresh count per request.
IPv6 clients are counted per /64, the block one household or one attacker usually has.

DRF's own throttles copy their rates when the class is defined and, by default, trust the whole X-Forwarded-For
header; these read the settings on each request and use the same address as the public forms.

The API's counts are kept per window of the rate (a minute for "600/min") in the shared cache, which every process
sees. DRF's throttles read and rewrite a list of every request's time on each request, two statements in PostgreSQL
when there is no Redis. Here a process claims a batch of the window's requests at once (API_RATE_CLAIM of the
rate; one with Redis, whose count costs no PostgreSQL) with one atomic addition, and admits that many before it
asks again: the processes together never admit more than the rate, and without Redis one request in a batch
reaches PostgreSQL. What a process claimed and did not use is lost to the others until the window ends, so a
client served by several processes may be refused up to a batch per process early."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django_ratelimit.core import get_usage, is_ratelimited
from rest_framework import throttling

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponse])


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
    """Who a rate-limited view's count is for (see rate_limited)."""
    return client_address(request)


class _CountedInBatches(throttling.SimpleRateThrottle):
    """A throttle counting in windows of its rate, claimed from the shared cache in batches
    (see the module's docstring)."""

    # This process's claims: the cache key of a client's window, when the window ends and how many of its batch are
    # left to admit.
    _claimed: dict[str, tuple[float, int]] = {}
    _lock = threading.Lock()
    # Set by DRF from the rate (its stubs leave them out).
    num_requests: int
    duration: int
    window_ends = 0.0

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        # No rate (None, as the schema's fuzzing tests set) limits nothing, as in DRF.
        counted_as = None if self.rate is None else self.get_cache_key(request, view)
        if counted_as is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        # The rate is part of the key: a count made at another rate is not this one's.
        key = f"{counted_as}_{self.num_requests}_{self.duration}_{window}"
        with self._lock:
            _, left = self._claimed.get(key, (0.0, 0))
            if left:
                self._claimed[key] = (self.window_ends, left - 1)
                return True
        batch = max(1, int(self.num_requests * settings.API_RATE_CLAIM))
        total = self._claim(key, batch)
        granted = min(batch, self.num_requests - (total - batch))
        if granted <= 0:
            return False
        with self._lock:
            # Claims of windows that have ended are of no more use.
            for stale in [claimed for claimed, (ends, _) in self._claimed.items() if ends <= self.now]:
                del self._claimed[stale]
            self._claimed[key] = (self.window_ends, granted - 1)
        return True

    def _claim(self, key: str, batch: int) -> int:
        """Adds the batch to the window's shared count; the count after it."""
        try:
            return self.cache.incr(key, batch)
        except ValueError:
            # The window's first claim from any process (add does nothing if another process has just made it).
            self.cache.add(key, 0, timeout=self.duration)
            return self.cache.incr(key, batch)

    def wait(self) -> float:
        return max(1.0, self.window_ends - self.now)


class AnonymousRateThrottle(_CountedInBatches, throttling.AnonRateThrottle):
    """Requests without credentials, counted per client address."""

    def get_rate(self) -> str:
        return settings.API_ANON_RATE


class UserRateThrottle(_CountedInBatches, throttling.UserRateThrottle):
    """Signed-in requests (session or token), counted per user, so every token of one user shares the count."""

    def get_rate(self) -> str:
        return settings.API_USER_RATE


def rate_limited(
    setting: str,
    *,
    template: str = "429.html",
    group: str = "",
    methods: tuple[str, ...] = ("POST",),
    accepted_only: bool = False,
) -> Callable[[ViewFunction], ViewFunction]:
    """Marks a view whose requests (POSTs, unless `methods` says otherwise) are counted per client address at the
    rate in settings.<setting>; views given the same `group` share one count. The count is taken by
    RequestLimitsMiddleware before anything reads the body (CSRF's check does), so a client over its limit costs
    one counter increment, not a parsed upload; it gets `template` with status 429.

    With `accepted_only`, the middleware only checks the count and the view adds to it with `rate_limit_accepted`
    when it accepts what was sent: a person who makes mistakes in a form is not locked out by them."""

    def mark(view: ViewFunction) -> ViewFunction:
        limit = RateLimit(group or f"{view.__module__}.{view.__qualname__}", setting, template, methods, accepted_only)
        # Wrappers made with functools.wraps (require_POST, login checks) copy the mark outwards.
        view.rate_limit = limit  # type: ignore[attr-defined]
        return view

    return mark


@dataclass(frozen=True)
class RateLimit:
    group: str
    setting: str
    template: str
    methods: tuple[str, ...]
    accepted_only: bool = False

    def exceeded(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.setting)
        if self.accepted_only:
            usage = get_usage(
                request, group=self.group, key=ratelimit_key, rate=rate, method=list(self.methods), increment=False
            )
            return usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"])
        return is_ratelimited(
            request, group=self.group, key=ratelimit_key, rate=rate, method=list(self.methods), increment=True
        )

    def accepted(self, request: HttpRequest) -> None:
        rate = getattr(settings, self.setting)
        get_usage(request, group=self.group, key=ratelimit_key, rate=rate, method=list(self.methods), increment=True)


def rate_limit_accepted(request: HttpRequest) -> None:
    """Counts what an `accepted_only` rate-limited view accepted (see rate_limited)."""
    limit: RateLimit | None = getattr(request, "rate_limit", None)
    if limit is not None and limit.accepted_only:
        limit.accepted(request)


class RequestLimitsMiddleware:
    """Refuses what would cost the server before it is read: a body declared larger than REQUEST_MAX_BYTES (413,
    before Django's upload handlers write any of it to disk) and a POST over a rate-limited view's limit (429,
    before the form is parsed). Both are decided in process_view, which runs after every middleware has set up the
    request (so the answer carries the usual headers) but must run before CsrfViewMiddleware's, the first thing
    that reads request.POST: list it just before that one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = -1
        if declared < 0:
            return HttpResponseBadRequest("The request's Content-Length is not a number.")
        if declared > settings.REQUEST_MAX_BYTES:
            return render(request, "413.html", {"limit": _megabytes(settings.REQUEST_MAX_BYTES)}, status=413)
        limit: RateLimit | None = getattr(view, "rate_limit", None)
        if limit is not None:
            request.rate_limit = limit  # type: ignore[attr-defined]
            if limit.exceeded(request):
                return render(request, limit.template, status=429)
        return None


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"
