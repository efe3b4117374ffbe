"""Security keys (WebAuthn) in Chromium, with a virtual authenticator standing in for the key: a member of staff
adds one, signs in with it instead of a code, and removes it. Once with axe on every page, once with the Content
Security Policy enforced (allauth's WebAuthn scripts must run under it)."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from identity.models import SecurityEvent
from tests.browser.conftest import assert_accessible, csp_violations, screenshot
from tests.browser.test_journey import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def plug_in_a_security_key(page) -> None:
    """A virtual FIDO2 key on this tab that answers every request at once, as if touched (Chrome DevTools)."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def use_key_button(page, name: str):
    """The button that asks the browser for the key: it does nothing until allauth's script has wired it up, when
    the page has loaded."""
    page.wait_for_load_state()
    return page.get_by_role("button", name=name)


def confirm_it_is_you(page) -> None:
    """Changing how you sign in asks for the password again, however recently you signed in (allauth)."""
    page.get_by_role("heading", name="Confirm your password").wait_for()
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Continue").click()


def add_a_key(page, site, name: str, *, check=None) -> None:
    page.goto(site + "/accounts/security/")
    page.get_by_role("link", name="Your security keys").click()
    page.get_by_role("heading", name="Your security keys").wait_for()
    if check:
        check(page, "staff-security-keys-none")
    page.get_by_role("button", name="Add a security key").click()
    confirm_it_is_you(page)
    page.get_by_role("heading", name="Add a security key").wait_for()
    if check:
        check(page, "staff-security-key-add")
    page.get_by_label("Name for this key").fill(name)
    use_key_button(page, "Add a security key").click()
    # The browser asks the key, the page sends its answer, and the new key is saved.
    page.wait_for_url(lambda url: "/add/" not in url)


def sign_in_with_the_key(page, site, user) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your security code").wait_for()
    use_key_button(page, "Use a security key").click()
    page.wait_for_url(re.compile(r"/staff/queues/"))


def test_an_officer_adds_a_security_key_signs_in_with_it_and_removes_it(page, site, officer):
    plug_in_a_security_key(page)
    sign_in(page, site, officer)

    def accessible(page, name):
        assert_accessible(page)
        screenshot(page, name)

    add_a_key(page, site, "Blue USB key", check=accessible)
    key = Authenticator.objects.get(user=officer, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Blue USB key"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECURITY_KEY_ADDED, user=officer).count() == 1

    sign_out(page)
    sign_in_with_the_key(page, site, officer)
    key.refresh_from_db()
    assert key.last_used_at is not None

    page.goto(site + "/accounts/2fa/webauthn/")
    row = page.get_by_role("row", name=re.compile("Blue USB key"))
    expect(row).to_be_visible()
    accessible(page, "staff-security-keys")
    row.get_by_role("link", name="Remove Blue USB key").click()
    confirm_it_is_you(page)
    page.get_by_role("heading", name="Remove “Blue USB key”?").wait_for()
    accessible(page, "staff-security-key-remove")
    page.get_by_role("button", name="Remove this key").click()
    expect(page.get_by_text("You have not added a security key.")).to_be_visible()
    assert not Authenticator.objects.filter(user=officer, type=Authenticator.Type.WEBAUTHN).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SECURITY_KEY_REMOVED, user=officer).count() == 1

    # Without a key, the code is the only way in: no button that cannot work.
    sign_out(page)
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your security code").wait_for()
    assert page.get_by_role("button", name="Use a security key").count() == 0


def test_security_keys_work_under_the_content_security_policy(strict_page, site, officer):
    page = strict_page
    plug_in_a_security_key(page)
    sign_in(page, site, officer)
    page.console_csp.clear()  # the console keeps what every page since reported; the page's own list resets
    add_a_key(page, site, "Work laptop")
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.WEBAUTHN).count() == 1
    sign_out(page)
    sign_in_with_the_key(page, site, officer)
    assert csp_violations(page) == []
