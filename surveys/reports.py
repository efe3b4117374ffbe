"""What satisfaction surveys add to the summary API (Code 1.6): counts only."""

from __future__ import annotations

import datetime

from reporting.dashboard_api import register_summary_figures
from surveys.api import SurveyResultsSerializer
from surveys.selectors import SurveyResults, survey_results


@register_summary_figures(
    name="satisfaction",
    order=75,
    field=SurveyResultsSerializer(help_text="Code 1.6: surveys sent after a stage's response."),
)
def summary_figures(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> SurveyResults:
    return survey_results(start, end)
