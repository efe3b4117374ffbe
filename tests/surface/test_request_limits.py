"""Issue 17 item 5: a client cannot make the server store a body it will refuse. Oversized bodies are refused by
their declared length, and POSTs over a rate limit are refused, before anything reads the body (the CSRF check is
the first thing that would)."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from public_pages.forms import MAX_ATTACHMENTS

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
MULTIPART = "multipart/form-data; boundary=----limit"


class BodyMustNotBeRead:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the request body was read")

    readline = read


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def post_unread(client: Client, path: str, length: int):
    return client.generic(
        "POST",
        path,
        b"",
        content_type=MULTIPART,
        CONTENT_LENGTH=str(length),
        CONTENT_TYPE=MULTIPART,
        **{"wsgi.input": BodyMustNotBeRead()},
    )


@pytest.mark.parametrize("path", ["/complain/", "/check/", "/staff/", "/api/v1/complaints/", "/accounts/login/"])
def test_a_body_declared_larger_than_the_limit_is_refused_unread_everywhere(path, settings):
    settings.REQUEST_MAX_BYTES = 1024 * 1024
    response = post_unread(Client(enforce_csrf_checks=True), path, 300 * 1024 * 1024)
    assert response.status_code == 413
    page = response.content.decode()
    assert "smaller than 1 MB" in page and "Nothing you sent has been saved" in page
    # It passes through the usual middleware on the way out: the security headers are there.
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_a_body_within_the_limit_reaches_the_form(client, settings):
    settings.REQUEST_MAX_BYTES = 1024 * 1024
    response = client.post("/complain/", {"token": str(uuid.uuid4()), "what_happened": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_content_length_that_is_not_a_number_is_a_bad_request(client):
    response = client.generic("POST", "/complain/", b"", CONTENT_LENGTH="lots", CONTENT_TYPE=MULTIPART)
    assert response.status_code == 400


def test_a_post_over_the_rate_limit_is_refused_before_its_body_is_read(settings):
    settings.COMPLAINT_FORM_RATE = "1/h"
    client = Client(enforce_csrf_checks=True)
    assert client.get("/complain/").status_code == 200  # GETs are not counted
    # One accepted (the honeypot's answer counts as accepted) uses up the address's limit.
    assert Client().post("/complain/", {"website": "http://spam.example"}).status_code == 302
    refused = post_unread(client, "/complain/", 10 * 1024)
    assert refused.status_code == 429  # before CSRF, which would read the body
    assert "too many attempts" in refused.content.decode().lower()
    # Another address has its own count.
    assert client.post("/complain/", {"what_happened": ""}, REMOTE_ADDR="10.0.0.7").status_code == 403


def test_the_live_server_answers_an_oversized_upload_at_once_without_waiting_for_the_body(live_server, settings):
    """What the probe did: headers declaring 300 MB, then only a little of it. The answer comes without the rest
    being sent, so none of it was waited for, read or written to disk."""
    settings.REQUEST_MAX_BYTES = 1024 * 1024
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            b"POST /complain/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + MULTIPART.encode() + b"\r\n"
            b"Content-Length: " + str(300 * 1024 * 1024).encode() + b"\r\n\r\n" + b"x" * 4096
        )
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")


def test_the_limit_allows_the_public_forms_largest_complaint():
    assert django_settings.REQUEST_MAX_BYTES > MAX_ATTACHMENTS * django_settings.UPLOAD_MAX_BYTES


def test_production_serves_the_app_only_through_a_reverse_proxy_with_the_same_limits():
    stack = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = stack["services"]
    assert "ports" not in services["web"], "the app server must not face the internet directly"
    assert services["proxy"]["ports"]
    nginx = (ROOT / "config" / "nginx.conf").read_text()
    # The proxy refuses larger bodies itself, and never buffers a refused one to disk first.
    assert f"client_max_body_size {django_settings.REQUEST_MAX_BYTES // (1024 * 1024)}m;" in nginx
    assert "limit_req_zone" in nginx and "limit_req zone=public" in nginx
    assert "proxy_pass http://web:8000;" in nginx
    # The app counts the real client, one proxy hop from the right.
    assert services["web"]["environment"]["TRUSTED_PROXIES"] == "1"
