"""Every write to the annual report and its PDFs. A change to a report runs in one transaction, locks the row,
and re-checks under the lock that the report is still a draft: once the governing body has approved it, the
database itself refuses any change (the `approved_reports_are_immutable` trigger)."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from complaints.services.base import check_date
from core.errors import CaseChangedError, WorkflowError
from core.services import require_perm, service_action, today
from reporting import outputs
from reporting.models import AnnualReport, ReportRender
from reporting.report_charts import charts_draw
from reporting.selectors import annual_figures, annual_report_content, mrc_pack_figures, mrc_quarter
from selfassessment.models import SelfAssessment

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# The narrative the senior lead and senior managers write before approval (and nothing else).
NARRATIVE_FIELDS = [
    "self_assessment",
    "introduction",
    "performance_analysis",
    "refusals_summary",
    "ombudsman_findings",
    "service_improvements",
    "ombudsman_annual_report",
    "ombudsman_annual_report_url",
    "ombudsman_other_reports",
    "ombudsman_other_reports_url",
]
APPROVED_ASSESSMENT = [SelfAssessment.Status.APPROVED, SelfAssessment.Status.PUBLISHED]


def _lock(report: AnnualReport | int) -> AnnualReport:
    pk = report.pk if isinstance(report, AnnualReport) else report
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("self_assessment").get(pk=pk)


def _require_draft(report: AnnualReport) -> None:
    if report.is_approved:
        raise WorkflowError(
            "The governing body has approved this report and it has been published: it can no longer be changed."
        )


@service_action
def annual_report_create(*, actor: User, year: int) -> AnnualReport:
    require_perm(actor, "reporting.prepare_annual_report", None, "Your role cannot prepare the annual report.")
    if not 2024 <= year <= today().year:
        # The 2024 Code, which requires the report, applies from 1 April 2024.
        raise WorkflowError(f"Choose a reporting year from 2024 to {today().year}.", field="year")
    if AnnualReport.objects.filter(year=year).exists():
        raise WorkflowError(f"There is already a report for {year} to {year + 1}.", field="year")
    return AnnualReport.objects.create(year=year, created_by=actor)


def _check_assessment(assessment: SelfAssessment | None) -> None:
    # Asked of the database: an instance read earlier may not show an approval (or amendment) made since.
    approved = SelfAssessment.objects.filter(status__in=APPROVED_ASSESSMENT)
    if assessment is not None and not approved.filter(pk=assessment.pk).exists():
        raise WorkflowError(
            "Choose a self-assessment the governing body has approved (Code 8.1 a).", field="self_assessment"
        )


@service_action
def annual_report_update(
    *, actor: User, report: AnnualReport | int, data: dict[str, Any], expected_revision: int | None = None
) -> AnnualReport:
    """The narrative sections, while the report is a draft. Given the revision the person read, a save made after
    someone else's is refused rather than written over theirs."""
    report = _lock(report)
    require_perm(actor, "reporting.prepare_annual_report", report, "Your role cannot change the annual report.")
    _require_draft(report)
    if expected_revision is not None and report.revision != expected_revision:
        raise CaseChangedError(
            "Someone else saved the report while you were writing. Nothing you entered has been saved: what you "
            "wrote is still below. Read their changes on the report, then make yours again."
        )
    unknown = set(data) - set(NARRATIVE_FIELDS)
    if unknown:
        raise WorkflowError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    _check_assessment(data.get("self_assessment", report.self_assessment))
    for name, value in data.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    try:
        report.full_clean(exclude=["created_by", "approved_by", "figures", "charts"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise WorkflowError(messages[0], field=field) from error
    report.revision += 1
    report.save(update_fields=[*data, "revision", "updated_at"])
    return report


@service_action
def annual_report_approve(
    *,
    actor: User,
    report: AnnualReport | int,
    approved_on: datetime.date,
    minute_reference: str,
    governing_body_response: str,
    expected_revision: int | None = None,
) -> AnnualReport:
    """Code 8.2: the governing body approves the report with its response, which is published alongside it. The
    figures and charts are frozen as they stand now; the PDF is rendered from them for the public page. Given the
    revision the person recording it read, a report saved since is refused: what is approved is what was read."""
    report = _lock(report)
    require_perm(actor, "reporting.approve_annual_report", report, "Only the governing body can approve the report.")
    _require_draft(report)
    if expected_revision is not None and report.revision != expected_revision:
        raise CaseChangedError(
            "The report changed after you opened it: someone saved a change. Nothing has been recorded. Read the "
            "report again, then record the approval."
        )
    if report.self_assessment is None:
        raise WorkflowError(
            "Add the annual self-assessment before approval: the report must include it (Code 8.1 a).",
            field="self_assessment",
        )
    _check_assessment(report.self_assessment)
    if not report.performance_analysis.strip():
        raise WorkflowError(
            "The report needs its analysis of complaint handling performance before approval (Code 8.1 b).",
            field="performance_analysis",
        )
    check_date(approved_on, "approved_on", "approval date")
    if not minute_reference.strip():
        raise WorkflowError("Give the meeting or minute reference of the approval.", field="minute_reference")
    if not governing_body_response.strip():
        raise WorkflowError(
            "Record the governing body's response: it is published alongside the report (Code 8.2).",
            field="governing_body_response",
        )
    figures = annual_figures(report=report, as_of=today())
    report.figures = figures
    report.charts = charts_draw(figures)
    report.status = AnnualReport.Status.APPROVED
    report.approved_on = approved_on
    report.approved_at = timezone.now()
    report.approved_by = actor
    report.minute_reference = minute_reference.strip()
    report.governing_body_response = governing_body_response.strip()
    report.save()
    _queue(ReportRender.objects.create(**_annual_render_fields(report), requested_by=actor))
    return report


def _annual_render_fields(report: AnnualReport) -> dict[str, Any]:
    start, end = report.period
    return {
        "kind": ReportRender.Kind.ANNUAL,
        "report": report,
        "period_start": start,
        "period_end": end,
        "from_approved": report.is_approved,
    }


def _queue(render: ReportRender) -> None:
    from reporting.tasks import render_pdf_task

    def send() -> None:
        try:
            render_pdf_task.delay(render.pk)
        except Exception:
            # The broker is unreachable. What was asked for is saved: the row stays "Waiting to start", and the
            # person can ask for the PDF again once the broker is back.
            logger.exception("Could not queue the render of %s", render.pk)

    transaction.on_commit(send)


@transaction.atomic
def annual_report_render_request(*, actor: User, report: AnnualReport | int) -> ReportRender:
    report = report if isinstance(report, AnnualReport) else AnnualReport.objects.get(pk=report)
    require_perm(actor, "reporting.view_annual_report", report, "Your role cannot see the annual report.")
    render = ReportRender.objects.create(**_annual_render_fields(report), requested_by=actor)
    _queue(render)
    return render


@transaction.atomic
def mrc_pack_request(*, actor: User, year: int, quarter: int) -> ReportRender:
    """Code 9.7: the quarterly pack for the MRC and the governing body."""
    require_perm(actor, "reporting.view_mrc_pack", None, "Your role cannot receive the MRC pack.")
    if quarter not in (1, 2, 3, 4):
        raise WorkflowError("Choose a quarter.", field="quarter")
    start, end = mrc_quarter(year=year, quarter=quarter)
    if year < 2024 or start > today():
        raise WorkflowError("Choose a quarter that has started, from April 2024.", field="year")
    render = ReportRender.objects.create(
        kind=ReportRender.Kind.MRC_PACK, period_start=start, period_end=end, requested_by=actor
    )
    _queue(render)
    return render


def _progress(render: ReportRender, progress: int, step: str) -> None:
    # Written straight away, outside any transaction, so the page polling the row sees each step.
    ReportRender.objects.filter(pk=render.pk).update(progress=progress, step=step)


def report_render_run(*, render_id: int) -> ReportRender | None:
    """Render one PDF and store it on its row. Safe to run twice (a redelivered task renders it again); a render
    already finished is left alone. A failure is stored on the row for the page to show, never dropped."""
    claimed = ReportRender.objects.filter(
        pk=render_id, status__in=[ReportRender.Status.QUEUED, ReportRender.Status.RUNNING]
    ).update(status=ReportRender.Status.RUNNING, started_at=timezone.now(), progress=5, step="Starting")
    if not claimed:
        return None
    render = ReportRender.objects.select_related("report__self_assessment").get(pk=render_id)
    try:
        pdf = _render(render)
    except Exception:
        logger.exception("Rendering %s failed", render_id)
        ReportRender.objects.filter(pk=render_id).update(
            status=ReportRender.Status.FAILED,
            finished_at=timezone.now(),
            error="The PDF could not be produced. Try again; if it fails again, tell the system administrator.",
        )
        return None
    ReportRender.objects.filter(pk=render_id).update(
        status=ReportRender.Status.DONE, pdf=pdf, progress=100, step="Ready", finished_at=timezone.now()
    )
    render.refresh_from_db()
    return render


def _render(render: ReportRender) -> bytes:
    _progress(render, 10, "Counting the figures")
    if render.kind == ReportRender.Kind.ANNUAL:
        assert render.report is not None  # the annual_render_has_report constraint
        content = annual_report_content(report=render.report, as_of=today())
        _progress(render, 60, "Laying out the pages")
        return outputs.annual_report_pdf(content)
    figures = mrc_pack_figures(start=render.period_start, end=render.period_end, as_of=today())
    _progress(render, 40, "Drawing the charts")
    charts = charts_draw(figures)
    _progress(render, 60, "Laying out the pages")
    return outputs.mrc_pack_pdf(start=render.period_start, end=render.period_end, figures=figures, charts=charts)
