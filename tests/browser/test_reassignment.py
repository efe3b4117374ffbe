"""Reassignment in the browser: an officer passes a case to a colleague with the reason, which the timeline shows; a
senior manager moves the cases selected on the unassigned queue. axe checks each page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alerts.models import Alert, Kind
from complaints.models import Complaint, Team
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_case_is_reassigned_with_its_reason_and_cases_are_moved_from_a_queue(
    page, site, log_complaint, officer, manager
):
    north = Team.objects.create(code="north", name="North area")
    complaint, other = log_complaint(), log_complaint()
    sign_in(page, site, officer)

    page.goto(f"{site}/staff/complaints/{complaint.reference}/")
    page.get_by_role("link", name="Assign or reassign").click()
    page.get_by_label("Handler").select_option(label=manager.get_full_name())
    page.get_by_label("Team").select_option(label="North area")
    assert_accessible(page)
    page.get_by_role("button", name="Assign or reassign").click()
    page.locator("#timeline summary").click()  # the timeline is folded below the current stage
    expect(page.get_by_text(f"Stage 1 handler changed from nobody to {manager.get_full_name()}.")).to_be_visible()
    assert Alert.objects.filter(kind=Kind.ASSIGNED, recipient=manager).count() == 1

    page.get_by_role("link", name="Assign or reassign").click()
    page.get_by_label("Handler").select_option(label=officer.get_full_name())
    page.get_by_role("button", name="Assign or reassign").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Say why the complaint is being reassigned.")
    assert_accessible(page)
    page.get_by_label("Why it is being reassigned").fill("Sam is on leave.")
    page.get_by_role("button", name="Assign or reassign").click()
    page.locator("#timeline summary").click()
    expect(page.get_by_text("Reason: Sam is on leave.")).to_be_visible()
    screenshot(page, "staff-case-reassigned")

    page.context.clear_cookies()
    sign_in(page, site, manager)
    page.goto(f"{site}/staff/queues/unassigned/")
    page.get_by_role("checkbox", name=f"Select {other.reference}").check()
    assert_accessible(page)
    page.get_by_role("button", name="Reassign selected").click()
    page.get_by_label("Give them to").select_option(label=officer.get_full_name())
    page.get_by_label("Move them to the team").select_option(label="North area")
    page.get_by_label("Why they are being reassigned").fill("Balancing the team's work.")
    assert_accessible(page)
    page.get_by_role("button", name="Reassign").click()
    expect(page.get_by_role("heading", name="1 case reassigned")).to_be_visible()
    assert_accessible(page)
    other = Complaint.objects.select_related("current_stage").get(pk=other.pk)
    assert (other.current_stage.handler, other.team) == (officer, north)
