"""The Annual Complaints Performance and Service Improvement report (Code 8.1, 8.2): its contents, approval by the
governing body, and figures frozen from then on."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, ProgrammingError, connection, transaction

from complaints.services import workflow
from core.errors import WorkflowError
from reporting import outputs, report_figures, services
from reporting.models import AnnualReport, ReportRender
from reporting.rollup import rollup_catch_up
from reporting.selectors import annual_figures, annual_report_content
from tests.conftest import POINTS
from tests.reporting.conftest import YEAR, approve

D = datetime.date
TODAY = D(2026, 3, 2)


def text_of(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def figures_of(report):
    return annual_report_content(report=report, as_of=TODAY).figures


def test_the_pdf_has_sections_a_to_f_and_the_governing_bodys_response(report, board_member):
    report = approve(report, board_member)
    text = text_of(outputs.annual_report_pdf(annual_report_content(report=report, as_of=TODAY)))

    assert "Annual Complaints Performance and Service Improvement report 2025 to 2026" in text
    for heading in [
        "a. Our self-assessment against the Complaint Handling Code",
        "b. How we handled complaints",
        "c. Findings of non-compliance with the Code by the Ombudsman",
        "d. Service improvements from learning from complaints",
        "e. The Ombudsman's annual report about our performance",
        "f. Other reports and publications by the Ombudsman about our work",
        "Our governing body's response",
    ]:
        assert heading in text
    # a: the self-assessment's rows, including the one the landlord does not yet comply with.
    assert "Self-assessment 2025/26" in text
    assert "=Our website is being rebuilt." in text and "We will comply by 30 June 2026." in text
    # b: the narrative, the figures and the refused complaint's reason.
    assert "Stage 1 acknowledgements slipped over the winter holidays." in text
    assert "We received 7 complaints at stage 1 and 2 at stage 2" in text
    assert "legal proceedings" in text.lower()
    assert "Tenant Satisfaction Measures CH01 and CH02" in text and "CH02 stage 1" in text
    # c to f and 8.2.
    assert "The Ombudsman found maladministration in one complaint's handling." in text
    assert "The Ombudsman issued 1 Complaint Handling Failure Order about us in the year." in text
    assert "Ombudsman decision 202612345, 20 February 2026" in text
    assert "The stage 2 review Maladministration" in text
    assert "Order: Apologise and pay £150. Due 27 February 2026; not yet complied with" in text
    assert "No acknowledgement. Acknowledge the complaint." in text
    assert "Repairs appointments are now confirmed by text message." in text
    assert "Every repair appointment is confirmed by text message the day before." in text
    assert "40% maladministration rate" in text
    assert "spotlight report on damp and mould" in text
    assert "The Board accepts the report and will monitor the winter backlog." in text


def test_the_figures_count_the_years_cases_as_performance_rules_say(report):
    figures = figures_of(report)
    volumes = figures["volumes"]
    assert (volumes["stage_1"], volumes["stage_2"]) == (7, 2)
    # Stage 1 responses: A, B, C, G; C and G went on to stage 2.
    assert (volumes["stage_1_responses"], volumes["escalated"], volumes["escalation_rate"]) == (4, 2, "50.0")
    timeliness = {m["key"]: (m["numerator"], m["denominator"]) for m in figures["timeliness"]}
    # Acknowledgements due in the year: A, B, G in time; C and D late (E falls due after today, F was refused).
    assert timeliness["stage_1_acknowledged"] == (3, 5)
    assert figures["outcomes"][0] == {"stage": 1, "upheld": 0, "partly_upheld": 4, "not_upheld": 0}
    assert figures["categories"] == [{"name": "Repairs and maintenance", "count": 2}]
    assert [row["count"] for row in figures["refusals"]] == [1]
    assert figures["ombudsman"]["adverse_findings"] == 1
    assert figures["ombudsman"]["compliance"][0] == {
        "label": "Orders",
        "made": 1,
        "due": 1,
        "complied": 0,
        "complied_late": 0,
        "overdue": 1,
        "open_not_yet_due": 0,
    }
    assert figures["ombudsman"]["handling_failure_orders_made"] == 1
    (improvement,) = figures["improvements"]
    assert improvement["complaints"] == 2 and improvement["reported_to"] == ["Residents' panel or scrutiny group"]
    assert figures["self_assessment"]["complies"]["No"] == 1
    ch02 = {(m["stage"], m["part"]): m for m in figures["tsm"]["measures"] if m["code"] == "CH02"}
    assert ch02[(1, "All homes")]["denominator"] == 4


def test_approval_freezes_the_figures_and_charts_against_later_changes_to_the_cases(
    report, board_member, log_complaint, officer, cases
):
    report = approve(report, board_member)
    before = figures_of(report)
    charts = dict(report.charts)
    pdf_before = text_of(outputs.annual_report_pdf(annual_report_content(report=report, as_of=TODAY)))

    # After approval: a complaint received in the year turns up from the old system, and D is acknowledged.
    late = log_complaint(received_on=D(2026, 1, 20))
    workflow.complaint_acknowledge(actor=officer, complaint=late, acknowledged_on=D(2026, 1, 21), points=POINTS)
    workflow.complaint_acknowledge(actor=officer, complaint=cases.d, acknowledged_on=D(2026, 3, 2), points=POINTS)

    report = AnnualReport.objects.get(pk=report.pk)
    assert figures_of(report) == before
    assert report.charts == charts
    assert text_of(outputs.annual_report_pdf(annual_report_content(report=report, as_of=TODAY))) == pdf_before
    # A draft would have counted them: the live figures have moved.
    assert annual_figures(report=report, as_of=TODAY)["volumes"]["stage_1"] == before["volumes"]["stage_1"] + 1


def test_a_draft_counts_the_cases_as_they_are_now(report, log_complaint):
    before = figures_of(report)["volumes"]["stage_1"]
    log_complaint(received_on=D(2026, 1, 20))
    assert figures_of(report)["volumes"]["stage_1"] == before + 1


def test_the_approved_report_cannot_be_edited_through_the_service_or_the_database(report, board_member, senior_lead):
    approve(report, board_member)
    with pytest.raises(WorkflowError, match="can no longer be changed"):
        services.annual_report_update(actor=senior_lead, report=report, data={"introduction": "Rewritten."})
    with pytest.raises(WorkflowError, match="can no longer be changed"):
        approve(report, board_member)
    with pytest.raises(ProgrammingError, match="Cannot update rows"), transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(introduction="Rewritten behind the service's back.")
    with pytest.raises(ProgrammingError, match="Cannot delete rows"), transaction.atomic(), connection.cursor() as sql:
        sql.execute("DELETE FROM reporting_annualreport WHERE id = %s", [report.pk])
    report.refresh_from_db()
    assert report.introduction == "How we handled complaints this year."


def test_approval_needs_the_self_assessment_the_analysis_and_the_governing_bodys_response(
    cases, senior_lead, board_member, published
):
    report = services.annual_report_create(actor=senior_lead, year=YEAR)
    with pytest.raises(WorkflowError, match=r"8\.1 a") as error:
        approve(report, board_member)
    assert error.value.field == "self_assessment"
    services.annual_report_update(actor=senior_lead, report=report, data={"self_assessment": published})
    with pytest.raises(WorkflowError, match=r"8\.1 b"):
        approve(report, board_member)
    services.annual_report_update(actor=senior_lead, report=report, data={"performance_analysis": "Steady."})
    with pytest.raises(WorkflowError, match=r"8\.2") as error:
        approve(report, board_member, response="  ")
    assert error.value.field == "governing_body_response"
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and report.figures is None
    approve(report, board_member)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.APPROVED and report.approved_by == board_member
    assert report.approved_at is not None and report.figures["volumes"]["stage_1"] == 7


def test_a_self_assessment_not_yet_approved_cannot_be_the_reports(cases, senior_lead, draft):
    report = services.annual_report_create(actor=senior_lead, year=YEAR)
    with pytest.raises(WorkflowError, match="approved") as error:
        services.annual_report_update(actor=senior_lead, report=report, data={"self_assessment": draft})
    assert error.value.field == "self_assessment"


def test_a_web_address_that_is_not_one_is_refused(report, senior_lead):
    with pytest.raises(WorkflowError) as error:
        services.annual_report_update(
            actor=senior_lead, report=report, data={"ombudsman_other_reports_url": "not a web address"}
        )
    assert error.value.field == "ombudsman_other_reports_url"


def test_one_report_per_year_and_none_for_a_year_to_come(senior_lead):
    services.annual_report_create(actor=senior_lead, year=YEAR)
    with pytest.raises(WorkflowError, match="already"):
        services.annual_report_create(actor=senior_lead, year=YEAR)
    with pytest.raises(WorkflowError, match="reporting year"):
        services.annual_report_create(actor=senior_lead, year=2027)


def test_the_board_approves_but_does_not_write_and_officers_do_neither(report, board_member, officer, senior_lead):
    with pytest.raises(PermissionDenied):
        services.annual_report_update(actor=board_member, report=report, data={"introduction": "Board's words."})
    with pytest.raises(PermissionDenied):
        services.annual_report_update(actor=officer, report=report, data={"introduction": "Officer's words."})
    with pytest.raises(PermissionDenied):
        services.annual_report_create(actor=board_member, year=2024)
    with pytest.raises(PermissionDenied):
        approve(report, senior_lead)
    with pytest.raises(PermissionDenied):
        approve(report, officer)


def test_approval_queues_the_pdf_of_the_approved_report(report, board_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve(report, board_member)
    (render,) = ReportRender.objects.all()
    assert render.from_approved and render.kind == ReportRender.Kind.ANNUAL and render.status == "queued"
    assert len(callbacks) == 1
    services.report_render_run(render_id=render.pk)
    render.refresh_from_db()
    assert render.status == ReportRender.Status.DONE and render.progress == 100
    assert "Our governing body's response" in text_of(bytes(render.pdf))
    # A second run (a redelivered task) leaves the finished render alone.
    assert services.report_render_run(render_id=render.pk) is None


def test_the_constraint_refuses_an_approved_row_without_its_approval(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.APPROVED)


def test_the_figures_take_a_fixed_number_of_queries_whatever_the_number_of_cases(
    report, log_complaint, django_assert_max_num_queries
):
    # The rollup's catch-up counts the days changes marked, in a fixed number of queries of its own (test_rollup.py);
    # each group of figures first asks whether any day waits (40 queries before the rollup, 42 with it).
    rollup_catch_up()
    with django_assert_max_num_queries(42) as few:
        figures_of(report)
    for day in range(1, 21):
        log_complaint(received_on=D(2025, 10, day))
    rollup_catch_up()
    with django_assert_max_num_queries(len(few.captured_queries)):
        figures_of(report)


def test_an_app_adds_a_section_to_the_report_by_registering_it(db, monkeypatch):
    monkeypatch.setattr(report_figures, "_SECTIONS", dict(report_figures._SECTIONS))

    @report_figures.register_report_section("visits")
    def visits(*, start, end, as_of):
        return {"from": start.isoformat(), "to": end.isoformat(), "as_of": as_of.isoformat()}

    figures = report_figures.period_figures(start=D(2025, 4, 1), end=D(2026, 3, 31), as_of=TODAY)

    assert figures["visits"] == {"from": "2025-04-01", "to": "2026-03-31", "as_of": "2026-03-02"}
    # The sections the apps register: the Ombudsman's cases and learning's improvements and themes.
    assert {"ombudsman", "improvements", "themes"} <= set(figures)
