"""The in-app alerts: the list, the bell's count, marking read, and email settings, in the browser and the API."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from alerts.models import Alert, AlertSettings, Kind
from alerts.services import alerts_sweep
from complaints.services import workflow
from tests.conftest import POINTS
from tests.factories import UserFactory


@pytest.fixture
def two_alerts(log_complaint, officer):
    """Olivia handles one complaint whose acknowledgement is due today; Oscar has an alert of his own."""
    complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
    oscar = UserFactory(role="Complaints officers", username="oscar")
    workflow.complaint_define(
        actor=oscar, complaint=log_complaint(received_on=datetime.date(2026, 2, 23)), points=POINTS
    )
    alerts_sweep(today=datetime.date(2026, 3, 2))
    return Alert.objects.get(recipient=officer), Alert.objects.get(recipient=oscar)


@pytest.fixture
def signed_in(login_with_mfa):
    def sign_in(user) -> Client:
        client = Client()
        login_with_mfa(client, user)
        return client

    return sign_in


def test_the_alert_list_shows_only_my_alerts_and_the_bell_counts_them(two_alerts, officer, signed_in):
    mine, theirs = two_alerts

    page = signed_in(officer).get("/alerts/")

    assert page.status_code == 200
    assert mine.title in page.text
    assert theirs.title not in page.text
    assert page.context["unread_alerts"] == 1


def test_marking_an_alert_read_clears_it_from_the_bell(two_alerts, officer, signed_in):
    mine, _ = two_alerts
    client = signed_in(officer)

    assert client.post(f"/alerts/{mine.pk}/read/").status_code == 302

    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get("/alerts/").context["unread_alerts"] == 0


def test_nobody_can_mark_someone_elses_alert_read(two_alerts, officer, signed_in):
    _, theirs = two_alerts

    assert signed_in(officer).post(f"/alerts/{theirs.pk}/read/").status_code == 404
    assert APIClient().get("/api/v1/alerts/").status_code in (401, 403)
    api = APIClient()
    api.force_authenticate(officer)
    assert api.post(f"/api/v1/alerts/{theirs.pk}/read/").status_code == 404

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_signed_out_visitors_are_sent_to_sign_in(db):
    answer = Client().get("/alerts/")

    assert answer.status_code == 302
    assert "login" in answer["Location"]


def test_choosing_no_email_for_a_kind_is_saved(officer, signed_in):
    client = signed_in(officer)
    wanted = [kind for kind in Kind.values if kind != Kind.DAILY_DIGEST]

    answer = client.post("/alerts/settings/", {"email_for": wanted})

    assert answer.status_code == 302
    assert AlertSettings.objects.get(user=officer).no_email_for == [Kind.DAILY_DIGEST]


def test_an_unknown_kind_in_the_settings_form_is_refused_with_a_reason(officer, signed_in):
    answer = signed_in(officer).post("/alerts/settings/", {"email_for": ["made_up"]})

    assert answer.status_code == 200
    assert "Select a valid choice" in answer.text
    assert not AlertSettings.objects.filter(user=officer).exists()


def test_the_api_lists_my_alerts_marks_them_read_and_keeps_my_settings(two_alerts, officer):
    mine, _ = two_alerts
    api = APIClient()
    api.force_authenticate(officer)

    listed = api.get("/api/v1/alerts/").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    assert listed["results"][0]["reference"] == mine.complaint.reference
    assert api.post(f"/api/v1/alerts/{mine.pk}/read/").json()["read_at"] is not None

    assert api.put("/api/v1/alerts/settings/", {"no_email_for": ["remedy_due"]}, format="json").status_code == 200
    assert api.get("/api/v1/alerts/settings/").json() == {"no_email_for": ["remedy_due"]}
    refused = api.put("/api/v1/alerts/settings/", {"no_email_for": ["made_up"]}, format="json")
    assert refused.status_code == 400
    assert "no_email_for" in refused.json()


def test_administrators_change_thresholds_in_the_admin_and_officers_cannot(officer, signed_in):
    from alerts.models import AlertThreshold
    from core import roles

    administrator = UserFactory(role=roles.ADMINISTRATOR, username="ada", is_staff=True)
    threshold = AlertThreshold.objects.get(kind=Kind.RESPONSE_DUE)
    url = f"/admin/alerts/alertthreshold/{threshold.pk}/change/"
    officer.is_staff = True
    officer.save()

    assert signed_in(officer).get(url).status_code == 403
    answer = signed_in(administrator).post(
        url, {"working_days_before": 3, "on_the_day": "on", "when_overdue": "on", "overdue_to_manager": "on"}
    )

    assert answer.status_code == 302
    threshold.refresh_from_db()
    assert threshold.working_days_before == 3
