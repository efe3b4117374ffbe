"""Counts per month, one row per label, for the senior lead's themes and trends (Code 9.4) and the reports: the
complaints received per category here, and the learning recorded per theme in `learning.selectors`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from complaints.models import Category, Complaint


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


def trend_of(labels: list[str], counted: list[tuple[str, datetime.date, int]], months: list[datetime.date]) -> Trend:
    """The (label, month, count) rows counted in SQL as a trend, in the order of `labels`, leaving out the labels
    with nothing counted."""
    by_label: dict[str, dict[datetime.date, int]] = defaultdict(dict)
    for label, month, count in counted:
        by_label[label][month] = count
    rows = [TrendRow(label, [by_label[label].get(month, 0) for month in months]) for label in labels]
    return Trend(months=months, rows=[row for row in rows if row.total])


def complaint_categories(start: datetime.date, end: datetime.date) -> Trend:
    """Code 9.4: complaints received per category per month (a complaint with two categories counts in both)."""
    counted = (
        Complaint.objects.filter(received_on__gte=start, received_on__lte=end, categories__isnull=False)
        .annotate(month=TruncMonth("received_on"))
        .values_list("categories__name", "month")
        .annotate(count=Count("id", distinct=True))
        .order_by()
    )
    return trend_of(list(Category.objects.values_list("name", flat=True)), list(counted), months_between(start, end))
