"""Stored due dates and the calendar changes that move them (complaints/services/deadlines.py).

Every expected date is counted by hand: "N working days after D" is the Nth Monday-to-Friday after D that is neither a
bank holiday of the home's nation nor a closure day that applies to it. February 2026 has no bank holiday anywhere in
the UK."""

from __future__ import annotations

import datetime
import importlib
import io
from types import SimpleNamespace

import holidays
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from complaints.calendar import bank_holidays
from complaints.models import CaseEvent, ClosureDay, Complaint, Stage
from complaints.services import deadlines, record, workflow
from complaints.services.deadlines import closure_day_delete, closure_day_save, deadlines_recompute, stage_due_dates
from core.errors import CaseChangedError
from tests.conftest import POINTS
from tests.factories import ResidentFactory

D = datetime.date

RECEIVED = D(2026, 2, 2)  # Monday
CLOSURE = D(2026, 2, 4)  # Wednesday

DECISIONS = [
    workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
    workflow.PointDecisionInput(2, "upheld", "Nobody called back."),
]


def due(complaint, number=None):
    stage = (
        Stage.objects.get(complaint=complaint, number=number)
        if number
        else Complaint.objects.get(pk=complaint.pk).current_stage
    )
    return stage.acknowledgement_due, stage.response_due


def respond(officer, complaint, on):
    return workflow.complaint_respond(
        actor=officer,
        complaint=complaint,
        responded_on=on,
        decision="upheld",
        reasons="We got it wrong.",
        point_decisions=DECISIONS,
        remedies=[],
        outstanding_actions=[],
    )


def moved_events(complaint):
    return list(
        CaseEvent.objects.filter(complaint=complaint, kind=CaseEvent.Kind.DUE_DATE_MOVED)
        .order_by("id")
        .values_list("description", flat=True)
    )


@pytest.fixture
def cases(log_complaint, officer):
    """Complaints all received Mon 2 Feb 2026, in different states and nations."""
    awaiting = log_complaint(received_on=RECEIVED)
    # Acknowledgement due 5 working days later: Mon 9 Feb (Feb 3, 4, 5, 6, 9).
    assert due(awaiting) == (D(2026, 2, 9), None)

    in_progress = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=in_progress, acknowledged_on=D(2026, 2, 3), points=POINTS)
    # Acknowledged Tue 3 Feb: response due Tue 17 Feb (Feb 4, 5, 6, 9, 10, 11, 12, 13, 16, 17).
    assert due(in_progress) == (D(2026, 2, 9), D(2026, 2, 17))

    responded = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=responded, acknowledged_on=D(2026, 2, 3), points=POINTS)
    respond(officer, responded, D(2026, 2, 6))

    closed = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=closed, acknowledged_on=D(2026, 2, 3), points=POINTS)
    respond(officer, closed, D(2026, 2, 6))
    workflow.complaint_close(actor=officer, complaint=closed, closed_on=D(2026, 2, 9))

    withdrawn = log_complaint(received_on=RECEIVED)
    workflow.complaint_withdraw(actor=officer, complaint=withdrawn, withdrawn_on=D(2026, 2, 3), note="Phoned.")

    scottish = log_complaint(received_on=RECEIVED, nation="scotland", resident=ResidentFactory(home__nation="scotland"))
    # SPSO frontline: 5 working days from receipt, Mon 9 Feb.
    assert due(scottish) == (None, D(2026, 2, 9))

    return {
        "awaiting": awaiting,
        "in_progress": in_progress,
        "responded": responded,
        "closed": closed,
        "withdrawn": withdrawn,
        "scottish": scottish,
    }


@pytest.mark.django_db
def test_a_closure_day_for_every_nation_moves_open_deadlines_by_one_working_day_and_says_so(cases):
    moved = closure_day_save(closure=ClosureDay(date=CLOSURE, name="Staff training day"))

    assert moved == 3
    # Wed 4 Feb 2026 is no longer a working day. Awaiting acknowledgement: Feb 3, 5, 6, 9, 10 -> Tue 10 Feb.
    assert due(cases["awaiting"]) == (D(2026, 2, 10), None)
    # Acknowledged Tue 3 Feb: Feb 5, 6, 9, 10, 11, 12, 13, 16, 17, 18 -> Wed 18 Feb.
    assert due(cases["in_progress"]) == (D(2026, 2, 10), D(2026, 2, 18))
    # Scottish frontline from Mon 2 Feb: Feb 3, 5, 6, 9, 10 -> Tue 10 Feb.
    assert due(cases["scottish"]) == (None, D(2026, 2, 10))
    # Responded, closed and withdrawn stages keep the dates they had.
    for name in ("responded", "closed"):
        assert due(cases[name]) == (D(2026, 2, 9), D(2026, 2, 17)), name
        assert moved_events(cases[name]) == []
    assert due(cases["withdrawn"]) == (D(2026, 2, 9), None)
    assert moved_events(cases["withdrawn"]) == []

    assert moved_events(cases["awaiting"]) == [
        "Acknowledgement due moved from 9 February 2026 to 10 February 2026 (closure day 4 February 2026 saved).",
    ]
    (description,) = moved_events(cases["in_progress"])
    assert "Acknowledgement due moved from 9 February 2026 to 10 February 2026" in description
    assert "Response due moved from 17 February 2026 to 18 February 2026" in description
    event = CaseEvent.objects.get(complaint=cases["scottish"], kind=CaseEvent.Kind.DUE_DATE_MOVED)
    assert event.stage == 1
    assert "Response due moved from 9 February 2026 to 10 February 2026" in event.description


@pytest.mark.django_db
def test_a_closure_day_records_who_moved_the_deadlines_and_moves_on_the_case_version(cases, manager):
    versions = {name: Complaint.objects.get(pk=case.pk).version for name, case in cases.items()}

    closure_day_save(closure=ClosureDay(date=CLOSURE, name="Staff training day"), actor=manager)

    event = CaseEvent.objects.get(complaint=cases["awaiting"], kind=CaseEvent.Kind.DUE_DATE_MOVED)
    assert event.actor == manager
    # Someone acting on the case as it was before the dates moved is told it changed (Complaint.version).
    assert Complaint.objects.get(pk=cases["awaiting"].pk).version == versions["awaiting"] + 1
    assert Complaint.objects.get(pk=cases["closed"].pk).version == versions["closed"]
    with pytest.raises(CaseChangedError):
        workflow.complaint_acknowledge(
            actor=manager,
            complaint=cases["awaiting"],
            acknowledged_on=D(2026, 2, 5),
            points=POINTS,
            expected_version=versions["awaiting"],
        )


@pytest.mark.django_db
def test_a_closure_day_for_one_nation_leaves_the_other_nations_deadlines_alone(cases):
    moved = closure_day_save(closure=ClosureDay(date=CLOSURE, name="Scottish office closed", nations=["scotland"]))

    assert moved == 1
    assert due(cases["scottish"]) == (None, D(2026, 2, 10))
    assert due(cases["awaiting"]) == (D(2026, 2, 9), None)
    assert due(cases["in_progress"]) == (D(2026, 2, 9), D(2026, 2, 17))
    assert moved_events(cases["awaiting"]) == moved_events(cases["in_progress"]) == []


@pytest.mark.django_db
def test_deleting_a_closure_day_moves_the_deadlines_back(cases):
    closure = ClosureDay(date=CLOSURE, name="Staff training day", nations=["england"])
    assert closure_day_save(closure=closure) == 2
    assert due(cases["in_progress"]) == (D(2026, 2, 10), D(2026, 2, 18))
    assert due(cases["scottish"]) == (None, D(2026, 2, 9))

    assert closure_day_delete(closure=closure) == 2
    assert not ClosureDay.objects.exists()
    assert due(cases["awaiting"]) == (D(2026, 2, 9), None)
    assert due(cases["in_progress"]) == (D(2026, 2, 9), D(2026, 2, 17))
    assert moved_events(cases["awaiting"])[-1] == (
        "Acknowledgement due moved from 10 February 2026 to 9 February 2026 (closure day 4 February 2026 removed)."
    )
    assert moved_events(cases["scottish"]) == []


@pytest.mark.django_db
def test_changing_which_nation_a_closure_day_applies_to_moves_both_nations(cases):
    closure = ClosureDay(date=CLOSURE, name="Office closed", nations=["scotland"])
    closure_day_save(closure=closure)
    assert due(cases["scottish"]) == (None, D(2026, 2, 10))

    closure.nations = ["england"]
    assert closure_day_save(closure=closure) == 3
    assert due(cases["scottish"]) == (None, D(2026, 2, 9))
    assert due(cases["awaiting"]) == (D(2026, 2, 10), None)
    assert due(cases["in_progress"]) == (D(2026, 2, 10), D(2026, 2, 18))


@pytest.mark.django_db
def test_a_closure_day_on_a_weekend_or_outside_every_window_moves_nothing(cases):
    assert closure_day_save(closure=ClosureDay(date=D(2026, 2, 7), name="Saturday")) == 0
    assert closure_day_save(closure=ClosureDay(date=D(2026, 2, 27), name="After every deadline")) == 0
    assert due(cases["in_progress"]) == (D(2026, 2, 9), D(2026, 2, 17))
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.DUE_DATE_MOVED).count() == 0


@pytest.mark.django_db
def test_a_withdrawn_complaint_picks_up_a_closure_day_when_it_is_reopened(cases, officer):
    closure_day_save(closure=ClosureDay(date=CLOSURE, name="Staff training day"))
    workflow.complaint_reopen(actor=officer, complaint=cases["withdrawn"], reopened_on=D(2026, 2, 5), reason="Asked.")
    assert due(cases["withdrawn"]) == (D(2026, 2, 10), None)


@pytest.mark.django_db
def test_a_new_complaint_counts_closure_days_already_configured(log_complaint):
    ClosureDay.objects.create(date=CLOSURE, name="Staff training day", nations=["england", "wales"])
    assert due(log_complaint(received_on=RECEIVED)) == (D(2026, 2, 10), None)
    welsh = log_complaint(received_on=RECEIVED, nation="wales", resident=ResidentFactory(home__nation="wales"))
    assert due(welsh) == (D(2026, 2, 10), None)
    ni = log_complaint(
        received_on=RECEIVED, nation="northern_ireland", resident=ResidentFactory(home__nation="northern_ireland")
    )
    # NIPSO's frontline stage has no acknowledgement: its response is due 5 working days after receipt, untouched.
    assert due(ni) == (None, D(2026, 2, 9))


# --- the register-wide recomputation agrees with the one-stage computation ---------------------------------------


@pytest.fixture
def register(cases, log_complaint, officer, manager, phone):
    """More open stages of every shape: extended with updates agreed, stage 2 in both regimes, other nations."""
    extended = cases["in_progress"]
    workflow.extension_grant(
        actor=officer,
        complaint=extended,
        working_days=4,
        reason="Waiting for the surveyor.",
        resident_informed_on=D(2026, 2, 10),
        ombudsman_details_given=True,
        update_interval_working_days=3,
    )
    record.correspondence_record(
        actor=officer,
        complaint=extended,
        direction="out",
        party="resident",
        channel=phone,
        occurred_on=D(2026, 2, 12),
        subject="Update",
    )

    escalated = cases["responded"]
    workflow.complaint_escalate(actor=officer, complaint=escalated, requested_on=D(2026, 2, 9))
    workflow.complaint_acknowledge(
        actor=officer, complaint=escalated, acknowledged_on=D(2026, 2, 10), points=POINTS, reviewer=manager
    )

    awaiting_stage_2 = cases["closed"]
    workflow.complaint_escalate(actor=officer, complaint=awaiting_stage_2, requested_on=D(2026, 2, 11))

    scottish_stage_2 = log_complaint(
        received_on=D(2026, 1, 5), nation="scotland", resident=ResidentFactory(home__nation="scotland")
    )
    workflow.complaint_define(actor=officer, complaint=scottish_stage_2, points=POINTS)
    respond(officer, scottish_stage_2, D(2026, 1, 9))
    workflow.complaint_escalate(actor=officer, complaint=scottish_stage_2, requested_on=D(2026, 2, 3))

    for nation in ("wales", "northern_ireland"):
        log_complaint(received_on=D(2026, 2, 3), nation=nation, resident=ResidentFactory(home__nation=nation))
    return cases


def stored(stage):
    return {field: getattr(stage, field) for field in deadlines.DUE_FIELDS}


@pytest.mark.django_db
def test_recomputing_the_register_gives_the_same_dates_as_computing_each_stage_on_its_own(register):
    for day, nations in [
        (D(2026, 2, 4), []),
        (D(2026, 2, 12), ["england"]),
        (D(2026, 2, 16), ["scotland", "northern_ireland"]),
        (D(2026, 2, 24), ["wales"]),
        (D(2026, 3, 3), []),
    ]:
        ClosureDay.objects.create(date=day, name="Closed", nations=nations)
    stages = list(Stage.objects.select_related("complaint", "regime_stage").order_by("pk"))
    open_stages = [s for s in stages if s.responded_on is None and s.complaint.is_open]
    assert len(open_stages) == 8
    before = {stage.pk: stored(stage) for stage in stages}
    expected = {stage.pk: stage_due_dates(stage) for stage in open_stages}
    changing = [pk for pk in expected if expected[pk] != before[pk]]
    assert len(changing) >= 6, "the closure days should move most open stages"

    moved = deadlines_recompute(reason="calendar check")

    assert moved == len(changing)
    for stage in Stage.objects.select_related("complaint").order_by("pk"):
        if stage.pk in expected:
            assert stored(stage) == expected[stage.pk], (stage, stage.complaint.nation)
        else:
            assert stored(stage) == before[stage.pk], stage
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.DUE_DATE_MOVED).count() == len(changing)
    # A second run finds nothing left to move.
    assert deadlines_recompute(reason="calendar check") == 0


@pytest.mark.django_db
def test_recomputing_for_some_nations_leaves_the_others_alone(register):
    ClosureDay.objects.create(date=D(2026, 2, 4), name="Closed everywhere")
    scottish_before = {s.pk: stored(s) for s in Stage.objects.filter(complaint__nation="scotland")}
    assert deadlines_recompute(nations=["england"], reason="English calendar") >= 2
    assert {s.pk: stored(s) for s in Stage.objects.filter(complaint__nation="scotland")} == scottish_before


# --- the working days each response took ----------------------------------------------------------------------


def taken(complaint, number=1):
    return Stage.objects.get(complaint=complaint, number=number).response_working_days


@pytest.mark.django_db
def test_a_response_stores_the_working_days_it_took_from_the_acknowledgement(cases):
    # Acknowledged Tue 3 Feb, answered Fri 6 Feb: Feb 4, 5, 6.
    assert taken(cases["responded"]) == taken(cases["closed"]) == 3
    assert taken(cases["in_progress"]) is None


@pytest.mark.django_db
def test_a_response_under_a_clock_that_runs_from_receipt_counts_from_receipt(cases, officer):
    scottish = cases["scottish"]
    workflow.complaint_define(actor=officer, complaint=scottish, points=POINTS)
    respond(officer, scottish, D(2026, 2, 6))
    # SPSO frontline, received Mon 2 Feb, never acknowledged: Feb 3, 4, 5, 6.
    assert taken(scottish) == 4


@pytest.mark.django_db
def test_a_closure_day_across_a_response_takes_a_working_day_off_it_until_it_is_removed(cases):
    closure = ClosureDay(date=CLOSURE, name="Staff training day", nations=["england"])
    closure_day_save(closure=closure)
    assert taken(cases["responded"]) == taken(cases["closed"]) == 2

    closure.date = D(2026, 2, 9)  # moved to after the responses
    closure_day_save(closure=closure)
    assert taken(cases["responded"]) == taken(cases["closed"]) == 3

    closure.date = CLOSURE
    closure_day_save(closure=closure)
    closure_day_delete(closure=closure)
    assert taken(cases["responded"]) == taken(cases["closed"]) == 3


@pytest.mark.django_db
def test_a_closure_day_elsewhere_or_on_the_day_the_clock_started_leaves_the_working_days_alone(cases):
    closure_day_save(closure=ClosureDay(date=CLOSURE, name="Edinburgh office", nations=["scotland"]))
    # The clock started on Tue 3 Feb, which is never counted.
    closure_day_save(closure=ClosureDay(date=D(2026, 2, 3), name="Staff training day"))
    assert taken(cases["responded"]) == taken(cases["closed"]) == 3


@pytest.mark.django_db
def test_recompute_deadlines_puts_back_working_days_that_no_longer_follow_the_calendar(cases):
    Stage.objects.filter(complaint=cases["closed"]).update(response_working_days=9)

    call_command("recompute_deadlines", stdout=io.StringIO())

    assert taken(cases["closed"]) == 3
    assert deadlines.response_working_days_recompute(Stage.objects.all()) == 0


@pytest.mark.django_db
def test_the_migration_fills_in_the_working_days_of_every_answered_stage(cases):
    fill = importlib.import_module("complaints.migrations.0011_stage_response_working_days").fill
    Stage.objects.filter(responded_on__isnull=False).update(response_working_days=0)

    fill(django_apps, SimpleNamespace(connection=connection))

    assert taken(cases["responded"]) == taken(cases["closed"]) == 3


@pytest.mark.django_db
def test_the_database_refuses_an_answered_stage_without_its_working_days(cases):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.filter(complaint=cases["in_progress"]).update(responded_on=D(2026, 2, 6))


# --- a single calendar for the whole landlord ------------------------------------------------------------------


def test_the_dates_used_below_are_what_the_holidays_package_says():
    england = holidays.country_holidays("GB", subdiv="ENG", years=[2025])
    scotland = holidays.country_holidays("GB", subdiv="SCT", years=[2025])
    # Mon 1 Dec 2025: St Andrew's Day (Sun 30 Nov) observed, Scotland only.
    assert D(2025, 12, 1) in scotland and D(2025, 12, 1) not in england
    assert D(2025, 12, 1) in bank_holidays("scotland") and D(2025, 12, 1) not in bank_holidays("england")
    # Mon 21 Apr 2025: Easter Monday, not a Scottish bank holiday. Fri 18 Apr 2025: Good Friday, everywhere.
    assert D(2025, 4, 21) in england and D(2025, 4, 21) not in scotland
    assert D(2025, 4, 18) in england and D(2025, 4, 18) in scotland
    assert D(2025, 12, 1).weekday() == 0 and D(2025, 11, 28).weekday() == 4


@pytest.mark.django_db
def test_an_english_complaint_on_its_own_nations_calendar_ignores_st_andrews_day(log_complaint):
    # Received Fri 28 Nov 2025: Mon 1 (1), Tue 2 (2), Wed 3 (3), Thu 4 (4), Fri 5 Dec 2025 (5).
    assert due(log_complaint(received_on=D(2025, 11, 28))) == (D(2025, 12, 5), None)


@pytest.mark.django_db
def test_under_the_union_calendar_an_english_complaint_skips_a_scottish_bank_holiday(log_complaint, settings):
    settings.WORKING_DAY_CALENDAR = "union"
    # Received Fri 28 Nov 2025; Mon 1 Dec is St Andrew's Day (observed) in Scotland, so under the union calendar:
    # Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 Dec 2025 (5).
    assert due(log_complaint(received_on=D(2025, 11, 28))) == (D(2025, 12, 8), None)


@pytest.mark.django_db
def test_under_the_union_calendar_a_scottish_complaint_skips_easter_monday(log_complaint, settings):
    scottish = ResidentFactory(home__nation="scotland")
    # SPSO frontline, received Thu 17 Apr 2025. Scottish calendar: Good Friday 18 Apr skipped, then Mon 21 (1) ..
    # Fri 25 Apr (5). Union calendar: Easter Monday 21 Apr skipped too: Tue 22 (1) .. Mon 28 Apr 2025 (5).
    assert due(log_complaint(received_on=D(2025, 4, 17), nation="scotland", resident=scottish)) == (
        None,
        D(2025, 4, 25),
    )
    settings.WORKING_DAY_CALENDAR = "union"
    assert due(log_complaint(received_on=D(2025, 4, 17), nation="scotland", resident=scottish)) == (
        None,
        D(2025, 4, 28),
    )


@pytest.mark.django_db
def test_under_the_union_calendar_a_closure_day_for_one_nation_moves_every_nations_deadlines(cases, settings):
    settings.WORKING_DAY_CALENDAR = "union"
    # February 2026 has no bank holiday anywhere, so the union calendar gives the same dates until a closure day.
    deadlines_recompute(reason="switched to the union calendar")
    assert due(cases["awaiting"]) == (D(2026, 2, 9), None)

    assert closure_day_save(closure=ClosureDay(date=CLOSURE, name="Edinburgh office", nations=["scotland"])) == 3
    assert due(cases["awaiting"]) == (D(2026, 2, 10), None)
    assert due(cases["in_progress"]) == (D(2026, 2, 10), D(2026, 2, 18))
    assert due(cases["scottish"]) == (None, D(2026, 2, 10))
