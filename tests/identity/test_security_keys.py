"""Security keys (WebAuthn) beside the authenticator app: what the pages say when a key fails, whose keys a person
can reach, and that removing one is logged. A real (virtual) key in a browser: tests/browser/test_security_keys.py."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from identity.adapters import MFAAdapter
from identity.models import SecurityEvent
from tests.conftest import TEST_PASSWORD, sign_in_with_password, totp_secret

pytestmark = pytest.mark.django_db

NOT_ADDED = "Your security key was not added."
NOT_USED = "Your security key could not be used. Try again, or enter a security code from your authenticator app."


def a_key(user, name: str = "Blue USB key") -> Authenticator:
    # Enough of a key for the pages that list, rename and remove it (no sign-in with it: the browser test does that).
    return Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name})


def confirm_password(client) -> None:
    answer = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]


def test_a_lost_key_can_be_removed_but_the_authenticator_app_cannot(officer):
    adapter = MFAAdapter()
    totp_secret(officer)
    app = Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP)
    assert adapter.can_delete_authenticator(a_key(officer)) is True
    assert adapter.can_delete_authenticator(app) is False


def test_sending_the_add_form_without_using_the_key_says_what_to_do(client, officer, login_with_mfa):
    login_with_mfa(client, officer)
    confirm_password(client)

    # Pressing Enter in the name box sends the form before the browser has asked the key.
    answer = client.post(reverse("mfa_add_webauthn"), {"name": "Blue USB key"})

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "<title>Error: Add a security key" in page
    assert NOT_ADDED in page and 'href="#id_credential"' not in page
    # A forged or damaged answer from the "browser": refused the same way, never a server error.
    for forged in ['{"id": "forged", "type": "public-key"}', "[]", '{"response": {"clientDataJSON": "%%%"}}']:
        answer = client.post(reverse("mfa_add_webauthn"), {"name": "Blue USB key", "credential": forged})
        assert answer.status_code == 200 and NOT_ADDED in answer.content.decode(), forged
    assert not Authenticator.objects.filter(user=officer, type=Authenticator.Type.WEBAUTHN).exists()


def test_a_forged_key_answer_at_sign_in_is_refused_and_explained(client, officer):
    totp_secret(officer)
    assert sign_in_with_password(client, officer).url == reverse("mfa_authenticate")

    for forged in ['{"id": "forged", "type": "public-key"}', "[]", '{"rawId": "%%%", "response": {}}']:
        answer = client.post(reverse("mfa_authenticate"), {"credential": forged})
        assert answer.status_code == 200, forged
        assert NOT_USED in answer.content.decode(), forged
    # Still at the second step: nothing beyond it opens.
    assert client.get("/staff/queues/mine/").status_code == 302


def test_a_forged_key_answer_when_confirming_it_is_you_is_refused(client, officer, login_with_mfa):
    a_key(officer)
    login_with_mfa(client, officer)

    answer = client.post(reverse("mfa_reauthenticate_webauthn"), {"credential": '{"id": "forged"}'}, follow=True)

    assert answer.status_code == 200
    assert NOT_USED in answer.content.decode()


def test_the_sign_in_page_offers_a_key_only_to_someone_who_has_one(client, officer):
    totp_secret(officer)
    sign_in_with_password(client, officer)
    assert "Use a security key" not in client.get(reverse("mfa_authenticate")).content.decode()


def test_renaming_a_key_checks_the_name(client, officer, login_with_mfa):
    key = a_key(officer)
    login_with_mfa(client, officer)
    confirm_password(client)
    url = reverse("mfa_edit_webauthn", args=[key.pk])

    blank = client.post(url, {"name": ""})
    assert blank.status_code == 200 and "Enter a name for this key" in blank.content.decode()
    too_long = client.post(url, {"name": "k" * 101})
    assert too_long.status_code == 200 and "The name must be 100 characters or fewer" in too_long.content.decode()
    key.refresh_from_db()
    assert key.wrap().name == "Blue USB key"

    assert client.post(url, {"name": "Work laptop"}).status_code == 302
    key.refresh_from_db()
    assert key.wrap().name == "Work laptop"


def test_nobody_reaches_someone_elses_key(client, officer, manager, login_with_mfa):
    managers_key = a_key(manager, "Manager's key")
    login_with_mfa(client, officer)
    confirm_password(client)

    for name in ["mfa_edit_webauthn", "mfa_remove_webauthn"]:
        url = reverse(name, args=[managers_key.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"name": "Mine now"}).status_code == 404, name
    assert "Manager&#x27;s key" not in client.get(reverse("mfa_list_webauthn")).content.decode()
    managers_key.refresh_from_db()
    assert managers_key.wrap().name == "Manager's key"


def test_removing_a_key_is_logged(client, officer, login_with_mfa):
    key = a_key(officer)
    login_with_mfa(client, officer)
    listed = client.get(reverse("mfa_list_webauthn")).content.decode()
    assert "Blue USB key" in listed and reverse("mfa_remove_webauthn", args=[key.pk]) in listed
    confirm_password(client)

    answer = client.post(reverse("mfa_remove_webauthn", args=[key.pk]))

    assert answer.status_code == 302
    assert not Authenticator.objects.filter(pk=key.pk).exists()
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SECURITY_KEY_REMOVED)
    assert (event.actor, event.user) == (officer, officer)
