"""Working days: Monday to Friday, less the bank holidays of the nation of the resident's home and any
closure days an administrator adds.

"Within N working days of D" means due on the Nth working day after D: D itself is never counted, and if
D is not a working day counting starts with the first working day after it (domain.md). Every deadline in
the system is computed here.

Working days are precomputed once per calendar as a sorted array of day numbers, so adding N working
days is a bisection and an index, not a walk through the days."""

from __future__ import annotations

import bisect
import calendar
import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays
import numpy as np
from django.conf import settings

FIRST_YEAR = 2010
LAST_YEAR = 2050

SUBDIVISIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}

_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


class CalendarRangeError(ValueError):
    pass


class WorkingDayCalendar:
    def __init__(
        self,
        non_working_days: Iterable[datetime.date],
        first: datetime.date = datetime.date(FIRST_YEAR, 1, 1),
        last: datetime.date = datetime.date(LAST_YEAR, 12, 31),
    ) -> None:
        closed = {day.toordinal() for day in non_working_days}
        self.first, self.last = first, last
        self._ordinals = [
            ordinal
            for ordinal in range(first.toordinal(), last.toordinal() + 1)
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday.
            if (ordinal - 1) % 7 < 5 and ordinal not in closed
        ]
        self._epoch_days = np.array(self._ordinals, dtype=np.int64) - _EPOCH_ORDINAL
        self._first_epoch_day, self._last_epoch_day = (day.toordinal() - _EPOCH_ORDINAL for day in (first, last))

    def is_working_day(self, day: datetime.date) -> bool:
        ordinal = self._check(day).toordinal()
        index = bisect.bisect_left(self._ordinals, ordinal)
        return index < len(self._ordinals) and self._ordinals[index] == ordinal

    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The nth working day after `day`."""
        if n < 1:
            raise ValueError("A number of working days to add must be at least 1.")
        index = bisect.bisect_right(self._ordinals, self._check(day).toordinal()) + n - 1
        if index >= len(self._ordinals):
            raise CalendarRangeError(f"The calendar does not run as far as {n} working days after {day}.")
        return datetime.date.fromordinal(self._ordinals[index])

    def nth_working_day_back(self, day: datetime.date, n: int) -> datetime.date:
        """The nth working day counting back from `day`, which counts itself when it is a working day.

        Something that falls due n working days after D has fallen due by `day` exactly when D is earlier
        than this date: the alerts ask "which escalations are a working day old?" with it in one query."""
        if n < 1:
            raise ValueError("A number of working days to count back must be at least 1.")
        index = bisect.bisect_right(self._ordinals, self._check(day).toordinal()) - n
        if index < 0:
            raise CalendarRangeError(f"The calendar does not start {n} working days before {day}.")
        return datetime.date.fromordinal(self._ordinals[index])

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days lie in (start, end]; negative when end is before start."""
        return bisect.bisect_right(self._ordinals, self._check(end).toordinal()) - bisect.bisect_right(
            self._ordinals, self._check(start).toordinal()
        )

    def add_working_days_many(self, days: np.ndarray, n: np.ndarray) -> np.ndarray:
        """add_working_days over arrays: `days` as datetime64[D], `n` as integers. For whole-register
        recomputation, where a Python loop would be the bottleneck."""
        epoch_days = days.astype("datetime64[D]").astype(np.int64)
        if len(epoch_days) and (epoch_days.min() < self._epoch_days[0] - 7 or epoch_days.max() > self._epoch_days[-1]):
            raise CalendarRangeError(f"Dates must lie between {self.first} and {self.last}.")
        if len(n) and n.min() < 1:
            raise ValueError("A number of working days to add must be at least 1.")
        index = np.searchsorted(self._epoch_days, epoch_days, side="right") + n - 1
        if len(index) and index.max() >= len(self._epoch_days):
            raise CalendarRangeError("The calendar does not run that far.")
        return self._epoch_days[index].astype("datetime64[D]")

    def working_days_between_many(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """working_days_between over arrays of datetime64[D], for the whole register at once."""
        start_days, end_days = (days.astype("datetime64[D]").astype(np.int64) for days in (starts, ends))
        for days in (start_days, end_days):
            if len(days) and (days.min() < self._first_epoch_day or days.max() > self._last_epoch_day):
                raise CalendarRangeError(f"Dates must lie between {self.first} and {self.last}.")
        return np.searchsorted(self._epoch_days, end_days, side="right") - np.searchsorted(
            self._epoch_days, start_days, side="right"
        )

    def _check(self, day: datetime.date) -> datetime.date:
        if not (self.first <= day <= self.last):
            raise CalendarRangeError(f"Dates must lie between {self.first} and {self.last}, not {day}.")
        return day


@lru_cache(maxsize=8)
def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, or the month's last day where it has no such day: 12 months
    after 29 February 2024 is 28 February 2025. Time limits to complain are in months, not working days."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def bank_holidays(nation: str) -> frozenset[datetime.date]:
    """The nation's bank holidays on weekdays (the package also lists the weekend day a substitute replaces)."""
    nations = SUBDIVISIONS if nation == "union" else {nation: SUBDIVISIONS[nation]}
    days: set[datetime.date] = set()
    for subdivision in nations.values():
        uk = holidays.country_holidays("GB", subdiv=subdivision, years=range(FIRST_YEAR, LAST_YEAR + 1))
        days.update(day for day in uk if day.weekday() < 5)
    return frozenset(days)


@lru_cache(maxsize=32)
def _build(calendar_key: str, closure_days: frozenset[datetime.date]) -> WorkingDayCalendar:
    return WorkingDayCalendar(bank_holidays(calendar_key) | closure_days)


def calendar_key(nation: str) -> str:
    if nation not in SUBDIVISIONS:
        raise ValueError(f"Unknown nation {nation!r}.")
    return "union" if settings.WORKING_DAY_CALENDAR == "union" else nation


def calendar_for(nation: str) -> WorkingDayCalendar:
    """The working-day calendar for a home in `nation`, with the closure days configured now."""
    return calendars_for([nation])[nation]


def calendars_for(nations: Iterable[str]) -> dict[str, WorkingDayCalendar]:
    """Each nation's calendar from one read of the closure days: a page or a sweep that needs every nation's asks
    the database once, not once a nation."""
    from complaints.models import ClosureDay

    closures = list(ClosureDay.objects.only("date", "nations"))
    calendars = {}
    for nation in nations:
        key = calendar_key(nation)
        days = frozenset(closure.date for closure in closures if key == "union" or closure.applies_to(nation))
        calendars[nation] = _build(key, days)
    return calendars
