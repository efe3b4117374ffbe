"""Reads for the annual report and the MRC pack: what a report says (frozen once approved, live while a draft),
who may see which reports, and the PDFs already rendered."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from reporting import report_figures
from reporting.models import AnnualReport, ReportRender
from reporting.periods import Period, reporting_year_of
from reporting.report_charts import charts_draw

if TYPE_CHECKING:
    from django.contrib.auth.models import User

QUARTERS = {1: "April to June", 2: "July to September", 3: "October to December", 4: "January to March"}


@dataclass(frozen=True)
class ReportContent:
    report: AnnualReport
    figures: dict[str, Any]
    charts: dict[str, str]
    frozen: bool


def annual_figures(*, report: AnnualReport, as_of: datetime.date) -> dict[str, Any]:
    """Everything the report counts: the period's figures (8.1 b, c) and the self-assessment (8.1 a)."""
    start, end = report.period
    return {
        **report_figures.period_figures(start=start, end=end, as_of=min(as_of, end)),
        "self_assessment": report_figures.self_assessment(report.self_assessment),
        "tsm": report_figures.tenant_satisfaction_measures(report.year),
    }


def annual_report_content(*, report: AnnualReport, as_of: datetime.date) -> ReportContent:
    """An approved report as the governing body approved it; a draft from the cases as they are now."""
    if report.is_approved:
        # Approval froze both (annual_report_approve); the table's constraint holds the figures too.
        assert report.figures is not None and report.charts is not None
        return ReportContent(report=report, figures=report.figures, charts=report.charts, frozen=True)
    figures = annual_figures(report=report, as_of=as_of)
    return ReportContent(report=report, figures=figures, charts=charts_draw(figures), frozen=False)


def reports_visible_to(user: User) -> QuerySet[AnnualReport]:
    reports = AnnualReport.objects.select_related("self_assessment")
    if user.is_authenticated and user.has_perm("reporting.view_annual_report"):
        return reports
    return reports.filter(status=AnnualReport.Status.APPROVED)


def annual_report_published(year: int | None = None) -> AnnualReport | None:
    """Code 8.2: the approved report for a year, or the latest one."""
    reports = AnnualReport.objects.filter(status=AnnualReport.Status.APPROVED)
    if year is not None:
        reports = reports.filter(year=year)
    return reports.order_by("-year").first()


def approved_report_pdf(report: AnnualReport) -> ReportRender | None:
    """The PDF rendered from the approved report's frozen figures, once the render has finished."""
    return (
        report.renders.filter(from_approved=True, status=ReportRender.Status.DONE)
        .order_by("-finished_at", "-id")
        .first()
    )


def mrc_quarter(*, year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """A quarter of the reporting year that starts 1 April `year`."""
    return Period.quarter(year, quarter).range


def mrc_pack_figures(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 9.7 a and c for the quarter, with the quarter before it beside the categories for the trend (9.7 b)."""
    figures = report_figures.period_figures(start=start, end=end, as_of=min(as_of, end))
    previous_end = start - datetime.timedelta(days=1)
    previous_start = Period.quarter(reporting_year_of(previous_end), _quarter_of(previous_end)).start
    before = {row["name"]: row["count"] for row in report_figures.categories(start=previous_start, end=previous_end)}
    now = {row["name"]: row["count"] for row in figures["categories"]}
    figures["category_trend"] = [
        {"name": name, "count": now.get(name, 0), "previous": before.get(name, 0)}
        for name in sorted(set(now) | set(before), key=lambda name: (-now.get(name, 0), name))
    ]
    figures["previous_period"] = {"start": previous_start.isoformat(), "end": previous_end.isoformat()}
    return figures


def _quarter_of(day: datetime.date) -> int:
    return (day.month - 4) % 12 // 3 + 1


def renders_for(*, report: AnnualReport | None = None, kind: str | None = None) -> QuerySet[ReportRender]:
    renders = ReportRender.objects.defer("pdf")
    if report is not None:
        renders = renders.filter(report=report)
    if kind is not None:
        renders = renders.filter(kind=kind)
    return renders.order_by("-requested_at", "-id")
