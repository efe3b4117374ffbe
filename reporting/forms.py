"""The dashboard's period and breakdown, and the number of homes for the Regulator's CH01."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from reporting.figures import BREAKDOWN_LABELS, Breakdown
from reporting.periods import OUT_OF_RANGE, Period, reporting_year_of, within_range
from ui.forms import ExplainedForm
from ui.widgets import DateField

MONTHS = [(str(n), datetime.date(2000, n, 1).strftime("%B")) for n in range(1, 13)]


class PeriodForm(ExplainedForm):
    """Month, quarter or year of the reporting year (1 April to 31 March), or any range of days."""

    kind = forms.ChoiceField(
        label="Period",
        choices=[
            ("year", "Reporting year (1 April to 31 March)"),
            ("quarter", "Quarter of the reporting year"),
            ("month", "Month"),
            ("custom", "From one date to another"),
        ],
        widget=forms.RadioSelect,
        initial="year",
    )
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="For a reporting year or quarter, the year it starts: 2025 for April 2025 to March 2026.",
    )
    quarter = forms.ChoiceField(
        label="Quarter",
        required=False,
        choices=[
            ("", "Choose a quarter"),
            ("1", "1: April to June"),
            ("2", "2: July to September"),
            ("3", "3: October to December"),
            ("4", "4: January to March"),
        ],
    )
    month = forms.ChoiceField(label="Month", required=False, choices=[("", "Choose a month"), *MONTHS])
    start = DateField(label="From", required=False)
    end = DateField(label="To", required=False)
    breakdown = forms.ChoiceField(
        label="Break down by",
        required=False,
        choices=[(value.value, BREAKDOWN_LABELS[value]) for value in Breakdown],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = reporting_year_of(timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        year = data.get("year")
        try:
            if kind in ("year", "quarter", "month") and not year:
                self.add_error("year", "Enter the year, for example 2025.")
            elif kind == "year":
                data["period"] = Period.reporting_year(year)
            elif kind == "quarter":
                if not data.get("quarter"):
                    self.add_error("quarter", "Choose a quarter.")
                else:
                    data["period"] = Period.quarter(year, int(data["quarter"]))
            elif kind == "month":
                if not data.get("month"):
                    self.add_error("month", "Choose a month.")
                else:
                    data["period"] = Period.month(year, int(data["month"]))
            elif kind == "custom":
                start, end = data.get("start"), data.get("end")
                if not start:
                    self.add_error("start", "Enter the first day of the period.")
                if not end:
                    self.add_error("end", "Enter the last day of the period.")
                for name, day in (("start", start), ("end", end)):
                    if day and not within_range(day):
                        self.add_error(name, OUT_OF_RANGE)
                if start and end and within_range(start) and within_range(end):
                    data["period"] = Period.custom(start, end)
        except ValueError:
            self.add_error("end", "The end of the period must be on or after its start.")
        data["breakdown"] = Breakdown(data.get("breakdown") or "")
        return data


def default_period(today: datetime.date) -> Period:
    return Period.reporting_year(reporting_year_of(today))


class HomesForm(ExplainedForm):
    year = forms.IntegerField(
        label="Reporting year",
        min_value=2000,
        max_value=2100,
        help_text="The year it starts: 2025 for 1 April 2025 to 31 March 2026.",
    )
    low_cost_rental = forms.IntegerField(
        label="Low-cost rental homes", min_value=0, help_text="Social rent and affordable rent homes you own."
    )
    low_cost_home_ownership = forms.IntegerField(
        label="Low-cost home ownership homes", min_value=0, help_text="Shared ownership and similar homes."
    )
