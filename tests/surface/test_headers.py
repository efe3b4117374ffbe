"""The browser security headers on public pages, staff pages and the API, and CSRF on every form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_hardened(response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/complain/", "/check/", "/policy/", "/accounts/login/"])
def test_public_pages_send_a_strict_policy_and_frame_denial(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_hardened(response)


def test_staff_pages_send_the_same_headers(client, officer, log_complaint, login_with_mfa):
    complaint = log_complaint()
    login_with_mfa(client, officer)
    for path in ["/staff/queues/mine/", f"/staff/complaints/{complaint.reference}/", "/staff/residents/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_hardened(response)


def test_api_answers_send_them_too(officer):
    api = APIClient()
    api.force_authenticate(officer)
    assert_hardened(api.get("/api/v1/complaints/"))
    assert_hardened(APIClient().get("/api/v1/complaints/"))


def test_the_nonce_in_the_policy_is_the_one_on_the_pages_scripts_and_changes_each_time(client):
    first, second = client.get("/"), client.get("/")
    nonces = []
    for response in (first, second):
        html = response.content.decode()
        in_page = set(re.findall(r'<script[^>]*nonce="([^"]+)"', html))
        assert len(in_page) == 1
        (nonce,) = in_page
        assert f"'nonce-{nonce}'" in policy(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


PAGES_TO_SCAN = ["/", "/complain/", "/check/", "/policy/", "/ombudsman/", "/accounts/login/", "/self-assessment/"]


def inline_code(html: str) -> list[str]:
    """Inline scripts and styles without the nonce, style attributes and on* event handler attributes."""
    found = []
    for tag, attributes in re.findall(r"<(script|style)\b([^>]*)>", html):
        if "nonce=" not in attributes and "src=" not in attributes:
            found.append(f"<{tag}{attributes}>")
    found += re.findall(r"<[^>]+\sstyle=\"[^\"]*\"[^>]*>", html)
    found += re.findall(r"<[^>]+\son[a-z]+=[^>]*>", html)
    return found


def test_no_page_has_inline_script_style_or_event_handler_attributes(client, officer, log_complaint, login_with_mfa):
    complaint = log_complaint()
    for path in PAGES_TO_SCAN:
        assert inline_code(client.get(path).content.decode()) == [], path
    login_with_mfa(client, officer)
    staff_pages = ["/staff/queues/mine/", f"/staff/complaints/{complaint.reference}/", "/staff/complaints/log/"]
    for path in [*staff_pages, "/staff/residents/"]:
        assert inline_code(client.get(path).content.decode()) == [], path


def test_the_api_documentation_loads_its_script_from_a_file_under_the_policy(client):
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert inline_code(html) == []
    assert "cdn.jsdelivr.net" not in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_hsts_is_sent_over_https_in_production(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_defaults_turn_hsts_on(monkeypatch):
    """The settings module itself: with DEBUG off, HSTS is a year unless set otherwise."""
    import importlib

    import config.settings

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-key-for-this-test-only-0123456789")
    try:
        production = importlib.reload(config.settings)
        assert production.SECURE_HSTS_SECONDS == 31536000
        assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    finally:
        monkeypatch.undo()
        importlib.reload(config.settings)


def every_view(resolver: URLResolver | None = None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from every_view(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_no_view_is_exempt_from_csrf_except_token_authenticated_api_views():
    """DRF's views are csrf_exempt at the Django level and enforce CSRF themselves for session users (see the next
    test); nothing else may opt out."""
    exempt = [
        path
        for path, view in every_view()
        if getattr(view, "csrf_exempt", False) and not hasattr(view, "cls") and not path.startswith("api/")
    ]
    assert exempt == []


def test_a_form_post_without_the_csrf_token_is_refused(officer, login_with_mfa):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/complain/", {"what_happened": "x"}).status_code == 403
    assert client.post("/check/", {"reference": "x"}).status_code == 403
    login_with_mfa(client, officer)
    assert client.post("/staff/residents/new/", {"name": "x"}).status_code == 403


def test_an_api_write_with_a_session_but_no_csrf_token_is_refused(officer, resident, login_with_mfa):
    client = APIClient(enforce_csrf_checks=True)
    login_with_mfa(client, officer)
    response = client.post("/api/v1/complaints/", {"resident": resident.pk}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_api_answers_a_browser_with_json_not_a_page_with_inline_styles(officer):
    api = APIClient()
    api.force_authenticate(officer)
    response = api.get("/api/v1/complaints/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_static_files_carry_the_same_headers(settings):
    """WhiteNoise answers for static files before the header middleware runs (issue 17 item 7)."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    for path in ["/static/css/app.css", "/static/js/init.js"]:
        response = Client().get(path)  # a new client, so WhiteNoise starts with the settings above
        assert response.status_code == 200, path
        assert_hardened(response)
