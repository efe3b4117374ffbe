"""The self-assessment end to end in a real browser: an officer starts it and answers a provision (wrongly, then
rightly), sends it to the governing body; a board member records the approval and publishes it; residents find it
from the home page; the officer amends it. axe at WCAG 2.2 AA on every page on the way, and the download links
big enough to hit (WCAG 2.2, 2.5.8: at least 24 by 24 pixels)."""

from __future__ import annotations

import re

import pytest

from selfassessment.models import AssessmentRow, SelfAssessment
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import SIGNED_IN, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, field: str, day: int, month: int, year: int) -> None:
    page.locator(f"#id_{field}").fill(str(day))
    page.locator(f"#id_{field}-month").fill(str(month))
    page.locator(f"#id_{field}-year").fill(str(year))


def test_the_self_assessment_from_start_to_publication_and_amendment(
    page, browser, browser_context_args, site, officer, board_member
):
    # Before anything is published, residents are told so (not a 404).
    page.goto(site + "/")
    page.get_by_role("link", name="Our self-assessment against the Complaint Handling Code").click()
    page.get_by_text("We have not published a self-assessment yet.").wait_for()
    assert_accessible(page)
    page.goto(site + "/annual-report/")
    page.get_by_text("We have not published an annual complaints report yet.").wait_for()
    assert_accessible(page)

    # The officer starts the assessment.
    sign_in(page, site, officer, SIGNED_IN)
    page.goto(site + "/staff/self-assessments/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a self-assessment").click()
    page.get_by_role("heading", name="Start a self-assessment").wait_for()
    assert_accessible(page)
    page.get_by_label("Complaint Handling Code 2024").check()
    page.get_by_label("Title").fill("Self-assessment 2025/26")
    fill_date(page, "period_start", 1, 12, 2025)
    fill_date(page, "period_end", 28, 2, 2026)
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("heading", name="Self-assessment 2025/26").wait_for()
    assert page.locator("caption", has_text=re.compile(r"^Section 9: ")).is_visible()
    assert_accessible(page)
    screenshot(page, "staff-self-assessment-draft")
    assessment = SelfAssessment.objects.get()

    # One provision answered in the browser: a "No" without its explanation is refused, then put right.
    page.get_by_role("link", name="Provision 3.4", exact=True).click()
    page.get_by_role("heading", name="Provision 3.4").wait_for()
    assert_accessible(page)
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save the answer").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "3.4: explain in detail why the landlord does not comply." in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("explain in detail")).click()
    assert page.evaluate("document.activeElement.id") == "id_commentary"
    page.get_by_label("Commentary or explanation").fill("Our website's complaints page is being rebuilt.")
    fill_date(page, "comply_by", 30, 6, 2026)
    page.get_by_role("button", name="Save the answer").click()
    page.get_by_text("Your answer to 3.4 has been saved.").wait_for()
    row = AssessmentRow.objects.get(assessment=assessment, provision__number="3.4")
    assert (row.complies, row.revision) == ("no", 1)

    # Evidence: a live figure for 6.2, through its page.
    page.goto(site + f"/staff/self-assessments/{assessment.pk}/provisions/6.2/evidence/")
    assert_accessible(page)
    page.get_by_label("Live figure from case data").check()
    page.locator("#id_figure_key").select_option("6.2")
    page.get_by_role("button", name="Add the evidence").click()
    page.get_by_text("The evidence has been added to 6.2.").wait_for()
    assert_accessible(page)

    # The other 71 provisions as the API or an import would answer them: the browser has shown how one is done.
    AssessmentRow.objects.filter(assessment=assessment).exclude(pk=row.pk).update(
        complies="yes", commentary="Set out in our complaints policy."
    )
    page.goto(site + f"/staff/self-assessments/{assessment.pk}/")
    page.get_by_role("button", name="Send to the governing body for approval").click()
    page.get_by_text("The assessment has been sent to the governing body for approval.").wait_for()

    # The board member approves and publishes.
    board = browser.new_context(**browser_context_args)
    board_page = board.new_page()
    sign_in(board_page, site, board_member, SIGNED_IN)
    board_page.goto(site + f"/staff/self-assessments/{assessment.pk}/")
    assert_accessible(board_page)
    board_page.get_by_role("link", name="Record the governing body's approval").click()
    board_page.get_by_label("Meeting or minute reference").fill("Board 2026/14, item 6")
    board_page.get_by_label("I understand that once approved").check()
    assert_accessible(board_page)
    board_page.get_by_role("button", name="Record the approval").click()
    board_page.get_by_text("The governing body's approval has been recorded.").wait_for()
    board_page.get_by_role("link", name="Publish", exact=True).click()
    board_page.get_by_label("The governing body's response (Code 8.2)").fill(
        "The Board is assured that complaints are handled in line with the Code."
    )
    assert_accessible(board_page)
    board_page.get_by_role("button", name="Publish", exact=True).click()
    board_page.get_by_text("The assessment has been published on our website.").wait_for()
    board.close()

    # Residents find it from the home page, and can hit its download links.
    public = browser.new_context(**browser_context_args).new_page()
    public.goto(site + "/")
    public.get_by_role("link", name="Our self-assessment against the Complaint Handling Code").click()
    public.get_by_text("The Board is assured that complaints are handled in line with the Code.").wait_for()
    assert public.get_by_role("cell", name="Our website's complaints page is being rebuilt.").is_visible()
    assert_accessible(public)
    screenshot(public, "public-self-assessment")
    for name in ("Download as PDF", "Download as Word"):
        box = public.get_by_role("link", name=name).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (name, box)
    public.context.close()

    # The officer amends it: a new version in draft, the published one kept.
    page.goto(site + f"/staff/self-assessments/{assessment.pk}/")
    for name in ("Download as PDF", "Download as Word", "Download as CSV", "Download as Excel"):
        box = page.get_by_role("link", name=name).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (name, box)
    page.get_by_role("link", name="Amend: start a new version").click()
    page.get_by_label("Change in procedures (Code 8.3)").check()
    page.get_by_label("What has changed").fill("Stage 2 reviews are now led by directors.")
    assert_accessible(page)
    page.get_by_role("button", name="Start a new version").click()
    page.get_by_text("Version 2 has been started. The approved version is kept.").wait_for()
    assert_accessible(page)
    amendment = SelfAssessment.objects.get(amends=assessment)
    assert amendment.status == SelfAssessment.Status.DRAFT
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessment.Status.PUBLISHED


def test_the_policy_documents_page_has_no_violations(page, site, officer):
    sign_in(page, site, officer, SIGNED_IN)
    page.goto(site + "/staff/self-assessments/policies/")
    page.get_by_role("button", name="Upload the policy").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
