"""An administrator resets a colleague's MFA, and the reset is logged (issue 7, Identity)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from core import roles
from identity.models import SecurityEvent
from tests.conftest import sign_in_with_password
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/queues/mine/"


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="ada", first_name="Ada", last_name="Lovelace")


def test_an_administrator_resets_an_officers_mfa_and_it_is_logged(administrator, officer, login_with_mfa):
    admin, officers_phone = Client(), Client()
    login_with_mfa(admin, administrator)
    login_with_mfa(officers_phone, officer)
    page = admin.get(reverse("identity:mfa-resets")).content.decode()
    assert (
        "olivia" in page and 'Reset<span class="govuk-visually-hidden"> multi-factor authentication for olivia' in page
    )

    answer = admin.post(reverse("identity:mfa-reset", args=[officer.pk]), follow=True)

    assert "Multi-factor authentication reset for" in answer.content.decode()
    assert not Authenticator.objects.filter(user=officer).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.MFA_RESET)
    assert (event.actor, event.user, event.username, event.ip_address) == (
        administrator,
        officer,
        "olivia",
        "127.0.0.1",
    )
    assert "Multi-factor authentication reset by an administrator" in answer.content.decode()
    # The officer is signed out everywhere, and sets up a new authenticator at the next sign-in.
    assert officers_phone.get(QUEUE).url.startswith("/accounts/login/")
    sign_in_with_password(officers_phone, officer)
    assert officers_phone.get(QUEUE).url == reverse("mfa_activate_totp")


def test_only_administrators_may_reset_mfa(officer, manager, login_with_mfa):
    client = login_with_mfa(Client(), manager)

    assert client.get(reverse("identity:mfa-resets")).status_code == 403
    assert client.post(reverse("identity:mfa-reset", args=[officer.pk])).status_code == 403
    assert Client().post(reverse("identity:mfa-reset", args=[officer.pk])).url.startswith("/accounts/login/")
    assert "Reset MFA" not in client.get(QUEUE).content.decode()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.MFA_RESET).exists()


def test_an_administrator_cannot_reset_their_own_mfa(administrator, login_with_mfa):
    client = login_with_mfa(Client(), administrator)

    answer = client.post(reverse("identity:mfa-reset", args=[administrator.pk]), follow=True)

    assert "Ask another system administrator" in answer.content.decode()
    assert Authenticator.objects.filter(user=administrator, type=Authenticator.Type.TOTP).exists()


def test_the_security_log_cannot_be_rewritten(administrator, officer):
    event = SecurityEvent.objects.create(kind=SecurityEvent.Kind.MFA_RESET, actor=administrator, user=officer)

    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(actor=officer)
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()
