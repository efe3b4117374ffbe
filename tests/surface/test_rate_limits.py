"""Rate limits on the public form, the status check and the API, counted in a cache every process shares."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core import roles
from tests.alerts.worker.conftest import redis_url  # noqa: F401  (a Redis of the tests' own)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def check_post(client, **extra):
    return client.post("/check/", {"reference": "CMP-2026-00001", "email_or_postcode": "AB1 2CD"}, **extra)


def test_the_status_check_refuses_guessing_after_the_configured_number_of_tries(client, settings):
    settings.COMPLAINT_CHECK_RATE = "3/h"
    assert [check_post(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = check_post(client)
    assert refused.status_code == 429
    assert "too many" in refused.content.decode().lower()
    # Another address is counted on its own.
    assert check_post(client, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_complaint_form_counts_per_address(client, settings):
    settings.COMPLAINT_FORM_RATE = "1/h"
    mistaken = {"token": str(uuid.uuid4()), "what_happened": ""}
    # The honeypot caught: answered as if accepted, and counted as one.
    caught = {"token": str(uuid.uuid4()), "website": "http://spam.example"}
    assert client.post("/complain/", mistaken).status_code == 200  # a mistake: not counted
    assert client.post("/complain/", caught).status_code == 302
    assert client.post("/complain/", mistaken).status_code == 429
    assert client.post("/complain/", mistaken, REMOTE_ADDR="10.0.0.7").status_code == 200


PUBLIC_API = "/api/v1/code-versions/hos-2024/provisions/"


def test_anonymous_api_calls_are_throttled_per_address_with_a_clear_message(settings):
    settings.API_ANON_RATE = "2/min"
    api = APIClient()
    assert [api.get(PUBLIC_API).status_code for _ in range(2)] == [200, 200]
    refused = api.get(PUBLIC_API)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many requests. Try again in ")
    assert int(refused["Retry-After"]) == refused.json()["retry_after"] > 0
    assert APIClient(REMOTE_ADDR="10.0.0.8").get(PUBLIC_API).status_code == 200


def test_signed_in_api_calls_are_throttled_per_user_whatever_the_token_or_address(settings, officer, login_with_mfa):
    settings.API_USER_RATE = "3/min"
    token = Token.objects.create(user=officer)
    by_token = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    by_session = APIClient(REMOTE_ADDR="10.0.0.5")
    login_with_mfa(by_session, officer)
    answers = [by_token.get("/api/v1/complaints/").status_code for _ in range(2)]
    answers.append(by_session.get("/api/v1/complaints/").status_code)
    assert answers == [200, 200, 200]
    assert by_token.get("/api/v1/complaints/").status_code == 429
    # Another user on the same address is not held back by this one.
    colleague = APIClient()
    login_with_mfa(colleague, UserFactory(role=roles.OFFICER, username="colleague"))
    assert colleague.get("/api/v1/complaints/").status_code == 200


def test_the_rates_are_settings_read_from_the_environment():
    from django.conf import settings

    assert os.environ.get("API_ANON_RATE", "60/min") == settings.API_ANON_RATE
    assert os.environ.get("API_USER_RATE", "600/min") == settings.API_USER_RATE
    assert settings.CACHES["default"]["BACKEND"] in {
        "core.cache.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


@pytest.mark.django_db(transaction=True)
def test_a_second_process_sees_the_count_the_first_one_made(client, settings):
    """Gunicorn runs several processes: a limit reached through one must hold in the others."""
    settings.COMPLAINT_CHECK_RATE = "2/h"
    assert [check_post(client).status_code for _ in range(2)] == [200, 200]
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    other_process = textwrap.dedent(
        """
        import datetime, django, time_machine
        time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC), tick=False).start()
        django.setup()
        from django.test import Client
        answer = Client(HTTP_HOST="localhost").post(
            "/check/", {"reference": "CMP-2026-00001", "email_or_postcode": "AB1 2CD"}, REMOTE_ADDR="127.0.0.1"
        )
        print(answer.status_code)
        """
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "COMPLAINT_CHECK_RATE": "2/h",
    }
    result = subprocess.run(
        [sys.executable, "-c", other_process], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "429", result.stderr


def test_a_forged_forwarded_for_header_does_not_buy_a_fresh_count(client, settings):
    settings.COMPLAINT_CHECK_RATE = "1/h"
    settings.API_ANON_RATE = "1/min"
    assert check_post(client, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert check_post(client, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429
    api = APIClient()
    assert api.get(PUBLIC_API, HTTP_X_FORWARDED_FOR="198.51.100.3").status_code == 200
    assert api.get(PUBLIC_API, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 429


def test_behind_our_proxy_each_client_is_counted_by_the_hop_the_proxy_added(client, settings):
    settings.TRUSTED_PROXIES = 1
    settings.COMPLAINT_CHECK_RATE = "1/h"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert check_post(client, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 200
    # The same client again, with a made-up hop in front of the one our proxy added: still counted as itself.
    assert check_post(client, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", **proxy).status_code == 429
    # Another client through the same proxy has its own count.
    assert check_post(client, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code == 200


def test_ipv6_clients_are_counted_per_64_block(client, settings):
    settings.COMPLAINT_CHECK_RATE = "1/h"
    assert check_post(client, REMOTE_ADDR="2001:db8:1:2::1").status_code == 200
    assert check_post(client, REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert check_post(client, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def _api_user(role: str = roles.OFFICER) -> tuple[Token, APIClient]:
    token = Token.objects.create(user=UserFactory(role=role))
    return token, APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_without_redis_a_process_counts_the_api_in_batches_and_never_past_the_rate(settings):
    """One statement on the cache table per batch of requests, not two on every request."""
    settings.API_USER_RATE = "40/min"
    settings.API_RATE_CLAIM = 0.25
    _, api = _api_user()
    counted = []
    for n in range(40):
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/complaints/").status_code == 200
        if any("cache_entries" in query["sql"] for query in captured):
            counted.append(n)
    assert counted == [0, 10, 20, 30]
    assert api.get("/api/v1/complaints/").status_code == 429


def test_an_api_rate_of_none_limits_nothing(settings):
    settings.API_USER_RATE = None
    _, api = _api_user()
    assert {api.get("/api/v1/complaints/").status_code for _ in range(3)} == {200}


OTHER_PROCESS_API_CALLS = textwrap.dedent(
    """
    import datetime, sys, django, time_machine
    time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC), tick=False).start()
    django.setup()
    from rest_framework.test import APIClient
    api = APIClient(HTTP_HOST="localhost", HTTP_AUTHORIZATION="Token " + sys.argv[1])
    print(" ".join(str(api.get("/api/v1/complaints/").status_code) for _ in range(int(sys.argv[2]))))
    """
)


def api_calls_in_another_process(token: Token, calls: int, **env: str) -> list[int]:
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS_API_CALLS, token.key, str(calls)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [int(code) for code in result.stdout.split()]


@pytest.mark.django_db(transaction=True)
def test_without_redis_processes_together_admit_no_more_than_the_rate(settings):
    """Another process claims its batches from the same count in PostgreSQL: this one has claimed 30 of the 40 (it
    admitted 25), so the other may admit the last 10 and no more."""
    settings.API_USER_RATE = "40/min"
    settings.API_RATE_CLAIM = 0.25
    token, api = _api_user()
    assert {api.get("/api/v1/complaints/").status_code for _ in range(25)} == {200}
    assert api_calls_in_another_process(token, 12, API_USER_RATE="40/min") == [200] * 10 + [429] * 2
    assert {api.get("/api/v1/complaints/").status_code for _ in range(5)} == {200}
    assert api.get("/api/v1/complaints/").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_with_redis_every_process_sees_each_request_counted(settings, redis_url):  # noqa: F811
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    settings.API_RATE_CLAIM = 0.0
    settings.API_USER_RATE = "3/min"
    token, api = _api_user()
    with CaptureQueriesContext(connection) as captured:
        assert [api.get("/api/v1/complaints/").status_code for _ in range(2)] == [200, 200]
    assert not any("cache_entries" in query["sql"] for query in captured)
    assert api_calls_in_another_process(token, 2, API_USER_RATE="3/min", REDIS_URL=redis_url) == [200, 429]
    assert api.get("/api/v1/complaints/").status_code == 429
