from __future__ import annotations

import datetime
import importlib
import socket
import time
from pathlib import Path

import hypothesis
import pytest
import time_machine
import weasyprint
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.conf import global_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.test.utils import override_settings
from django.urls import reverse

import config.settings
from complaints.models import Channel
from complaints.services import workflow
from core import roles
from tests import pdf_stub
from tests.factories import ResidentFactory, UserFactory

# Speed is measured in bench/, not in tests: on a busy machine building a calendar inside a strategy can take
# seconds, which must not fail a property test.
hypothesis.settings.register_profile("suite", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("suite")

# Production hashes passwords with PBKDF2 at Django's full work factor, about 0.4 s a user: minutes of the suite's time,
# as most tests make users and sign them in. Tests hash with MD5 instead; a test about the production hasher
# puts it back with `settings.PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS` (tests/identity/test_passwords.py).
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRODUCTION_PASSWORD_HASHERS = getattr(config.settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)


def pytest_configure():
    # Runs in every xdist worker, before any test; override_settings clears Django's cached hashers.
    override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS).enable()


# What the tree's tests are, by folder: `bin/test --fast` leaves these out (README, "The two commands").
FOLDER_MARKERS = {
    ("browser",): "browser",
    ("alerts", "worker"): "worker",
    ("complaints", "worker"): "worker",
    ("public", "worker"): "worker",
    ("reporting", "worker"): "worker",
    ("faults",): "faults",
}
TESTS = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = item.path.relative_to(TESTS).parts
        for folder, marker in FOLDER_MARKERS.items():
            if parts[: len(folder)] == folder:
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def pdf_drawing(request, monkeypatch):
    """No WeasyPrint layout and drawing unless the test is about the PDF itself (`@pytest.mark.real_pdf`): the
    template is still rendered and parsed, and the PDF still carries its text (tests/pdf_stub.py)."""
    if request.node.get_closest_marker("real_pdf") is None:
        monkeypatch.setattr(weasyprint.HTML, "write_pdf", pdf_stub.write_pdf)
        monkeypatch.setattr(weasyprint, "URLFetcher", pdf_stub.url_fetcher)


# A fixed "today" keeps working-day arithmetic reproducible: Monday 2 March 2026.
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True, scope="session")
def tasks_run_in_process():
    """A task queued by the code under test (a letter's email, once its transaction commits) runs in this process,
    with no broker: tests see its effect at once. The worker tests (tests/alerts/worker) use a real Redis and
    Celery worker instead, and switch this off for their length."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents and issued letters are written to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- Signing staff in: ALWAYS through `login_with_mfa` ---------------------------------------------------------
# Every member of staff must pass multi-factor authentication (identity.middleware.MFARequiredMiddleware).
# `client.force_login(user)` is NOT enough any more: the next request is redirected to the sign-in page (or, for a
# user with no authenticator, to /accounts/2fa/totp/activate/), and an API request gets a 403. Use:
#
#     def test_something(client, officer, login_with_mfa):
#         login_with_mfa(client, officer)
#
# It gives the user a real TOTP authenticator (and recovery codes) if they have none, then signs in through the
# real pages: username and password, then the current TOTP code. Browser tests type `totp_code(user)`.
TEST_PASSWORD = "a-long-test-password"


def totp_secret(user) -> str:
    """The user's authenticator secret, giving them an authenticator (and recovery codes) first if they have none."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
        return secret
    return decrypt(authenticator.data["secret"])


def totp_code(user) -> str:
    """The code the user's authenticator app shows now (the suite's clock is frozen, so it stays the same)."""
    return format_hotp_value(hotp_value(totp_secret(user), int(time.time()) // 30))


def sign_in_with_password(client, user, password: str = TEST_PASSWORD):
    """The first step of the real sign-in, with a CSRF token as a browser would send (works for clients that
    enforce CSRF checks too). Returns the response: a redirect to the MFA page when the password was right.
    Whoever the client was signed in as is signed out first."""
    client.logout()
    client.get(reverse("account_login"))
    token = client.cookies["csrftoken"].value
    return client.post(
        reverse("account_login"), {"login": user.get_username(), "password": password, "csrfmiddlewaretoken": token}
    )


def totp_code_used(user, code: str) -> bool:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return cache.get(TOTP(authenticator)._get_used_cache_key(code)) is not None


@pytest.fixture
def login_with_mfa(request):
    def login(client, user, password: str = TEST_PASSWORD):
        code = totp_code(user)
        if totp_code_used(user, code):
            # A code works once (allauth refuses a replay), and the suite's clock stands still: signing the same
            # person in again waits for their app's next code, as a person would.
            traveller = request.getfixturevalue("frozen_today")
            assert traveller is not None, "This test runs on the real clock: sign each user in once per 30 s."
            traveller.shift(30)
            code = totp_code(user)
        answer = sign_in_with_password(client, user, password)
        assert answer.status_code == 302 and answer.url == reverse("mfa_authenticate"), (
            f"The password step did not lead to the MFA step: {answer.status_code} {answer.get('Location')}"
        )
        answer = client.post(
            reverse("mfa_authenticate"), {"code": code, "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
        )
        assert answer.status_code == 302, f"The MFA step failed (code used twice in one 30 s step?): {answer}"
        return client

    return login


def force_login_with_mfa(client, user) -> None:
    """For tests that sign many people in many times (the access walk): the session allauth writes after a password
    and a TOTP code, without going through the pages. Everywhere else, prefer the login_with_mfa fixture."""
    totp_secret(user)
    client.force_login(user)
    session = client.session
    now = time.time()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Sign-in throttling counts and used MFA codes live in the cache: without Redis, the database's django_cache
    table. A test inside a transaction leaves nothing there; a test that commits (browser, worker) could, so
    the cache is emptied before it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture
def unreachable_mail_server(settings):
    """A real SMTP connection to a port where nothing listens: the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    return port


@pytest.fixture
def officer(db):
    return UserFactory(role=roles.OFFICER, username="olivia")


@pytest.fixture
def manager(db):
    return UserFactory(role=roles.SENIOR_MANAGER, username="sam")


@pytest.fixture
def other_manager(db):
    return UserFactory(role=roles.SENIOR_MANAGER, username="sunita")


@pytest.fixture
def board_member(db):
    return UserFactory(role=roles.BOARD, username="bob")


@pytest.fixture
def staff_member(db):
    return UserFactory(role=roles.STAFF, username="stella")


@pytest.fixture
def resident(db):
    return ResidentFactory()


@pytest.fixture
def phone(db):
    return Channel.objects.get(code="phone")


@pytest.fixture
def log_complaint(officer, resident, phone):
    def log(received_on=datetime.date(2026, 2, 2), nation="england", actor=None, **kwargs):
        return workflow.complaint_log(
            actor=actor or officer,
            resident=kwargs.pop("resident", resident),
            received_on=received_on,
            channel=phone,
            summary=kwargs.pop("summary", "The repair to my boiler was booked three times and nobody came."),
            nation=nation,
            **kwargs,
        )

    return log


POINTS = [
    workflow.PointInput(point="Repair appointments were missed", outcome_sought="Boiler repaired this week"),
    workflow.PointInput(point="Nobody called back", outcome_sought="An apology"),
]


# Data migrations whose rows tests rely on: the loader each one runs, as (module, function name).
REFERENCE_DATA = [
    ("complaints.migrations.0002_reference_data", "load"),
    ("complaints.migrations.0005_letter_templates", "add_templates"),
    ("complaints.migrations.0018_other_formats_offered_apart_from_the_closing", "offer_apart"),
    ("complaints.migrations.0020_regime_extension_limit_and_moving_to_investigation", "load"),
    ("complaints.migrations.0025_nipso_and_psow_regimes", "load"),
    ("complaints.migrations.0026_time_limits_to_complain", "load"),
    ("alerts.migrations.0002_default_thresholds", "add_defaults"),
    ("alerts.migrations.0004_ombudsman_thresholds", "add_defaults"),
    ("alerts.migrations.0006_message_undelivered_threshold", "add_default"),
    ("learning.migrations.0002_themes", "load"),
    ("selfassessment.migrations.0004_load_code_versions", "load"),
    ("public_pages.migrations.0002_default_pages", "load"),
]
RELOAD_UID = "tests.conftest.reload_reference_data"


def load_reference_data(**kwargs) -> None:
    """What the data migrations load (each loader is idempotent)."""
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


def reload_reference_data_once(sender, **kwargs) -> None:
    post_migrate.disconnect(sender=sender, dispatch_uid=RELOAD_UID)
    load_reference_data()


@pytest.fixture
def committed_reference_data(transactional_db):
    """For tests that commit for real (transaction=True). Such a test empties every table when it ends (the role
    groups come back through post_migrate). This loads the migrations' reference data now, in case an earlier
    transactional test emptied it, and again once the flush after this test has run, so later tests find the
    database as the migrations left it. (Not serialized_rollback: restoring serialized rows re-saves pghistory's
    event rows, which the append-only triggers refuse.)"""
    load_reference_data()
    post_migrate.connect(
        reload_reference_data_once, sender=apps.get_app_config("complaints"), weak=False, dispatch_uid=RELOAD_UID
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With --reuse-db (`bin/test --fast`) each worker's test database is the one the last run left, migrated
    already. A test that committed may have emptied it or left rows and cache entries behind (the suite runs them
    last, so within one run nothing sees that), so it is put back as the migrations leave it: every table emptied
    (post_migrate makes the role groups and permissions again), the reference data loaded and the cache emptied."""
    if request.config.getoption("reuse_db") and not request.config.getoption("create_db"):
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            load_reference_data()
            cache.clear()
    return django_db_setup
