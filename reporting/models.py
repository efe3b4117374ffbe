"""Data the reports need that the case record does not hold; the Annual Complaints Performance and Service
Improvement report (Code 8.1, 8.2) and the PDFs rendered from it and from the quarterly pack for the Member
Responsible for Complaints (Code 9.7). Rows change only through `reporting.services`."""

from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from core.models import TimeStamped, audited, protect_deletes
from reporting.periods import Period
from selfassessment.models import SelfAssessment


@audited
class HomesCount(TimeStamped):
    """The number of homes the landlord owned in a reporting year (1 April to 31 March), for the Regulator's
    CH01: complaints received per 1,000 homes. Low-cost rental and low-cost home ownership are counted apart,
    as the Regulator asks."""

    year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(2000)], help_text="The year the reporting year starts (1 April)."
    )
    low_cost_rental = models.PositiveIntegerField(help_text="Low-cost rental homes (social and affordable rent).")
    low_cost_home_ownership = models.PositiveIntegerField(
        help_text="Low-cost home ownership homes (shared ownership and similar)."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = "number of homes"
        verbose_name_plural = "numbers of homes"

    def __str__(self) -> str:
        return f"Homes in {self.year} to {self.year + 1}"

    @property
    def total(self) -> int:
        return self.low_cost_rental + self.low_cost_home_ownership


@audited
class AnnualReport(TimeStamped):
    """One year's report. Its narrative is written by the senior lead and senior managers while it is a draft; the
    governing body approves it with its response (Code 8.2), and from then on nothing in the row changes: the
    figures and charts it was approved with are stored here, so later changes to the cases do not alter it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved by the governing body and published"

    year = models.PositiveSmallIntegerField(unique=True, help_text="The reporting year starting 1 April of this year.")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    # Counted at each save of the narrative: a save or an approval from a page read before someone else's save is
    # refused rather than written over it.
    revision = models.PositiveIntegerField(default=0)
    # Code 8.1 a: the annual self-assessment against the Code.
    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="annual_reports"
    )
    introduction = models.TextField(blank=True)
    # Code 8.1 b: the qualitative half of the analysis; the quantitative half is the figures.
    performance_analysis = models.TextField(blank=True)
    # Code 8.1 b: "a summary of the types of complaints the landlord has refused to accept".
    refusals_summary = models.TextField(blank=True)
    # Code 8.1 c.
    ombudsman_findings = models.TextField(blank=True)
    # Code 8.1 d.
    service_improvements = models.TextField(blank=True)
    # Code 8.1 e.
    ombudsman_annual_report = models.TextField(blank=True)
    ombudsman_annual_report_url = models.URLField(max_length=500, blank=True)
    # Code 8.1 f.
    ombudsman_other_reports = models.TextField(blank=True)
    ombudsman_other_reports_url = models.URLField(max_length=500, blank=True)
    # Code 8.2: published alongside the report.
    governing_body_response = models.TextField(blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Frozen on approval: the figures as the governing body saw them, and the charts drawn from them (SVG text).
    figures = models.JSONField(null=True, blank=True)
    charts = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        triggers = [
            protect_deletes,
            # Code 8.2: what the governing body approved and the landlord published stays as it was.
            pgtrigger.Protect(
                name="approved_reports_are_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status="approved"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(approved_on__isnull=False, approved_by__isnull=False, figures__isnull=False)
                    & ~models.Q(governing_body_response="")
                    & ~models.Q(minute_reference="")
                ),
                name="approved_report_has_its_approval_and_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"Annual Complaints Performance and Service Improvement report {self.year} to {self.year + 1}"

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return Period.reporting_year(self.year).range

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class ReportRender(models.Model):
    """One PDF asked for: the annual report or the quarterly MRC pack, rendered by a Celery task whose progress is
    written here for the page to show. A render that fails keeps its error, so the page can say so."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual report"
        MRC_PACK = "mrc_pack", "Quarterly pack for the Member Responsible for Complaints"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind)
    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, null=True, blank=True, related_name="renders")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    # Rendered from the approved report's frozen figures: the one the public download serves.
    from_approved = models.BooleanField(default=False)
    pdf = models.BinaryField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="annual") | models.Q(report__isnull=False), name="annual_render_has_report"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="render_progress_is_a_percentage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class FigureDay(models.Model):
    """The rollup behind the dashboard and the Regulator's figures: how many stages one figure counted on one day,
    by one breakdown's value (`reporting.rollup`). A pure function of the case record, rebuilt day by day whenever a
    row it depends on changes; never edited by hand."""

    day = models.DateField()
    figure = models.CharField(max_length=60)
    # A `figures.Breakdown` value ("" for none), or "england_tenure" for the Regulator's figures.
    breakdown = models.CharField(max_length=20)
    # The breakdown's value as text (a stage number, a nation, an id); empty where the case has none recorded.
    key = models.CharField(max_length=40, blank=True)
    # Only for the figure "response_working_days": the working days the responses took.
    working_days = models.PositiveSmallIntegerField(null=True)
    # Only for the figures counting a stage by two dates (escalated, extended): the second (`RolledFigure.since`).
    since = models.DateField(null=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["breakdown", "day"], name="figure_day_by_breakdown")]


class FigureDayPending(models.Model):
    """Days whose rollup rows must be counted again, written by database triggers on the case record whenever a
    row the figures depend on changes (migration 0003), so no writer can forget to. Null: every day."""

    day = models.DateField(null=True)
