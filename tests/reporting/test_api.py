"""GET /api/v1/reports/tsm/ and /api/v1/reports/summary/."""

from __future__ import annotations

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.test import APIClient

from complaints.services import workflow
from learning import services as learning
from learning.models import Theme
from reporting import dashboard_api
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


def test_the_summary_carries_the_survey_ombudsman_and_learning_figures(api, board_member, officer, oversight_data):
    learning.learning_point_record(
        actor=officer,
        complaint=oversight_data,
        theme=Theme.objects.get(code="communication"),
        learning="Confirm appointments by text.",
        recorded_on=D(2026, 2, 21),
    )
    api.force_authenticate(board_member)

    body = api.get("/api/v1/reports/summary/", {"from": "2026-02-01", "to": "2026-02-28"}).json()

    satisfaction = body["satisfaction"]
    assert (satisfaction["sent"], satisfaction["returned"], satisfaction["response_rate"]) == (1, 1, 100.0)
    assert {band["label"]: band["count"] for band in satisfaction["handling"]}["Very satisfied"] == 1
    assert {band["label"]: band["count"] for band in satisfaction["outcome"]}["Fairly satisfied"] == 1
    ombudsman = body["ombudsman"]
    assert (ombudsman["referrals"], ombudsman["determinations"], ombudsman["adverse_findings"]) == (1, 0, 1)
    assert {row["determination"]: row["count"] for row in ombudsman["findings"]}["severe_maladministration"] == 1
    # The order was due on 27 February and nothing says it was complied with: overdue today.
    order_figures = {"made": 1, "due": 1, "complied": 0, "complied_late": 0, "overdue": 1, "open_not_yet_due": 0}
    assert ombudsman["orders"] == ombudsman["severe_maladministration_orders"] == order_figures
    assert ombudsman["handling_failure_orders"]["made"] == 0
    assert body["improvements"] == [
        {
            "implemented_on": "2026-02-20",
            "title": "Text reminders",
            "team": "Repairs",
            "theme": "Communication and keeping residents informed",
            "complaints": 1,
            "reported_back_to": [],
        }
    ]
    assert body["learning_themes"] == [{"theme": "Communication and keeping residents informed", "learning_points": 1}]
    # Figures only, as on the board's dashboard.
    text = str(body)
    assert oversight_data.reference not in text and oversight_data.resident.name not in text
    assert "Private remark" not in text and "Confirm appointments" not in text
    # Another period has none of it.
    march = api.get("/api/v1/reports/summary/", {"from": "2026-03-01", "to": "2026-03-31"}).json()
    assert (march["satisfaction"]["sent"], march["ombudsman"]["referrals"], march["improvements"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"to": "2026-02-28"}, "from", "required"),
        ({"from": "1 Feb 2026", "to": "2026-02-28"}, "from", "format"),
        ({"from": "2026-02-28", "to": "2026-02-01"}, "to", "on or after its start"),
        ({"from": "2020-01-01", "to": "2026-02-01"}, "to", "three years or less"),
        # Found by schemathesis: years near 1 overflowed the date arithmetic (a 500).
        ({"from": "0001-01-01", "to": "0004-01-01"}, "from", "between 1 January 2000 and 31 December 2100"),
        ({"from": "2100-06-01", "to": "9999-12-31"}, "to", "between 1 January 2000 and 31 December 2100"),
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


def test_an_app_adds_its_figures_to_the_summary_and_its_schema_by_registering_them(api, officer, monkeypatch):
    monkeypatch.setattr(dashboard_api, "_SECTIONS", dict(dashboard_api._SECTIONS))
    asked = []

    @dashboard_api.register_summary_figures(
        name="visits", order=95, field=serializers.IntegerField(help_text="Home visits made.")
    )
    def visits(*, start, end, as_of):
        asked.append((start, end))
        return 3

    api.force_authenticate(officer)
    body = api.get("/api/v1/reports/summary/", {"from": "2026-02-01", "to": "2026-02-28"}).json()
    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert body["visits"] == 3
    assert asked == [(D(2026, 2, 1), D(2026, 2, 28))]
    # In the order registered: after the learning themes (90).
    assert list(body)[-2:] == ["learning_themes", "visits"]
    assert schema["components"]["schemas"]["Summary"]["properties"]["visits"]["description"] == "Home visits made."
