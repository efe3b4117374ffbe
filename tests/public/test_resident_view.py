"""The resident's own view of their complaint (issue 13 §3): reached with a one-time code emailed to the address on
file, or the link in a letter's email; from it they download their letters, ask for stage 2 (Code 6.10-6.12) and
send more information, recorded as correspondence through the website with the handler alerted."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alerts.models import Alert, Kind
from complaints.models import CaseEvent, Complaint, Correspondence, Disclosure, Document, Letter, OutgoingMessage
from complaints.selectors import document_read
from complaints.services import workflow
from config.celery import app
from tests.alerts.worker.conftest import forget_connections
from tests.conftest import POINTS, TODAY
from tests.oversight import respond

pytestmark = pytest.mark.django_db

POSTCODE = "AB1 2CD"
CODE = re.compile(r"Your code is (\d{6})")


@pytest.fixture
def complaint(log_complaint, officer, resident):
    resident.home.postcode = POSTCODE
    resident.home.save()
    complaint = log_complaint(received_on=datetime.date(2026, 2, 2))
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 3), points=POINTS
    )
    return complaint


@pytest.fixture
def responded(complaint, officer):
    respond(officer, complaint, on=datetime.date(2026, 2, 16))
    return Complaint.objects.get(pk=complaint.pk)


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Runs what a request queues once its transaction commits (the code's email), as a worker would."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def check(client, complaint, given=POSTCODE):
    return client.post(reverse("public:check"), {"reference": complaint.reference, "email_or_postcode": given})


def ask_for_code(client, sending):
    return sending(lambda: client.post(reverse("public:check-send-code")))


def code_in(email) -> str:
    return CODE.search(email.body).group(1)


def enter(client, code):
    return client.post(reverse("public:check-code"), {"code": code})


def let_in(client, complaint, sending, given=POSTCODE):
    check(client, complaint, given)
    ask_for_code(client, sending)
    response = enter(client, code_in(mail.outbox[-1]))
    assert response.url == reverse("public:your-complaint")
    return response


# --- reaching the view ------------------------------------------------------------------------------------------


def test_after_the_reference_and_postcode_a_code_is_emailed_to_the_address_on_file(
    client, complaint, resident, sending
):
    page = check(client, complaint).content.decode()
    assert "Email me a code" in page
    ask_for_code(client, sending)

    (email,) = [m for m in mail.outbox if "code" in m.subject]
    assert email.to == [resident.email]
    assert complaint.reference in email.subject
    assert CODE.search(email.body)
    page = client.get(reverse("public:check-code")).content.decode()
    assert "Enter the code we emailed you" in page and 'autocomplete="one-time-code"' in page


def test_the_code_is_kept_out_of_the_record_once_sent_and_nothing_personal_is_kept_in_the_session(
    client, complaint, resident, sending
):
    check(client, complaint)
    ask_for_code(client, sending)
    code = code_in(mail.outbox[-1])

    message = OutgoingMessage.objects.get(kind=OutgoingMessage.Kind.CODE)
    assert message.sent_at is not None
    assert code not in message.body and message.secret == ""
    assert code not in message.correspondence.body and "[removed once sent]" in message.correspondence.body
    session = repr(dict(client.session))
    assert code not in session
    assert resident.email not in session and POSTCODE not in session and complaint.reference not in session


def test_the_right_code_opens_the_residents_view_with_a_fresh_session(client, complaint, sending):
    check(client, complaint)
    ask_for_code(client, sending)
    before = client.session.session_key

    response = enter(client, code_in(mail.outbox[-1]))

    assert response.status_code == 302 and response.url == reverse("public:your-complaint")
    assert client.session.session_key != before
    page = client.get(response.url).content.decode()
    assert f"Your complaint {complaint.reference}" in page
    assert "Acknowledgement" in page and "Download" in page


def test_a_code_works_only_once(client, complaint, sending):
    check(client, complaint)
    ask_for_code(client, sending)
    code = code_in(mail.outbox[-1])
    enter(client, code)
    client.post(reverse("public:leave"))

    again = enter(client, code)

    assert again.status_code == 200
    assert client.get(reverse("public:your-complaint")).url == reverse("public:check")


def test_a_wrong_code_is_refused_and_after_five_wrong_tries_the_right_one_is_too(client, complaint, sending):
    check(client, complaint)
    ask_for_code(client, sending)
    code = code_in(mail.outbox[-1])
    wrong = "000000" if code != "000000" else "111111"

    page = enter(client, wrong).content.decode()
    assert "The code is not right" in page and "<title>Error: " in page
    for _ in range(4):
        enter(client, wrong)
    page = enter(client, code).content.decode()

    assert "You have entered a wrong code 5 times" in page
    assert client.get(reverse("public:your-complaint")).url == reverse("public:check")


def test_a_code_stops_working_after_15_minutes(client, complaint, sending, frozen_today):
    check(client, complaint)
    ask_for_code(client, sending)
    frozen_today.shift(datetime.timedelta(minutes=16))

    page = enter(client, code_in(mail.outbox[-1])).content.decode()

    assert "This code has expired" in page


def test_a_code_that_is_not_six_numbers_is_explained(client, complaint, sending):
    check(client, complaint)
    ask_for_code(client, sending)
    page = enter(client, "12ab").content.decode()
    assert "Enter the code from the email: 6 numbers, like 123456" in page
    assert 'href="#id_code"' in page


def test_a_new_code_replaces_the_last_and_at_most_three_an_hour_are_sent(client, complaint, sending):
    check(client, complaint)
    for _ in range(3):
        ask_for_code(client, sending)
    first, last = code_in(mail.outbox[0]), code_in(mail.outbox[-1])

    refused = client.post(reverse("public:check-send-code"), follow=True).content.decode()

    assert "We have sent 3 codes for this complaint in the last hour" in refused
    assert OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.CODE).count() == 3
    if first != last:
        assert "The code is not right" in enter(client, first).content.decode()
    assert enter(client, last).url == reverse("public:your-complaint")


def test_the_code_goes_to_the_email_address_typed_when_it_is_one_on_file(
    client, log_complaint, resident, officer, sending
):
    representative = resident.representatives.create(
        name="Sam Advocate",
        relationship="Advocate",
        authority="signed_mandate",
        authority_given_on=datetime.date(2026, 1, 5),
        email="sam@advocate.example",
    )
    resident.home.postcode = POSTCODE
    resident.home.save()
    complaint = log_complaint(representative=representative)

    check(client, complaint, given=resident.email.upper())
    ask_for_code(client, sending)
    assert mail.outbox[-1].to == [resident.email]

    check(client, complaint, given=POSTCODE)
    ask_for_code(client, sending)
    # After a postcode, to whoever letters go to: the representative while they act (Code 3.6).
    assert mail.outbox[-1].to == ["sam@advocate.example"]
    enter(client, code_in(mail.outbox[-1]))
    client.post(reverse("public:send-information"), {"text": "I am writing for my client."})
    assert Correspondence.objects.get(subject="Information sent online").party == Correspondence.Party.REPRESENTATIVE


def test_a_representative_who_no_longer_acts_cannot_get_a_code(client, log_complaint, resident):
    representative = resident.representatives.create(
        name="Sam Advocate",
        relationship="Advocate",
        authority="signed_mandate",
        authority_given_on=datetime.date(2026, 1, 5),
        authority_ended_on=datetime.date(2026, 2, 20),
        email="sam@advocate.example",
    )
    complaint = log_complaint(representative=representative)
    page = check(client, complaint, given="sam@advocate.example").content.decode()
    assert "We could not find a complaint" in page


def test_without_an_email_on_file_the_page_says_how_to_reach_us_and_no_code_is_sent(
    client, complaint, resident, settings
):
    settings.LANDLORD_PHONE = "0300 123 4567"
    resident.email = ""
    resident.save()

    page = check(client, complaint).content.decode()
    assert "We do not have an email address for this complaint" in page and "0300 123 4567" in page
    assert "Email me a code" not in page
    refused = client.post(reverse("public:check-send-code"), follow=True).content.decode()

    assert "we cannot send you a code" in refused
    assert not OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.CODE).exists()


def test_asking_for_a_code_without_checking_first_sends_nothing(client, complaint):
    response = client.post(reverse("public:check-send-code"))
    assert response.url == reverse("public:check")
    assert not OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.CODE).exists()


def test_every_step_counts_towards_one_limit_per_address(client, complaint, sending, settings):
    settings.COMPLAINT_CHECK_RATE = "3/h"
    check(client, complaint)
    ask_for_code(client, sending)
    enter(client, "000001")

    refused = enter(client, code_in(mail.outbox[-1]))

    assert refused.status_code == 429
    assert client.get(reverse("public:your-complaint")).url == reverse("public:check")


# --- the view itself --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["your-complaint", "stage-2", "send-information"])
def test_the_residents_pages_need_the_code_first(client, complaint, name):
    response = client.get(reverse(f"public:{name}"))
    assert response.status_code == 302 and response.url == reverse("public:check")


def test_a_letter_needs_the_code_first(client, complaint):
    letter = Letter.objects.get(complaint=complaint)
    response = client.get(reverse("public:letter", args=[letter.pk]))
    assert response.status_code == 302 and response.url == reverse("public:check")


def test_a_letter_downloads_as_the_pdf_that_was_issued(client, complaint, sending):
    let_in(client, complaint, sending)
    letter = Letter.objects.get(complaint=complaint)

    response = client.get(reverse("public:letter", args=[letter.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == document_read(letter.document)
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment") and f"{complaint.reference}-acknowledgement-2026-02-03.pdf" in disposition
    )


def test_another_complaints_letter_is_not_found(client, complaint, log_complaint, officer, sending):
    other = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=other, acknowledged_on=TODAY, points=POINTS)
    let_in(client, complaint, sending)
    letter = Letter.objects.get(complaint=other)
    assert client.get(reverse("public:letter", args=[letter.pk])).status_code == 404


def test_a_letter_whose_stored_file_was_changed_is_not_sent(client, complaint, sending):
    let_in(client, complaint, sending)
    letter = Letter.objects.get(complaint=complaint)
    with open(letter.document.file.path, "ab") as stored:
        stored.write(b"changed")

    response = client.get(reverse("public:letter", args=[letter.pk]))

    assert response.status_code == 500
    assert "we cannot show this letter" in response.content.decode()


def test_the_view_shows_the_case_but_nothing_special_category_and_not_the_address(
    client, complaint, resident, officer, sending
):
    Disclosure.objects.create(
        resident=resident,
        kind=Disclosure.Kind.DISABILITY,
        description="Partially sighted",
        disclosed_on=TODAY,
        recorded_by=officer,
    )
    let_in(client, complaint, sending)
    page = client.get(reverse("public:your-complaint")).content.decode()
    assert "We are looking into it" in page
    assert "Partially sighted" not in page
    assert resident.home.address.splitlines()[0] not in page


def test_the_access_lapses_when_left_idle(client, complaint, sending, frozen_today, settings):
    let_in(client, complaint, sending)
    frozen_today.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    assert client.get(reverse("public:your-complaint")).url == reverse("public:check")


def test_finish_and_leave_ends_the_access(client, complaint, sending):
    let_in(client, complaint, sending)
    client.post(reverse("public:leave"))
    assert client.get(reverse("public:your-complaint")).url == reverse("public:check")


# --- asking for stage 2 (Code 6.10-6.12) ------------------------------------------------------------------------


def test_the_resident_asks_for_stage_2_online_and_it_is_escalated_today_on_the_web_channel(client, responded, sending):
    let_in(client, responded, sending)
    page = client.get(reverse("public:your-complaint")).content.decode()
    assert "Ask us to look at it again" in page
    assert "you can say it when you ask us to look at your complaint again" in page  # responded: no longer open

    response = client.post(reverse("public:stage-2"), {"why": ""})

    assert response.url == reverse("public:your-complaint")
    complaint = Complaint.objects.get(pk=responded.pk)
    stage = complaint.current_stage
    assert (complaint.stage, complaint.status) == (2, Complaint.Status.AWAITING_ACKNOWLEDGEMENT)
    assert stage.requested_on == TODAY and stage.acknowledgement_due is not None
    request = complaint.correspondence.get(direction=Correspondence.Direction.INCOMING, stage=2)
    assert request.channel.code == "web_form" and request.occurred_on == TODAY
    assert request.party == Correspondence.Party.RESIDENT
    assert "none is needed" in request.body
    assert complaint.timeline.filter(kind=CaseEvent.Kind.ESCALATED).exists()
    page = client.get(response.url).content.decode()
    assert f"We will acknowledge it by {stage.acknowledgement_due:%-d %B %Y}" in page


def test_a_reason_given_is_kept_on_the_stage_and_the_request(client, responded, sending):
    let_in(client, responded, sending)
    client.post(reverse("public:stage-2"), {"why": "The mould is back."})
    complaint = Complaint.objects.get(pk=responded.pk)
    assert complaint.current_stage.escalation_reason == "The mould is back."
    assert complaint.correspondence.get(direction="in", stage=2).body == "The mould is back."


def test_stage_2_cannot_be_asked_for_before_the_stage_1_response(client, complaint, sending):
    let_in(client, complaint, sending)
    page = client.get(reverse("public:stage-2")).content.decode()
    assert "once we have sent you our response" in page and "Send my request" not in page

    client.post(reverse("public:stage-2"), {"why": "Please hurry."})

    assert Complaint.objects.get(pk=complaint.pk).stage == 1
    assert not complaint.correspondence.filter(direction="in").exists()


def test_asking_twice_makes_one_stage_2(client, responded, sending):
    let_in(client, responded, sending)
    client.post(reverse("public:stage-2"), {"why": ""})
    page = client.post(reverse("public:stage-2"), {"why": ""}).content.decode()

    assert "You have already asked us to look at your complaint again" in page
    assert responded.stages.count() == 2
    assert responded.correspondence.filter(direction="in").count() == 1


# --- sending more information -----------------------------------------------------------------------------------


def test_information_sent_online_is_recorded_with_its_files_and_the_handler_is_alerted(
    client, complaint, officer, sending
):
    let_in(client, complaint, sending)
    photo = SimpleUploadedFile("IMG_2041 flat 2.jpg", b"\xff\xd8\xff photo bytes", content_type="image/jpeg")

    response = client.post(
        reverse("public:send-information"), {"text": "The ceiling leaked again last night.", "files": [photo]}
    )

    assert response.url == reverse("public:your-complaint")
    sent = Correspondence.objects.get(subject="Information sent online")
    assert (sent.direction, sent.channel.code, sent.party) == ("in", "web_form", "resident")
    assert sent.body == "The ceiling leaked again last night." and sent.occurred_on == TODAY
    (document,) = sent.attachments.all()
    assert document.title == "Attachment 1 sent online on 2 March 2026"  # never the file's own name
    alert = Alert.objects.get(kind=Kind.INFORMATION_RECEIVED, recipient=officer)
    assert alert.complaint_id == complaint.pk and complaint.reference in alert.title
    assert "Thank you" in client.get(response.url).content.decode()


@pytest.fixture
def broker_goes_down(tmp_path):
    """Call it, and tasks queued from then on go to a broker that cannot take them: a filesystem broker whose
    folder does not exist."""
    saved = app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager

    def down():
        missing = str(tmp_path / "no-broker")
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {"data_folder_in": missing, "data_folder_out": missing}
        app.conf.task_always_eager = False
        forget_connections()

    yield down
    app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager = saved
    forget_connections()


def test_information_sent_online_stands_when_the_alert_cannot_be_queued(
    client, complaint, officer, sending, broker_goes_down, caplog
):
    let_in(client, complaint, sending)
    broker_goes_down()

    response = sending(lambda: client.post(reverse("public:send-information"), {"text": "It leaked again."}))

    # The resident's information is kept and thanked for; the alert waits, unsent, for the sweep to queue it again.
    assert response.url == reverse("public:your-complaint")
    assert Correspondence.objects.filter(subject="Information sent online", body="It leaked again.").exists()
    alert = Alert.objects.get(kind=Kind.INFORMATION_RECEIVED, recipient=officer)
    assert alert.email_sent_at is None
    assert f"Could not queue the email of alerts [{alert.pk}]" in caplog.text


def test_the_same_send_twice_is_recorded_once(client, complaint, sending):
    let_in(client, complaint, sending)
    for _ in range(2):
        client.post(reverse("public:send-information"), {"text": "Here is the repair number: 4471."})
    assert Correspondence.objects.filter(subject="Information sent online").count() == 1


def test_a_file_of_a_refused_type_records_nothing_and_says_which(client, complaint, sending):
    let_in(client, complaint, sending)
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")

    page = client.post(reverse("public:send-information"), {"text": "See attached.", "files": [script]})

    assert "run.exe: Files of this type cannot be added" in page.content.decode()
    assert not Correspondence.objects.filter(subject="Information sent online").exists()
    assert not Document.objects.exclude(letter__isnull=False).exists()


def test_an_empty_send_is_explained(client, complaint, sending):
    let_in(client, complaint, sending)
    page = client.post(reverse("public:send-information"), {"text": "  "}).content.decode()
    assert '<a href="#id_text">Tell us what you want to add, or choose a file to send</a>' in page


def test_nothing_can_be_added_to_a_complaint_that_is_no_longer_open(client, responded, officer, sending):
    workflow.complaint_close(actor=officer, complaint=responded, closed_on=TODAY)
    let_in(client, responded, sending)
    page = client.get(reverse("public:send-information")).content.decode()
    assert "This complaint is not open" in page

    client.post(reverse("public:send-information"), {"text": "One more thing."})

    assert not Correspondence.objects.filter(subject="Information sent online").exists()


# --- the link in a letter's email -------------------------------------------------------------------------------


def acknowledge_by_email(log_complaint, officer, sending):
    complaint = log_complaint(received_on=datetime.date(2026, 2, 2))
    sending(
        lambda: workflow.complaint_acknowledge(
            actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 3), points=POINTS
        )
    )
    (letter_email,) = [m for m in mail.outbox if m.attachments]
    return complaint, re.search(r"https?://\S+(/check/open/\S+/)", letter_email.body).group(1)


def test_the_link_in_a_letters_email_opens_the_residents_view(client, log_complaint, officer, sending):
    complaint, link = acknowledge_by_email(log_complaint, officer, sending)

    response = client.get(link)

    assert response.url == reverse("public:your-complaint")
    assert f"Your complaint {complaint.reference}" in client.get(response.url).content.decode()
    message = OutgoingMessage.objects.get(kind=OutgoingMessage.Kind.LETTER)
    assert link not in message.body and "[removed once sent]" in message.body


def test_a_letters_link_stops_working_after_28_days(client, log_complaint, officer, sending, frozen_today):
    _, link = acknowledge_by_email(log_complaint, officer, sending)
    frozen_today.shift(datetime.timedelta(days=29))
    response = client.get(link)
    assert response.status_code == 404 and "This link does not work" in response.content.decode()


def test_a_letters_link_stops_working_once_the_address_is_no_longer_on_file(
    client, log_complaint, officer, resident, sending
):
    _, link = acknowledge_by_email(log_complaint, officer, sending)
    resident.email = "new@resident.example"
    resident.save()
    assert client.get(link).status_code == 404


def test_an_altered_link_does_not_work(client, log_complaint, officer, sending):
    _, link = acknowledge_by_email(log_complaint, officer, sending)
    assert client.get(link[:-3] + "xx/").status_code == 404
