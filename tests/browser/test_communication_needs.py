"""Communication needs in the browser (Code 5.10): a resident states theirs on the complaint form; the officer sees
them in the case header and beside the letter in the post batch, and records another on the resident's page. axe
checks each page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint, ReasonableAdjustment
from complaints.services import workflow
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import sign_in
from tests.conftest import POINTS, TODAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_needs_stated_online_reach_the_case_header_and_the_letters_to_post(page, site, officer):
    page.goto(site + "/complain/")
    page.get_by_label("What happened?").fill("The lift has been broken for three weeks.")
    page.get_by_label("What would you like us to do to put things right?").fill("Repair the lift.")
    page.get_by_label("Myself").check()
    page.get_by_label("Your full name").fill("Jo Resident")
    page.get_by_role("group", name="How would you like us to contact you?").get_by_label("Letter").check()
    page.get_by_label("Address of the home").fill("14 Tower Court, Anytown")
    page.get_by_label("Postcode").fill("LS1 2CD")
    needs = page.get_by_role("group", name="Do you need us to contact you in any of these ways?")
    needs.get_by_label("Large print").check()
    needs.get_by_label("Braille").check()
    page.get_by_label("If you need another language, which language?").fill("Polish")
    page.get_by_role("button", name="Send complaint").click()
    page.get_by_role("heading", name="Complaint received").wait_for()
    complaint = Complaint.objects.get()
    assert sorted(ReasonableAdjustment.objects.values_list("need", flat=True)) == [
        "braille",
        "large_print",
        "other_language",
    ]
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=TODAY, points=POINTS)

    sign_in(page, site, officer)
    page.goto(f"{site}/staff/complaints/{complaint.reference}/")
    banner = page.get_by_role("region", name="Communication needs and adjustments (Code 5.10)")
    expect(banner).to_contain_text(
        "Large print (Asked for on the online complaint form). Letters are drawn in large print."
    )
    expect(banner).to_contain_text("Braille")
    expect(banner).to_contain_text("Another language: Polish")
    expect(page.get_by_text("14 Tower Court")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "staff-case-needs")

    page.goto(site + "/staff/letters-to-post/")
    letter = page.get_by_role("checkbox", name=complaint.reference)
    expect(letter).to_have_accessible_description(
        re.compile(r"^The resident's needs: Large print .*; Braille .*; Another language: Polish")
    )
    assert_accessible(page)
    screenshot(page, "staff-letters-to-post-needs")


def test_recording_a_need_explains_what_is_missing_accessibly(page, site, officer, log_complaint):
    complaint = log_complaint()
    sign_in(page, site, officer)
    page.goto(f"{site}/staff/residents/{complaint.resident.pk}/add/adjustment/")
    assert_accessible(page)
    page.get_by_label("Another language").check()
    review = page.get_by_role("group", name="Review by")
    review.get_by_label("Day").fill("1")
    review.get_by_label("Month").fill("9")
    review.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").get_by_text("Say which language the resident needs.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "staff-adjustment-errors")
    page.get_by_label("Which language").fill("Tigrinya")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{site}/staff/residents/{complaint.resident.pk}/")
    expect(page.get_by_text("Another language: Tigrinya")).to_be_visible()
