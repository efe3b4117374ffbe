"""The "New emails" queue: a case worker attaches an email to its case, logs a new complaint from it, or marks it
as not a complaint. Nobody else sees it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from alerts.models import Alert, Kind
from complaints.models import Channel, Complaint, Correspondence
from core import roles
from core.errors import WorkflowError
from inbound import services
from inbound.models import InboundEmail
from tests.casework.conftest import date_fields
from tests.emails import PNG, eml
from tests.factories import ResidentFactory, UserFactory

D = datetime.date
SENT = datetime.datetime(2026, 2, 27, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture
def new_email(db) -> InboundEmail:
    outcome = services.email_receive(
        actor=services.mailbox_account(),
        raw=eml(
            subject="Mould in the bedroom",
            body="There is black mould on the bedroom wall again.\nPlease send someone.",
            sender="Nadia Newcomer <nadia@resident.example>",
            sent_at=SENT,
            attachments=[("wall.png", PNG, "image/png")],
        ),
    )
    assert outcome == services.TO_TRIAGE
    return InboundEmail.objects.get()


@pytest.fixture
def as_officer(client, officer, login_with_mfa):
    login_with_mfa(client, officer)
    return client


def test_the_queue_lists_new_emails_and_the_work_queues_link_to_it_with_the_count(as_officer, new_email):
    queues = as_officer.get(reverse("casework:queue", args=["mine"])).content.decode()
    assert f'href="{reverse("inbound:new-emails")}" id="new-emails-link">New emails (1)' in queues

    page = as_officer.get(reverse("inbound:new-emails")).content.decode()
    assert "Nadia Newcomer" in page and "nadia@resident.example" in page
    assert f'href="{reverse("inbound:email", args=[new_email.pk])}">Mould in the bedroom' in page

    detail = as_officer.get(reverse("inbound:email", args=[new_email.pk])).content.decode()
    assert "There is black mould on the bedroom wall again.<br>Please send someone." in detail
    assert "wall.png" in detail


@pytest.mark.parametrize("role", [roles.BOARD, roles.STAFF, roles.SENIOR_LEAD])
def test_only_case_workers_see_new_emails(client, login_with_mfa, new_email, role):
    login_with_mfa(client, UserFactory(role=role))

    for url in (
        reverse("inbound:new-emails"),
        reverse("inbound:email", args=[new_email.pk]),
        reverse("casework:complaint-log") + f"?email={new_email.pk}",
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("inbound:email", args=[new_email.pk]), {"form": "not-a-complaint"}).status_code == 403
    if role == roles.STAFF:
        # Staff log complaints, but from the queue's emails only if they may read them.
        assert 'id="new-emails-link"' not in client.get(reverse("casework:queue", args=["logged"])).content.decode()


def test_an_email_attached_to_its_case_is_recorded_there_and_its_handler_alerted(as_officer, new_email, log_complaint):
    complaint = log_complaint(received_on=D(2026, 2, 2))
    colleague = UserFactory(role="Complaints officers", username="oscar")

    answer = as_officer.post(
        reverse("inbound:email", args=[new_email.pk]),
        {"form": "attach", "attach-reference": complaint.reference.lower()},
    )

    assert answer.status_code == 302 and answer.url == reverse("inbound:new-emails")
    new_email.refresh_from_db()
    assert (new_email.status, new_email.complaint, new_email.matched_by) == ("recorded", complaint, "staff")
    letter = Correspondence.objects.get(complaint=complaint)
    assert (letter.subject, letter.occurred_on, letter.attachments.count()) == (
        "Mould in the bedroom",
        D(2026, 2, 27),
        1,
    )
    # The officer who attached it has read it; the other officer (no handler yet at stage 1) is told.
    assert [(a.recipient, a.kind) for a in Alert.objects.all()] == [(colleague, Kind.EMAIL_RECEIVED)]
    assert as_officer.get(reverse("inbound:new-emails")).content.decode().count("Mould in the bedroom") == 0


def test_an_unknown_reference_is_refused_beside_the_box(as_officer, new_email):
    page = as_officer.post(
        reverse("inbound:email", args=[new_email.pk]), {"form": "attach", "attach-reference": "CMP-999999"}
    ).content.decode()
    assert "There is no complaint with the reference CMP-999999" in page
    new_email.refresh_from_db()
    assert new_email.status == "new"


def test_an_email_marked_not_a_complaint_needs_a_reason_and_leaves_the_queue(as_officer, officer, new_email):
    url = reverse("inbound:email", args=[new_email.pk])
    refused = as_officer.post(url, {"form": "not-a-complaint", "not-reason": ""})
    assert refused.context["not_form"].errors == {"reason": ["Enter why it is not a complaint"]}

    as_officer.post(url, {"form": "not-a-complaint", "not-reason": "A repair request: passed to the repairs team."})

    new_email.refresh_from_db()
    assert (new_email.status, new_email.handled_by) == ("not_a_complaint", officer)
    assert new_email.not_a_complaint_reason == "A repair request: passed to the repairs team."
    assert "There are no new emails." in as_officer.get(reverse("inbound:new-emails")).content.decode()


def test_a_new_complaint_is_logged_from_an_email_with_its_date_channel_and_words_and_the_email_recorded_on_it(
    as_officer, new_email
):
    resident = ResidentFactory(name="Nadia Newcomer", email="nadia@resident.example")
    start = reverse("casework:complaint-log") + f"?email={new_email.pk}"

    # The search starts from the sender's address, and choosing the resident keeps the email.
    found = as_officer.get(start).content.decode()
    assert f"?resident={resident.pk}&amp;email={new_email.pk}" in found
    url = reverse("casework:complaint-log") + f"?resident={resident.pk}&email={new_email.pk}"
    form = as_officer.get(url).context["form"]
    assert form["received_on"].value() == D(2026, 2, 27)
    assert form["channel"].value() == Channel.objects.get(code="email").pk
    assert form["summary"].value() == "There is black mould on the bedroom wall again.\nPlease send someone."

    answer = as_officer.post(
        url,
        {
            "channel": form["channel"].value(),
            **date_fields("received_on", D(2026, 2, 27)),
            "summary": form["summary"].value(),
        },
    )

    complaint = Complaint.objects.get()
    assert answer.url == reverse("casework:complaint", args=[complaint.reference])
    assert (complaint.received_on, complaint.channel.code, complaint.resident) == (D(2026, 2, 27), "email", resident)
    new_email.refresh_from_db()
    assert (new_email.status, new_email.complaint) == ("logged", complaint)
    (letter,) = complaint.correspondence.all()
    assert (letter.direction, letter.party, letter.occurred_on) == ("in", "resident", D(2026, 2, 27))
    assert letter.attachments.count() == 1
    # Whoever logged it has read it: no alert about the email.
    assert not Alert.objects.exists()


def test_the_sender_recorded_as_a_new_resident_comes_back_to_the_complaint_from_their_email(as_officer, new_email):
    url = reverse("casework:resident-new") + f"?next=log&email={new_email.pk}"
    form = as_officer.get(url).context["form"]
    assert (form["name"].value(), form["email"].value()) == ("Nadia Newcomer", "nadia@resident.example")


def test_an_email_already_dealt_with_cannot_be_dealt_with_again(officer, new_email, log_complaint):
    complaint = log_complaint(received_on=D(2026, 2, 2))
    services.email_mark_not_a_complaint(actor=officer, email=new_email, reason="A newsletter")

    with pytest.raises(WorkflowError, match="already dealt with this email: not a complaint"):
        services.email_attach(actor=officer, email=new_email, complaint=complaint)
    assert not complaint.correspondence.exists()
