"""Live figures match the winter of cases counted by hand in conftest.py."""

from __future__ import annotations

import datetime

import pytest

from complaints import performance
from complaints.models import Complaint
from selfassessment import services
from tests.selfassessment.conftest import PERIOD

D = datetime.date
START, END = PERIOD


def refs(*complaints: Complaint) -> set[str]:
    return {complaint.reference for complaint in complaints}


def met(tally) -> set[str]:
    return {ref.reference for ref in tally.met}


def not_met(tally) -> set[str]:
    return {ref.reference for ref in tally.not_met}


@pytest.fixture
def assessment(winter, officer, hos_2024):
    return services.assessment_create(
        actor=officer, code_version=hos_2024, title="Winter review", period_start=START, period_end=END
    )


@pytest.fixture
def figures(assessment):
    return {figure.key: figure for figure in assessment.figures.all()}


def test_acknowledgements_count_the_bank_holidays_and_leave_out_refused_and_not_yet_due_cases(winter):
    tally = performance.acknowledgement_tally(number=1, start=START, end=END, as_of=END)

    # B, received on 22 December, was due on 31 December because of Christmas and Boxing Day.
    assert met(tally) == refs(winter.a, winter.b, winter.g)
    # D was never acknowledged and is counted as late; E is not due until March; F was refused.
    assert not_met(tally) == refs(winter.c, winter.d)


def test_stage_1_responses_with_and_without_extensions(winter):
    without = performance.response_tally(number=1, start=START, end=END, as_of=END, with_extensions=False)
    with_extensions = performance.response_tally(number=1, start=START, end=END, as_of=END, with_extensions=True)

    assert met(without) == refs(winter.a, winter.g)
    assert not_met(without) == refs(winter.b, winter.c)
    assert met(with_extensions) == refs(winter.a, winter.b, winter.g)
    assert not_met(with_extensions) == refs(winter.c)


def test_an_extension_of_exactly_the_cap_needs_no_good_reason_and_one_beyond_it_has_one(winter):
    tally = performance.extension_tally(number=1, start=START, end=END)

    assert met(tally) == refs(winter.b, winter.c)
    assert tally.denominator == 2
    b_stage = winter.b.stages.get(number=1)
    assert b_stage.extension_days == 10
    assert not b_stage.extensions.get().beyond_cap


def test_an_extension_beyond_the_cap_without_a_good_reason_fails_6_4(winter):
    winter.c.stages.get(number=1).extensions.update(good_reason="")

    tally = performance.extension_tally(number=1, start=START, end=END)

    assert not_met(tally) == refs(winter.c)


def test_a_stage_2_reviewer_who_handled_stage_1_fails_6_13(winter):
    tally = performance.reviewer_independence_tally(start=START, end=END)

    assert met(tally) == refs(winter.c)
    assert not_met(tally) == refs(winter.g)


def test_the_assessment_carries_every_figure_hand_counted(figures, winter):
    expected = {
        "6.2": (3, 5),
        "6.3": (2, 4),
        "6.3-extended": (3, 4),
        "6.4": (2, 2),
        "6.5": (2, 2),
        "6.11": (1, 2),
        "6.13": (1, 2),
        "6.14": (1, 1),
        "6.14-extended": (1, 1),
        "6.15": (0, 0),
        "6.16": (0, 0),
        "2.1": (1, 1),
        "5.10": (1, 2),
        "5.14": (1, 1),
        "7.3": (3, 4),  # G has a remedy at each stage
    }

    assert {key: (f.numerator, f.denominator) for key, f in figures.items()} == expected
    assert [case["reference"] for case in figures["6.11"].cases_not_met] == [winter.g.reference]
    assert [case["reference"] for case in figures["2.1"].cases_met] == [winter.f.reference]


def test_the_system_proposes_yes_only_when_every_case_met_the_rule(figures):
    assert figures["6.4"].proposed == "yes"
    assert figures["6.15"].proposed == "yes"  # no extended stage 2 cases: nothing failed
    assert figures["6.2"].proposed == "no"
    assert figures["6.2"].summary == "60% (3 out of 5) of stage 1 complaints acknowledged within 5 working days"


def test_the_lists_behind_adjustments_and_restrictions_are_marked_special_category(figures):
    assert figures["5.10"].special_category and figures["5.14"].special_category
    assert not figures["6.2"].special_category
