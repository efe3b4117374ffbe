"""Importing last year's form: every row imported or reported, never dropped silently."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.errors import WorkflowError
from selfassessment import importer, outputs, services
from selfassessment.models import CodeVersion

CSV = """Code provision,Code requirement,Comply: Yes/No,Evidence,Commentary/ explanation
1.2,A complaint must be defined as...,Y,Complaints policy point 4,Point 4 of the policy sets out the definition.
3.4,Landlords must make their complaint policy available...,No,,Website being rebuilt.
4.7,Not in the 2024 Code,Yes,,
10.1,Not a provision,Yes,,
2.1,Landlords must accept a complaint...,maybe,,
"""


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_rows_for_provisions_the_code_does_not_have_are_reported(draft, officer):
    report = importer.assessment_import(actor=officer, assessment=draft, upload=upload("last.csv", CSV.encode()))

    assert report.imported == ["1.2", "3.4", "2.1"]
    assert [(line, number) for line, number, _ in report.not_imported] == [(4, "4.7"), (5, "10.1")]
    assert "has no provision 4.7" in report.not_imported[0][2]
    warned = {number: reason for _, number, reason in report.warnings}
    assert "date by which you will comply" in warned["3.4"]
    assert "not Yes, No or Partly" in warned["2.1"]
    row = draft.rows.get(provision__number="1.2")
    assert (row.complies, row.commentary) == ("yes", "Point 4 of the policy sets out the definition.")
    assert row.evidence.get().description == "Complaints policy point 4"
    assert draft.rows.get(provision__number="3.4").complies == ""


def test_an_export_imports_back_from_excel(published, officer, hos_2024):
    # Last year's published assessment, exported and brought into a new draft that starts empty.
    later = services.assessment_create(
        actor=officer,
        code_version=hos_2024,
        title="2026/27",
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 2),
        carry_forward=False,
    )
    report = importer.assessment_import(
        actor=officer, assessment=later, upload=upload("last.xlsx", outputs.assessment_xlsx(published))
    )

    assert report.not_imported == [] and report.warnings == []
    assert len(report.imported) == 72
    row = later.rows.get(provision__number="3.4")
    assert (row.complies, row.commentary) == ("no", "=Our website is being rebuilt.")
    assert row.comply_by.isoformat() == "2026-06-30"


def test_the_2022_forms_combined_column_is_read_as_commentary(officer):
    assessment = services.assessment_create(
        actor=officer,
        code_version=CodeVersion.objects.get(code="hos-2022"),
        title="2022/23",
        period_start=datetime.date(2022, 4, 1),
        period_end=datetime.date(2023, 3, 31),
    )
    workbook = Workbook()
    workbook.active.append(
        ["Code section", "Code requirement", "Comply: Yes/No", "Evidence, commentary, and any explanations"]
    )
    workbook.active.append(["5.17", "Two stage landlord complaint procedures are ideal.", "Yes", "Two stages only."])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = importer.assessment_import(
        actor=officer, assessment=assessment, upload=upload("x.xlsx", buffer.getvalue())
    )

    assert report.imported == ["5.17"]
    assert assessment.rows.get(provision__number="5.17").commentary == "Two stages only."


def test_importing_through_the_api_reports_and_refuses_the_board(draft, officer, board_member):
    api = APIClient()
    api.force_authenticate(board_member)
    refused = api.post(f"/api/v1/self-assessments/{draft.pk}/import/", {"file": upload("a.csv", CSV.encode())})
    api.force_authenticate(officer)
    answer = api.post(f"/api/v1/self-assessments/{draft.pk}/import/", {"file": upload("a.csv", CSV.encode())})

    assert refused.status_code == 403
    assert answer.status_code == 200
    assert [p["provision"] for p in answer.json()["not_imported"]] == ["4.7", "10.1"]


def test_a_file_that_is_not_csv_or_excel_is_refused_with_the_reason(draft, officer):
    with pytest.raises(WorkflowError, match=r"csv or \.xlsx"):
        importer.assessment_import(actor=officer, assessment=draft, upload=upload("last.docx", b"x"))


def csrf_token(browser: Client) -> str:
    browser.get("/complain/")  # a page with a form sets the CSRF cookie
    return browser.cookies["csrftoken"].value


def test_a_refusal_is_the_same_by_session_and_by_token_whatever_the_body(draft, board_member, login_with_mfa):
    """Issue 17 item 7: someone who may not import hears 403 before anything about their body, by either way of
    signing in; someone who may hears that a JSON body is not accepted (415), by either way too."""
    path = f"/api/v1/self-assessments/{draft.pk}/import/"
    browser = Client(enforce_csrf_checks=True)
    login_with_mfa(browser, board_member)
    csrf = csrf_token(browser)
    by_session = browser.post(path, '{"file": "x"}', content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=board_member).key}")
    by_token = token.post(path, '{"file": "x"}', content_type="application/json")

    assert (by_session.status_code, by_token.status_code) == (403, 403)
    assert by_session.json() == by_token.json()


def test_a_json_body_is_refused_as_unsupported_by_session_and_by_token(draft, officer, login_with_mfa):
    path = f"/api/v1/self-assessments/{draft.pk}/import/"
    browser = Client(enforce_csrf_checks=True)
    login_with_mfa(browser, officer)
    csrf = csrf_token(browser)
    by_session = browser.post(path, '{"file": "x"}', content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    by_token = token.post(path, '{"file": "x"}', content_type="application/json")

    assert (by_session.status_code, by_token.status_code) == (415, 415)
