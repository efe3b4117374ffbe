"""The report's pages: public once approved, with no personal data anywhere; staff pages by role."""

from __future__ import annotations

import datetime
import json
import re
import subprocess

import pytest
from django.urls import reverse

from complaints.models import Complaint, Resident
from reporting import services
from reporting.models import AnnualReport, ReportRender
from tests.reporting.conftest import YEAR, approve

D = datetime.date


def text_of(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def personal_data(*users) -> list[str]:
    """Everything that would identify a resident, a case or a member of staff."""
    found = []
    for resident in Resident.objects.select_related("home"):
        found += [resident.name, resident.email, resident.phone]
        if resident.home:
            found += [resident.home.address, resident.home.postcode]
    found += list(Complaint.objects.values_list("reference", flat=True))
    found += list(Complaint.objects.values_list("summary", flat=True))
    for user in users:
        # Not the username: "sam" is in "same".
        found += [user.get_full_name(), user.email]
    return [value for value in found if value]


def test_a_draft_is_not_public_and_the_approved_report_is(client, report, board_member):
    before = client.get("/annual-report/")
    assert before.status_code == 200
    assert "We have not published an annual complaints report yet." in before.content.decode()
    assert "The Board accepts" not in before.content.decode()
    assert client.get(f"/annual-report/{YEAR}/").status_code == 404
    approve(report, board_member)
    page = client.get("/annual-report/")
    assert page.status_code == 200
    html = page.content.decode()
    for anchor in ["section-a", "section-b", "section-c", "section-d", "section-e", "section-f"]:
        assert f'id="{anchor}"' in html
    assert "The Board accepts the report and will monitor the winter backlog." in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert client.get(f"/annual-report/{YEAR}/").status_code == 200


def test_nothing_published_names_a_resident_a_case_or_a_member_of_staff(
    client, report, board_member, officer, manager, senior_lead
):
    report = approve(report, board_member)
    (render,) = ReportRender.objects.all()
    services.report_render_run(render_id=render.pk)
    public_html = client.get("/annual-report/").content.decode()
    pdf = client.get(f"/annual-report/{YEAR}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = text_of(pdf.content)
    frozen = json.dumps(report.figures) + json.dumps(report.charts)
    assert "Our governing body's response" in pdf_text
    for value in personal_data(board_member, officer, manager, senior_lead):
        assert value not in public_html, value
        assert value not in pdf_text, value
        assert value not in frozen, value


def test_the_public_pdf_waits_for_the_render_of_the_approved_report(client, report, board_member):
    approve(report, board_member)
    assert client.get(f"/annual-report/{YEAR}/report.pdf").status_code == 404
    assert "being prepared" in client.get("/annual-report/").content.decode()


def test_the_board_reads_the_draft_but_cannot_write_it(client, report, board_member, login_with_mfa):
    login_with_mfa(client, board_member)
    assert client.get(reverse("reporting:staff-detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reporting:staff-edit", args=[report.pk])).status_code == 403
    response = client.post(reverse("reporting:staff-edit", args=[report.pk]), {"introduction": "Board's words"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.introduction == "How we handled complaints this year."
    assert client.get(reverse("reporting:staff-approve", args=[report.pk])).status_code == 200


def test_the_board_page_shows_no_residents_or_cases(client, report, board_member, login_with_mfa):
    login_with_mfa(client, board_member)
    html = client.get(reverse("reporting:staff-detail", args=[report.pk])).content.decode()
    for value in personal_data():
        assert value not in html, value


def test_staff_without_a_role_in_reporting_are_refused(client, report, staff_member, login_with_mfa):
    login_with_mfa(client, staff_member)
    for name in ["staff-detail", "staff-edit", "staff-approve"]:
        assert client.get(reverse(f"reporting:{name}", args=[report.pk])).status_code == 403
    assert client.get(reverse("reporting:staff-list")).status_code == 403
    assert client.get(reverse("reporting:mrc-pack")).status_code == 403
    assert client.post(reverse("reporting:staff-render", args=[report.pk])).status_code == 403


def test_signed_out_staff_pages_send_to_sign_in(client, report):
    response = client.get(reverse("reporting:staff-detail", args=[report.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_senior_lead_writes_the_narrative_and_errors_are_explained(client, report, senior_lead, login_with_mfa):
    login_with_mfa(client, senior_lead)
    url = reverse("reporting:staff-edit", args=[report.pk])
    response = client.post(
        url,
        {
            "self_assessment": report.self_assessment_id,
            "performance_analysis": "Better than last year.",
            "ombudsman_annual_report_url": "not a web address",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Enter a web address" in html
    response = client.post(
        url,
        {
            "self_assessment": report.self_assessment_id,
            "performance_analysis": "Better than last year.",
            "ombudsman_annual_report_url": "https://www.housing-ombudsman.org.uk/",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.performance_analysis == "Better than last year."


def test_a_save_or_an_approval_from_a_page_read_before_a_colleagues_save_is_refused(
    client, report, board_member, senior_lead, login_with_mfa
):
    login_with_mfa(client, senior_lead)
    edit = reverse("reporting:staff-edit", args=[report.pk])
    revision = re.search(r'name="revision" value="(\d+)"', client.get(edit).content.decode()).group(1)
    login_with_mfa(client, board_member)
    approve_url = reverse("reporting:staff-approve", args=[report.pk])
    approval_read_at = re.search(r'name="revision" value="(\d+)"', client.get(approve_url).content.decode()).group(1)
    # Meanwhile a colleague saves the analysis.
    services.annual_report_update(
        actor=senior_lead, report=report, data={"performance_analysis": "A colleague's analysis."}
    )
    login_with_mfa(client, senior_lead)

    late = client.post(
        edit,
        {"self_assessment": report.self_assessment_id, "performance_analysis": "Mine.", "revision": revision},
    )

    html = late.content.decode()
    assert late.status_code == 200
    assert "Someone else saved the report while you were writing" in html and "Mine." in html
    report.refresh_from_db()
    assert report.performance_analysis == "A colleague's analysis."
    login_with_mfa(client, board_member)
    approval = {
        "approved_on-day": "2",
        "approved_on-month": "3",
        "approved_on-year": "2026",
        "minute_reference": "Board 2026/15",
        "governing_body_response": "Accepted.",
        "confirm": "on",
    }
    stale = client.post(approve_url, {**approval, "revision": approval_read_at})
    assert "The report changed after you opened it" in stale.content.decode()
    assert not AnnualReport.objects.get(pk=report.pk).is_approved
    read_again = re.search(r'name="revision" value="(\d+)"', client.get(approve_url).content.decode()).group(1)
    assert client.post(approve_url, {**approval, "revision": read_again}).status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).is_approved


def test_the_board_approves_with_its_response_and_then_nothing_can_be_changed(
    client, report, board_member, senior_lead, login_with_mfa
):
    login_with_mfa(client, board_member)
    url = reverse("reporting:staff-approve", args=[report.pk])
    refused = client.post(url, {"approved_on-day": "2", "approved_on-month": "3", "approved_on-year": "2026"})
    assert "Enter the governing body" in refused.content.decode()
    assert "Confirm that the approved report cannot be changed" in refused.content.decode()
    response = client.post(
        url,
        {
            "approved_on-day": "2",
            "approved_on-month": "3",
            "approved_on-year": "2026",
            "minute_reference": "Board 2026/15",
            "governing_body_response": "Accepted.",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(pk=report.pk)
    assert report.is_approved and report.approved_by == board_member
    login_with_mfa(client, senior_lead)
    assert client.get(reverse("reporting:staff-edit", args=[report.pk])).status_code == 403
    detail = client.get(reverse("reporting:staff-detail", args=[report.pk])).content.decode()
    assert "Write the report" not in detail


def test_asking_for_a_pdf_shows_its_progress_until_it_can_be_downloaded(client, report, board_member, login_with_mfa):
    login_with_mfa(client, board_member)
    response = client.post(reverse("reporting:staff-render", args=[report.pk]))
    render = ReportRender.objects.get()
    assert response["Location"] == reverse("reporting:render", args=[render.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page and "render-status.js" in page and "<script>" not in page
    status = client.get(reverse("reporting:render-status", args=[render.pk])).json()
    assert status["status"] == "queued" and not status["finished"] and status["download"] == ""
    assert client.get(reverse("reporting:render-download", args=[render.pk])).status_code == 404

    services.report_render_run(render_id=render.pk)
    status = client.get(reverse("reporting:render-status", args=[render.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100 and status["finished"]
    pdf = client.get(status["download"])
    assert pdf["Content-Type"] == "application/pdf"
    assert "It is a draft" in text_of(pdf.content)


def test_a_failed_render_says_so(client, report, board_member, monkeypatch, login_with_mfa):
    login_with_mfa(client, board_member)
    client.post(reverse("reporting:staff-render", args=[report.pk]))
    render = ReportRender.objects.get()

    def broken(content):
        raise OSError("fonts missing")

    monkeypatch.setattr("reporting.outputs.annual_report_pdf", broken)
    assert services.report_render_run(render_id=render.pk) is None
    status = client.get(reverse("reporting:render-status", args=[render.pk])).json()
    assert status["status"] == "failed" and "could not be produced" in status["error"]


def test_the_staff_list_starts_a_report_for_a_year(client, senior_lead, board_member, login_with_mfa):
    login_with_mfa(client, senior_lead)
    response = client.post(reverse("reporting:staff-list"), {"year": "2025"})
    report = AnnualReport.objects.get()
    assert response["Location"] == reverse("reporting:staff-detail", args=[report.pk])
    again = client.post(reverse("reporting:staff-list"), {"year": "2025"})
    assert "There is already a report for 2025 to 2026" in again.content.decode()
    login_with_mfa(client, board_member)
    assert "Start a report" not in client.get(reverse("reporting:staff-list")).content.decode()


@pytest.mark.parametrize("year", ["", "twenty", "2023"])
def test_the_year_must_be_a_reporting_year(client, senior_lead, year, login_with_mfa):
    login_with_mfa(client, senior_lead)
    response = client.post(reverse("reporting:staff-list"), {"year": year})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not AnnualReport.objects.exists()
