"""Sending a survey from the case page, and the results page: counts for the board, answers for case workers."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse

from surveys.models import Survey
from tests.casework.conftest import date_fields

D = datetime.date


def test_an_officer_sends_a_survey_from_the_case_page(
    client, officer, responded_complaint, django_capture_on_commit_callbacks, login_with_mfa
):
    login_with_mfa(client, officer)
    url = reverse("casework:complaint-action", args=[responded_complaint.reference, "survey"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, {"version": responded_complaint.version, "stage": "1"})
    assert answer.status_code == 302
    assert Survey.objects.get().stage == 1
    assert len(mail.outbox) == 1
    page = client.get(reverse("casework:complaint", args=[responded_complaint.reference])).content.decode()
    assert "Stage 1: sent 2 March 2026; not answered yet." in page


def test_the_survey_action_is_not_offered_before_a_response(client, officer, log_complaint, login_with_mfa):
    complaint = log_complaint()
    login_with_mfa(client, officer)
    page = client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    assert "Send a satisfaction survey" not in page


def make_answered(complaint, officer):
    return Survey.objects.create(
        complaint=complaint,
        stage=1,
        token_hash="b" * 64,
        sent_on=D(2026, 2, 20),
        sent_by=officer,
        answered_at=datetime.datetime(2026, 2, 21, tzinfo=datetime.UTC),
        handling=2,
        comments="Nobody called me back.",
    )


def test_the_board_sees_the_results_without_what_residents_wrote(
    client, board_member, officer, responded_complaint, login_with_mfa
):
    make_answered(responded_complaint, officer)
    login_with_mfa(client, board_member)
    page = client.get(
        reverse("surveys:results"), date_fields("start", D(2026, 2, 1)) | date_fields("end", D(2026, 2, 28))
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Fairly dissatisfied" in text and "1 (100.0%)" in text
    assert "Nobody called me back." not in text
    assert responded_complaint.reference not in text


def test_case_workers_see_what_residents_wrote(client, officer, responded_complaint, login_with_mfa):
    make_answered(responded_complaint, officer)
    login_with_mfa(client, officer)
    page = client.get(
        reverse("surveys:results"), date_fields("start", D(2026, 2, 1)) | date_fields("end", D(2026, 2, 28))
    )
    assert "Nobody called me back." in page.content.decode()


def test_staff_members_are_refused_the_results_and_the_send_action(
    client, staff_member, log_complaint, officer, login_with_mfa
):
    from tests.oversight import answered_complaint

    complaint = answered_complaint(log_complaint, officer, actor=staff_member)
    login_with_mfa(client, staff_member)
    assert client.get(reverse("surveys:results")).status_code == 403
    url = reverse("casework:complaint-action", args=[complaint.reference, "survey"])
    assert client.post(url, {"version": complaint.version, "stage": "1"}).status_code == 403
    assert not Survey.objects.exists()
