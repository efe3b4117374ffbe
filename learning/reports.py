"""What learning adds to the summary API and the annual report (Code 8.1 d, 9.1-9.4): improvements, with titles,
teams and counts, and learning points per theme; no complaint references and no residents."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from learning.api import ImprovementSerializer, LearningThemeSerializer
from learning.models import ServiceImprovement
from learning.selectors import learning_themes, service_improvements
from reporting.dashboard_api import register_summary_figures
from reporting.report_figures import register_report_section
from reporting.trends import TrendRow


@register_summary_figures(
    name="improvements",
    order=85,
    field=ImprovementSerializer(many=True, help_text="Code 9.1-9.3: service improvements made."),
)
def summary_improvements(
    *, start: datetime.date, end: datetime.date, as_of: datetime.date
) -> QuerySet[ServiceImprovement]:
    return service_improvements(start, end)


@register_summary_figures(
    name="learning_themes",
    order=90,
    field=LearningThemeSerializer(many=True, help_text="Code 9.4: learning points by theme."),
)
def summary_themes(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> list[TrendRow]:
    return learning_themes(start, end).rows


@register_report_section("improvements")
def report_improvements(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> list[dict[str, Any]]:
    """Code 8.1 d, 9.3: the service improvements made in the period and whom they were reported back to."""
    return [
        {
            "title": improvement.title,
            "what_changed": improvement.what_changed,
            "team": improvement.team,
            "theme": improvement.theme.name,
            "implemented_on": improvement.implemented_on.isoformat(),
            "complaints": improvement.complaint_count,
            "reported_to": sorted({back.get_audience_display() for back in improvement.report_backs.all()}),
        }
        for improvement in service_improvements(start, end)
    ]


@register_report_section("themes")
def report_themes(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 9.4, 9.7 b: learning points recorded per theme per month."""
    trend = learning_themes(start, end)
    return {
        "months": [f"{month:%B %Y}" for month in trend.months],
        "rows": [{"name": row.label, "counts": row.counts, "total": row.total} for row in trend.rows],
    }
