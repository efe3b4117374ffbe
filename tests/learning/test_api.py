"""The learning API: record learning and improvements through the same services; refuse roles that may not."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from learning.models import LearningPoint, ServiceImprovement


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def complaint(log_complaint):
    return log_complaint()


def test_an_officer_records_learning_and_the_senior_lead_reads_it(officer, senior_lead, complaint):
    created = api(officer).post(
        "/api/v1/learning-points/",
        {"complaint": complaint.pk, "theme": "communication", "learning": "Call back the same day."},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["reference"] == complaint.reference

    listed = api(senior_lead).get("/api/v1/learning-points/?theme=communication")
    assert listed.status_code == 200
    assert [row["learning"] for row in listed.json()["results"]] == ["Call back the same day."]


def test_a_missing_learning_text_is_explained_and_nothing_saved(officer, complaint):
    answer = api(officer).post(
        "/api/v1/learning-points/", {"complaint": complaint.pk, "theme": "communication", "learning": " "}
    )
    assert answer.status_code == 400
    assert "learning" in answer.json()
    assert not LearningPoint.objects.exists()


def test_the_board_and_staff_can_neither_read_nor_record_learning(board_member, staff_member, complaint):
    for user in (board_member, staff_member):
        assert api(user).get("/api/v1/learning-points/").status_code == 403
        assert api(user).get("/api/v1/service-improvements/").status_code == 403
        posted = api(user).post(
            "/api/v1/learning-points/",
            {"complaint": complaint.pk, "theme": "communication", "learning": "x"},
            format="json",
        )
        assert posted.status_code == 403
    assert not LearningPoint.objects.exists()


def test_an_improvement_is_recorded_and_reported_back(senior_lead, complaint):
    created = api(senior_lead).post(
        "/api/v1/service-improvements/",
        {
            "title": "Same-day call-backs",
            "what_changed": "Every missed call is returned the same working day.",
            "team": "Customer services",
            "implemented_on": "2026-02-20",
            "theme": "communication",
            "complaints": [complaint.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["complaint_references"] == [complaint.reference]

    reported = api(senior_lead).post(
        f"/api/v1/service-improvements/{body['id']}/report-backs/",
        {"audience": "staff", "reported_on": "2026-02-27", "note": "Team briefing"},
        format="json",
    )
    assert reported.status_code == 201
    assert [r["audience"] for r in reported.json()["report_backs"]] == ["staff"]
    assert ServiceImprovement.objects.get().report_backs.count() == 1


def test_an_improvement_needs_a_complaint(officer):
    answer = api(officer).post(
        "/api/v1/service-improvements/",
        {
            "title": "x",
            "what_changed": "y",
            "team": "z",
            "implemented_on": "2026-02-20",
            "theme": "communication",
            "complaints": [],
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "complaints" in answer.json()


def test_roles_that_may_not_act_are_refused_before_their_input_is_read(board_member, staff_member, senior_lead):
    for user in (board_member, staff_member):
        for url in ("/api/v1/learning-points/", "/api/v1/service-improvements/"):
            assert api(user).post(url, {}, format="json").status_code == 403, (user, url)
    assert api(senior_lead).post("/api/v1/learning-points/", {}, format="json").status_code == 403
    assert api(senior_lead).post("/api/v1/service-improvements/", {}, format="json").status_code == 400
