"""Notes and drafts in the browser (issue 15 §3): the idle timeout's warning under the Content Security Policy
(keyboard, focus, keep-alive, signing out when time runs out), a draft restored after leaving the form, and pinned
notes on the case page; axe at WCAG 2.2 AA on each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from complaints.services import workflow
from notes.services import note_add
from tests.browser.conftest import assert_accessible, csp_violations, screenshot
from tests.browser.test_journey import sign_in
from tests.conftest import POINTS, TODAY

pytestmark = pytest.mark.django_db(transaction=True)

# The live server's clock stands still (tests/conftest.py), so its sessions never end on their own: the browser's
# real clock runs the warning. 16 seconds to the end of the session; the warning comes at half that.
SHORT_TIMEOUT = 16
REASONS = "We upheld the complaint: the repair was booked three times and missed each time."


@pytest.fixture
def complaint(log_complaint, officer) -> Complaint:
    complaint = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=TODAY, points=POINTS)
    return complaint


def test_the_timeout_warning_runs_under_the_policy_and_keeps_or_ends_the_session(
    strict_page, site, officer, complaint, settings
):
    page = strict_page
    sign_in(page, site, officer)
    settings.SESSION_COOKIE_AGE = SHORT_TIMEOUT
    page.goto(f"{site}/staff/complaints/{complaint.reference}/")
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=15_000)
    assert page.evaluate("document.activeElement.id") == "timeout-warning-title"
    expect(page.locator("#timeout-warning-announce")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#timeout-warning-announce")).to_have_text(
        "For your security, we will sign you out in less than 30 seconds."
    )
    expect(page.locator("#timeout-warning-countdown")).to_have_text(re.compile(r"^\d seconds?$"))
    screenshot(page, "staff-timeout-warning")

    # Escape means "stay signed in": a small request pushes the session's end on.
    with page.expect_response(re.compile(r"/accounts/keep-alive/$")) as kept:
        page.keyboard.press("Escape")
    assert kept.value.status == 200
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=15_000)
    with page.expect_response(re.compile(r"/accounts/keep-alive/$")):
        dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    assert csp_violations(page) == []

    # Left alone, it signs the person out and brings them back here after signing in again.
    expect(dialog).to_be_visible(timeout=15_000)
    page.wait_for_url(re.compile(r"/accounts/login/\?next="), timeout=15_000)
    assert complaint.reference in page.url
    assert csp_violations(page) == []


def test_the_open_warning_is_accessible(page, site, officer, complaint, settings):
    sign_in(page, site, officer)
    settings.SESSION_COOKIE_AGE = SHORT_TIMEOUT
    page.goto(f"{site}/staff/complaints/{complaint.reference}/")

    expect(page.get_by_role("dialog", name="You're about to be signed out")).to_be_visible(timeout=15_000)

    assert_accessible(page)


def test_a_draft_of_the_response_is_restored_after_leaving_the_form(page, site, officer, complaint):
    sign_in(page, site, officer)
    page.goto(f"{site}/staff/complaints/{complaint.reference}/respond/")
    reasons = page.get_by_label("Reasons for the decision", exact=True)

    with page.expect_response(re.compile(r"/drafts/respond/$")) as saved:
        reasons.fill(REASONS)
    assert saved.value.status == 200
    expect(page.locator("#draft-status")).to_have_text("Draft saved at 12:00.")

    page.goto(f"{site}/staff/complaints/{complaint.reference}/")
    page.goto(f"{site}/staff/complaints/{complaint.reference}/respond/")

    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "We restored the text you were writing on 2 March 2026 at 12:00."
    )
    expect(page.get_by_label("Reasons for the decision", exact=True)).to_have_value(REASONS)
    assert_accessible(page)
    screenshot(page, "staff-draft-restored")


def test_notes_and_pinned_notes_on_the_case_page(page, site, officer, complaint):
    note_add(actor=officer, complaint=complaint, text="Do not visit without calling first.", pinned=True)
    note_add(actor=officer, complaint=complaint, text="Contractor's manager promised Friday.")
    sign_in(page, site, officer)

    page.goto(f"{site}/staff/complaints/{complaint.reference}/")

    pinned = page.get_by_role("region", name="Pinned note")
    expect(pinned).to_contain_text("Do not visit without calling first.")
    expect(pinned).not_to_contain_text("Contractor's manager")
    expect(page.get_by_role("heading", name="Internal notes")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "staff-case-notes")

    page.get_by_role("button", name=re.compile(r"^Unpin")).click()
    expect(page.get_by_role("region", name="Pinned note")).to_have_count(0)
