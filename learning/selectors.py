"""Reads for learning: the improvements made in a period (the annual report's section 8.1 d and the
dashboards) and the learning themes the senior lead reviews (Code 9.4) beside the complaints per category
(`reporting.trends`)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncMonth

from learning.models import LearningPoint, ReportBack, ServiceImprovement, Theme
from reporting.trends import Trend, months_between, trend_of


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


def learning_themes(start: datetime.date, end: datetime.date) -> Trend:
    """Code 9.4: learning points recorded per theme per month, so a recurring theme stands out."""
    counted = (
        LearningPoint.objects.filter(recorded_on__gte=start, recorded_on__lte=end)
        .annotate(month=TruncMonth("recorded_on"))
        .values_list("theme__name", "month")
        .annotate(count=Count("id"))
        .order_by()
    )
    return trend_of(list(Theme.objects.values_list("name", flat=True)), list(counted), months_between(start, end))


def learning_points(start: datetime.date, end: datetime.date, *, theme: Theme | None = None) -> QuerySet:
    points = LearningPoint.objects.filter(recorded_on__gte=start, recorded_on__lte=end)
    if theme is not None:
        points = points.filter(theme=theme)
    return points.select_related("complaint", "theme", "recorded_by").order_by("-recorded_on", "-id")
