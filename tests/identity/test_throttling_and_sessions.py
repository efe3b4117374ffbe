"""Sign-in throttling, the idle timeout, signing out everywhere, and the production settings (issue 7, Identity)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from identity.models import SecurityEvent
from tests.conftest import TEST_PASSWORD, totp_secret

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def officer_has_an_authenticator(officer):
    totp_secret(officer)


QUEUE = "/staff/queues/mine/"
ROOT = Path(__file__).resolve().parents[2]


WRONG = "not-the-password"


@pytest.fixture
def try_password(frozen_today):
    def attempt(client, username, password=WRONG, address="127.0.0.1"):
        # A second between attempts, as with a person typing: allauth tells attempts apart by their time.
        frozen_today.shift(1)
        return client.post(reverse("account_login"), {"login": username, "password": password}, REMOTE_ADDR=address)

    return attempt


def test_the_eleventh_wrong_password_in_five_minutes_is_refused_and_logged(client, officer, frozen_today, try_password):
    for attempt in range(10):
        answer = try_password(client, "olivia")
        assert answer.status_code == 200 and "Enter the username and password" in answer.content.decode(), attempt
        frozen_today.shift(20)

    # The 11th attempt is refused even with the right password: a guesser cannot tell a right guess.
    refused = try_password(client, "olivia", TEST_PASSWORD)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert '<a href="#id_login">Too many wrong passwords have been tried' in page
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_THROTTLED)
    assert (event.username, event.ip_address, event.actor) == ("olivia", "127.0.0.1", None)


def test_the_lockout_lasts_only_until_the_oldest_failure_is_five_minutes_old(
    client, officer, frozen_today, try_password
):
    for _ in range(10):
        try_password(client, "olivia")
    assert "Too many" in try_password(client, "olivia", TEST_PASSWORD).content.decode()

    frozen_today.shift(5 * 60 + 1)
    answer = try_password(client, "olivia", TEST_PASSWORD)

    assert answer.status_code == 302 and answer.url == reverse("mfa_authenticate")


def test_one_address_trying_many_accounts_is_refused_on_the_eleventh(client, officer, try_password):
    for number in range(10):
        try_password(client, f"guess{number}", address="203.0.113.9")

    refused = try_password(client, "olivia", TEST_PASSWORD, address="203.0.113.9")
    elsewhere = try_password(Client(), "olivia", TEST_PASSWORD, address="198.51.100.1")

    assert "Too many" in refused.content.decode()
    # The account itself is not locked: its owner signs in from their own address.
    assert elsewhere.status_code == 302 and elsewhere.url == reverse("mfa_authenticate")
    assert SecurityEvent.objects.get().ip_address == "203.0.113.9"


def test_one_account_tried_from_many_addresses_is_refused_on_the_eleventh(client, officer, try_password):
    for number in range(10):
        try_password(client, "olivia", address=f"198.51.100.{number + 1}")

    refused = try_password(client, "olivia", TEST_PASSWORD, address="198.51.100.200")

    assert "Too many" in refused.content.decode()
    assert SecurityEvent.objects.get().username == "olivia"


def test_a_right_password_does_not_reset_the_count_of_wrong_ones(client, officer, login_with_mfa, try_password):
    for _ in range(9):
        try_password(client, "olivia")
    assert try_password(client, "olivia", TEST_PASSWORD).status_code == 302
    try_password(Client(), "olivia")

    assert "Too many" in try_password(Client(), "olivia", TEST_PASSWORD).content.decode()


def test_a_session_left_idle_for_30_minutes_has_ended(client, officer, login_with_mfa, frozen_today):
    login_with_mfa(client, officer)
    frozen_today.shift(29 * 60)
    assert client.get(QUEUE).status_code == 200
    # Each request pushes the end on: 58 minutes after signing in, but only 29 since the last request.
    frozen_today.shift(29 * 60)
    assert client.get(QUEUE).status_code == 200

    frozen_today.shift(31 * 60)
    answer = client.get(QUEUE)

    assert answer.status_code == 302 and answer.url.startswith("/accounts/login/")


def test_sign_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(officer, login_with_mfa):
    office, home = Client(), Client()
    login_with_mfa(office, officer)
    login_with_mfa(home, officer)
    page = office.get(reverse("identity:security")).content.decode()
    assert page.count("govuk-table__row") == 3  # the heading row and two sessions
    assert "This session" in page

    answer = office.post(reverse("identity:sign-out-elsewhere"), follow=True)

    assert "Signed out of 1 other session." in answer.content.decode()
    assert home.get(QUEUE).url.startswith("/accounts/login/")
    assert office.get(QUEUE).status_code == 200
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSIONS_ENDED)
    assert event.user == officer and event.actor == officer


def test_sign_out_everywhere_else_needs_a_post_and_a_signed_in_user(client, officer, login_with_mfa):
    assert client.post(reverse("identity:sign-out-elsewhere")).url.startswith("/accounts/login/")
    login_with_mfa(client, officer)
    assert client.get(reverse("identity:sign-out-elsewhere")).status_code == 405


def test_the_session_cookie_is_http_only_and_same_site(client, officer, login_with_mfa):
    login_with_mfa(client, officer)

    cookie = client.cookies["sessionid"]

    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    # Ends with the browser, and never outlives the idle timeout.
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def production_env(**extra: str) -> dict[str, str]:
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must never set.
    unwanted = ("DEBUG", "SECURE_", "SESSION_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(unwanted)}
    return {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "complaints.landlord.example",
        "SMTP_HOST": "smtp.landlord.example",
        **extra,
    }


def test_the_production_settings_pass_the_deployment_checklist():
    answer = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "no issues" in answer.stdout


def test_the_production_settings_send_cookies_only_over_https():
    script = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.SESSION_COOKIE_AGE)"
    )
    answer = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert answer.stdout.splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "Lax",
        "1800",
    ], answer.stderr
