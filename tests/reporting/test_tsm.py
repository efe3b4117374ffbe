"""The Regulator's CH01 and CH02 for the reporting year 1 April 2025 to 31 March 2026, on the winter of cases
(tests/selfassessment/conftest.py) and a few more made here.

Stage 1 received in the year: A B C D E F G; stage 2: C G. Stage 1 answered in the year: A (in time), B (after
the due date, before the due date as extended by exactly the cap, told in time: in time), C (after the due date as
extended: late), G (in time). Stage 2 answered: G (in time)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from complaints.models import Complaint, Home
from complaints.services import workflow
from reporting import tsm
from reporting.models import HomesCount
from tests.conftest import POINTS
from tests.factories import HomeFactory, ResidentFactory
from tests.reporting.conftest import extend, respond

D = datetime.date


def measure(figures, code, stage, part="all"):
    rows = figures.ch01 if code == "CH01" else figures.ch02
    return next(row for row in rows if row.stage == stage and row.part == part)


def refs(*complaints: Complaint) -> set[str]:
    return {complaint.reference for complaint in complaints}


def cases(code, stage, which, part="all", year=2025):
    found = tsm.measure_cases(year=year, code=code, stage=stage, part=part, which=which)
    return set(found.values_list("reference", flat=True))


@pytest.fixture
def homes(administrator):
    return tsm.homes_count_save(actor=administrator, year=2025, low_cost_rental=3000, low_cost_home_ownership=500)


def test_ch01_counts_complaints_received_per_1000_homes_and_an_escalation_once_at_each_stage(winter, homes):
    figures = tsm.measures(year=2025)

    stage_1, stage_2 = measure(figures, "CH01", 1), measure(figures, "CH01", 2)
    assert (stage_1.numerator, stage_1.denominator, str(stage_1.value)) == (7, 3500, "2.0")
    assert (stage_2.numerator, stage_2.denominator, str(stage_2.value)) == (2, 3500, "0.6")
    # Every winter home is low-cost rental (the default tenure).
    rental = measure(figures, "CH01", 1, "low_cost_rental")
    assert (rental.numerator, rental.denominator, str(rental.value)) == (7, 3000, "2.3")
    assert cases("CH01", 2, "numerator") == refs(winter.c, winter.g)


def test_ch02_counts_an_extension_within_the_cap_told_in_time_as_in_time(winter, homes):
    figures = tsm.measures(year=2025)

    stage_1 = measure(figures, "CH02", 1)
    assert (stage_1.numerator, stage_1.denominator, str(stage_1.value)) == (3, 4, "75.0")
    assert cases("CH02", 1, "numerator") == refs(winter.a, winter.b, winter.g)
    assert cases("CH02", 1, "not_met") == refs(winter.c)
    assert cases("CH02", 1, "denominator") == refs(winter.a, winter.b, winter.c, winter.g)
    stage_2 = measure(figures, "CH02", 2)
    assert (stage_2.numerator, stage_2.denominator) == (1, 1)


def test_ch02_does_not_count_an_extension_told_to_the_resident_after_the_response_was_due(db, log_complaint, officer):
    complaint = log_complaint(received_on=D(2025, 12, 1))
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2025, 12, 2), points=POINTS)
    # Due 16 December; the resident is told of a 5-day extension only on the 18th, and answered on the 22nd.
    extend(officer, complaint, 5, D(2025, 12, 18))
    respond(officer, complaint, D(2025, 12, 22))

    assert cases("CH02", 1, "not_met") == refs(complaint)
    assert measure(tsm.measures(year=2025), "CH02", 1).numerator == 0


def test_ch02_counts_an_extension_beyond_the_cap_with_a_good_reason_approved(db, log_complaint, officer, manager):
    complaint = log_complaint(received_on=D(2025, 12, 1))
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2025, 12, 2), points=POINTS)
    extend(manager, complaint, 12, D(2025, 12, 10), good_reason="A structural engineer must inspect the roof.")
    # Due 16 December, extended by 12 working days (beyond the cap of 10) to 7 January.
    respond(officer, complaint, D(2026, 1, 6))

    assert cases("CH02", 1, "numerator") == refs(complaint)


def test_the_reporting_year_runs_from_1_april_to_31_march(db, log_complaint):
    march = log_complaint(received_on=D(2025, 3, 31))
    april = log_complaint(received_on=D(2025, 4, 1))

    assert cases("CH01", 1, "numerator", year=2024) == refs(march)
    assert cases("CH01", 1, "numerator", year=2025) == refs(april)


def test_ch01_splits_complaints_by_tenure_and_leaves_out_homes_outside_england(db, log_complaint, homes):
    owner = ResidentFactory(home=HomeFactory(tenure=Home.Tenure.LOW_COST_HOME_OWNERSHIP))
    shared = log_complaint(received_on=D(2025, 6, 2), resident=owner)
    log_complaint(received_on=D(2025, 6, 2), nation="wales", resident=ResidentFactory(home__nation="wales"))

    figures = tsm.measures(year=2025)

    ownership = measure(figures, "CH01", 1, "low_cost_home_ownership")
    assert (ownership.numerator, ownership.denominator, str(ownership.value)) == (1, 500, "2.0")
    assert measure(figures, "CH01", 1).numerator == 1
    assert cases("CH01", 1, "numerator", part="low_cost_home_ownership") == refs(shared)


def test_without_homes_recorded_ch01_has_no_rate(db, log_complaint):
    log_complaint(received_on=D(2025, 6, 2))

    stage_1 = measure(tsm.measures(year=2025), "CH01", 1)

    assert (stage_1.numerator, stage_1.denominator, stage_1.value) == (1, None, None)


def test_only_administrators_and_the_senior_lead_record_homes(db, officer, board_member, senior_lead):
    for person in (officer, board_member):
        with pytest.raises(PermissionDenied):
            tsm.homes_count_save(actor=person, year=2025, low_cost_rental=1, low_cost_home_ownership=1)
    tsm.homes_count_save(actor=senior_lead, year=2025, low_cost_rental=10, low_cost_home_ownership=2)
    tsm.homes_count_save(actor=senior_lead, year=2025, low_cost_rental=12, low_cost_home_ownership=2)

    assert HomesCount.objects.get(year=2025).total == 14


def test_an_unknown_measure_is_refused(db):
    with pytest.raises(ValueError):
        tsm.measure_cases(year=2025, code="CH03", stage=1, part="all", which="numerator")
    with pytest.raises(ValueError):
        tsm.measure_cases(year=2025, code="CH01", stage=1, part="all", which="denominator")
