"""Passwords are stored with the production hasher. The suite hashes with MD5 to save about 0.4 s a user
(tests/conftest.py), so this test puts the production setting back and signs in through the real pages with it."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher

from tests.conftest import PRODUCTION_PASSWORD_HASHERS, TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_production_stores_passwords_with_pbkdf2_at_full_strength_and_signs_in_with_them(
    settings, officer, client, login_with_mfa
):
    settings.PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
    assert isinstance(get_hasher(), PBKDF2PasswordHasher)

    officer.set_password(TEST_PASSWORD)
    officer.save()

    algorithm, iterations, _salt, _hash = officer.password.split("$")
    # OWASP's floor for PBKDF2-HMAC-SHA256 is 600,000 iterations; Django's own default is above it.
    assert algorithm == "pbkdf2_sha256" and int(iterations) >= 600_000
    login_with_mfa(client, officer)
    officer.refresh_from_db()
    assert officer.password.startswith("pbkdf2_sha256$")


def test_the_suite_itself_hashes_with_the_fast_hasher(officer):
    """What keeps the suite fast (tests/conftest.py), so that losing it is noticed."""
    assert officer.password.startswith("md5$")
