"""The survey API: send a survey, read answers (case workers and the senior lead), results (the board too)."""

from __future__ import annotations

from django.core import mail
from rest_framework.test import APIClient

from surveys.models import Survey


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_officer_sends_a_survey_and_a_second_is_refused(
    officer, responded_complaint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = api(officer).post("/api/v1/surveys/", {"complaint": responded_complaint.pk}, format="json")
    assert sent.status_code == 201, sent.content
    assert sent.json()["stage"] == 1
    assert len(mail.outbox) == 1

    again = api(officer).post("/api/v1/surveys/", {"complaint": responded_complaint.pk}, format="json")
    assert again.status_code == 400
    assert "already sent" in again.json()["detail"]


def test_the_board_sees_results_but_not_answers(board_member, officer, responded_complaint):
    Survey.objects.create(
        complaint=responded_complaint,
        stage=1,
        token_hash="a" * 64,
        sent_on="2026-02-20",
        sent_by=officer,
        answered_at="2026-02-21T10:00:00Z",
        handling=4,
        comments="The officer was kind.",
    )
    board = api(board_member)
    assert board.get("/api/v1/surveys/").status_code == 403
    results = board.get("/api/v1/surveys/results/?from=2026-02-01&to=2026-02-28")
    assert results.status_code == 200
    body = results.json()
    assert (body["sent"], body["returned"], body["response_rate"]) == (1, 1, 100.0)
    assert [band["count"] for band in body["handling"]] == [0, 1, 0, 0, 0]
    assert "kind" not in results.content.decode()


def test_staff_cannot_send_or_read_surveys(staff_member, responded_complaint):
    assert api(staff_member).post("/api/v1/surveys/", {"complaint": responded_complaint.pk}).status_code == 403
    assert api(staff_member).get("/api/v1/surveys/results/?from=2026-02-01&to=2026-02-28").status_code == 403
    assert not Survey.objects.exists()


def test_roles_that_may_not_send_are_refused_before_their_input_is_read(board_member, senior_lead):
    for user in (board_member, senior_lead):
        assert api(user).post("/api/v1/surveys/", {}, format="json").status_code == 403
