"""The public page of the published assessment, the downloads, and the staff pages."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from selfassessment import services

D = datetime.date


@pytest.fixture
def signed_in(login_with_mfa):
    def sign_in(user) -> Client:
        browser = Client()
        login_with_mfa(browser, user)
        return browser

    return sign_in


def test_the_public_page_shows_the_published_assessment_without_signing_in(published):
    page = Client().get("/self-assessment/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Section 1: Definition of a complaint</caption>" in html
    assert '<th scope="row" class="govuk-table__header">9.8</th>' in html
    assert "2 March 2026" in html
    assert "The Board is assured" in html


def test_before_anything_is_published_the_public_page_says_so(draft):
    page = Client().get("/self-assessment/")

    assert page.status_code == 200
    assert "We have not published a self-assessment yet." in page.content.decode()
    assert draft.title not in page.content.decode()
    assert Client().get(f"/self-assessment/{draft.pk}/").status_code == 404


def test_the_public_home_links_to_the_self_assessment_and_the_annual_report(db):
    html = Client().get("/").content.decode()

    assert 'href="/self-assessment/"' in html
    assert 'href="/annual-report/"' in html


@pytest.mark.parametrize("fmt", ["pdf", "docx", "csv", "xlsx"])
def test_anyone_can_download_the_published_assessment(published, fmt):
    answer = Client().get(f"/self-assessments/{published.pk}/download.{fmt}")

    assert answer.status_code == 200
    assert answer["Content-Disposition"] == f'attachment; filename="self-assessment-{published.pk}.{fmt}"'


def test_a_draft_cannot_be_downloaded_by_the_public_or_staff_without_the_role(draft, staff_member, officer, signed_in):
    assert Client().get(f"/self-assessments/{draft.pk}/download.csv").status_code == 404
    assert signed_in(staff_member).get(f"/self-assessments/{draft.pk}/download.csv").status_code == 404
    assert signed_in(officer).get(f"/self-assessments/{draft.pk}/download.csv").status_code == 200


def test_staff_pages_are_for_the_roles_that_prepare_or_approve(draft, officer, board_member, staff_member, signed_in):
    assert signed_in(staff_member).get(f"/staff/self-assessments/{draft.pk}/").status_code == 403
    assert signed_in(staff_member).get("/staff/self-assessments/").status_code == 403
    assert Client().get("/staff/self-assessments/").status_code == 302
    for user in (officer, board_member):
        page = signed_in(user).get(f"/staff/self-assessments/{draft.pk}/")
        assert page.status_code == 200
        assert "Live figures" in page.content.decode()


def test_the_compare_page_shows_what_changed_since_the_last_approved(published, officer, hos_2024, signed_in):
    later = services.assessment_create(
        actor=officer, code_version=hos_2024, title="2026/27", period_start=D(2026, 3, 1), period_end=D(2026, 3, 2)
    )
    row = later.rows.get(provision__number="3.4")
    services.assessment_row_update(actor=officer, row=row, complies="yes", commentary="Website live.")

    page = signed_in(officer).get(f"/staff/self-assessments/{later.pk}/compare/").content.decode()

    assert "Compared with Self-assessment 2025/26" in page
    assert "No: =Our website is being rebuilt." in page
    assert "Yes: Website live." in page
