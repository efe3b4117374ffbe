"""Every URL and every API operation, visited as every role, against the one table in expected_access.py.

The URLs come from the URL conf and the operations from the OpenAPI schema when the tests are collected, so a new
one is walked without being listed here, and fails until the table says who may use it. The objects behind path
parameters are made once for the module (tests/security/world.py); each test's writes are rolled back."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from tests.security import walk
from tests.security.expected_access import API, PAGES, Access
from tests.security.world import (
    ADMIN,
    ANONYMOUS,
    BOARD,
    MANAGER,
    OFFICER,
    RESIDENT,
    RESIDENT_NAMES,
    ROLES,
    SIGNED_OUT,
    SPECIAL_CATEGORY_TEXT,
    STAFF,
    World,
    world_build,
)

PAGE_LIST = walk.pages()
OPERATION_LIST = walk.operations()
# Who must never see a resident's name on any page or API answer, and who never special-category data.
NO_RESIDENT_NAMES = {ANONYMOUS, RESIDENT, BOARD, ADMIN}
SPECIAL_CATEGORY_ROLES = {OFFICER, MANAGER}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One set of objects for the whole module, in a transaction rolled back at the end (each test runs in a
    savepoint inside it)."""
    media = tmp_path_factory.mktemp("access-walk-media")
    moment = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), time_machine.travel(moment, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = world_build()
            built.media = media
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def media_root(settings, world):
    """The module's documents live in the module's folder (replaces the per-test folder of tests/conftest.py)."""
    settings.MEDIA_ROOT = world.media
    return world.media


@pytest.fixture(autouse=True)
def no_rate_limit_carry_over(db):
    # The walk posts to the public forms hundreds of times from one address; rate limits are tested elsewhere.
    cache.clear()


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="ignore")


def _missing(key: str, where: str) -> str:
    return (
        f"{key} has no entry in tests/security/expected_access.py {where}. Add one saying which roles may use it "
        "(test_every_url_and_operation_is_in_the_table prints what each role gets now)."
    )


def _check_content(response, role: str, where: str) -> None:
    body = _body(response)
    if role in NO_RESIDENT_NAMES:
        for name in RESIDENT_NAMES:
            assert name not in body, f"{where}: {role} was shown the resident's name {name!r}"
    if role not in SPECIAL_CATEGORY_ROLES:
        assert SPECIAL_CATEGORY_TEXT not in body, f"{where}: {role} was shown special-category data"


def _visit_page(page: walk.Page, access: Access, world: World, role: str, method: str):
    client = walk.client_for(role, world)
    url = walk.page_url(page, world, role, access)
    response = getattr(client, method)(url)
    return url, response, walk.outcome(response, role=role, api=page.api, admin_page=page.admin)


def _visit_operation(operation: walk.Operation, access: Access, world: World, role: str, method: str):
    client = walk.client_for(role, world)
    url = walk.operation_url(operation.path, world, role, access)
    kwargs: dict[str, Any] = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
    response = getattr(client, method)(url, **kwargs)
    return url, response, walk.outcome(response, role=role, api=True, admin_page=False)


def _judge(key: str, access: Access, method: str, role: str, url: str, response, seen: str) -> None:
    allowed = access.allowed(method)
    where = f"{method.upper()} {url} ({key}) as {role}"
    assert seen != "error", f"{where}: {response.status_code}"
    if allowed is None:
        raise AssertionError(_missing(f"{key} {method.upper()}", "for this method"))
    if role in allowed and role not in access.model_permissions:
        assert seen == "allowed", f"{where}: expected to be let in, got {response.status_code} ({seen})"
        _check_content(response, role, where)
    elif (seen == "not found" and role in access.hidden_from) or (
        role in access.validates_first and response.status_code == 400
    ):
        pass
    elif role in access.model_permissions:
        assert seen in {"allowed", "refused"}, f"{where}: got {response.status_code} ({seen})"
    else:
        expected = "401/403" if role in SIGNED_OUT else "403"
        assert seen in {"refused", "no such method"}, (
            f"{where}: expected to be refused ({expected}, or the sign-in page), got {response.status_code} ({seen})"
        )


# Every page and every operation as every role: thousands of requests, so `bin/test --fast` leaves these two out
# (and keeps the checks below that the table covers every URL and operation).
@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGE_LIST, ids=[page.key for page in PAGE_LIST])
def test_page_access(page, role, world):
    access = PAGES.get(page.entry_key)
    if access is None:
        pytest.fail(_missing(page.entry_key, "(PAGES)"))
    for method in ["get", "post"]:
        url, response, seen = _visit_page(page, access, world, role, method)
        _judge(page.key, access, method, role, url, response, seen)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATION_LIST, ids=[operation.path for operation in OPERATION_LIST])
def test_api_access(operation, role, world):
    access = API.get(operation.path)
    if access is None:
        pytest.fail(_missing(operation.path, "(API)"))
    for method in operation.methods:
        url, response, seen = _visit_operation(operation, access, world, role, method)
        _judge(operation.path, access, method, role, url, response, seen)


def _observed(visit, target, access: Access, world: World, methods: list[str]) -> str:
    allowed = {method: [] for method in methods}
    for role in ROLES:
        for method in methods:
            try:
                _, _, seen = visit(target, access, world, role, method)
            except AssertionError as error:
                return f"(cannot visit: {error})"
            if seen == "allowed":
                allowed[method].append(role.upper())
    shown = ", ".join(f"{method}=roles({', '.join(names)})" for method, names in allowed.items())
    return f"Access({shown})"


def test_every_url_and_operation_is_in_the_table(world):
    missing = []
    for page in PAGE_LIST:
        if page.entry_key not in PAGES:
            seen = _observed(_visit_page, page, Access(), world, ["get", "post"])
            missing.append(f'    "{page.entry_key}": {seen},  # {page.key}')
    for operation in OPERATION_LIST:
        access = API.get(operation.path)
        if access is None or any(access.allowed(method) is None for method in operation.methods):
            seen = _observed(_visit_operation, operation, access or Access(), world, list(operation.methods))
            missing.append(f'    "{operation.path}": {seen},')
    assert not missing, (
        "These URLs or API operations are not in tests/security/expected_access.py. Decide who may use each and "
        "add it; what each role gets now (check it is what you meant; add args= for path parameters):\n"
        + "\n".join(missing)
    )


def test_the_table_has_no_entries_for_urls_that_are_gone():
    keys = {page.entry_key for page in PAGE_LIST}
    paths = {operation.path for operation in OPERATION_LIST}
    assert not set(PAGES) - keys, f"Remove these PAGES entries; no such URL: {sorted(set(PAGES) - keys)}"
    assert not set(API) - paths, f"Remove these API entries; not in the schema: {sorted(set(API) - paths)}"


def test_every_api_url_is_in_the_schema(db):
    """An API view left out of the schema would escape the walk: every API URL must be in it (or in PAGES)."""
    document = walk.schema()
    regexes = [walk.path_regex(path) for path in document["paths"]]
    sample = {"provision": "1.1", "code": "hos-2024"}
    outside = []
    for name, route, params in walk.url_conf_entries():
        if not route.startswith(walk.API_PREFIX) or "format" in params or name in PAGES:
            continue
        url = reverse(name, kwargs={param: sample.get(param, "1") for param in params})
        if not any(regex.match(url) for regex in regexes):
            outside.append(f"{name} ({url})")
    assert not outside, f"API URLs missing from the OpenAPI schema (so from the walk): {outside}"


def test_the_walk_covers_the_schema_that_is_served(db):
    served = json.loads(walk.client_for(ANONYMOUS, None).get("/api/schema/?format=json").content)
    assert walk.operations(served) == OPERATION_LIST


@pytest.mark.parametrize(
    ("role", "visible"), [(STAFF, {"staff_complaint"}), (OFFICER, {"complaint", "staff_complaint"})]
)
def test_lists_and_their_counts_hold_only_what_the_role_may_see(world, role, visible):
    client = walk.client_for(role, world)
    expected = {getattr(world, name).reference for name in visible}

    listed = client.get("/api/v1/complaints/").json()
    queue = client.get(reverse("casework:queue", args=["logged" if role == STAFF else "mine"])).content.decode()

    assert listed["count"] == len(expected)
    assert {row["reference"] for row in listed["results"]} == expected
    hidden = {world.complaint.reference, world.staff_complaint.reference} - expected
    assert not any(reference in queue for reference in hidden)
    if role == STAFF:
        # The queue's own count, not just its rows: the staff member logged one of the two complaints.
        assert "1 complaint<" in queue
