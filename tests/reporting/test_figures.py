"""The dashboard figures on the winter of cases (tests/selfassessment/conftest.py), counted by hand.

Period 1 December 2025 to 28 February 2026, as of 28 February. Received: stage 1 A B C D E F G, stage 2 C G.
Acknowledgements due: stage 1 A B C D G (C and D late), stage 2 C G (G late). Responses due: stage 1 A B C G
(B in time only as extended, C late even as extended), stage 2 G. Extended: B (by the cap) and C (beyond it, with
a good reason a senior manager approved). Responses issued: A B C G at stage 1, G at stage 2, all partly upheld;
C and G escalated. Refused: F. Overdue on 28 February: D (never acknowledged)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from complaints.calendar import calendar_for
from complaints.models import Category, ClosureDay, Complaint, Extension, Stage, Team
from complaints.services.deadlines import closure_day_save
from reporting import figures
from reporting.figures import Breakdown
from reporting.periods import Period
from tests.factories import ResidentFactory
from tests.reporting.conftest import PERIOD

D = datetime.date
WINTER = Period.custom(*PERIOD)
AS_OF = PERIOD[1]


def refs(*complaints: Complaint) -> set[str]:
    return {complaint.reference for complaint in complaints}


def behind(figure: str, **kwargs) -> set[str]:
    cases = figures.cases_behind(figure=figure, period=WINTER, as_of=AS_OF, **kwargs)
    return set(cases.values_list("reference", flat=True))


def test_the_totals_match_the_cases_counted_by_hand(winter):
    total = figures.summary(period=WINTER, as_of=AS_OF).total.counts

    assert total["received"] == 9
    assert (total["received_stage_1"], total["received_stage_2"]) == (7, 2)
    assert (total["acknowledgement_due"], total["acknowledged_in_time"]) == (7, 4)
    assert (total["response_due"], total["responded_in_time"], total["responded_in_time_without_extension"]) == (
        5,
        4,
        3,
    )
    assert (total["extended"], total["extension_within_code"]) == (2, 2)
    assert total["overdue"] == 1
    assert (total["responded"], total["partly_upheld"], total["upheld"], total["not_upheld"]) == (5, 5, 0, 0)
    assert (total["stage_1_responded"], total["escalated"]) == (4, 2)


def test_an_escalated_complaint_counts_once_at_each_stage(winter):
    rows = {row.key: row.counts for row in figures.summary(period=WINTER, as_of=AS_OF, breakdown=Breakdown.STAGE).rows}

    assert rows[1]["received"] == 7
    assert rows[2]["received"] == 2
    assert behind("received", breakdown=Breakdown.STAGE, key=2) == refs(winter.c, winter.g)
    # G's stage 2 acknowledgement was late, C's was not; G's stage 2 response was in time.
    assert (rows[2]["acknowledgement_due"], rows[2]["acknowledged_in_time"]) == (2, 1)
    assert (rows[2]["response_due"], rows[2]["responded_in_time"]) == (1, 1)
    assert (rows[1]["response_due"], rows[1]["responded_in_time"]) == (4, 3)


def test_the_cases_behind_each_number_are_the_ones_counted(winter):
    assert behind("acknowledged_late") == refs(winter.c, winter.d, winter.g)
    assert behind("responded_in_time_without_extension") == refs(winter.a, winter.g)
    assert behind("responded_in_time") == refs(winter.a, winter.b, winter.g)
    assert behind("responded_late") == refs(winter.c)
    assert behind("extended") == refs(winter.b, winter.c)
    assert behind("escalated") == refs(winter.c, winter.g)
    assert behind("overdue") == refs(winter.d)
    assert behind("refused", item="legal_proceedings") == refs(winter.f)
    assert behind("refused", item="vexatious") == set()


def test_the_rollup_gives_each_week_and_each_day_told_of_an_extension_what_counting_every_stage_gives(winter):
    # Every week of the winter, and each day an extension was told (its stage's other dates fall elsewhere).
    weeks = [Period.custom(day, day + datetime.timedelta(days=6)) for day in _days(PERIOD[0], PERIOD[1], step=7)]
    told_on = set(Extension.objects.values_list("resident_informed_on", flat=True))
    told = [Period.custom(day, day) for day in sorted(told_on)]
    periods = weeks + told
    names = figures.SUMMARY_STAGE_COUNTS
    rolled = [figures.summary(period=period, as_of=AS_OF).total.counts for period in periods]
    assert told and all(counts["extended"] >= 1 for counts in rolled[len(weeks) :])

    every_stage = [
        figures._live_stage_counts(names, period, AS_OF, Breakdown.NONE, Stage.objects.all()).get(figures.TOTAL, {})
        for period in periods
    ]

    assert [{name: counts[name] for name in names} for counts in rolled] == [
        {name: counts.get(name, 0) for name in names} for counts in every_stage
    ]


def _days(first: datetime.date, last: datetime.date, step: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range(0, (last - first).days + 1, step)]


def test_outcomes_count_each_decision(winter, officer):
    # A fresh stage 1 response, upheld, in the period: from the fixture's partly upheld five to one more upheld.
    complaint = winter.e
    from complaints.services import workflow
    from tests.conftest import POINTS

    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 27), points=POINTS)
    workflow.complaint_respond(
        actor=officer,
        complaint=complaint,
        responded_on=D(2026, 2, 27),
        decision="upheld",
        reasons="We missed every appointment.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Missed."),
            workflow.PointDecisionInput(2, "upheld", "No call back."),
        ],
        remedies=[
            workflow.RemedyInput(
                kind="financial",
                description="For the time and trouble",
                due_on=D(2026, 2, 27),
                amount=Decimal("150.00"),
                completed_on=D(2026, 2, 27),
            )
        ],
        outstanding_actions=[],
    )

    summary = figures.summary(period=WINTER, as_of=AS_OF)

    assert (summary.total.counts["upheld"], summary.total.counts["partly_upheld"]) == (1, 5)
    assert behind("upheld") == refs(complaint)
    assert summary.remedies["offered"] == 6
    kinds = {row["kind__code"]: row["count"] for row in summary.remedies["by_kind"]}
    assert kinds == {"apology": 5, "financial": 1}
    assert summary.remedies["compensation_paid"] == Decimal("150.00")
    assert behind("compensation_paid") == refs(complaint)


def test_refusals_are_counted_by_reason(winter):
    summary = figures.summary(period=WINTER, as_of=AS_OF)

    assert [(row["reason__code"], row["count"]) for row in summary.refusals] == [("legal_proceedings", 1)]


def test_working_days_to_respond_count_from_acknowledgement_on_the_bank_holiday_calendar(winter):
    times = figures.summary(period=WINTER, as_of=AS_OF).total.times

    # A 9, G 9 (stage 1); B 18 (1 January is a bank holiday), G 19 (stage 2); C 26.
    assert times.responses == 5
    assert times.total_working_days == 81
    assert times.average == Decimal("16.2")
    assert times.bands == {
        "5 or fewer": 0,
        "6 to 10": 2,
        "11 to 15": 0,
        "16 to 20": 2,
        "21 to 30": 1,
        "More than 30": 0,
    }


def test_working_days_to_respond_are_the_calendars_count_with_a_closure_day_added_since(winter):
    # Wed 7 January 2026 falls inside B's response only (acknowledged 31 December, answered 27 January).
    closure_day_save(closure=ClosureDay(date=D(2026, 1, 7), name="Office move"))
    answered = Stage.objects.filter(responded_on__range=PERIOD).select_related("complaint")
    expected = [
        calendar_for(stage.complaint.nation).working_days_between(stage.acknowledged_on, stage.responded_on)
        for stage in answered
    ]

    times = figures.summary(period=WINTER, as_of=AS_OF).total.times

    assert sorted(expected) == [9, 9, 17, 19, 26]
    assert (times.responses, times.total_working_days) == (5, sum(expected))


def test_breakdown_by_team_and_category_puts_unrecorded_values_in_a_row_of_their_own(winter):
    north = Team.objects.create(code="north", name="North area")
    damp = Category.objects.get(code="damp_mould")
    repairs = Category.objects.get(code="repairs")
    Complaint.objects.filter(id__in=[winter.a.id, winter.b.id]).update(team=north)
    winter.a.categories.add(damp, repairs)

    by_team = figures.summary(period=WINTER, as_of=AS_OF, breakdown=Breakdown.TEAM)
    rows = {row.label: row.counts["received"] for row in by_team.rows}
    assert rows == {"North area": 2, "No area or team": 7}
    assert by_team.total.counts["received"] == 9

    by_category = figures.summary(period=WINTER, as_of=AS_OF, breakdown=Breakdown.CATEGORY)
    rows = {row.label: row.counts["received"] for row in by_category.rows}
    assert rows == {"Damp and mould": 1, "Repairs and maintenance": 1, "No category": 8}
    # A complaint in two categories is in both rows but once in the total.
    assert by_category.total.counts["received"] == 9
    assert behind("received", breakdown=Breakdown.CATEGORY, key=damp.id) == refs(winter.a)
    assert behind("received", breakdown=Breakdown.TEAM, key=None) == refs(
        winter.c, winter.d, winter.e, winter.f, winter.g
    )


def test_the_breakdown_by_nation_counts_each_nation(winter, log_complaint):
    log_complaint(received_on=D(2026, 2, 3), nation="wales", resident=ResidentFactory(home__nation="wales"))

    rows = {
        row.key: row.counts["received"]
        for row in figures.summary(period=WINTER, as_of=AS_OF, breakdown=Breakdown.NATION).rows
    }

    assert rows == {"england": 9, "wales": 1}


def test_the_trend_gives_each_month_its_received_and_in_time_counts(winter):
    points = figures.trend(period=WINTER, as_of=AS_OF)

    assert [point["period"].label for point in points] == ["December 2025", "January 2026", "February 2026"]
    # Received: A B G in December; C D G(2) in January; E F C(2) in February.
    assert [point["received"] for point in points] == [3, 3, 3]
    # Responses due: A G in December (both in time); B (as extended, 29 January) in January; C (18 Feb, late)
    # and G stage 2 (10 Feb) in February.
    assert [(point["response_due"], point["responded_in_time"]) for point in points] == [(2, 2), (1, 1), (2, 1)]


def test_an_unknown_figure_is_refused(db):
    with pytest.raises(KeyError):
        figures.cases_behind(figure="nonsense", period=WINTER, as_of=AS_OF)


def test_periods_follow_the_reporting_year():
    assert Period.reporting_year(2025).range == (D(2025, 4, 1), D(2026, 3, 31))
    assert Period.quarter(2025, 1).range == (D(2025, 4, 1), D(2025, 6, 30))
    assert Period.quarter(2025, 4).range == (D(2026, 1, 1), D(2026, 3, 31))
    assert Period.month(2024, 2).range == (D(2024, 2, 1), D(2024, 2, 29))
    with pytest.raises(ValueError):
        Period.custom(D(2026, 1, 2), D(2026, 1, 1))
