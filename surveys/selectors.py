"""Survey results for a period, as landlords report them (sent, returned, response rate, the five bands)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from surveys.models import Satisfaction, Survey


@dataclass(frozen=True)
class Band:
    value: int
    label: str
    count: int
    # Percentage of the surveys that answered the question, to 2 decimal places; None when none did.
    percent: float | None


@dataclass(frozen=True)
class SurveyResults:
    start: datetime.date
    end: datetime.date
    sent: int
    returned: int
    handling: list[Band]
    outcome: list[Band]

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.returned / self.sent, 2) if self.sent else None

    @property
    def satisfied_with_handling(self) -> float | None:
        """Very or fairly satisfied with how the complaint was handled, as a percentage of answers."""
        answered = sum(band.count for band in self.handling)
        satisfied = sum(band.count for band in self.handling if band.value >= Satisfaction.FAIRLY_SATISFIED)
        return round(100 * satisfied / answered, 2) if answered else None


def _bands(counts: dict[int, int]) -> list[Band]:
    total = sum(counts.values())
    return [
        Band(value, label, counts.get(value, 0), round(100 * counts.get(value, 0) / total, 2) if total else None)
        for value, label in Satisfaction.choices
    ]


def survey_results(start: datetime.date, end: datetime.date) -> SurveyResults:
    """Surveys sent between `start` and `end` inclusive, how many came back (whenever they were answered), and
    the answers in five bands. Counts only: no resident's personal data, so safe for the board and the annual
    report."""
    surveys = Survey.objects.filter(sent_on__gte=start, sent_on__lte=end)
    totals = surveys.aggregate(sent=Count("id"), returned=Count("id", filter=Q(answered_at__isnull=False)))
    handling = dict(surveys.filter(handling__isnull=False).values_list("handling").annotate(n=Count("id")).order_by())
    outcome = dict(surveys.filter(outcome__isnull=False).values_list("outcome").annotate(n=Count("id")).order_by())
    return SurveyResults(
        start=start,
        end=end,
        sent=totals["sent"],
        returned=totals["returned"],
        handling=_bands(handling),
        outcome=_bands(outcome),
    )
