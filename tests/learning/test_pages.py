"""Staff pages for learning (Code 9.1-9.4): the case page action, themes and trends, service improvements."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from learning import services
from learning.models import LearningPoint, ReportBack, ServiceImprovement, Theme
from tests.casework.conftest import date_fields

D = datetime.date


@pytest.fixture
def complaint(log_complaint):
    return log_complaint()


@pytest.fixture
def improvement(officer, complaint):
    return services.service_improvement_record(
        actor=officer,
        title="Text reminders",
        what_changed="A text the day before each repair appointment.",
        team="Repairs",
        implemented_on=D(2026, 2, 20),
        theme=Theme.objects.get(code="communication"),
        complaints=[complaint],
    )


def test_an_officer_records_learning_from_the_case_page(client, officer, complaint, login_with_mfa):
    login_with_mfa(client, officer)
    url = reverse("casework:complaint-action", args=[complaint.reference, "learning"])
    theme = Theme.objects.get(code="contractors")

    assert "Record learning" in client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    answer = client.post(url, {"version": complaint.version, "theme": theme.pk, "learning": "Check contractor slots."})

    assert answer.status_code == 302
    point = LearningPoint.objects.get()
    assert (point.complaint, point.theme, point.learning) == (complaint, theme, "Check contractor slots.")
    page = client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    assert "Check contractor slots." in page


def test_the_case_page_reports_back_the_improvement_the_complaint_led_to(
    client, officer, complaint, improvement, login_with_mfa
):
    login_with_mfa(client, officer)
    page = client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    assert "This complaint led to a service improvement" in page
    assert "Text reminders" in page


def test_the_senior_lead_sees_themes_and_trends_but_cannot_record_learning_on_a_case(
    client, officer, senior_lead, complaint, login_with_mfa
):
    services.learning_point_record(
        actor=officer, complaint=complaint, theme=Theme.objects.get(code="timeliness"), learning="Too slow."
    )
    login_with_mfa(client, senior_lead)

    page = client.get(reverse("learning:themes"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Delays and missed timescales" in text and "Too slow." in text
    # The trend as a chart (an image the strict Content Security Policy allows), with its table beside it.
    assert 'src="data:image/svg+xml;base64,' in text and "Learning recorded by theme" in text
    assert client.get(reverse("casework:complaint-action", args=[complaint.reference, "learning"])).status_code == 403


def test_an_improvement_is_recorded_from_its_page_with_complaint_references(
    client, senior_lead, complaint, login_with_mfa
):
    login_with_mfa(client, senior_lead)
    data = {
        "title": "Damp surveys within 5 days",
        "what_changed": "Every damp report gets a survey within 5 working days.",
        "team": "Asset management",
        **date_fields("implemented_on", D(2026, 2, 27)),
        "theme": Theme.objects.get(code="damp_mould").pk,
        "complaints": f"{complaint.reference.lower()}, CMP-999999",
    }
    refused = client.post(reverse("learning:improvement-new"), data)
    assert "There is no complaint with the reference CMP-999999" in refused.content.decode()
    assert not ServiceImprovement.objects.exists()

    data["complaints"] = complaint.reference.lower()
    created = client.post(reverse("learning:improvement-new"), data)
    improvement = ServiceImprovement.objects.get()
    assert created.status_code == 302 and created.url == reverse("learning:improvement", args=[improvement.pk])
    assert list(improvement.complaints.all()) == [complaint]


def test_reporting_back_is_recorded_on_the_improvement_page(client, officer, improvement, login_with_mfa):
    login_with_mfa(client, officer)
    url = reverse("learning:improvement", args=[improvement.pk])
    answer = client.post(
        url, {"audience": "committee", **date_fields("reported_on", D(2026, 2, 26)), "note": "Board, February"}
    )
    assert answer.status_code == 302
    assert ReportBack.objects.get().audience == "committee"
    assert "Board, February" in client.get(url).content.decode()
    listing = client.get(reverse("learning:improvements")).content.decode()
    assert "Text reminders" in listing and "Committee or governing body" in listing


def test_the_board_and_staff_are_refused_the_learning_pages(
    client, board_member, staff_member, improvement, login_with_mfa
):
    urls = [
        reverse("learning:themes"),
        reverse("learning:improvements"),
        reverse("learning:improvement-new"),
        reverse("learning:improvement", args=[improvement.pk]),
    ]
    for user in (board_member, staff_member):
        login_with_mfa(client, user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302


def test_the_senior_lead_may_read_but_staff_may_not_post_a_report_back(
    client, staff_member, improvement, login_with_mfa
):
    login_with_mfa(client, staff_member)
    answer = client.post(
        reverse("learning:improvement", args=[improvement.pk]),
        {"audience": "staff", **date_fields("reported_on", D(2026, 2, 26)), "note": "x"},
    )
    assert answer.status_code == 403
    assert not ReportBack.objects.exists()
