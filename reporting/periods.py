"""Reporting periods: a month, a quarter or a year of the reporting year (1 April to 31 March, as the Regulator's
Tenant Satisfaction Measures and most landlords' annual reports run), or any range of days."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.dateformat import format as date_format

# The reporting year starts on 1 April (Regulator of Social Housing: TSM reporting year).
YEAR_START_MONTH = 4
# The days a period may cover, as the dashboard form's years (2000 to 2100): beyond them nothing was recorded, and
# date arithmetic near year 1 or 9999 overflows.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
OUT_OF_RANGE = "Give a date between 1 January 2000 and 31 December 2100."


def within_range(day: datetime.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def _long(day: datetime.date) -> str:
    return date_format(day, "j F Y")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def range(self) -> tuple[datetime.date, datetime.date]:
        return (self.start, self.end)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        start = datetime.date(year, month, 1)
        return cls(start, datetime.date(year, month, last), date_format(start, "F Y"))

    @classmethod
    def reporting_year(cls, year: int) -> Period:
        """The reporting year that starts on 1 April `year`."""
        return cls(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31), f"April {year} to March {year + 1}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1 to 4 of the reporting year that starts on 1 April `year` (quarter 1: April to June)."""
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4.")
        first_month = YEAR_START_MONTH + 3 * (quarter - 1)
        first_year = year + (first_month - 1) // 12
        first_month = (first_month - 1) % 12 + 1
        last_month = first_month + 2
        start = datetime.date(first_year, first_month, 1)
        end = datetime.date(first_year, last_month, calendar.monthrange(first_year, last_month)[1])
        return cls(
            start,
            end,
            f"Quarter {quarter} of {year} to {year + 1} ({date_format(start, 'F')} to {date_format(end, 'F Y')})",
        )

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> Period:
        if end < start:
            raise ValueError("The end of a period cannot be before its start.")
        if not (within_range(start) and within_range(end)):
            raise ValueError(OUT_OF_RANGE)
        return cls(start, end, f"{_long(start)} to {_long(end)}")

    def months(self) -> list[Period]:
        """The calendar months the period touches, each cut to the period."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            month = Period.month(day.year, day.month)
            months.append(Period(max(month.start, self.start), min(month.end, self.end), month.label))
            day = month.end + datetime.timedelta(days=1)
        return months


def reporting_year_of(day: datetime.date) -> int:
    """The reporting year a day falls in, named by the year it starts."""
    return day.year if day.month >= YEAR_START_MONTH else day.year - 1
