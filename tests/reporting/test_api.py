"""GET /api/v1/reports/tsm/ and /api/v1/reports/summary/."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from complaints.services import workflow
from tests.conftest import POINTS

D = datetime.date


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def cases(log_complaint, officer):
    first = log_complaint(received_on=D(2026, 2, 2))
    workflow.complaint_acknowledge(actor=officer, complaint=first, acknowledged_on=D(2026, 2, 3), points=POINTS)
    return first, log_complaint(received_on=D(2026, 2, 9))


def test_the_tsm_figures_for_a_year(api, board_member, cases):
    api.force_authenticate(board_member)

    answer = api.get("/api/v1/reports/tsm/?year=2025")

    assert answer.status_code == 200
    body = answer.json()
    assert (body["start"], body["end"]) == ("2025-04-01", "2026-03-31")
    stage_1 = next(row for row in body["ch01"] if row["stage"] == 1 and row["homes"] == "all")
    assert (stage_1["numerator"], stage_1["denominator"], stage_1["value"]) == (2, None, None)


@pytest.mark.parametrize("year", ["", "2025-26", "1999", "99999"])
def test_a_bad_year_is_refused_with_a_reason(api, officer, year):
    api.force_authenticate(officer)

    answer = api.get("/api/v1/reports/tsm/", {"year": year})

    assert answer.status_code == 400
    assert "reporting year starts" in answer.json()["year"][0]


def test_the_summary_for_a_period(api, officer, cases):
    api.force_authenticate(officer)

    answer = api.get("/api/v1/reports/summary/", {"from": "2026-02-01", "to": "2026-02-28", "breakdown": "stage"})

    assert answer.status_code == 200
    body = answer.json()
    assert body["total"]["counts"]["received"] == 2
    assert body["total"]["counts"]["acknowledged_in_time"] == 1
    assert [row["key"] for row in body["rows"]] == ["1"]
    assert "reference" not in str(body)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"to": "2026-02-28"}, "from", "required"),
        ({"from": "1 Feb 2026", "to": "2026-02-28"}, "from", "format"),
        ({"from": "2026-02-28", "to": "2026-02-01"}, "to", "on or after its start"),
        ({"from": "2020-01-01", "to": "2026-02-01"}, "to", "three years or less"),
        ({"from": "2026-02-01", "to": "2026-02-28", "breakdown": "colour"}, "breakdown", "not a valid choice"),
    ],
)
def test_bad_summary_parameters_are_refused_with_a_reason(api, officer, query, field, message):
    api.force_authenticate(officer)

    answer = api.get("/api/v1/reports/summary/", query)

    assert answer.status_code == 400
    assert message in " ".join(answer.json()[field])


def test_roles_without_the_dashboard_are_refused(api, staff_member):
    api.force_authenticate(staff_member)

    assert api.get("/api/v1/reports/tsm/?year=2025").status_code == 403
    assert api.get("/api/v1/reports/summary/?from=2026-02-01&to=2026-02-28").status_code == 403


def test_anonymous_callers_are_refused(api, db):
    assert api.get("/api/v1/reports/tsm/?year=2025").status_code in (401, 403)
