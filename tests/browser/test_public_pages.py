from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    ("/", "public-home"),
    ("/complain/", "public-complain"),
    ("/check/", "public-check"),
    ("/policy/", "public-policy"),
    ("/ombudsman/", "public-ombudsman"),
    ("/accounts/login/", "staff-login"),
]


def test_every_public_page_has_no_wcag_22_aa_violations(page, site):
    for path, name in PUBLIC_PAGES:
        page.goto(site + path)
        assert_accessible(page)
        screenshot(page, name)


def test_the_complaint_form_with_errors_has_no_violations_and_focuses_the_summary(page, site):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + "/complain/")
    page.get_by_role("button", name="Send complaint").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    # GOV.UK Frontend (started from static/js/init.js) moves focus to the summary, so screen readers announce it.
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    assert errors == []
    assert_accessible(page)
    screenshot(page, "public-complain-errors")
    page.get_by_role("link", name="Tell us what happened").click()
    assert page.evaluate("document.activeElement.id") == "id_what_happened"


def test_a_resident_submits_the_form_and_sees_their_reference(page, site):
    page.goto(site + "/complain/")
    page.get_by_label("What happened?").fill("The lift has been broken for three weeks.")
    page.get_by_label("What would you like us to do to put things right?").fill("Repair the lift.")
    page.get_by_label("Myself").check()
    page.get_by_label("Your full name").fill("Jo Resident")
    page.get_by_label("Your email address").fill("jo@resident.example")
    page.get_by_role("group", name="How would you like us to contact you?").get_by_label("Email").check()
    page.get_by_label("Address of the home").fill("14 Tower Court\nAnytown")
    page.get_by_label("Postcode").fill("LS1 2CD")
    page.get_by_role("button", name="Send complaint").click()
    page.get_by_role("heading", name="Complaint received").wait_for()
    complaint = Complaint.objects.get()
    assert complaint.reference in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "public-complaint-received")
