"""The whole journey in a browser: a resident complains online; an officer acknowledges, extends and responds;
the resident escalates (staff record the request); a senior manager who did not handle stage 1 reviews and
issues the final response. axe checks the main staff pages on the way; screenshots are kept."""

from __future__ import annotations

import re

import pytest

from complaints.models import Complaint
from tests.browser.conftest import assert_accessible, screenshot
from tests.conftest import totp_code
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


# Wherever the role lands, as long as it is past the sign-in pages.
SIGNED_IN = r"^(?!.*/accounts/)"


def sign_in(page, site, user, lands_on: str = r"/staff/queues/"):
    """The real sign-in: password, then the code from the user's authenticator app; waits to land on `lands_on`
    (a regular expression on the URL)."""
    code = totp_code(user)
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your security code").wait_for()
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(lands_on))


def sign_out(page):
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def submit_public_complaint(page, site) -> str:
    page.goto(site + "/complain/")
    page.get_by_label("What happened?").fill("Mould in the bathroom came back a week after it was treated.")
    page.get_by_label("What would you like us to do to put things right?").fill("Find the cause and fix it.")
    page.get_by_label("Myself").check()
    page.get_by_label("Your full name").fill("Robin Resident")
    page.get_by_label("Your email address").fill("robin@resident.example")
    page.get_by_role("group", name="How would you like us to contact you?").get_by_label("Email").check()
    page.get_by_label("Address of the home").fill("3 Mill Lane\nAnytown")
    page.get_by_label("Postcode").fill("LS1 2CD")
    page.get_by_role("button", name="Send complaint").click()
    page.get_by_role("heading", name="Complaint received").wait_for()
    return Complaint.objects.get().reference


def decide_every_point(page, decision):
    # .all() does not wait: without this, a page still loading has no points yet and none is decided.
    page.get_by_role("button", name="Issue the response").wait_for()
    for legend in page.get_by_role("group", name=re.compile(r"^Decision on point")).all():
        legend.get_by_label(decision, exact=True).check()
    for box in page.get_by_label(re.compile(r"^Reason for the decision on point")).all():
        box.fill("Checked against the repair records.")
    page.get_by_role("group", name="Overall decision").get_by_label(decision, exact=True).check()
    page.get_by_label("Reasons for the decision").fill("The first treatment did not deal with the leak behind it.")


def test_complaint_journey_through_both_stages(page, site, officer, manager):
    reference = submit_public_complaint(page, site)

    sign_in(page, site, officer)
    assert_accessible(page)
    page.get_by_role("link", name="Awaiting acknowledgement").click()
    page.get_by_role("link", name=reference).wait_for()
    assert_accessible(page)
    screenshot(page, "staff-queue")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("heading", name=f"Complaint {reference}").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Acknowledge and define").click()
    page.locator("#id_points-0-point").fill("Mould returned after treatment")
    page.locator("#id_points-0-outcome_sought").fill("The cause found and fixed")
    assert_accessible(page)
    screenshot(page, "staff-acknowledge")
    page.get_by_role("button", name="Acknowledge and define").click()
    page.get_by_text("Acknowledge and define: done.").wait_for()

    page.get_by_role("link", name="Extend").click()
    page.get_by_label("Extra working days").fill("5")
    page.get_by_label("Reason for the extension").fill("A damp survey is booked for next week.")
    page.get_by_label("The resident was given the Ombudsman's contact details").check()
    page.get_by_label("Update the resident every (working days)").fill("3")
    page.get_by_role("button", name="Extend").click()
    page.get_by_text("Extend: done.").wait_for()

    page.get_by_role("link", name="Issue the response").click()
    decide_every_point(page, "Upheld")
    assert_accessible(page)
    page.get_by_role("button", name="Issue the response").click()
    page.get_by_text("Issue the response: done.").wait_for()

    # The resident asks, by phone, for stage 2: staff record the request.
    page.get_by_role("link", name="Escalate to stage 2").click()
    page.get_by_label("What the resident said").fill("The mould is still there.")
    page.get_by_role("button", name="Escalate to stage 2").click()
    page.get_by_text("Escalate to stage 2: done.").wait_for()
    screenshot(page, "staff-case-stage-2")
    sign_out(page)

    sign_in(page, site, manager)
    page.get_by_role("link", name="Stage 2 awaiting a reviewer").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Assign the stage 2 reviewer").click()
    page.get_by_label("Stage 2 reviewer").select_option(label=manager.get_full_name())
    page.get_by_role("button", name="Assign the stage 2 reviewer").click()
    page.get_by_text("Assign the stage 2 reviewer: done.").wait_for()
    page.get_by_role("link", name="Acknowledge and define").click()
    page.locator("#id_points-0-point").fill("Mould still present after the stage 1 response")
    page.locator("#id_points-0-outcome_sought").fill("A permanent fix")
    page.get_by_role("button", name="Acknowledge and define").click()
    page.get_by_text("Acknowledge and define: done.").wait_for()
    page.get_by_role("link", name="Issue the response").click()
    decide_every_point(page, "Upheld")
    page.get_by_role("button", name="Issue the response").click()
    page.get_by_text("Issue the response: done.").wait_for()
    assert_accessible(page)
    screenshot(page, "staff-case-final-response")

    complaint = Complaint.objects.get(reference=reference)
    assert (complaint.stage, complaint.status) == (2, Complaint.Status.RESPONDED)
    stage_1, stage_2 = complaint.stages.order_by("number")
    assert stage_1.handler == officer and stage_2.handler == manager
    assert stage_1.extension_days == 5
    # The letters the workflow issued are on the case page, and the final response says what the Code requires.
    kinds = list(complaint.letters.values_list("kind", flat=True))
    assert kinds == ["acknowledgement", "extension", "stage_1_response", "acknowledgement", "stage_2_response"]
    final = complaint.letters.get(kind="stage_2_response")
    assert page.locator(f'a[href$="/documents/{final.document_id}/"]').count() == 1
    text = pdf_text(final.document).lower()
    for required in ["Mould still present after the stage 1 response", "upheld", "Housing Ombudsman", reference]:
        assert required.lower() in text


def test_the_main_staff_pages_have_no_violations(page, site, officer, log_complaint):
    complaint = log_complaint()
    sign_in(page, site, officer)
    for path, name in [
        ("/staff/queues/awaiting-acknowledgement/", "staff-queue-awaiting"),
        ("/staff/queues/actions-due/", "staff-actions-due"),
        (f"/staff/complaints/{complaint.reference}/", "staff-case"),
        (f"/staff/complaints/{complaint.reference}/refuse/", "staff-refuse"),
        ("/staff/complaints/log/?q=" + complaint.resident.name.split()[0], "staff-log-find"),
        (f"/staff/complaints/log/?resident={complaint.resident.pk}", "staff-log"),
        (f"/staff/residents/{complaint.resident.pk}/", "staff-resident"),
        ("/staff/service-requests/", "staff-service-requests"),
    ]:
        page.goto(site + path)
        assert_accessible(page)
        screenshot(page, name)
