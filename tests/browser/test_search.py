"""The staff header's search box in the browser (issue 15 §1): typed into from a queue, the results page with why
each complaint matched, then the case; too short a search explained. axe checks each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import sign_in
from tests.factories import HomeFactory, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_finds_a_case_from_the_header_search_box(page, site, officer, log_complaint):
    grace = ResidentFactory(name="Grace Okafor", home=HomeFactory(address="12 Weaver Court", postcode="LS1 4AB"))
    complaint = log_complaint(resident=grace)
    log_complaint(resident=ResidentFactory(name="Peter Walsh"))

    sign_in(page, site, officer)
    header_box = page.get_by_role("search").first.get_by_label("Search complaints")
    header_box.fill("okafro grace")
    header_box.press("Enter")
    page.wait_for_url(re.compile(r"/staff/search/\?q="))
    expect(page.get_by_role("heading", name="1 complaint found")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(complaint.reference))
    expect(row).to_contain_text("Grace Okafor")
    expect(row).to_contain_text("Resident's name")
    assert_accessible(page)
    screenshot(page, "staff-search-results")

    page.get_by_role("link", name=complaint.reference).click()
    page.wait_for_url(re.compile(rf"/staff/complaints/{complaint.reference}/"))


def test_too_short_a_search_is_explained_accessibly(page, site, officer):
    sign_in(page, site, officer)
    header_box = page.get_by_role("search").first.get_by_label("Search complaints")
    header_box.fill("ab")
    header_box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Enter at least 3 characters to search for")
    assert_accessible(page)
