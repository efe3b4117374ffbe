"""The published annual report and the PDF progress page in a real browser: no WCAG 2.2 AA violations, and the
progress row updated by its script (a static file, no inline script) when the render finishes."""

from __future__ import annotations

import datetime
import re

import pytest

from core import roles
from reporting import services
from reporting.models import ReportRender
from selfassessment.models import AssessmentRow, CodeVersion, SelfAssessment
from selfassessment.services import assessment_create
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_journey import SIGNED_IN, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture
def report(log_complaint, officer):
    lead = UserFactory(role=roles.SENIOR_LEAD, username="lena")
    log_complaint(received_on=D(2025, 11, 3))
    assessment = assessment_create(
        actor=officer,
        code_version=CodeVersion.objects.get(code="hos-2024"),
        title="Self-assessment 2025/26",
        period_start=D(2025, 4, 1),
        period_end=D(2026, 3, 31),
    )
    # Answered and approved in bulk: the self-assessment's own tests cover how that is done one row at a time.
    AssessmentRow.objects.filter(assessment=assessment).update(complies="yes", commentary="Set out in our policy.")
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        status=SelfAssessment.Status.APPROVED, approved_on=D(2026, 3, 2), minute_reference="Board 2026/14"
    )
    assessment.refresh_from_db()
    report = services.annual_report_create(actor=lead, year=2025)
    return services.annual_report_update(
        actor=lead,
        report=report,
        data={"self_assessment": assessment, "performance_analysis": "We answered most complaints in time."},
    )


def test_the_published_report_has_no_violations(page, site, report, board_member):
    services.annual_report_approve(
        actor=board_member,
        report=report,
        approved_on=D(2026, 3, 2),
        minute_reference="Board 2026/15",
        governing_body_response="The Board accepts the report.",
    )
    page.goto(site + "/annual-report/")
    page.get_by_role("heading", name="Our governing body's response").wait_for()
    assert page.get_by_role("img", name=re.compile("Bar chart of the complaints received each month")).is_visible()
    assert_accessible(page)
    screenshot(page, "public-annual-report")


def test_the_progress_row_updates_itself_when_the_pdf_is_ready(page, site, report, board_member):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, site, board_member, SIGNED_IN)
    page.goto(site + f"/staff/reports/{report.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Make a PDF").click()
    page.wait_for_url(re.compile(r"/staff/reports/renders/\d+/$"))
    assert page.get_by_text("Waiting to start").is_visible()
    assert not page.get_by_role("link", name="Download the PDF").is_visible()
    assert_accessible(page)

    # What the worker does (tests/reporting/worker runs it through a real one): the page sees it without a reload.
    services.report_render_run(render_id=ReportRender.objects.get().pk)
    page.get_by_role("link", name="Download the PDF").wait_for(state="visible", timeout=15_000)
    assert page.locator('[data-render-field="status_label"]').inner_text() == "Ready"
    assert errors == []
    assert_accessible(page)
    screenshot(page, "staff-report-pdf-ready")
