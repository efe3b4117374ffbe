"""The public survey page: no sign-in, the token is the key, it says how to complain (Code 1.6)."""

from __future__ import annotations

import re

from django.core import mail

from complaints.models import Complaint
from surveys.models import Survey
from surveys.services import survey_send


def sent_token(officer, complaint, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        survey_send(actor=officer, complaint=complaint)
    return re.search(r"/survey/([\w-]+)/", mail.outbox[-1].body).group(1)


def test_the_page_opens_without_signing_in_and_says_how_to_complain(
    client, officer, responded_complaint, django_capture_on_commit_callbacks
):
    token = sent_token(officer, responded_complaint, django_capture_on_commit_callbacks)
    page = client.get(f"/survey/{token}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Tell us how we handled your complaint" in text
    assert "This survey is not a complaint" in text
    assert 'href="/complain/"' in text
    # No personal data on a page reached by a link alone.
    assert responded_complaint.resident.name not in text
    assert responded_complaint.resident.email not in text


def test_answering_records_it_and_the_link_then_says_it_was_answered(
    client, officer, responded_complaint, django_capture_on_commit_callbacks
):
    token = sent_token(officer, responded_complaint, django_capture_on_commit_callbacks)
    complaints = Complaint.objects.count()

    answer = client.post(f"/survey/{token}/", {"handling": "2", "outcome": "1", "comments": "Too slow."})
    assert answer.status_code == 302 and answer["Location"] == "/survey/thanks/"
    thanks = client.get("/survey/thanks/")
    assert "Thank you for your feedback" in thanks.content.decode()
    assert "make a complaint online" in thanks.content.decode()

    again = client.post(f"/survey/{token}/", {"handling": "5"})
    assert "You have already answered this survey" in again.content.decode()
    survey = Survey.objects.get()
    assert (survey.handling, survey.outcome, survey.comments) == (2, 1, "Too slow.")
    assert Complaint.objects.count() == complaints


def test_a_missing_answer_is_explained_beside_the_question(
    client, officer, responded_complaint, django_capture_on_commit_callbacks
):
    token = sent_token(officer, responded_complaint, django_capture_on_commit_callbacks)
    page = client.post(f"/survey/{token}/", {"comments": "hello"})

    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in text
    assert "Select how satisfied you are with how we handled your complaint" in text
    assert Survey.objects.get().answered_at is None


def test_an_unknown_token_is_not_found(client, db):
    assert client.get("/survey/not-a-real-token/").status_code == 404
    assert client.post("/survey/not-a-real-token/", {"handling": "5"}).status_code == 404
