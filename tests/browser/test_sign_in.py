"""Staff sign-in in a browser: a new member of staff sets up their authenticator app, then signs in with a code.
axe checks each page of the flow."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_new_officer_sets_up_an_authenticator_then_signs_in_with_it(page, site, officer, frozen_today):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Enter the username and password of a staff account").wait_for()
    assert_accessible(page)

    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    # No authenticator yet: straight to setting one up, whatever page was asked for.
    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    page.goto(site + "/staff/queues/mine/")
    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    assert_accessible(page)
    screenshot(page, "staff-mfa-setup")
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Security code").fill(code_for(secret))
    page.get_by_role("button", name="Set up").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    frozen_today.shift(30)  # the app's next code
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your security code").wait_for()
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name=re.compile("The security code is wrong")).wait_for()
    assert_accessible(page)
    screenshot(page, "staff-mfa-code")
    page.get_by_label("Security code").fill(code_for(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/staff/queues/"))
