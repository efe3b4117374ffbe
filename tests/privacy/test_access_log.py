from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from alerts.services import alerts_sweep
from complaints.services import record
from privacy.models import SpecialCategoryView
from tests.factories import ResidentFactory

D = datetime.date
SECRET = "Uses a wheelchair after a stroke"


@pytest.fixture
def needs(resident, officer):
    record.disclosure_record(
        actor=officer, resident=resident, kind="vulnerability", description=SECRET, disclosed_on=D(2026, 1, 5)
    )
    record.adjustment_agree(
        actor=officer, resident=resident, adjustment="Visits at home", agreed_on=D(2026, 1, 5), review_due=D(2026, 3, 4)
    )
    return resident


def views() -> list[tuple]:
    return list(SpecialCategoryView.objects.order_by("id").values_list("viewer__username", "resident_id", "shown_on"))


def test_an_officer_opening_a_case_is_logged_with_who_when_and_which_resident(
    client, officer, needs, log_complaint, login_with_mfa
):
    complaint = log_complaint()
    login_with_mfa(client, officer)

    page = client.get(reverse("casework:complaint", args=[complaint.reference]))

    assert SECRET in page.content.decode()
    assert views() == [("olivia", needs.pk, f"Complaint {complaint.reference}")]
    logged = SpecialCategoryView.objects.get()
    assert logged.viewed_at == datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    # Which resident, never the data itself.
    assert SECRET not in str(SpecialCategoryView.objects.values().get())


def test_the_resident_page_and_the_review_form_are_logged(client, officer, needs, login_with_mfa):
    login_with_mfa(client, officer)
    client.get(reverse("casework:resident", args=[needs.pk]))
    adjustment = needs.adjustments.get()
    client.get(reverse("casework:resident-review", args=[needs.pk, "adjustment", adjustment.pk]))
    assert views() == [("olivia", needs.pk, "Resident page"), ("olivia", needs.pk, "Review of an adjustment")]


def test_a_staff_member_who_sees_no_special_category_data_is_not_logged(
    client, staff_member, needs, log_complaint, login_with_mfa
):
    complaint = log_complaint(actor=staff_member)
    login_with_mfa(client, staff_member)
    page = client.get(reverse("casework:complaint", args=[complaint.reference]))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    client.get(reverse("casework:resident", args=[needs.pk]))
    assert views() == []


def test_the_review_queue_logs_each_resident_it_lists(client, officer, needs, login_with_mfa):
    other = ResidentFactory()
    record.adjustment_agree(
        actor=officer, resident=other, adjustment="Large print", agreed_on=D(2026, 1, 5), review_due=D(2026, 3, 10)
    )
    login_with_mfa(client, officer)
    client.get(reverse("casework:queue", args=["reviews-due"]))
    assert sorted(resident for _, resident, _ in views()) == sorted([needs.pk, other.pk])


def test_filtering_a_queue_by_vulnerability_logs_the_residents_it_shows(
    client, officer, needs, log_complaint, login_with_mfa
):
    log_complaint()
    login_with_mfa(client, officer)
    client.get(reverse("casework:queue", args=["awaiting-acknowledgement"]), {"vulnerable": "on"})
    assert [resident for _, resident, _ in views()] == [needs.pk]
    client.get(reverse("casework:queue", args=["awaiting-acknowledgement"]))
    assert len(views()) == 1


def test_api_responses_with_special_category_data_are_logged(officer, needs):
    api = APIClient()
    api.force_authenticate(officer)

    listed = api.get("/api/v1/residents/")
    api.get(f"/api/v1/residents/{needs.pk}/")
    api.post(
        f"/api/v1/residents/{needs.pk}/disclosures/",
        {"kind": "disability", "description": "Dyslexia", "disclosed_on": "2026-02-01"},
        format="json",
    )

    assert listed.json()["results"][0]["disclosures"][0]["description"] == SECRET
    assert views() == [
        ("olivia", needs.pk, "API: resident list"),
        ("olivia", needs.pk, "API: resident record"),
        ("olivia", needs.pk, "API: resident record"),
    ]


def test_api_responses_without_special_category_data_are_not_logged(staff_member, needs):
    api = APIClient()
    api.force_authenticate(staff_member)
    assert "disclosures" not in api.get(f"/api/v1/residents/{needs.pk}/").json()
    assert views() == []


def test_the_log_cannot_be_changed_or_deleted(client, officer, needs, login_with_mfa):
    login_with_mfa(client, officer)
    client.get(reverse("casework:resident", args=[needs.pk]))
    for change in (
        lambda: SpecialCategoryView.objects.update(shown_on="nothing"),
        lambda: SpecialCategoryView.objects.all().delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert len(views()) == 1


def test_an_export_with_the_special_category_columns_is_logged_for_each_resident(
    client, officer, needs, log_complaint, login_with_mfa
):
    log_complaint()
    log_complaint(received_on=D(2026, 2, 9))
    login_with_mfa(client, officer)
    response = client.get(reverse("casework:queue", args=["awaiting-acknowledgement"]), {"format": "csv"})
    assert "Vulnerability recorded" in b"".join(response.streaming_content).decode()
    assert views() == [("olivia", needs.pk, "Export: awaiting-acknowledgement-2026-03-02.csv")]


def test_an_export_without_them_is_not_logged(client, staff_member, needs, log_complaint, login_with_mfa):
    log_complaint(actor=staff_member)
    login_with_mfa(client, staff_member)
    response = client.get(reverse("casework:queue", args=["logged"]), {"format": "csv"})
    assert "Vulnerability recorded" not in b"".join(response.streaming_content).decode()
    assert views() == []


def test_a_list_of_alerts_naming_residents_with_a_review_due_is_logged(client, officer, needs, login_with_mfa):
    alerts_sweep(today=D(2026, 3, 2))
    login_with_mfa(client, officer)
    page = client.get(reverse("alerts:list"))
    assert f"{escape(needs.name)}: reasonable adjustment review" in page.content.decode()
    assert views() == [("olivia", needs.pk, "Alerts: reviews due")]
