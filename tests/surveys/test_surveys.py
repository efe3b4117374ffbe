"""Satisfaction surveys (Code 1.6): sent after a stage's response, answered once through a link with no sign-in,
never turned into a complaint, rolled up as sent / returned / response rate / five bands."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from complaints.models import CaseEvent, Complaint, OutgoingMessage
from core.errors import WorkflowError
from surveys.models import Satisfaction, Survey
from surveys.selectors import survey_results
from surveys.services import SurveyClosedError, survey_answer, survey_send
from tests.factories import ResidentFactory

D = datetime.date


def send(officer, complaint, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        survey = survey_send(actor=officer, complaint=complaint, **kwargs)
    (message,) = [m for m in mail.outbox if complaint.reference in m.subject]
    token = re.search(r"/survey/([\w-]+)/", message.body).group(1)
    return survey, token, message


class TestSending:
    def test_it_emails_the_resident_a_link_with_a_token_that_is_stored_only_as_its_hash(
        self, officer, responded_complaint, django_capture_on_commit_callbacks
    ):
        survey, token, message = send(officer, responded_complaint, django_capture_on_commit_callbacks)

        assert message.to == [responded_complaint.resident.email]
        assert len(token) >= 40
        assert token not in survey.token_hash and token not in str(Survey.objects.values().get())
        # Code 1.6: the survey says it is not a complaint and how to make one.
        assert "This survey is not a complaint" in message.body
        assert "/complain/" in message.body
        assert survey.stage == 1 and survey.sent_on == D(2026, 3, 2)
        assert responded_complaint.timeline.filter(
            kind=CaseEvent.Kind.DELIVERY, description__contains=f"emailed to {message.to[0]}"
        ).exists()
        # The link worked once it was sent; nothing kept on the case or in the outbox can answer the survey.
        (outgoing,) = OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.SURVEY)
        assert token not in outgoing.body and not outgoing.secret
        assert token not in outgoing.correspondence.body

    def test_each_survey_link_is_different(self, officer, log_complaint, django_capture_on_commit_callbacks):
        from tests.oversight import answered_complaint

        first = answered_complaint(log_complaint, officer)
        second = answered_complaint(log_complaint, officer, resident=ResidentFactory())
        _, token_1, _ = send(officer, first, django_capture_on_commit_callbacks)
        _, token_2, _ = send(officer, second, django_capture_on_commit_callbacks)
        assert token_1 != token_2

    def test_it_goes_to_the_representative_who_acts_for_the_resident(
        self, officer, log_complaint, resident, django_capture_on_commit_callbacks
    ):
        from complaints.models import Representative
        from tests.oversight import answered_complaint

        representative = Representative.objects.create(
            resident=resident,
            name="Sam Advocate",
            relationship="Advocate",
            email="sam@advice.example",
            authority=Representative.Authority.SIGNED_MANDATE,
            authority_given_on=D(2026, 1, 5),
        )
        complaint = answered_complaint(log_complaint, officer, representative=representative)  # Code 3.6
        _, _, message = send(officer, complaint, django_capture_on_commit_callbacks)
        assert message.to == ["sam@advice.example"]

    def test_a_mail_server_that_is_down_leaves_the_survey_queued_to_try_again(
        self, officer, responded_complaint, unreachable_mail_server, django_capture_on_commit_callbacks
    ):
        # Sending never waits on the mail server: the survey is recorded and its email stays owed (the outbox).
        with django_capture_on_commit_callbacks(execute=True):
            survey = survey_send(actor=officer, complaint=responded_complaint)
        (message,) = OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.SURVEY)
        assert survey.pk and message.sent_at is None and message.attempts == 1
        assert "ConnectionRefusedError" in message.error and message.next_attempt_at is not None
        assert mail.outbox == []
        assert responded_complaint.timeline.filter(
            kind=CaseEvent.Kind.DELIVERY, description__contains="failed"
        ).exists()

    def test_it_refuses_a_stage_without_a_response(self, officer, log_complaint):
        complaint = log_complaint()
        with pytest.raises(WorkflowError, match="no response yet"):
            survey_send(actor=officer, complaint=complaint)
        assert not Survey.objects.exists()

    def test_it_sends_one_survey_per_stage(self, officer, responded_complaint, django_capture_on_commit_callbacks):
        send(officer, responded_complaint, django_capture_on_commit_callbacks)
        with pytest.raises(WorkflowError, match="already sent on 2 March 2026"):
            survey_send(actor=officer, complaint=responded_complaint)
        assert Survey.objects.count() == 1

    def test_it_refuses_when_there_is_no_email_address(self, officer, log_complaint):
        from tests.oversight import answered_complaint

        complaint = answered_complaint(log_complaint, officer, resident=ResidentFactory(email=""))
        with pytest.raises(WorkflowError, match="no email address"):
            survey_send(actor=officer, complaint=complaint)

    def test_roles_that_do_not_handle_complaints_cannot_send_one(
        self, responded_complaint, board_member, staff_member, senior_lead
    ):
        for user in (board_member, staff_member, senior_lead):
            with pytest.raises(PermissionDenied):
                survey_send(actor=user, complaint=responded_complaint)
        assert not Survey.objects.exists()


class TestAnswering:
    def test_a_token_answers_once_and_the_complaint_is_untouched(
        self, officer, responded_complaint, django_capture_on_commit_callbacks
    ):
        _, token, _ = send(officer, responded_complaint, django_capture_on_commit_callbacks)
        before = Complaint.objects.values().get(pk=responded_complaint.pk)
        complaints_before = Complaint.objects.count()

        survey = survey_answer(
            token=token, handling=Satisfaction.FAIRLY_DISSATISFIED, outcome=1, comments="I want to complain again."
        )
        with pytest.raises(SurveyClosedError):
            survey_answer(token=token, handling=Satisfaction.VERY_SATISFIED)

        survey.refresh_from_db()
        assert survey.handling == Satisfaction.FAIRLY_DISSATISFIED and survey.outcome == 1
        # Code 1.6: never turned into a complaint, however unhappy the answer.
        assert Complaint.objects.count() == complaints_before
        assert Complaint.objects.values().get(pk=responded_complaint.pk) == before

    def test_an_unknown_token_is_refused(self, db):
        with pytest.raises(WorkflowError, match="not valid"):
            survey_answer(token="made-up", handling=5)

    def test_it_needs_a_rating_from_the_five_bands(
        self, officer, responded_complaint, django_capture_on_commit_callbacks
    ):
        _, token, _ = send(officer, responded_complaint, django_capture_on_commit_callbacks)
        with pytest.raises(WorkflowError) as error:
            survey_answer(token=token, handling=6)
        assert error.value.field == "handling"
        assert Survey.objects.get().answered_at is None


class TestResults:
    def make(self, complaint, officer, sent_on, handling=None, outcome=None):
        return Survey.objects.create(
            complaint=complaint,
            stage=1,
            token_hash=f"{complaint.pk:064d}",
            sent_on=sent_on,
            sent_by=officer,
            answered_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC) if handling else None,
            handling=handling,
            outcome=outcome,
        )

    def test_it_counts_sent_returned_rate_and_bands_for_the_surveys_sent_in_the_period(self, officer, log_complaint):
        complaints = [log_complaint(resident=ResidentFactory()) for _ in range(5)]
        self.make(complaints[0], officer, D(2026, 1, 5), handling=5, outcome=5)
        self.make(complaints[1], officer, D(2026, 1, 10), handling=5)
        self.make(complaints[2], officer, D(2026, 1, 20), handling=2, outcome=1)
        self.make(complaints[3], officer, D(2026, 1, 31))
        self.make(complaints[4], officer, D(2026, 2, 1), handling=1)  # outside the period

        results = survey_results(D(2026, 1, 1), D(2026, 1, 31))

        assert (results.sent, results.returned, results.response_rate) == (4, 3, 75.0)
        assert [(band.label, band.count, band.percent) for band in results.handling] == [
            ("Very satisfied", 2, 66.67),
            ("Fairly satisfied", 0, 0.0),
            ("Neither satisfied nor dissatisfied", 0, 0.0),
            ("Fairly dissatisfied", 1, 33.33),
            ("Very dissatisfied", 0, 0.0),
        ]
        assert [band.count for band in results.outcome] == [1, 0, 0, 0, 1]
        assert results.satisfied_with_handling == 66.67

    def test_a_period_with_no_surveys_has_no_rates(self, db):
        results = survey_results(D(2026, 1, 1), D(2026, 1, 31))
        assert (results.sent, results.returned, results.response_rate, results.satisfied_with_handling) == (
            0,
            0,
            None,
            None,
        )
        assert all(band.percent is None for band in results.handling)
