"""Working-day arithmetic for complaint deadlines (complaints/calendar.py). No database is needed.

"Within N working days of D" means due on the Nth working day after D: D itself is never counted, and when D
is not a working day counting starts with the first working day after it."""

import datetime
from dataclasses import dataclass
from functools import cache

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints.calendar import CalendarRangeError, WorkingDayCalendar, bank_holidays

NATIONS = ("england", "wales", "scotland", "northern_ireland")
ONE_DAY = datetime.timedelta(days=1)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@cache
def nation_calendar(nation: str) -> WorkingDayCalendar:
    return WorkingDayCalendar(bank_holidays(nation))


def nations_where_holiday(day: datetime.date) -> set[str]:
    return {nation for nation in NATIONS if day in bank_holidays(nation)}


# --- Bank holidays: known facts per nation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        d("2022-09-19"),  # State funeral of Queen Elizabeth II
        d("2023-05-08"),  # Coronation of King Charles III
        d("2022-06-03"),  # Platinum Jubilee
        d("2026-01-01"),
        d("2026-04-03"),  # Good Friday
        d("2026-05-04"),  # Early May
        d("2026-05-25"),  # Spring
        d("2026-12-25"),
    ],
)
def test_it_treats_union_wide_bank_holidays_as_closed_in_every_nation(day):
    assert nations_where_holiday(day) == set(NATIONS)
    for nation in NATIONS:
        assert not nation_calendar(nation).is_working_day(day)


@pytest.mark.parametrize(
    ("day", "only_in"),
    [
        (d("2026-01-02"), {"scotland"}),  # 2 January
        (d("2026-11-30"), {"scotland"}),  # St Andrew's Day (a Monday in 2026)
        (d("2022-11-30"), {"scotland"}),  # St Andrew's Day (a Wednesday in 2022)
        (d("2026-08-03"), {"scotland"}),  # first Monday of August: Scottish summer holiday
        (d("2026-03-17"), {"northern_ireland"}),  # St Patrick's Day
        (d("2022-07-12"), {"northern_ireland"}),  # Battle of the Boyne (a Tuesday in 2022)
        (d("2026-07-13"), {"northern_ireland"}),  # Battle of the Boyne substitute: 12 July 2026 is a Sunday
        (d("2026-04-06"), {"england", "wales", "northern_ireland"}),  # Easter Monday: not in Scotland
        (d("2023-04-10"), {"england", "wales", "northern_ireland"}),  # Easter Monday 2023
        (d("2026-08-31"), {"england", "wales", "northern_ireland"}),  # last Monday of August
    ],
)
def test_it_closes_nation_specific_bank_holidays_only_in_those_nations(day, only_in):
    assert nations_where_holiday(day) == only_in
    for nation in NATIONS:
        assert nation_calendar(nation).is_working_day(day) is (nation not in only_in)


def test_easter_monday_is_never_a_bank_holiday_in_scotland():
    easter_mondays = [d("2015-04-06"), d("2019-04-22"), d("2024-04-01"), d("2026-04-06"), d("2030-04-22")]
    for easter_monday in easter_mondays:
        assert easter_monday not in bank_holidays("scotland")
        assert easter_monday in bank_holidays("england")
        assert nation_calendar("scotland").is_working_day(easter_monday)


def test_scotland_closes_on_the_first_monday_of_august_and_the_others_on_the_last():
    for year in range(2012, 2041):
        mondays = [day for day in (datetime.date(year, 8, 1) + i * ONE_DAY for i in range(31)) if day.weekday() == 0]
        first, last = mondays[0], mondays[-1]
        assert nations_where_holiday(first) == {"scotland"}, first
        assert nations_where_holiday(last) == {"england", "wales", "northern_ireland"}, last


@pytest.mark.parametrize("nation", NATIONS)
def test_it_closes_on_substitute_days_when_christmas_falls_on_a_weekend(nation):
    # Christmas 2022 was a Sunday: Boxing Day on Monday 26th, the Christmas substitute on Tuesday 27th.
    assert {d("2022-12-26"), d("2022-12-27")} <= bank_holidays(nation)
    # Christmas 2021 was a Saturday and Boxing Day a Sunday: substitutes on Monday 27th and Tuesday 28th.
    assert {d("2021-12-27"), d("2021-12-28")} <= bank_holidays(nation)
    calendar = nation_calendar(nation)
    assert not calendar.is_working_day(d("2022-12-27"))
    assert calendar.is_working_day(d("2022-12-28"))


@pytest.mark.parametrize("nation", NATIONS)
def test_the_weekend_originals_of_substituted_holidays_are_not_in_the_set(nation):
    assert d("2022-12-25") not in bank_holidays(nation)  # Sunday
    assert d("2021-12-25") not in bank_holidays(nation)  # Saturday
    assert d("2021-12-26") not in bank_holidays(nation)  # Sunday
    assert d("2022-01-01") not in bank_holidays(nation)  # Saturday
    assert d("2026-07-12") not in bank_holidays(nation)  # Sunday (Battle of the Boyne)


@pytest.mark.parametrize("nation", NATIONS)
def test_bank_holidays_contain_only_weekdays_across_the_whole_calendar_range(nation):
    holidays = bank_holidays(nation)
    assert all(day.weekday() < 5 for day in holidays)
    assert min(holidays).year == 2010
    assert max(holidays).year == 2050
    # Every year has at least the eight bank holidays England and Wales have; more elsewhere.
    for year in range(2010, 2051):
        assert sum(1 for day in holidays if day.year == year) >= 8, year


def test_scotland_gets_both_new_year_days_with_substitutes_when_they_fall_at_the_weekend():
    # 1 and 2 January 2022 were Saturday and Sunday: Scotland closes Monday 3rd and Tuesday 4th.
    assert {d("2022-01-03"), d("2022-01-04")} <= bank_holidays("scotland")
    assert d("2022-01-04") not in bank_holidays("england")


def test_the_union_calendar_closes_on_any_nations_bank_holiday():
    assert bank_holidays("union") == frozenset().union(*(bank_holidays(nation) for nation in NATIONS))


def test_an_ordinary_weekday_is_a_working_day_and_a_weekend_is_not():
    calendar = nation_calendar("england")
    assert calendar.is_working_day(d("2026-03-09"))  # Monday
    assert calendar.is_working_day(d("2026-03-13"))  # Friday
    assert not calendar.is_working_day(d("2026-03-07"))  # Saturday
    assert not calendar.is_working_day(d("2026-03-08"))  # Sunday


# --- Concrete deadlines ------------------------------------------------------------------------------------


def test_it_skips_good_friday_and_easter_monday_in_england():
    # Friday 27 March 2026 + 5: Mon 30, Tue 31, Wed 1, Thu 2, (Good Friday 3), (Easter Monday 6), Tue 7.
    assert nation_calendar("england").add_working_days(d("2026-03-27"), 5) == d("2026-04-07")
    assert nation_calendar("wales").add_working_days(d("2026-03-27"), 5) == d("2026-04-07")
    assert nation_calendar("northern_ireland").add_working_days(d("2026-03-27"), 5) == d("2026-04-07")


def test_it_skips_only_good_friday_in_scotland():
    assert nation_calendar("scotland").add_working_days(d("2026-03-27"), 5) == d("2026-04-06")


def test_it_starts_counting_on_monday_when_the_date_is_a_saturday():
    assert nation_calendar("england").add_working_days(d("2026-03-07"), 5) == d("2026-03-13")


def test_it_never_counts_the_date_itself_even_when_it_is_a_working_day():
    calendar = nation_calendar("england")
    assert calendar.add_working_days(d("2026-03-09"), 1) == d("2026-03-10")
    assert calendar.add_working_days(d("2026-03-13"), 1) == d("2026-03-16")  # Friday to Monday


def test_it_starts_counting_after_a_bank_holiday_when_the_date_is_one():
    # Received on Good Friday: Easter Monday is also closed in England, so the first working day is Tuesday.
    assert nation_calendar("england").add_working_days(d("2026-04-03"), 1) == d("2026-04-07")
    assert nation_calendar("scotland").add_working_days(d("2026-04-03"), 1) == d("2026-04-06")


def test_ten_working_days_over_christmas_and_new_year_differ_between_england_and_scotland():
    # From Friday 18 December 2026. Closed in England: 25 Dec, 28 Dec (Boxing Day substitute), 1 Jan.
    # Scotland also closes Monday 4 January 2027 (2 January substitute).
    assert nation_calendar("england").add_working_days(d("2026-12-18"), 10) == d("2027-01-06")
    assert nation_calendar("scotland").add_working_days(d("2026-12-18"), 10) == d("2027-01-07")


def test_twenty_working_days_are_four_weeks_when_there_are_no_holidays():
    assert nation_calendar("england").add_working_days(d("2026-02-02"), 20) == d("2026-03-02")


def test_an_admin_closure_day_pushes_the_deadline_back():
    closures = {d("2026-03-11")}
    calendar = WorkingDayCalendar(bank_holidays("england") | closures)
    assert not calendar.is_working_day(d("2026-03-11"))
    assert calendar.add_working_days(d("2026-03-07"), 5) == d("2026-03-16")
    assert nation_calendar("england").add_working_days(d("2026-03-07"), 5) == d("2026-03-13")


def test_adding_n_then_m_working_days_equals_adding_n_plus_m():
    calendar = nation_calendar("england")
    start = d("2026-03-27")
    assert calendar.add_working_days(calendar.add_working_days(start, 3), 7) == calendar.add_working_days(start, 10)


def test_it_counts_working_days_between_two_dates_excluding_the_start():
    calendar = nation_calendar("england")
    assert calendar.working_days_between(d("2026-03-27"), d("2026-04-07")) == 5
    assert calendar.working_days_between(d("2026-04-07"), d("2026-03-27")) == -5
    assert calendar.working_days_between(d("2026-03-09"), d("2026-03-09")) == 0
    assert calendar.working_days_between(d("2026-03-07"), d("2026-03-08")) == 0


def test_the_vectorised_form_gives_the_concrete_deadlines():
    calendar = nation_calendar("england")
    days = np.array(["2026-03-27", "2026-03-07", "2026-12-18"], dtype="datetime64[D]")
    result = calendar.add_working_days_many(days, np.array([5, 5, 10]))
    assert result.dtype == np.dtype("datetime64[D]")
    assert result.tolist() == [d("2026-04-07"), d("2026-03-13"), d("2027-01-06")]


def test_the_vectorised_form_accepts_empty_arrays():
    result = nation_calendar("england").add_working_days_many(
        np.array([], dtype="datetime64[D]"), np.array([], dtype=np.int64)
    )
    assert len(result) == 0


# --- Errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, -1, -20])
def test_it_refuses_fewer_than_one_working_day(n):
    calendar = nation_calendar("england")
    with pytest.raises(ValueError, match="at least 1"):
        calendar.add_working_days(d("2026-03-09"), n)
    with pytest.raises(ValueError, match="at least 1"):
        calendar.add_working_days_many(np.array(["2026-03-09"], dtype="datetime64[D]"), np.array([n]))


def test_the_range_error_is_a_value_error():
    assert issubclass(CalendarRangeError, ValueError)


@pytest.mark.parametrize("day", [d("2051-01-02"), d("2060-06-01"), d("2000-01-03"), d("2009-06-01")])
def test_it_refuses_a_date_outside_the_calendar(day):
    calendar = nation_calendar("england")
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(day, 1)
    with pytest.raises(CalendarRangeError):
        calendar.working_days_between(d("2026-03-09"), day)
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days_many(np.array([day], dtype="datetime64[D]"), np.array([1]))
    with pytest.raises(CalendarRangeError):
        calendar.working_days_between_many(
            np.array(["2026-03-09"], dtype="datetime64[D]"), np.array([day], dtype="datetime64[D]")
        )


def test_it_refuses_a_deadline_that_runs_past_the_end_of_the_calendar():
    calendar = nation_calendar("england")
    assert calendar.add_working_days(d("2050-12-01"), 10) == d("2050-12-15")
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(d("2050-12-20"), 30)
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days_many(np.array(["2050-12-20"], dtype="datetime64[D]"), np.array([30]))


def test_a_custom_range_ends_where_it_is_told_to():
    calendar = WorkingDayCalendar(set(), first=d("2026-03-02"), last=d("2026-03-31"))
    assert calendar.add_working_days(d("2026-03-02"), 21) == d("2026-03-31")
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(d("2026-03-02"), 22)
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(d("2026-04-01"), 1)


# --- Properties ----------------------------------------------------------------------------------------------

START_DATES = st.dates(min_value=d("2012-01-01"), max_value=d("2040-12-31"))
COUNTS = st.integers(min_value=1, max_value=60)


@dataclass(frozen=True)
class Scenario:
    calendar: WorkingDayCalendar
    closed: frozenset[datetime.date]
    start: datetime.date

    def is_open(self, day: datetime.date) -> bool:
        """The definition of a working day, independently of the calendar's precomputed ordinals."""
        return day.weekday() < 5 and day not in self.closed


@st.composite
def scenarios(draw) -> Scenario:
    """A start date and a calendar: a real nation's bank holidays, plus (often) a random set of admin closure
    days placed around the start date so that they actually fall inside the deadlines being computed."""
    nation = draw(st.sampled_from(NATIONS))
    start = draw(START_DATES)
    offsets = draw(st.lists(st.integers(min_value=-10, max_value=150), max_size=60))
    closures = frozenset(start + offset * ONE_DAY for offset in offsets)
    closed = bank_holidays(nation) | closures
    calendar = WorkingDayCalendar(closed) if closures else nation_calendar(nation)
    return Scenario(calendar, closed, start)


def brute_force_due(scenario: Scenario, n: int) -> datetime.date:
    """Walk day by day from the day after the start, counting working days, and check is_working_day on the way."""
    day, counted = scenario.start, 0
    while counted < n:
        day += ONE_DAY
        assert scenario.calendar.is_working_day(day) is scenario.is_open(day), day
        counted += scenario.is_open(day)
    return day


@given(scenarios(), COUNTS)
def test_the_due_date_is_a_working_day(scenario, n):
    due = scenario.calendar.add_working_days(scenario.start, n)
    assert scenario.is_open(due)
    assert scenario.calendar.is_working_day(due)


@given(scenarios(), COUNTS)
def test_the_due_date_is_strictly_after_the_start_date(scenario, n):
    assert scenario.calendar.add_working_days(scenario.start, n) > scenario.start


@given(scenarios(), COUNTS)
def test_exactly_n_working_days_lie_after_the_start_up_to_and_including_the_due_date(scenario, n):
    due = scenario.calendar.add_working_days(scenario.start, n)
    assert due == brute_force_due(scenario, n)
    counted = sum(scenario.is_open(scenario.start + i * ONE_DAY) for i in range(1, (due - scenario.start).days + 1))
    assert counted == n
    assert scenario.calendar.working_days_between(scenario.start, due) == n


@given(scenarios(), st.integers(min_value=-120, max_value=120))
def test_working_days_between_counts_the_half_open_interval(scenario, offset):
    end = scenario.start + offset * ONE_DAY
    low, high = sorted((scenario.start, end))
    count = sum(scenario.is_open(low + i * ONE_DAY) for i in range(1, (high - low).days + 1))
    assert scenario.calendar.working_days_between(scenario.start, end) == (count if end >= scenario.start else -count)


@given(scenarios(), COUNTS, COUNTS)
def test_a_larger_n_gives_a_strictly_later_due_date(scenario, n1, n2):
    if n1 == n2:
        n2 += 1
    n1, n2 = sorted((n1, n2))
    assert scenario.calendar.add_working_days(scenario.start, n1) < scenario.calendar.add_working_days(
        scenario.start, n2
    )


@given(scenarios(), st.integers(min_value=0, max_value=30), COUNTS)
def test_a_later_start_date_never_gives_an_earlier_due_date(scenario, gap, n):
    later = scenario.start + gap * ONE_DAY
    assert scenario.calendar.add_working_days(scenario.start, n) <= scenario.calendar.add_working_days(later, n)


@given(scenarios(), COUNTS, COUNTS)
def test_adding_n_then_m_always_equals_adding_n_plus_m(scenario, n, m):
    calendar = scenario.calendar
    assert calendar.add_working_days(calendar.add_working_days(scenario.start, n), m) == calendar.add_working_days(
        scenario.start, n + m
    )


@given(scenarios(), st.lists(st.tuples(st.integers(min_value=-10, max_value=150), COUNTS), min_size=1, max_size=50))
def test_the_vectorised_form_agrees_with_the_scalar_one(scenario, pairs):
    starts = [scenario.start + offset * ONE_DAY for offset, _ in pairs]
    counts = [n for _, n in pairs]
    result = scenario.calendar.add_working_days_many(np.array(starts, dtype="datetime64[D]"), np.array(counts))
    expected = [scenario.calendar.add_working_days(start, n) for start, n in zip(starts, counts, strict=True)]
    assert result.tolist() == expected


@given(
    scenarios(),
    st.lists(
        st.tuples(st.integers(min_value=-10, max_value=150), st.integers(min_value=-10, max_value=150)), max_size=50
    ),
)
def test_the_vectorised_count_between_agrees_with_the_scalar_one(scenario, pairs):
    starts = [scenario.start + offset * ONE_DAY for offset, _ in pairs]
    ends = [scenario.start + offset * ONE_DAY for _, offset in pairs]
    result = scenario.calendar.working_days_between_many(
        np.array(starts, dtype="datetime64[D]"), np.array(ends, dtype="datetime64[D]")
    )
    expected = [scenario.calendar.working_days_between(start, end) for start, end in zip(starts, ends, strict=True)]
    assert result.tolist() == expected


@given(scenarios(), st.integers(max_value=0))
def test_any_n_below_one_is_refused(scenario, n):
    with pytest.raises(ValueError, match="at least 1"):
        scenario.calendar.add_working_days(scenario.start, n)
