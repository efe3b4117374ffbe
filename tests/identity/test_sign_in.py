"""Staff sign in with a password and a second factor (issue 7, Identity): TOTP codes, recovery codes, and what
happens to a session that skipped the second factor."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core import roles
from identity.models import SecurityEvent
from tests.conftest import TEST_PASSWORD, sign_in_with_password, totp_code, totp_secret
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/queues/mine/"


@pytest.fixture
def administrator_user(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="ada", is_staff=True)


def test_a_password_and_the_current_code_sign_an_officer_in(client, officer):
    code = totp_code(officer)

    password_step = client.post(reverse("account_login"), {"login": "olivia", "password": TEST_PASSWORD})
    assert password_step.status_code == 302 and password_step.url == reverse("mfa_authenticate")
    # Between the two steps nobody is signed in.
    assert client.get(QUEUE).url.startswith("/accounts/login/")

    code_step = client.post(reverse("mfa_authenticate"), {"code": code})

    assert code_step.status_code == 302 and code_step.url == "/staff/"
    assert client.get(QUEUE).status_code == 200


def test_too_many_wrong_codes_are_refused_as_codes_not_as_passwords(client, officer, frozen_today):
    right = totp_code(officer)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    sign_in_with_password(client, officer)
    answers = []
    for _ in range(11):
        frozen_today.shift(1)
        answers.append(client.post(reverse("mfa_authenticate"), {"code": wrong}).content.decode())

    assert "The security code is wrong" in answers[0]
    assert "Too many wrong security codes have been entered for this account" in answers[-1]
    assert "Too many wrong passwords" not in answers[-1]
    assert client.get(QUEUE).url.startswith("/accounts/login/")


def test_a_wrong_code_is_refused_and_the_error_is_linked_to_the_field(client, officer):
    right = totp_code(officer)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    sign_in_with_password(client, officer)

    answer = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert answer.status_code == 200
    page = answer.content.decode()
    assert "<title>Error: Enter your security code" in page
    assert '<a href="#id_code">The security code is wrong or has already been used' in page
    assert 'id="id_code-error"' in page and 'aria-describedby="id_code-hint id_code-error"' in page
    assert client.get(QUEUE).url.startswith("/accounts/login/")


def test_a_code_cannot_be_used_twice(client, officer):
    code = totp_code(officer)
    sign_in_with_password(client, officer)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))

    sign_in_with_password(client, officer)
    replay = client.post(reverse("mfa_authenticate"), {"code": code})

    assert replay.status_code == 200 and "already been used" in replay.content.decode()
    assert client.get(QUEUE).url.startswith("/accounts/login/")


def test_a_recovery_code_signs_in_once(client, officer):
    totp_secret(officer)
    codes = RecoveryCodes(Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES))
    recovery_code = codes.get_unused_codes()[0]

    sign_in_with_password(client, officer)
    first = client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert first.status_code == 302 and client.get(QUEUE).status_code == 200
    client.post(reverse("account_logout"))

    sign_in_with_password(client, officer)
    again = client.post(reverse("mfa_authenticate"), {"code": recovery_code})

    assert again.status_code == 200 and "already been used" in again.content.decode()
    assert client.get(QUEUE).url.startswith("/accounts/login/")
    codes.instance.refresh_from_db()
    assert recovery_code not in codes.get_unused_codes() and len(codes.get_unused_codes()) == 9


def test_a_member_of_staff_without_an_authenticator_must_set_one_up_before_anything_else(
    client, officer, django_capture_on_commit_callbacks
):
    assert not Authenticator.objects.filter(user=officer).exists()
    answer = sign_in_with_password(client, officer)
    # No second factor yet: the password signs them in, but only as far as the setup page.
    assert answer.status_code == 302
    for url in [QUEUE, "/staff/residents/", "/alerts/", "/admin/", reverse("identity:security")]:
        assert client.get(url).url == reverse("mfa_activate_totp"), url
    # The setup page's own stylesheet is not redirected (the browser would fetch the setup page, with a new key).
    assert client.get("/brand.css").status_code == 200

    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    page = setup.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and "Set up your authenticator app" in page
    secret = setup.context["form"].secret

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("mfa_activate_totp"), {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))}
        )

    assert done.status_code == 302 and done.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(done.url)
    assert codes_page.status_code == 200, (codes_page, dict(client.session))
    assert len(codes_page.context["unused_codes"]) == 10
    # Typing a code from the new app counts as passing MFA for this session.
    assert client.get(QUEUE).status_code == 200
    assert SecurityEvent.objects.filter(kind="mfa_activated", user=officer).count() == 1


def test_a_wrong_code_does_not_set_up_an_authenticator(client, officer):
    sign_in_with_password(client, officer)
    client.get(reverse("mfa_activate_totp"))

    answer = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert answer.status_code == 200 and 'href="#id_code"' in answer.content.decode()
    assert not Authenticator.objects.filter(user=officer).exists()
    assert client.get(QUEUE).url == reverse("mfa_activate_totp")


def test_staff_cannot_switch_their_own_mfa_off(client, officer, login_with_mfa):
    login_with_mfa(client, officer)

    client.post(reverse("mfa_deactivate_totp"))

    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_a_session_that_skipped_the_second_factor_is_signed_out(client, officer):
    totp_secret(officer)
    client.force_login(officer)

    answer = client.get(QUEUE)

    assert answer.status_code == 302 and answer.url == f"/accounts/login/?next={QUEUE}"
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_a_session_that_skipped_the_second_factor(officer):
    totp_secret(officer)
    client = APIClient()
    client.force_login(officer)

    answer = client.get("/api/v1/complaints/")

    assert answer.status_code == 403 and "security code" in answer.json()["detail"]


def test_an_integrations_api_token_needs_no_second_factor(officer):
    # Tokens are random secrets an administrator issues to a system, not a person's password.
    assert not Authenticator.objects.filter(user=officer).exists()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")

    assert client.get("/api/v1/complaints/").status_code == 200


def test_the_django_admin_has_no_password_only_sign_in(client, administrator_user):
    answer = client.get("/admin/login/?next=/admin/")

    assert answer.status_code == 302 and answer.url.startswith("/accounts/login/")
    posted = client.post("/admin/login/", {"username": administrator_user.username, "password": TEST_PASSWORD})
    assert posted.status_code == 302 and posted.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_up(client):
    users = get_user_model().objects.count()

    page = client.get("/accounts/signup/")
    client.post("/accounts/signup/", {"username": "mallory", "password1": "a-long-test-password-2"})

    assert "the sign up is currently closed" in page.content.decode()
    assert get_user_model().objects.count() == users


def test_the_security_pages_use_the_staff_layout(client, officer, login_with_mfa):
    login_with_mfa(client, officer)

    for url in [reverse("identity:security"), reverse("account_change_password")]:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert "govuk-frontend.min.css" in answer.content.decode() and "Sign out" in answer.content.decode(), url


def test_seeing_the_recovery_codes_asks_for_the_password_again(client, officer, login_with_mfa):
    login_with_mfa(client, officer)

    asked = client.get(reverse("mfa_view_recovery_codes"))
    assert asked.status_code == 302 and asked.url.startswith(reverse("account_reauthenticate"))
    assert "Confirm your password" in client.get(asked.url).content.decode()
    confirmed = client.post(asked.url, {"password": TEST_PASSWORD}, follow=True)

    assert len(confirmed.context["unused_codes"]) == 10
    assert 'id="recovery-codes"' in confirmed.content.decode()
