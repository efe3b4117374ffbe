"""What the access walk visits: every URL in the URL conf and every operation in the OpenAPI schema, found when
the tests are collected, so a new URL or endpoint is walked (and must be in the table) without anyone listing it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import force_login_with_mfa
from tests.security.expected_access import API_PREFIX, PAGES, VARIANTS, Access
from tests.security.world import RESIDENT, SIGNED_OUT, World

ADMIN_PREFIX = "admin/"
ADMIN_KEY = "admin:*"
METHODS = ["get", "post", "put", "patch", "delete"]


@dataclass(frozen=True)
class Page:
    key: str  # the table key: the URL name, with [variant] for a parameter that picks among several views
    name: str | None  # None for an unnamed pattern (the admin's catch-all)
    route: str
    params: tuple[str, ...]
    variant: tuple[str, str] | None = None  # (parameter, value)

    @property
    def admin(self) -> bool:
        return self.route.startswith(ADMIN_PREFIX)

    @property
    def api(self) -> bool:
        return self.route.startswith(API_PREFIX)

    @property
    def entry_key(self) -> str:
        """The admin's model pages share one entry; its other pages (sign in, sign out...) have their own."""
        return ADMIN_KEY if self.admin and self.key not in PAGES else self.key


@dataclass(frozen=True)
class Operation:
    path: str  # as in the schema: /api/v1/complaints/{id}/
    methods: tuple[str, ...]


def _params(pattern: Any) -> set[str]:
    return set(pattern.regex.groupindex)


def _patterns(patterns: list, prefix: str = "", namespace: str = "", params: frozenset = frozenset()):
    for entry in patterns:
        here = params | _params(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), inner, here)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), prefix + str(entry.pattern), here


def url_conf_entries() -> list[tuple[str | None, str, frozenset]]:
    """(name, route, parameters) for every pattern, without DRF's format-suffix copies (same view, `.json`)."""
    return [(name, route, params) for name, route, params in _patterns(get_resolver().url_patterns)]


def pages() -> list[Page]:
    found: dict[str, Page] = {}
    for name, route, params in url_conf_entries():
        if "format" in params:
            continue
        if route.startswith(API_PREFIX) and name not in PAGES:
            continue  # an API endpoint: walked from the schema (test_every_api_url_is_in_the_schema checks)
        key = name or route
        if name in VARIANTS:
            parameter, values = VARIANTS[name]
            for value in values():
                variant_key = f"{key}[{value}]"
                found[variant_key] = Page(variant_key, name, route, tuple(sorted(params)), (parameter, value))
        else:
            found[key] = Page(key, name, route, tuple(sorted(params)))
    return list(found.values())


def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(document: dict | None = None) -> list[Operation]:
    document = document or schema()
    return [
        Operation(path, tuple(method for method in METHODS if method in item))
        for path, item in document["paths"].items()
    ]


def path_regex(schema_path: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(schema_path)) + "$")


# --- visiting ---


def client_for(role: str, world: World) -> Client:
    client = Client()
    if role == RESIDENT:
        cache.clear()  # the check's rate limit: the walk checks far more often than a resident would
        answer = client.post(
            reverse("public:check"),
            {"reference": world.complaint.reference, "email_or_postcode": world.resident.email},
        )
        assert answer.status_code == 200 and world.complaint.reference in answer.content.decode(), (
            "the resident's own status check did not find their complaint"
        )
    elif role not in SIGNED_OUT:
        force_login_with_mfa(client, world.users[role])
    return client


def _admin_kwargs(page: Page, world: World) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    kwargs: dict[str, Any] = {}
    for param in page.params:
        if param in ("object_id", "id"):
            model = _admin_model(page.name)
            first = model._default_manager.order_by("pk").first() if model else None
            kwargs[param] = str(first.pk) if first else "1"
        elif param == "app_label":
            kwargs[param] = sorted({model._meta.app_label for model in admin.site._registry})[0]
        elif param == "content_type_id":
            kwargs[param] = ContentType.objects.get_for_model(world.complaint).pk
        elif param == "url":
            kwargs[param] = "no-such-admin-page/"
        else:
            raise AssertionError(f"The access walk does not know how to fill {param!r} in the admin URL {page.key}")
    return kwargs


def _unnamed_url(route: str, kwargs: dict[str, Any]) -> str:
    """The admin's unnamed patterns (its catch-all, its old-style change URLs) cannot be reversed: fill them in."""
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), url)
    return "/" + url.replace("^", "").replace("$", "")


def _admin_model(name: str | None):
    for model in admin.site._registry:
        if (name or "").startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def page_url(page: Page, world: World, role: str, access: Access) -> str:
    if page.admin:
        kwargs = _admin_kwargs(page, world)
        return reverse(page.name, kwargs=kwargs) if page.name else _unnamed_url(page.route, kwargs)
    kwargs = {}
    for param in page.params:
        if page.variant and param == page.variant[0]:
            kwargs[param] = page.variant[1]
        elif param in access.args:
            kwargs[param] = world.value(access.args[param], role)
        elif param == "reference":
            kwargs[param] = world.complaint.reference
        else:
            raise AssertionError(
                f"{page.key}: say which object fills <{param}> in its entry in tests/security/expected_access.py "
                f'(args={{"{param}": "resident.pk"}}: an attribute of tests/security/world.py\'s World)'
            )
    url = reverse(page.name, kwargs=kwargs)
    return f"{url}?{access.query}" if access.query else url


def operation_url(path: str, world: World, role: str, access: Access) -> str:
    def fill(match: re.Match) -> str:
        param = match.group(1)
        if param not in access.args:
            raise AssertionError(
                f"{path}: say which object fills {{{param}}} in its entry in tests/security/expected_access.py "
                f'(args={{"{param}": "complaint.pk"}})'
            )
        return str(world.value(access.args[param], role))

    return re.sub(r"\{(\w+)\}", fill, path)


def login_paths() -> tuple[str, ...]:
    return (resolve_url(settings.LOGIN_URL), reverse("admin:login"))


def outcome(response, *, role: str, api: bool, admin_page: bool) -> str:
    """ "allowed", "refused", "no such method" (405), "not found" (404) or "error" (5xx)."""
    code = response.status_code
    if code >= 500:
        return "error"
    if code == 405:
        return "no such method"
    if code == 404:
        return "not found"
    if code == 403:
        return "refused"
    if api and code == 401 and role in SIGNED_OUT:
        return "refused"
    if code in (301, 302) and (role in SIGNED_OUT or admin_page):
        location = response.headers.get("Location", "")
        if any(location.startswith(f"{path}?next=") for path in login_paths()):
            return "refused"
    # The resident's own view sends whoever has not entered its code (staff included) back to Check my complaint:
    # the residents' sign-in page.
    if code in (301, 302) and response.headers.get("Location", "") == reverse("public:check"):
        return "refused"
    return "allowed"
