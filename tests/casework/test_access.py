"""Every staff page refuses people whose role may not use it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import RemedyKind
from complaints.services import record
from tests.conftest import TODAY, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(log_complaint):
    return log_complaint()


def pages(complaint):
    resident = complaint.resident
    return [
        reverse("staff-home"),
        reverse("casework:queue", args=["mine"]),
        reverse("casework:complaint", args=[complaint.reference]),
        reverse("casework:complaint-action", args=[complaint.reference, "acknowledge"]),
        reverse("casework:complaint-log"),
        reverse("casework:residents"),
        reverse("casework:resident", args=[resident.pk]),
        reverse("casework:resident-add", args=[resident.pk, "adjustment"]),
        reverse("casework:service-requests"),
        reverse("casework:service-request-new"),
    ]


def test_signed_out_visitors_are_sent_to_the_sign_in_page(client, complaint):
    for url in pages(complaint):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_board_members_are_refused_every_case_work_page(client, board_member, complaint, login_with_mfa):
    login_with_mfa(client, board_member)
    # Not the landing page: it sends the board on to its dashboard (below).
    for url in pages(complaint)[1:]:
        assert client.get(url).status_code == 403, url


def test_staff_members_are_refused_complaints_they_did_not_log_and_case_actions(
    client, staff_member, complaint, login_with_mfa
):
    login_with_mfa(client, staff_member)
    assert client.get(reverse("casework:complaint", args=[complaint.reference])).status_code == 403
    assert client.get(reverse("casework:queue", args=["overdue"])).status_code == 403
    assert client.get(reverse("casework:resident-add", args=[complaint.resident.pk, "adjustment"])).status_code == 403


def test_staff_members_see_the_complaints_they_logged_but_not_special_category_data(
    client, staff_member, log_complaint, officer, resident, login_with_mfa
):
    record.disclosure_record(
        actor=officer, resident=resident, kind="vulnerability", description="Recently bereaved", disclosed_on=TODAY
    )
    complaint = log_complaint(actor=staff_member)
    login_with_mfa(client, staff_member)
    page = client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    assert complaint.reference in page
    assert "Recently bereaved" not in page
    resident_page = client.get(reverse("casework:resident", args=[resident.pk])).content.decode()
    assert "Recently bereaved" not in resident_page
    queue = client.get(reverse("casework:queue", args=["logged"])).content.decode()
    assert complaint.reference in queue and "vulnerable" not in queue


def test_staff_members_cannot_act_on_a_complaint_they_logged(client, staff_member, log_complaint, login_with_mfa):
    complaint = log_complaint(actor=staff_member)
    login_with_mfa(client, staff_member)
    url = reverse("casework:complaint-action", args=[complaint.reference, "acknowledge"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": complaint.version}).status_code == 403


def test_the_sign_in_page_uses_the_design_system_and_signs_in(client, officer):
    page = client.get(reverse("account_login")).content.decode()
    assert "govuk-frontend.min.css" in page and "Staff sign in" in page
    code = totp_code(officer)
    response = client.post(reverse("account_login"), {"login": "olivia", "password": "a-long-test-password"})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.get("/staff/").url == reverse("casework:queue", args=["mine"])


def test_board_members_cannot_mark_remedies_done_or_download_documents(
    client, board_member, complaint, officer, login_with_mfa
):
    remedy = record.remedy_add(
        actor=officer,
        complaint=complaint,
        kind=RemedyKind.objects.get(code="apology"),
        description="Apology",
        due_on=TODAY,
    )
    document = record.document_add(
        actor=officer,
        complaint=complaint,
        title="Photo",
        upload=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
    )
    login_with_mfa(client, board_member)
    done = reverse("casework:item-complete", args=[complaint.reference, "remedy", remedy.pk])
    assert (
        client.post(done, {"completed_on-day": 2, "completed_on-month": 3, "completed_on-year": 2026}).status_code
        == 403
    )
    download = reverse("casework:document", args=[complaint.reference, document.pk])
    assert client.get(download).status_code == 403
    remedy.refresh_from_db()
    assert remedy.completed_on is None
