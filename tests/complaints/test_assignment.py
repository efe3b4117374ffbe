"""Who owns a complaint (complaints/services/assignment.py): the person on its current stage and its team, set and
changed while it is open, with the reason on the timeline and an alert to the person given it; its categories; and
moving many cases at once when someone is away. Today is Monday 2 March 2026."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from alerts.models import Alert, Kind
from complaints.models import CaseEvent, Category, Complaint, Team
from complaints.services import workflow
from complaints.services.assignment import (
    cases_handled_by,
    complaint_assign,
    complaint_categorise,
    complaints_reassign,
    reviewer_assign,
)
from core import roles
from core.errors import CaseChangedError, WorkflowError
from reporting import figures
from reporting.figures import Breakdown
from reporting.periods import Period
from tests.conftest import POINTS
from tests.factories import UserFactory
from tests.oversight import answered_complaint

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def colleague(db):
    return UserFactory(role=roles.OFFICER, username="omar", first_name="Omar", last_name="Shah")


@pytest.fixture
def north(db):
    return Team.objects.create(code="north", name="North area")


def fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_related("current_stage__handler", "team").get(pk=complaint.pk)


def events(complaint: Complaint, kind: str) -> list[str]:
    return list(CaseEvent.objects.filter(complaint=complaint, kind=kind).values_list("description", flat=True))


def escalated(log_complaint, officer) -> Complaint:
    complaint = answered_complaint(log_complaint, officer)
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 20))
    return fresh(complaint)


def test_a_new_complaint_is_given_to_an_officer_who_is_alerted(log_complaint, manager, colleague):
    complaint = log_complaint()

    complaint_assign(actor=manager, complaint=complaint, handler=colleague, team=None, expected_version=1)

    complaint = fresh(complaint)
    assert complaint.current_stage.handler == colleague
    assert complaint.version == 2
    assert events(complaint, CaseEvent.Kind.ASSIGNED) == ["Stage 1 handler changed from nobody to Omar Shah."]
    (alert,) = Alert.objects.filter(kind=Kind.ASSIGNED)
    assert (alert.recipient, alert.complaint) == (colleague, complaint)
    assert alert.title == f"{complaint.reference} stage 1: assigned to you on 2 March 2026"


def test_taking_a_case_yourself_alerts_nobody(log_complaint, colleague):
    complaint = log_complaint()

    complaint_assign(actor=colleague, complaint=complaint, handler=colleague, team=None)

    assert fresh(complaint).current_stage.handler == colleague
    assert not Alert.objects.filter(kind=Kind.ASSIGNED).exists()


def test_a_complaint_given_to_a_team_alerts_nobody_and_is_on_the_timeline(log_complaint, officer, colleague, north):
    north.members.add(colleague)
    complaint = log_complaint()

    complaint_assign(actor=officer, complaint=complaint, handler=None, team=north)

    assert fresh(complaint).team == north
    assert events(complaint, CaseEvent.Kind.ASSIGNED) == ["Team changed from none to North area."]
    assert not Alert.objects.exists()


def test_reassigning_needs_a_reason_which_goes_on_the_timeline(log_complaint, officer, colleague, manager):
    complaint = log_complaint()
    complaint_assign(actor=manager, complaint=complaint, handler=officer, team=None)

    with pytest.raises(WorkflowError, match="Say why the complaint is being reassigned") as refused:
        complaint_assign(actor=manager, complaint=complaint, handler=colleague, team=None, reason="  ")
    assert refused.value.field == "reason"
    assert fresh(complaint).current_stage.handler == officer

    complaint_assign(actor=manager, complaint=complaint, handler=colleague, team=None, reason="Olivia is on leave.")

    assert fresh(complaint).current_stage.handler == colleague
    assert events(complaint, CaseEvent.Kind.ASSIGNED)[-1] == (
        f"Stage 1 handler changed from {officer.get_full_name()} to Omar Shah. Reason: Olivia is on leave."
    )
    assert list(Alert.objects.filter(kind=Kind.ASSIGNED).values_list("recipient", flat=True)) == [
        colleague.pk,
        officer.pk,
    ]


def test_moving_a_case_from_one_team_to_another_needs_a_reason(log_complaint, officer, north):
    south = Team.objects.create(code="south", name="South area")
    complaint = log_complaint()
    complaint_assign(actor=officer, complaint=complaint, handler=None, team=north)

    with pytest.raises(WorkflowError, match="Say why"):
        complaint_assign(actor=officer, complaint=complaint, handler=None, team=south)

    assert fresh(complaint).team == north


def test_a_complaint_can_be_given_only_to_someone_who_can_handle_the_stage(log_complaint, officer, staff_member):
    complaint = log_complaint()
    gone = UserFactory(role=roles.OFFICER, is_active=False)

    for person in [staff_member, gone]:
        with pytest.raises(WorkflowError, match="only to a complaints officer or a senior manager") as refused:
            complaint_assign(actor=officer, complaint=complaint, handler=person, team=None)
        assert refused.value.field == "handler"
    assert fresh(complaint).current_stage.handler is None


def test_the_stage_2_reviewer_is_never_who_handled_stage_1_and_always_a_senior_manager(
    log_complaint, officer, manager, other_manager
):
    complaint = answered_complaint(log_complaint, manager)
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 20))

    with pytest.raises(WorkflowError, match=r"not be the person who handled the complaint at stage 1 \(Code 6.13\)"):
        complaint_assign(actor=officer, complaint=complaint, handler=manager, team=None)
    with pytest.raises(WorkflowError, match="The stage 2 reviewer must be a senior manager"):
        complaint_assign(actor=officer, complaint=complaint, handler=officer, team=None)
    assert fresh(complaint).current_stage.handler is None

    complaint_assign(actor=officer, complaint=complaint, handler=other_manager, team=None)

    complaint = fresh(complaint)
    assert complaint.current_stage.handler == other_manager
    assert events(complaint, CaseEvent.Kind.ASSIGNED) == [
        f"Stage 2 reviewer changed from nobody to {other_manager.get_full_name()}."
    ]


def test_assigning_the_stage_2_reviewer_keeps_the_team_asks_why_a_reviewer_is_replaced_and_alerts(
    log_complaint, officer, manager, other_manager, north
):
    complaint = escalated(log_complaint, officer)
    complaint_assign(actor=officer, complaint=complaint, handler=None, team=north)
    reviewer_assign(actor=officer, complaint=complaint, reviewer=manager)

    with pytest.raises(WorkflowError, match="Say why the complaint is being reassigned") as refused:
        reviewer_assign(actor=officer, complaint=complaint, reviewer=other_manager)
    assert refused.value.field == "reason"
    with pytest.raises(WorkflowError, match="must be a senior manager") as refused:
        reviewer_assign(actor=officer, complaint=complaint, reviewer=officer, reason="Mo is on leave.")
    assert refused.value.field == "reviewer"
    assert fresh(complaint).current_stage.handler == manager

    reviewer_assign(actor=officer, complaint=complaint, reviewer=other_manager, reason="Mo is on leave.")

    complaint = fresh(complaint)
    assert (complaint.current_stage.handler, complaint.team) == (other_manager, north)
    assert events(complaint, CaseEvent.Kind.ASSIGNED)[-2:] == [
        f"Stage 2 reviewer changed from nobody to {manager.get_full_name()}.",
        f"Stage 2 reviewer changed from {manager.get_full_name()} to {other_manager.get_full_name()}. "
        "Reason: Mo is on leave.",
    ]
    assert list(Alert.objects.filter(kind=Kind.ASSIGNED, complaint=complaint).values_list("recipient", flat=True)) == [
        other_manager.pk,
        manager.pk,
    ]


def test_a_reviewer_named_when_acknowledging_stage_2_is_alerted_and_never_replaces_one_silently(
    log_complaint, officer, manager, other_manager
):
    complaint = escalated(log_complaint, officer)
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 23), points=POINTS, reviewer=manager
    )
    assert list(Alert.objects.filter(kind=Kind.ASSIGNED, complaint=complaint).values_list("recipient", flat=True)) == [
        manager.pk
    ]

    other = escalated(log_complaint, officer)
    reviewer_assign(actor=officer, complaint=other, reviewer=manager)
    with pytest.raises(WorkflowError, match="already has a stage 2 reviewer") as refused:
        workflow.complaint_acknowledge(
            actor=officer, complaint=other, acknowledged_on=D(2026, 2, 23), points=POINTS, reviewer=other_manager
        )
    assert refused.value.field == "reviewer"
    assert (fresh(other).current_stage.handler, fresh(other).status) == (
        manager,
        Complaint.Status.AWAITING_ACKNOWLEDGEMENT,
    )
    # Naming the reviewer it already has is no change.
    workflow.complaint_acknowledge(
        actor=officer, complaint=other, acknowledged_on=D(2026, 2, 23), points=POINTS, reviewer=manager
    )
    assert Alert.objects.filter(kind=Kind.ASSIGNED, complaint=other).count() == 1


def test_a_stale_version_is_refused_and_nothing_changes(log_complaint, officer, colleague):
    complaint = log_complaint()
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)

    with pytest.raises(CaseChangedError):
        complaint_assign(actor=officer, complaint=complaint, handler=colleague, team=None, expected_version=1)

    assert fresh(complaint).current_stage.handler == officer
    assert not events(complaint, CaseEvent.Kind.ASSIGNED)


def test_a_closed_case_cannot_be_reassigned_nor_recategorised(log_complaint, officer, colleague):
    complaint = answered_complaint(log_complaint, officer)
    workflow.complaint_close(actor=officer, complaint=complaint, closed_on=D(2026, 2, 20))
    repairs = Category.objects.get(code="repairs")

    with pytest.raises(WorkflowError, match="You cannot assign or reassign the complaint now: the complaint is closed"):
        complaint_assign(actor=officer, complaint=complaint, handler=colleague, team=None, reason="Leave")
    with pytest.raises(WorkflowError, match="You cannot change the categories now: the complaint is closed"):
        complaint_categorise(actor=officer, complaint=complaint, categories=[repairs])

    assert fresh(complaint).current_stage.handler == officer
    assert not complaint.categories.exists()


def test_a_role_that_does_not_handle_complaints_cannot_assign(log_complaint, staff_member, colleague):
    complaint = log_complaint()

    with pytest.raises(PermissionDenied):
        complaint_assign(actor=staff_member, complaint=complaint, handler=colleague, team=None)


def test_assigning_what_is_already_so_is_refused(log_complaint, officer):
    complaint = log_complaint()

    with pytest.raises(WorkflowError, match="nothing to change"):
        complaint_assign(actor=officer, complaint=complaint, handler=None, team=None)


def test_acknowledging_keeps_the_person_the_complaint_was_given_to(log_complaint, officer, colleague):
    complaint = log_complaint()
    complaint_assign(actor=officer, complaint=complaint, handler=colleague, team=None)

    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)

    assert fresh(complaint).current_stage.handler == colleague


def test_acknowledging_an_unassigned_complaint_gives_it_to_whoever_acknowledges(log_complaint, officer, colleague):
    complaint = log_complaint(actor=colleague)

    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)

    assert fresh(complaint).current_stage.handler == officer


def test_categories_change_on_the_timeline_and_the_dashboard_counts_the_new_ones(log_complaint, officer):
    damp, repairs = Category.objects.get(code="damp_mould"), Category.objects.get(code="repairs")
    complaint = log_complaint(categories=[repairs])
    period = Period.custom(D(2026, 2, 1), D(2026, 2, 28))

    def by_category() -> dict[str, int]:
        summary = figures.summary(period=period, as_of=D(2026, 3, 2), breakdown=Breakdown.CATEGORY)
        return {row.label: row.counts["received"] for row in summary.rows}

    assert by_category() == {"Repairs and maintenance": 1}

    complaint_categorise(actor=officer, complaint=complaint, categories=[damp, repairs], expected_version=1)
    complaint_categorise(actor=officer, complaint=complaint, categories=[damp], expected_version=2)

    assert by_category() == {"Damp and mould": 1}
    assert events(complaint, CaseEvent.Kind.CATEGORISED) == [
        "Categories changed from Repairs and maintenance to Damp and mould, Repairs and maintenance.",
        "Categories changed from Damp and mould, Repairs and maintenance to Damp and mould.",
    ]


def test_a_category_no_longer_in_use_cannot_be_added(log_complaint, officer):
    retired = Category.objects.create(code="retired", name="Retired", active=False)
    complaint = log_complaint()

    with pytest.raises(WorkflowError, match="No longer in use: Retired"):
        complaint_categorise(actor=officer, complaint=complaint, categories=[retired])


# --- moving many cases at once --------------------------------------------------------------------------------


def test_a_senior_manager_moves_an_absent_officers_cases_and_one_that_cannot_move_is_reported(
    log_complaint, officer, manager, other_manager, north
):
    first, second = log_complaint(), log_complaint()
    for complaint in (first, second):
        workflow.complaint_define(actor=manager, complaint=complaint, points=POINTS)
    # Handled at stage 1 by the manager the cases are moving to, then reviewed at stage 2 by another: 6.13 keeps
    # it where it is.
    reviewed = answered_complaint(log_complaint, manager)
    workflow.complaint_escalate(actor=officer, complaint=reviewed, requested_on=D(2026, 2, 20))
    complaint_assign(actor=officer, complaint=reviewed, handler=other_manager, team=None)
    cases = list(cases_handled_by(other_manager).select_related("current_stage"))
    assert len(cases) == 1
    complaint_assign(actor=manager, complaint=first, handler=other_manager, team=None, reason="Balancing work")
    complaint_assign(actor=manager, complaint=second, handler=other_manager, team=None, reason="Balancing work")

    result = complaints_reassign(
        actor=manager,
        complaints=cases_handled_by(other_manager).select_related("current_stage").order_by("id"),
        handler=manager,
        team=north,
        reason="Sunita is on leave.",
    )

    assert result.moved == [first.reference, second.reference]
    assert result.not_moved == [
        (
            reviewed.reference,
            "The stage 2 reviewer must not be the person who handled the complaint at stage 1 (Code 6.13).",
        )
    ]
    for complaint in (first, second):
        complaint = fresh(complaint)
        assert (complaint.current_stage.handler, complaint.team) == (manager, north)
        assert events(complaint, CaseEvent.Kind.ASSIGNED)[-1] == (
            f"Stage 1 handler changed from {other_manager.get_full_name()} to {manager.get_full_name()}. "
            "Team changed from none to North area. Reason: Sunita is on leave."
        )
    reviewed = fresh(reviewed)
    assert (reviewed.current_stage.handler, reviewed.team) == (other_manager, None)


def test_a_case_that_changed_since_it_was_read_is_left_and_reported(log_complaint, officer, manager, colleague):
    stale, current = log_complaint(), log_complaint()
    workflow.complaint_define(actor=officer, complaint=stale.pk, points=POINTS)  # stale still holds version 1

    result = complaints_reassign(
        actor=manager, complaints=[stale, current], handler=colleague, team=None, reason="Olivia is on leave."
    )

    assert result.moved == [current.reference]
    assert result.not_moved == [(stale.reference, "It changed while the complaints were being moved.")]
    assert fresh(stale).current_stage.handler == officer


def test_only_senior_managers_move_cases_in_bulk_and_say_why(log_complaint, officer, manager, colleague):
    complaint = log_complaint()

    with pytest.raises(PermissionDenied):
        complaints_reassign(actor=officer, complaints=[complaint], handler=colleague, team=None, reason="Leave")
    with pytest.raises(WorkflowError, match="Say why the complaints are being reassigned"):
        complaints_reassign(actor=manager, complaints=[complaint], handler=colleague, team=None, reason="")
    with pytest.raises(WorkflowError, match="Choose the person or the team"):
        complaints_reassign(actor=manager, complaints=[complaint], handler=None, team=None, reason="Leave")

    assert fresh(complaint).current_stage.handler is None


def test_whoever_stage_1_was_taken_from_cannot_review_stage_2_either(log_complaint, officer, manager, other_manager):
    # The manager considered stage 1 before it was passed to the officer who answered it (Code 6.13).
    complaint = log_complaint()
    complaint_assign(actor=officer, complaint=complaint, handler=manager, team=None)
    complaint_assign(actor=officer, complaint=complaint, handler=officer, team=None, reason="Back from leave.")
    complaint = answered_complaint(lambda **kwargs: complaint, officer)
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 20))

    with pytest.raises(WorkflowError, match="must not be the person who handled the complaint at stage 1"):
        complaint_assign(actor=officer, complaint=complaint, handler=manager, team=None)
    complaint_assign(actor=officer, complaint=complaint, handler=other_manager, team=None)
