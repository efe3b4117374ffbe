"""Reads for learning: the improvements made in a period (the annual report's section 8.1 d and the
dashboards) and the themes and trends the senior lead reviews (Code 9.4)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncMonth

from complaints.models import Category, Complaint
from learning.models import LearningPoint, ReportBack, ServiceImprovement, Theme


def service_improvements(start: datetime.date, end: datetime.date) -> QuerySet[ServiceImprovement]:
    """The improvements made between `start` and `end` inclusive, newest first, each with its theme, how many
    complaints led to it (`complaint_count`) and its report-backs. No resident's personal data: safe for the
    board and the published annual report (Code 8.1 d)."""
    return (
        ServiceImprovement.objects.filter(implemented_on__gte=start, implemented_on__lte=end)
        .select_related("theme")
        .annotate(complaint_count=Count("complaints", distinct=True))
        .prefetch_related(Prefetch("report_backs", queryset=ReportBack.objects.order_by("reported_on", "id")))
        .order_by("-implemented_on", "-id")
    )


@dataclass(frozen=True)
class TrendRow:
    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Trend:
    """Counts per month: one row per theme or category, one column per month of the period."""

    months: list[datetime.date]
    rows: list[TrendRow]

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.rows) for i in range(len(self.months))]


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _trend(labels: list[str], counted: list[tuple[str, datetime.date, int]], months: list[datetime.date]) -> Trend:
    by_label: dict[str, dict[datetime.date, int]] = defaultdict(dict)
    for label, month, count in counted:
        by_label[label][month] = count
    rows = [TrendRow(label, [by_label[label].get(month, 0) for month in months]) for label in labels]
    return Trend(months=months, rows=[row for row in rows if row.total])


def learning_themes(start: datetime.date, end: datetime.date) -> Trend:
    """Code 9.4: learning points recorded per theme per month, so a recurring theme stands out."""
    counted = (
        LearningPoint.objects.filter(recorded_on__gte=start, recorded_on__lte=end)
        .annotate(month=TruncMonth("recorded_on"))
        .values_list("theme__name", "month")
        .annotate(count=Count("id"))
        .order_by()
    )
    return _trend(list(Theme.objects.values_list("name", flat=True)), list(counted), months_between(start, end))


def complaint_categories(start: datetime.date, end: datetime.date) -> Trend:
    """Code 9.4: complaints received per category per month (a complaint with two categories counts in both)."""
    counted = (
        Complaint.objects.filter(received_on__gte=start, received_on__lte=end, categories__isnull=False)
        .annotate(month=TruncMonth("received_on"))
        .values_list("categories__name", "month")
        .annotate(count=Count("id", distinct=True))
        .order_by()
    )
    return _trend(list(Category.objects.values_list("name", flat=True)), list(counted), months_between(start, end))


def learning_points(start: datetime.date, end: datetime.date, *, theme: Theme | None = None) -> QuerySet:
    points = LearningPoint.objects.filter(recorded_on__gte=start, recorded_on__lte=end)
    if theme is not None:
        points = points.filter(theme=theme)
    return points.select_related("complaint", "theme", "recorded_by").order_by("-recorded_on", "-id")
