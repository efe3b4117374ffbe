"""Figures reported for a closed year never move because of something done later (issue 14, item 4).

The reporting year 1 April 2022 to 31 March 2023 is closed: its CH01 and CH02, the dashboard summary, the annual
report's figures and the self-assessment's live figures are taken, then each action the case page offers after a
stage 1 response or a refusal is taken today (Monday 2 March 2026), and every figure is taken again. England has no
bank holidays in March 2023."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.case_actions import actions_now, case_action
from complaints.models import Complaint, RefusalReason
from complaints.services import workflow
from reporting import report_figures, tsm
from selfassessment.figures import FIGURES, Period
from tests.casework.test_case_actions import SCENARIOS, World, fresh, page_url
from tests.conftest import POINTS

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2022
START, END = D(2022, 4, 1), D(2023, 3, 31)

# What the case page offers after each, and so every action that can follow a response or a refusal.
AFTER_A_RESPONSE = {
    "escalate",
    "close",
    "correspondence",
    "document",
    "issue",
    "remedy",
    "outstanding-action",
    "learning",
    "note",
    "survey",
    "ombudsman-referral",
}
AFTER_A_REFUSAL = {
    "reopen",
    "correspondence",
    "document",
    "issue",
    "remedy",
    "outstanding-action",
    "learning",
    "note",
    "ombudsman-referral",
}


def _without(value: Any, names: set[str]) -> Any:
    """The figures without those about today rather than the year (open cases overdue now, the date asked), and
    without the breakdown rows that only they filled."""
    if isinstance(value, dict):
        return {key: _without(item, names) for key, item in value.items() if key not in names}
    if isinstance(value, list):
        return [_without(item, names) for item in value if not _only_about_today(item, names)]
    return value


def _only_about_today(row: Any, names: set[str]) -> bool:
    if not (isinstance(row, dict) and "counts" in row):
        return False
    counts = [count for name, count in row["counts"].items() if name not in names]
    return not any(counts) and not row.get("times", {}).get("responses")


def _differences(before: Any, after: Any, path: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        keys = before.keys() | after.keys()
        return [d for key in keys for d in _differences(before.get(key), after.get(key), f"{path}.{key}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        pairs = enumerate(zip(before, after, strict=True))
        return [d for i, (b, a) in pairs for d in _differences(b, a, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]


def reported(board_member) -> dict[str, Any]:
    """Every figure the product reports for the year 2022/23, as read today."""
    api = APIClient()
    api.force_authenticate(board_member)
    today = timezone.localdate()
    live = Period(start=START, end=END, as_of=today, regime=None)
    return _without(
        {
            "tsm": api.get("/api/v1/reports/tsm/", {"year": YEAR}).json(),
            "summary": api.get("/api/v1/reports/summary/", {"from": START, "to": END}).json(),
            "summary_by_stage": api.get(
                "/api/v1/reports/summary/", {"from": START, "to": END, "breakdown": "stage"}
            ).json(),
            "annual_report": report_figures.period_figures(start=START, end=END, as_of=today),
            "self_assessment": {
                figure.key: (figure.tally(live).numerator, figure.tally(live).denominator) for figure in FIGURES
            },
        },
        {"overdue", "overdue_now", "as_of"},
    )


def answered_in_march_2023(w: World) -> Complaint:
    complaint = w.log(received_on=D(2023, 3, 6))
    workflow.complaint_acknowledge(actor=w.officer, complaint=complaint, acknowledged_on=D(2023, 3, 8), points=POINTS)
    workflow.complaint_respond(
        actor=w.officer,
        complaint=complaint,
        responded_on=D(2023, 3, 15),
        decision="partly_upheld",
        reasons="The appointments were missed.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
            workflow.PointDecisionInput(2, "not_upheld", "Our call log shows two call-backs."),
        ],
        remedies=[workflow.RemedyInput(kind="apology", description="A written apology", due_on=D(2023, 3, 15))],
        outstanding_actions=[],
    )
    return fresh(complaint)


def refused_in_march_2023(w: World) -> Complaint:
    complaint = w.log(received_on=D(2023, 3, 20))
    workflow.complaint_refuse(
        actor=w.officer,
        complaint=complaint,
        reason=RefusalReason.objects.get(code="legal_proceedings"),
        explanation="The disrepair claim covers the same boiler.",
        evidence="Claim form filed 1 March 2023",
        decided_on=D(2023, 3, 22),
    )
    return fresh(complaint)


@pytest.fixture
def world(officer, manager, log_complaint) -> World:
    return World(officer, manager, log_complaint)


@pytest.fixture
def signed_in(client, officer, login_with_mfa):
    login_with_mfa(client, officer)
    return client


def take(client, complaint: Complaint, slug: str, world: World) -> None:
    answer = client.post(
        page_url(complaint, case_action(slug)), {"version": fresh(complaint).version, **SCENARIOS[slug].page(world)}
    )
    assert answer.status_code == 302, (slug, answer.context and answer.context["form"].errors)


@pytest.mark.parametrize(
    ("ready", "expected"),
    [(answered_in_march_2023, AFTER_A_RESPONSE), (refused_in_march_2023, AFTER_A_REFUSAL)],
    ids=["after-a-response", "after-a-refusal"],
)
def test_no_action_after_a_response_or_a_refusal_moves_the_figures_of_a_closed_year(
    world, signed_in, board_member, ready, expected
):
    offered = {action.slug for action in actions_now(world.officer, ready(world))}
    assert offered == expected
    for slug in sorted(offered):
        complaint = ready(world)
        before = reported(board_member)

        take(signed_in, complaint, slug, world)

        assert _differences(before, reported(board_member)) == [], slug


def test_reopening_after_closing_a_closed_years_complaint_moves_none_of_its_figures(world, signed_in, board_member):
    complaint = answered_in_march_2023(world)
    workflow.complaint_close(actor=world.officer, complaint=complaint, closed_on=D(2023, 3, 20))
    before = reported(board_member)

    take(signed_in, complaint, "reopen", world)

    assert _differences(before, reported(board_member)) == []


def test_ch01_for_2022_23_keeps_a_complaint_refused_then_reopened_in_the_next_year(world, board_member):
    # The audit's case: received 20 March 2023, refused, reopened on 11 April 2023 because the Ombudsman said so.
    world.log(received_on=D(2022, 11, 7))
    answered_in_march_2023(world)
    complaint = refused_in_march_2023(world)
    assert [m.numerator for m in tsm.measures(year=2022).ch01 if m.stage == 1 and m.part == "all"] == [3]

    workflow.complaint_reopen(
        actor=world.officer,
        complaint=complaint,
        reopened_on=D(2023, 4, 11),
        reason="The Ombudsman told us to take it on (Code 2.4).",
    )

    assert [m.numerator for m in tsm.measures(year=2022).ch01 if m.stage == 1 and m.part == "all"] == [3]
    assert [m.numerator for m in tsm.measures(year=2023).ch01 if m.stage == 1 and m.part == "all"] == [0]
    stage = fresh(complaint).current_stage
    assert (stage.requested_on, stage.clock_restarted_on) == (D(2023, 3, 20), D(2023, 4, 11))
    # The new acknowledgement clock runs from the reopening: Wed 12, Thu 13, Fri 14, Mon 17, Tue 18 April 2023.
    assert stage.acknowledgement_due == D(2023, 4, 18)
