"""The resident's own view in the browser (issue 13 §3): a resident checks their complaint, enters the code we
emailed, opens their letter, asks for stage 2 and sends a photo; the officer then finds the request in the queue.
axe checks every page on the way, errors included."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint, Letter, OutgoingMessage
from complaints.selectors import document_read
from complaints.services import workflow
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import sign_in
from tests.conftest import POINTS
from tests.oversight import respond

pytestmark = pytest.mark.django_db(transaction=True)

POSTCODE = "AB1 2CD"
JPEG = b"\xff\xd8\xff\xe0 a photo of the ceiling"


@pytest.fixture
def responded(site, log_complaint, officer, resident):
    resident.home.postcode = POSTCODE
    resident.home.save()
    complaint = log_complaint(received_on=datetime.date(2026, 2, 2))
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 3), points=POINTS
    )
    respond(officer, complaint, on=datetime.date(2026, 2, 16))
    return complaint


def queued_code() -> str:
    """The code as the queued email holds it: in these tests the email waits for a worker, as in production."""
    message = OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.CODE).latest("pk")
    return re.search(r"\d{6}", message.secret).group(0)


def test_a_resident_opens_their_letter_asks_for_stage_2_and_the_officer_sees_it(
    page, site, responded, officer, tmp_path
):
    reference = responded.reference
    page.goto(site + "/check/")
    page.get_by_label("Complaint reference").fill(reference)
    page.get_by_label("Email address or postcode").fill(POSTCODE.lower())
    page.get_by_role("button", name="Check progress").click()
    page.get_by_role("heading", name=f"Your complaint {reference}").wait_for()
    assert_accessible(page)
    screenshot(page, "public-check-progress")

    page.get_by_role("button", name="Email me a code").click()
    page.get_by_role("heading", name="Enter the code we emailed you").wait_for()
    assert_accessible(page)
    code = queued_code()
    page.get_by_label("Code").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-check-code-error")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name=f"Your complaint {reference}").wait_for()
    assert "/check/your-complaint/" in page.url
    assert_accessible(page)
    screenshot(page, "public-your-complaint")

    letter = Letter.objects.get(complaint=responded, kind="stage_1_response")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("stage 1 response letter of 16 February 2026")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{reference}-stage-1-response-2026-02-16.pdf"
    assert saved.read_bytes() == document_read(letter.document)

    page.get_by_role("link", name="Ask us to look at it again").click()
    page.get_by_role("heading", name="Ask us to look at your complaint again").wait_for()
    assert_accessible(page)
    screenshot(page, "public-stage-2")
    page.get_by_label("Why are you not happy with our response? (optional)").fill("The leak is back.")
    page.get_by_role("button", name="Send my request").click()
    page.get_by_text("We have your request to look at your complaint again.").wait_for()
    assert_accessible(page)
    screenshot(page, "public-stage-2-requested")

    page.get_by_role("link", name="Send us more information").click()
    page.get_by_role("heading", name="Send us more information").wait_for()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-send-information-error")
    page.get_by_label("What do you want to tell us?").fill("A photo of the ceiling this morning.")
    page.get_by_label("Upload photos or documents (optional)").set_input_files(
        [{"name": "ceiling.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("We have added what you sent to your complaint.").wait_for()
    page.get_by_role("button", name="Finish and leave").click()
    page.get_by_role("heading", name="You have left your complaint").wait_for()
    assert_accessible(page)
    screenshot(page, "public-left")

    complaint = Complaint.objects.get(pk=responded.pk)
    assert (complaint.stage, complaint.status) == (2, Complaint.Status.AWAITING_ACKNOWLEDGEMENT)
    assert complaint.current_stage.escalation_reason == "The leak is back."

    sign_in(page, site, officer)
    page.get_by_role("link", name="Awaiting acknowledgement").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_role("heading", name=f"Complaint {reference}", exact=True).wait_for()
    page.locator("#timeline summary").click()  # the timeline is folded below the current stage
    expect(page.get_by_text("Asked online for the complaint to be looked at again (Stage 2)").first).to_be_visible()
    expect(page.get_by_text("Attachment 1 sent online on 2 March 2026").first).to_be_visible()


def test_a_link_that_does_not_work_is_explained_accessibly(page, site):
    response = page.goto(site + "/check/open/not-a-real-link/")
    assert response.status == 404
    page.get_by_role("heading", name="This link does not work").wait_for()
    assert_accessible(page)
    screenshot(page, "public-link-not-valid")
