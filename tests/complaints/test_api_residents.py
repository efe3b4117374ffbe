from __future__ import annotations

import datetime
import logging

import pytest
from rest_framework.test import APIClient

from complaints.services import record

DISABILITY = "Registered blind; needs large print or phone calls"


@pytest.fixture
def resident_with_disclosure(resident, officer):
    record.disclosure_record(
        actor=officer,
        resident=resident,
        kind="disability",
        description=DISABILITY,
        disclosed_on=datetime.date(2026, 1, 5),
    )
    return resident


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_officer_sees_a_residents_disclosed_disability(resident_with_disclosure, officer):
    body = client_for(officer).get(f"/api/v1/residents/{resident_with_disclosure.pk}/").json()
    assert body["disclosures"][0]["description"] == DISABILITY


def test_a_staff_member_can_find_a_resident_but_not_see_special_category_data(resident_with_disclosure, staff_member):
    response = client_for(staff_member).get("/api/v1/residents/", {"search": resident_with_disclosure.name})
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == resident_with_disclosure.pk
    assert DISABILITY not in response.content.decode()
    detail = client_for(staff_member).get(f"/api/v1/residents/{resident_with_disclosure.pk}/").json()
    assert "disclosures" not in detail and "adjustments" not in detail and "contact_restrictions" not in detail


def test_a_board_member_cannot_see_residents_at_all(resident_with_disclosure, board_member):
    assert client_for(board_member).get("/api/v1/residents/").status_code == 403
    assert client_for(board_member).get(f"/api/v1/residents/{resident_with_disclosure.pk}/").status_code == 403


def test_a_staff_member_cannot_record_an_adjustment(resident, staff_member):
    response = client_for(staff_member).post(
        f"/api/v1/residents/{resident.pk}/adjustments/",
        {"adjustment": "Large print letters", "agreed_on": "2026-02-01", "review_due": "2026-08-01"},
        format="json",
    )
    assert response.status_code == 403
    assert resident.adjustments.count() == 0


def test_an_officer_records_an_adjustment_with_a_review_date(resident, officer):
    response = client_for(officer).post(
        f"/api/v1/residents/{resident.pk}/adjustments/",
        {"adjustment": "Large print letters", "agreed_on": "2026-02-01", "review_due": "2026-08-01"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["adjustments"][0]["review_due"] == "2026-08-01"


def test_a_restriction_without_a_review_date_after_its_start_is_refused(resident, officer):
    response = client_for(officer).post(
        f"/api/v1/residents/{resident.pk}/contact-restrictions/",
        {
            "reason": "Abusive calls to staff",
            "evidence": "Call notes 3 and 9 February",
            "scope": "Contact by email only",
            "equality_considerations": "No disability disclosed",
            "starts_on": "2026-02-10",
            "review_due": "2026-02-10",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "review" in response.json()["review_due"][0]


def test_special_category_data_never_reaches_the_logs(resident, officer, caplog):
    caplog.set_level(logging.DEBUG)
    client_for(officer).post(
        f"/api/v1/residents/{resident.pk}/disclosures/",
        {"kind": "disability", "description": DISABILITY, "disclosed_on": "2026-02-01"},
        format="json",
    )
    client_for(officer).get(f"/api/v1/residents/{resident.pk}/")
    assert resident.disclosures.count() == 1
    assert DISABILITY not in caplog.text
