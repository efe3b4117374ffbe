"""The administrators' go-live check in a browser: reached from the administration home where an administrator lands
when signing in, checked by axe at WCAG 2.2 AA with items not done, and confirming the letter templates read from
it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from core import roles
from tests.browser.conftest import assert_accessible, screenshot
from tests.conftest import TEST_PASSWORD, totp_code
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_reaches_the_go_live_check_from_their_home_and_it_has_no_wcag_22_aa_violations(page, site):
    administrator = UserFactory(role=roles.ADMINISTRATOR, username="ada", is_staff=True)
    ResidentFactory(home__nation="wales")
    # Sets up the administrator's authenticator app, as signing in needs one.
    code = totp_code(administrator)

    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(administrator.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your security code").wait_for()
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/staff/administration/"))
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Go-live check", exact=True).click()
    page.wait_for_url(re.compile(r"/staff/go-live/"))

    expect(page.get_by_role("heading", name="Go-live check", exact=True)).to_be_visible()
    expect(page.locator("#go-live-warning")).to_contain_text("of the go-live check are not done")
    expect(page.locator("#check-regimes")).to_contain_text("Not done")
    assert_accessible(page)
    screenshot(page, "staff-go-live")

    page.get_by_role("button", name="I have read every letter template").click()
    expect(page.get_by_role("alert")).to_contain_text("Recorded that you read")
    expect(page.locator("#check-letters")).to_contain_text("Done")
    assert_accessible(page)
