"""The workflow's guards and rules (complaints/services/workflow.py and record.py), through the service functions.

"Today" is Monday 2 March 2026 (the autouse `frozen_today` fixture). Every expected working-day date below is counted
by hand: "N working days after D" is the Nth Monday-to-Friday after D that is not a bank holiday of the nation of the
home (D itself never counts)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from complaints.models import (
    CaseEvent,
    Category,
    Complaint,
    ContactRestriction,
    Correspondence,
    DefinitionPoint,
    Extension,
    OutstandingAction,
    ReasonableAdjustment,
    Refusal,
    RefusalReason,
    Remedy,
    Response,
    ServiceRequest,
)
from complaints.services import assignment, record, workflow
from core.errors import WorkflowError
from tests.conftest import POINTS
from tests.factories import ResidentFactory

D = datetime.date

# The default England case: received Mon 2 Feb 2026, acknowledgement due Mon 9 Feb (Feb 3, 4, 5, 6, 9).
RECEIVED = D(2026, 2, 2)
# Acknowledged Wed 4 Feb 2026: response due Wed 18 Feb (Feb 5, 6, 9, 10, 11, 12, 13, 16, 17, 18).
ACKNOWLEDGED = D(2026, 2, 4)
RESPONSE_DUE = D(2026, 2, 18)
RESPONDED = D(2026, 2, 20)

DEFAULT_POINT_DECISIONS = [
    workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
    workflow.PointDecisionInput(2, "not_upheld", "Our call log shows two call-backs."),
]


def acknowledge(actor, complaint, on=ACKNOWLEDGED, points=POINTS, **kwargs):
    return workflow.complaint_acknowledge(actor=actor, complaint=complaint, acknowledged_on=on, points=points, **kwargs)


def respond(actor, complaint, on=RESPONDED, decision="partly_upheld", **kwargs):
    return workflow.complaint_respond(
        actor=actor,
        complaint=complaint,
        responded_on=on,
        decision=decision,
        reasons=kwargs.pop("reasons", "The appointments were missed because of a scheduling error."),
        point_decisions=kwargs.pop("point_decisions", DEFAULT_POINT_DECISIONS),
        remedies=kwargs.pop(
            "remedies", [workflow.RemedyInput(kind="apology", description="A written apology", due_on=on)]
        ),
        outstanding_actions=kwargs.pop("outstanding_actions", []),
        **kwargs,
    )


def extend(actor, complaint, days, informed_on, interval=5, good_reason="", ombudsman_details_given=True, **kwargs):
    return workflow.extension_grant(
        actor=actor,
        complaint=complaint,
        working_days=days,
        reason="We are waiting for the contractor's report.",
        resident_informed_on=informed_on,
        ombudsman_details_given=ombudsman_details_given,
        update_interval_working_days=interval,
        good_reason=good_reason,
        **kwargs,
    )


def fresh(complaint):
    return Complaint.objects.select_related("current_stage").get(pk=complaint.pk)


def snapshot(complaint):
    """What a refused action must leave exactly as it was."""
    complaint = fresh(complaint)
    stage = complaint.current_stage
    return {
        "status": complaint.status,
        "version": complaint.version,
        "stage": complaint.stage,
        "closed_on": complaint.closed_on,
        "stages": complaint.stages.count(),
        "events": CaseEvent.objects.filter(complaint=complaint).count(),
        "correspondence": Correspondence.objects.filter(complaint=complaint).count(),
        "responses": Response.objects.filter(stage__complaint=complaint).count(),
        "remedies": Remedy.objects.filter(complaint=complaint).count(),
        "actions": OutstandingAction.objects.filter(complaint=complaint).count(),
        "refusals": Refusal.objects.filter(complaint=complaint).count(),
        "extensions": Extension.objects.filter(stage__complaint=complaint).count(),
        "points": list(DefinitionPoint.objects.filter(stage=stage).values_list("point", flat=True)),
        "dates": (
            stage.requested_on,
            stage.acknowledgement_due,
            stage.acknowledged_on,
            stage.response_due,
            stage.extension_days,
            stage.responded_on,
            stage.handler_id,
            stage.update_interval,
            stage.update_due,
        ),
        "complaints": Complaint.objects.count(),
    }


@pytest.fixture
def case_in(log_complaint, officer, manager):
    """A complaint brought to the named state through the services."""

    def build(state):
        complaint = log_complaint(received_on=RECEIVED)
        if state == "awaiting_acknowledgement":
            return fresh(complaint)
        if state == "refused":
            workflow.complaint_refuse(
                actor=officer,
                complaint=complaint,
                reason=RefusalReason.objects.get(code="legal_proceedings"),
                explanation="The disrepair claim was filed at the county court.",
                evidence="Claim form ref 1234",
                decided_on=D(2026, 2, 5),
            )
            return fresh(complaint)
        acknowledge(officer, complaint)
        if state == "in_progress":
            return fresh(complaint)
        if state == "withdrawn":
            workflow.complaint_withdraw(
                actor=officer, complaint=complaint, withdrawn_on=D(2026, 2, 10), note="Phoned to withdraw."
            )
            return fresh(complaint)
        respond(officer, complaint)
        if state == "responded":
            return fresh(complaint)
        if state == "closed":
            workflow.complaint_close(actor=officer, complaint=complaint, closed_on=D(2026, 2, 23))
            return fresh(complaint)
        workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 23))
        if state == "stage_2_awaiting_acknowledgement":
            return fresh(complaint)
        acknowledge(officer, complaint, on=D(2026, 2, 24), reviewer=manager)
        assert state == "stage_2_in_progress"
        return fresh(complaint)

    return build


# --- guards: actions refused from states where they are not allowed ------------------------------------------


GUARDED = [
    pytest.param(
        "awaiting_acknowledgement",
        lambda officer, manager, c: respond(officer, c, on=D(2026, 2, 5)),
        r"cannot issue a response now: the complaint has not been acknowledged and defined yet \(Code 5\.6, 6\.2\)",
        id="respond-before-acknowledgement",
    ),
    pytest.param(
        "awaiting_acknowledgement",
        lambda officer, manager, c: extend(officer, c, 5, D(2026, 2, 5)),
        r"cannot extend the response time now: the complaint has not been acknowledged",
        id="extend-before-acknowledgement",
    ),
    pytest.param(
        "in_progress",
        lambda officer, manager, c: workflow.complaint_escalate(
            actor=officer, complaint=c, requested_on=D(2026, 2, 10)
        ),
        r"only after the stage 1 response has been issued \(Code 6\.10\)",
        id="escalate-before-stage-1-response",
    ),
    pytest.param(
        "awaiting_acknowledgement",
        lambda officer, manager, c: workflow.complaint_escalate(actor=officer, complaint=c, requested_on=D(2026, 2, 5)),
        r"only after the stage 1 response has been issued \(Code 6\.10\)",
        id="escalate-before-acknowledgement",
    ),
    pytest.param(
        "stage_2_in_progress",
        lambda officer, manager, c: workflow.complaint_escalate(actor=officer, complaint=c, requested_on=D(2026, 3, 2)),
        r"already at stage 2.*no third stage \(Code 5\.3, 6\.20\).*the Housing Ombudsman",
        id="escalate-at-stage-2",
    ),
    pytest.param(
        "in_progress",
        lambda officer, manager, c: workflow.complaint_close(actor=officer, complaint=c, closed_on=D(2026, 2, 20)),
        r"cannot close the complaint now: the complaint is still being investigated and has had no response",
        id="close-before-response",
    ),
    pytest.param(
        "awaiting_acknowledgement",
        lambda officer, manager, c: workflow.complaint_close(actor=officer, complaint=c, closed_on=D(2026, 2, 20)),
        r"cannot close the complaint now: the complaint has not been acknowledged",
        id="close-before-acknowledgement",
    ),
    pytest.param(
        "in_progress",
        lambda officer, manager, c: workflow.complaint_refuse(
            actor=officer,
            complaint=c,
            reason=RefusalReason.objects.get(code="previously_considered"),
            explanation="Considered in 2025.",
            evidence="Complaint CMP-000001",
            decided_on=D(2026, 2, 10),
        ),
        r"already been accepted and acknowledged at this stage; it cannot now be refused",
        id="refuse-after-acknowledgement",
    ),
    pytest.param(
        "in_progress",
        lambda officer, manager, c: workflow.complaint_reopen(
            actor=officer, complaint=c, reopened_on=D(2026, 2, 10), reason="Asked again"
        ),
        r"cannot reopen the complaint now: the complaint is still being investigated",
        id="reopen-an-open-complaint",
    ),
    pytest.param(
        "awaiting_acknowledgement",
        lambda officer, manager, c: workflow.complaint_reopen(
            actor=officer, complaint=c, reopened_on=D(2026, 2, 10), reason="Asked again"
        ),
        r"cannot reopen the complaint now: the complaint has not been acknowledged",
        id="reopen-a-new-complaint",
    ),
    pytest.param(
        "in_progress",
        lambda officer, manager, c: acknowledge(officer, c, on=D(2026, 2, 5)),
        r"cannot acknowledge the complaint now: the complaint is still being investigated",
        id="acknowledge-twice",
    ),
    pytest.param(
        "responded",
        lambda officer, manager, c: respond(officer, c, on=D(2026, 2, 23)),
        r"cannot issue a response now: the response at this stage has already been issued",
        id="respond-twice",
    ),
    pytest.param(
        "closed",
        lambda officer, manager, c: workflow.complaint_withdraw(
            actor=officer, complaint=c, withdrawn_on=D(2026, 2, 24), note="Phoned"
        ),
        r"cannot withdraw the complaint now: the complaint is closed",
        id="withdraw-a-closed-complaint",
    ),
    pytest.param(
        "refused",
        lambda officer, manager, c: acknowledge(officer, c, on=D(2026, 2, 6)),
        r"the complaint was refused \(Code section 2\); reopen it first",
        id="acknowledge-a-refused-complaint",
    ),
    pytest.param(
        "withdrawn",
        lambda officer, manager, c: respond(officer, c, on=D(2026, 2, 20)),
        r"the resident withdrew the complaint; reopen it first",
        id="respond-to-a-withdrawn-complaint",
    ),
    pytest.param(
        "responded",
        lambda officer, manager, c: assignment.reviewer_assign(actor=officer, complaint=c, reviewer=manager),
        r"once the complaint has been escalated to stage 2",
        id="assign-reviewer-at-stage-1",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action", "message"), GUARDED)
def test_an_action_from_a_state_that_does_not_allow_it_is_refused_in_the_codes_terms_and_changes_nothing(
    case_in, officer, manager, state, action, message
):
    complaint = case_in(state)
    assert complaint.status == state.removeprefix("stage_2_")
    before = snapshot(complaint)
    with pytest.raises(WorkflowError, match=message):
        action(officer, manager, complaint)
    assert snapshot(complaint) == before


# --- extensions (Code 6.4, 6.5, 6.15, 6.16, 5.9) -------------------------------------------------------------


@pytest.fixture
def christmas_case(log_complaint, officer):
    """Received Mon 8 Dec 2025, acknowledged Tue 9 Dec 2025: the response is due 10 working days later,
    Tue 23 Dec 2025 (Dec 10, 11, 12, 15, 16, 17, 18, 19, 22, 23)."""
    complaint = log_complaint(received_on=D(2025, 12, 8))
    acknowledge(officer, complaint, on=D(2025, 12, 9))
    complaint = fresh(complaint)
    assert complaint.current_stage.response_due == D(2025, 12, 23)
    return complaint


@pytest.mark.django_db
def test_an_extension_moves_the_response_due_date_by_working_days_skipping_bank_holidays(christmas_case, officer):
    # 5 working days after Tue 23 Dec 2025 in England: Wed 24 (1), Christmas Day and Boxing Day skipped,
    # Mon 29 (2), Tue 30 (3), Wed 31 (4), New Year's Day skipped, Fri 2 Jan 2026 (5).
    extension = extend(officer, christmas_case, 5, informed_on=D(2025, 12, 19))
    complaint = fresh(christmas_case)
    stage = complaint.current_stage
    assert stage.response_due == D(2026, 1, 2)
    assert stage.extension_days == 5
    assert (extension.previous_due, extension.new_due) == (D(2025, 12, 23), D(2026, 1, 2))
    assert extension.granted_by == officer
    assert extension.beyond_cap is False and extension.approved_by is None
    event = complaint.timeline.get(kind=CaseEvent.Kind.EXTENDED)
    assert "2 January 2026" in event.description and "23 December 2025" in event.description

    # A second extension adds to the current due date: Mon 5 .. Fri 9 Jan 2026. Total 10: exactly the cap.
    extend(officer, complaint, 5, informed_on=D(2025, 12, 30))
    stage = fresh(complaint).current_stage
    assert stage.response_due == D(2026, 1, 9)
    assert stage.extension_days == 10


@pytest.mark.django_db
def test_an_officer_cannot_extend_beyond_the_stage_1_cap_even_with_a_good_reason(christmas_case, officer):
    extend(officer, christmas_case, 10, informed_on=D(2025, 12, 19))
    before = snapshot(christmas_case)
    with pytest.raises(WorkflowError, match="needs a senior manager's approval") as refused:
        extend(officer, christmas_case, 1, informed_on=D(2025, 12, 30), good_reason="The surveyor is off sick.")
    assert refused.value.field == "working_days"
    assert snapshot(christmas_case) == before


@pytest.mark.django_db
def test_a_manager_cannot_extend_beyond_the_stage_1_cap_without_a_good_reason(christmas_case, officer, manager):
    extend(officer, christmas_case, 6, informed_on=D(2025, 12, 19))
    before = snapshot(christmas_case)
    with pytest.raises(WorkflowError, match=r"by 11 working days \(6 already granted\).*beyond the 10.*Code 6\.4"):
        extend(manager, christmas_case, 5, informed_on=D(2025, 12, 30))
    assert snapshot(christmas_case) == before


@pytest.mark.django_db
def test_a_senior_manager_can_extend_beyond_the_cap_with_a_good_reason_and_it_is_recorded(
    christmas_case, officer, manager
):
    extend(officer, christmas_case, 10, informed_on=D(2025, 12, 19))
    # The response was due Fri 9 Jan 2026 after 10 days; one more working day is Mon 12 Jan 2026.
    extension = extend(
        manager, christmas_case, 1, informed_on=D(2026, 1, 6), good_reason="The structural survey is late."
    )
    extension.refresh_from_db()
    assert extension.beyond_cap is True
    assert extension.approved_by == manager
    assert extension.good_reason == "The structural survey is late."
    assert (extension.previous_due, extension.new_due) == (D(2026, 1, 9), D(2026, 1, 12))
    stage = fresh(christmas_case).current_stage
    assert stage.extension_days == 11
    assert stage.response_due == D(2026, 1, 12)


@pytest.mark.django_db
def test_the_stage_2_cap_is_twenty_working_days_and_only_a_senior_manager_extends_at_stage_2(case_in, officer, manager):
    complaint = case_in("stage_2_in_progress")
    # Stage 2 acknowledged Tue 24 Feb 2026: response due 20 working days later, Tue 24 Mar 2026.
    assert complaint.current_stage.response_due == D(2026, 3, 24)
    with pytest.raises(PermissionDenied, match="Only a senior manager can extend a stage 2 complaint"):
        extend(officer, complaint, 5, informed_on=D(2026, 2, 25))

    extend(manager, complaint, 20, informed_on=D(2026, 2, 25))
    # 20 working days after Tue 24 Mar 2026 in England, skipping Good Friday 3 Apr and Easter Monday 6 Apr:
    # Mar 25-27 (3), Mar 30-Apr 2 (7), Apr 7-10 (11), Apr 13-17 (16), Apr 20-23 (20) -> Thu 23 Apr 2026.
    assert fresh(complaint).current_stage.response_due == D(2026, 4, 23)

    before = snapshot(complaint)
    with pytest.raises(WorkflowError, match=r"by 21 working days \(20 already granted\).*beyond the 20.*Code 6\.15"):
        extend(manager, complaint, 1, informed_on=D(2026, 2, 26))
    assert snapshot(complaint) == before
    extension = extend(manager, complaint, 1, informed_on=D(2026, 2, 26), good_reason="Awaiting a legal opinion.")
    assert extension.beyond_cap is True and extension.approved_by == manager
    assert fresh(complaint).current_stage.response_due == D(2026, 4, 24)


@pytest.mark.django_db
def test_an_extension_without_the_ombudsmans_details_given_to_the_resident_is_refused(case_in, officer):
    complaint = case_in("in_progress")
    before = snapshot(complaint)
    with pytest.raises(WorkflowError, match=r"contact details of the Housing Ombudsman.*Code 6\.5, 6\.16") as refused:
        extend(officer, complaint, 5, informed_on=D(2026, 2, 12), ombudsman_details_given=False)
    assert refused.value.field == "ombudsman_details_given"
    assert snapshot(complaint) == before


@pytest.mark.django_db
def test_an_extension_needs_a_reason_and_an_update_interval(case_in, officer):
    complaint = case_in("in_progress")
    before = snapshot(complaint)
    with pytest.raises(WorkflowError, match=r"Code 5\.9"):
        extend(officer, complaint, 5, informed_on=D(2026, 2, 12), interval=0)
    with pytest.raises(WorkflowError, match=r"Code 6\.4"):
        workflow.extension_grant(
            actor=officer,
            complaint=complaint,
            working_days=5,
            reason="  ",
            resident_informed_on=D(2026, 2, 12),
            ombudsman_details_given=True,
            update_interval_working_days=5,
        )
    with pytest.raises(WorkflowError, match="cannot be before the acknowledgement"):
        extend(officer, complaint, 5, informed_on=D(2026, 2, 3))
    assert snapshot(complaint) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "interval", "field"),
    [(61, 5, "working_days"), (0, 5, "working_days"), (5, 21, "update_interval_working_days")],
)
def test_an_extension_or_update_interval_out_of_bounds_is_refused_by_the_service_itself(
    case_in, manager, days, interval, field
):
    complaint = case_in("in_progress")
    before = snapshot(complaint)
    with pytest.raises(WorkflowError) as refused:
        extend(manager, complaint, days, informed_on=D(2026, 2, 12), interval=interval, good_reason="Surveyor away")
    assert refused.value.field == field
    assert snapshot(complaint) == before


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["complaints_complaint", "complaints_home"])
def test_the_database_refuses_a_nation_it_has_no_calendar_for(log_complaint, table):
    complaint = log_complaint()
    row_id = complaint.pk if table == "complaints_complaint" else complaint.home_id
    with pytest.raises(IntegrityError, match="nation_known"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET nation = 'atlantis' WHERE id = %s", [row_id])  # noqa: S608


@pytest.mark.django_db
def test_the_agreed_update_interval_sets_when_the_next_update_is_due_and_each_update_sent_moves_it(
    case_in, officer, phone
):
    complaint = case_in("in_progress")
    assert complaint.current_stage.update_due is None
    # Told on Thu 12 Feb 2026, updates every 3 working days: next update due Tue 17 Feb (Feb 13, 16, 17).
    # Response due Wed 18 Feb + 5 working days = Wed 25 Feb (Feb 19, 20, 23, 24, 25).
    extend(officer, complaint, 5, informed_on=D(2026, 2, 12), interval=3)
    stage = fresh(complaint).current_stage
    assert (stage.update_interval, stage.update_due, stage.response_due) == (3, D(2026, 2, 17), D(2026, 2, 25))

    def correspond(direction, party, on):
        record.correspondence_record(
            actor=officer,
            complaint=complaint,
            direction=direction,
            party=party,
            channel=phone,
            occurred_on=on,
            subject="Update on your complaint",
        )
        return fresh(complaint).current_stage.update_due

    # An update sent to the resident on Wed 18 Feb: the next is due 3 working days later, Mon 23 Feb (Feb 19, 20, 23).
    assert correspond("out", "resident", D(2026, 2, 18)) == D(2026, 2, 23)
    # A letter from the resident, or one sent to a contractor, does not keep the resident informed.
    assert correspond("in", "resident", D(2026, 2, 19)) == D(2026, 2, 23)
    assert correspond("out", "contractor", D(2026, 2, 20)) == D(2026, 2, 23)
    # Once the response is issued, no further updates fall due.
    respond(officer, complaint, on=D(2026, 2, 24))
    assert fresh(complaint).current_stage.update_due is None


# --- the response (Code 6.7, 6.9) ----------------------------------------------------------------------------


INCOMPLETE_RESPONSES = [
    pytest.param({"reasons": "   "}, r"Give the reasons for the decision \(Code 6\.9 d\)", "reasons", id="no-reasons"),
    pytest.param(
        {"point_decisions": DEFAULT_POINT_DECISIONS[:1], "decision": "upheld"},
        r"Every point of the complaint definition needs a decision and a reason \(Code 6\.7\): point 2",
        "point_decisions",
        id="a-point-without-a-decision",
    ),
    pytest.param(
        {
            "point_decisions": [
                DEFAULT_POINT_DECISIONS[0],
                workflow.PointDecisionInput(2, "not_upheld", "  "),
            ]
        },
        r"needs a decision and a reason \(Code 6\.7\): point 2",
        "point_decisions",
        id="a-point-without-a-reason",
    ),
    pytest.param(
        {"point_decisions": [*DEFAULT_POINT_DECISIONS, workflow.PointDecisionInput(3, "upheld", "Also this.")]},
        r"The complaint definition has no point 3",
        "point_decisions",
        id="an-unknown-point",
    ),
    pytest.param(
        {"decision": "upheld"},
        r"overall decision does not match the decisions on the points",
        "decision",
        id="upheld-overall-when-a-point-is-not",
    ),
    pytest.param(
        {
            "decision": "partly_upheld",
            "point_decisions": [
                workflow.PointDecisionInput(1, "upheld", "Yes."),
                workflow.PointDecisionInput(2, "upheld", "Yes."),
            ],
        },
        r"overall decision does not match",
        "decision",
        id="partly-upheld-when-every-point-is-upheld",
    ),
    pytest.param(
        {"decision": "resolved"},
        r"State the decision on the complaint \(Code 6\.9 c\)",
        "decision",
        id="no-valid-decision",
    ),
    pytest.param(
        {"remedies": [workflow.RemedyInput(kind="financial", description="Compensation", due_on=RESPONDED)]},
        r"Remedy 1: a financial remedy needs its amount",
        "remedies",
        id="financial-remedy-without-amount",
    ),
    pytest.param(
        {"remedies": [workflow.RemedyInput(kind="cake", description="A cake", due_on=RESPONDED)]},
        r"Remedy 1: unknown kind",
        "remedies",
        id="unknown-remedy-kind",
    ),
    pytest.param(
        {"outstanding_actions": [workflow.ActionInput(description=" ", due_on=D(2026, 3, 13))]},
        r"Outstanding action 1: describe it \(Code 6\.9 f\)",
        "outstanding_actions",
        id="outstanding-action-without-description",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message", "field"), INCOMPLETE_RESPONSES)
def test_a_response_missing_an_element_of_6_9_is_refused_and_the_case_is_untouched(
    case_in, officer, changes, message, field
):
    complaint = case_in("in_progress")
    before = snapshot(complaint)
    with pytest.raises(WorkflowError, match=message) as refused:
        respond(officer, complaint, **changes)
    assert refused.value.field == field
    assert snapshot(complaint) == before


@pytest.mark.django_db
def test_a_response_stores_remedies_and_outstanding_actions_and_sends_a_letter_with_every_element(case_in, officer):
    complaint = case_in("in_progress")
    response = respond(
        officer,
        complaint,
        on=D(2026, 2, 20),
        remedies=[
            workflow.RemedyInput(kind="apology", description="A written apology", due_on=D(2026, 2, 20)),
            workflow.RemedyInput(
                kind="financial", description="Compensation for the missed days", due_on=D(2026, 3, 6), amount=150
            ),
        ],
        outstanding_actions=[workflow.ActionInput(description="Replace the boiler", due_on=D(2026, 3, 13))],
    )
    complaint = fresh(complaint)
    stage = complaint.current_stage
    assert complaint.status == Complaint.Status.RESPONDED
    assert stage.responded_on == D(2026, 2, 20)
    assert response.responded_by == officer and response.decision == "partly_upheld"
    assert [(p.point.position, p.decision) for p in response.point_decisions.all()] == [
        (1, "upheld"),
        (2, "not_upheld"),
    ]
    remedies = list(complaint.remedies.order_by("due_on"))
    assert [(r.kind.code, r.due_on, r.amount, r.stage_id) for r in remedies] == [
        ("apology", D(2026, 2, 20), None, stage.pk),
        ("financial", D(2026, 3, 6), Decimal("150.00"), stage.pk),
    ]
    action = complaint.outstanding_actions.get()
    assert (action.description, action.due_on, action.owner, action.completed_on) == (
        "Replace the boiler",
        D(2026, 3, 13),
        officer,
        None,
    )

    letter = complaint.letters.get(kind="stage_1_response").correspondence
    assert (letter.direction, letter.party, letter.channel.code, letter.occurred_on) == (
        "out",
        "resident",
        "email",
        D(2026, 2, 20),
    )
    # The same letter as text on the correspondence; tests/complaints/test_letters.py reads the PDF itself.
    body = letter.body
    for expected in [
        "stage 1",  # a. the stage
        "1. Repair appointments were missed",  # b. the definition, with the outcomes sought
        "Boiler repaired this week",
        "2. Nobody called back",
        "Point 1: upheld.",  # c. the decision on each point
        "Point 2: not upheld.",
        "as a whole: partly upheld",  # c. and overall
        "scheduling error",  # d. the reasons
        "Three appointments were missed.",
        "Our call log shows two call-backs.",
        "Apology: A written apology",  # e. the remedies, with what and by when
        "Financial remedy: Compensation for the missed days (£150.00)\n   We will do this by 6 March 2026.",
        "Replace the boiler\n   By 13 March 2026.",  # f. outstanding actions
        "ask us to look at your complaint again at stage 2",  # g. how to escalate
    ]:
        assert expected in body, expected
    assert response.next_step in body


# --- stage 2 (Code 6.11, 6.13, 6.14, 6.20) -------------------------------------------------------------------


@pytest.mark.django_db
def test_stage_2_is_acknowledged_within_5_working_days_of_the_escalation_request_over_christmas(
    log_complaint, officer, manager
):
    complaint = log_complaint(received_on=D(2025, 12, 1))
    acknowledge(officer, complaint, on=D(2025, 12, 2))
    respond(officer, complaint, on=D(2025, 12, 17))
    workflow.complaint_escalate(
        actor=officer, complaint=complaint, requested_on=D(2025, 12, 18), escalation_reason="Still no boiler."
    )
    complaint = fresh(complaint)
    stage = complaint.current_stage
    assert (complaint.stage, stage.number, complaint.status) == (2, 2, Complaint.Status.AWAITING_ACKNOWLEDGEMENT)
    # Escalation requested Thu 18 Dec 2025: Dec 19 (1), 22 (2), 23 (3), 24 (4), 25 and 26 skipped, Mon 29 Dec (5).
    assert stage.acknowledgement_due == D(2025, 12, 29)
    assert stage.response_due is None
    assert stage.escalation_reason == "Still no boiler."
    # Acknowledged Mon 29 Dec 2025: 20 working days, skipping 1 Jan 2026: Dec 30, 31, Jan 2 (3), Jan 5-9 (8),
    # 12-16 (13), 19-23 (18), 26 (19), 27 (20) -> Tue 27 Jan 2026.
    acknowledge(officer, complaint, on=D(2025, 12, 29), reviewer=manager)
    stage = fresh(complaint).current_stage
    assert stage.response_due == D(2026, 1, 27)
    assert stage.handler == manager


@pytest.fixture
def escalated(log_complaint, officer, manager):
    """Stage 1 handled (acknowledged) by the officer and answered by the senior manager `manager`; then escalated."""
    complaint = log_complaint(received_on=RECEIVED)
    acknowledge(officer, complaint)
    respond(manager, complaint)
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 23))
    return fresh(complaint)


@pytest.mark.django_db
def test_the_stage_2_reviewer_must_be_a_senior_manager(escalated, officer, staff_member):
    before = snapshot(escalated)
    for not_a_manager in (officer, staff_member):
        with pytest.raises(WorkflowError, match="must be a senior manager"):
            assignment.reviewer_assign(actor=officer, complaint=escalated, reviewer=not_a_manager)
    assert snapshot(escalated) == before


@pytest.mark.django_db
def test_an_inactive_senior_manager_cannot_be_the_stage_2_reviewer(escalated, officer, other_manager):
    other_manager.is_active = False
    other_manager.save(update_fields=["is_active"])
    with pytest.raises(WorkflowError, match="must be a senior manager"):
        assignment.reviewer_assign(actor=officer, complaint=escalated, reviewer=other_manager)
    assert fresh(escalated).current_stage.handler is None


@pytest.mark.django_db
def test_the_manager_who_responded_at_stage_1_cannot_review_at_stage_2(escalated, officer, manager, other_manager):
    before = snapshot(escalated)
    with pytest.raises(
        WorkflowError, match=r"must not be the person who handled the complaint at stage 1 \(Code 6\.13\)"
    ):
        assignment.reviewer_assign(actor=officer, complaint=escalated, reviewer=manager)
    with pytest.raises(WorkflowError, match=r"6\.13"):
        acknowledge(officer, escalated, on=D(2026, 2, 24), reviewer=manager)
    # Acknowledging without naming a reviewer does not quietly make the stage 1 responder the reviewer.
    with pytest.raises(WorkflowError, match=r"Assign a stage 2 reviewer before acknowledging.*6\.13"):
        acknowledge(manager, escalated, on=D(2026, 2, 24))
    assert snapshot(escalated) == before

    assignment.reviewer_assign(actor=officer, complaint=escalated, reviewer=other_manager)
    assert fresh(escalated).current_stage.handler == other_manager


@pytest.mark.django_db
def test_a_senior_manager_who_handled_stage_1_cannot_review_at_stage_2(log_complaint, officer, manager, other_manager):
    complaint = log_complaint(received_on=RECEIVED)
    acknowledge(manager, complaint)  # the manager handles stage 1 ...
    respond(officer, complaint)  # ... and an officer signs the response
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 23))
    with pytest.raises(WorkflowError, match=r"6\.13"):
        assignment.reviewer_assign(actor=officer, complaint=complaint, reviewer=manager)
    # A senior manager with no part in stage 1 who acknowledges becomes the reviewer.
    acknowledge(other_manager, complaint, on=D(2026, 2, 24))
    assert fresh(complaint).current_stage.handler == other_manager


@pytest.mark.django_db
def test_an_officer_cannot_acknowledge_stage_2_without_a_reviewer(escalated, officer):
    before = snapshot(escalated)
    with pytest.raises(WorkflowError, match="Assign a stage 2 reviewer") as refused:
        acknowledge(officer, escalated, on=D(2026, 2, 24))
    assert refused.value.field == "reviewer"
    assert snapshot(escalated) == before


@pytest.mark.django_db
def test_an_officer_cannot_respond_at_stage_2(escalated, officer, other_manager):
    acknowledge(officer, escalated, on=D(2026, 2, 24), reviewer=other_manager)
    before = snapshot(escalated)
    with pytest.raises(PermissionDenied, match=r"Only a senior manager can respond at stage 2"):
        respond(officer, escalated, on=D(2026, 2, 26), decision="partly_upheld")
    assert snapshot(escalated) == before


@pytest.mark.django_db
def test_only_the_assigned_reviewer_can_issue_the_stage_2_response(escalated, officer, other_manager):
    third_manager = type(officer).objects.create_user("sasha")
    third_manager.groups.add(*other_manager.groups.all())
    acknowledge(officer, escalated, on=D(2026, 2, 24), reviewer=other_manager)
    before = snapshot(escalated)
    with pytest.raises(WorkflowError, match=r"Only the assigned stage 2 reviewer can issue the stage 2 response"):
        respond(third_manager, escalated, on=D(2026, 2, 26))
    assert snapshot(escalated) == before

    response = respond(other_manager, escalated, on=D(2026, 2, 26))
    assert response.responded_by == other_manager
    assert "Housing Ombudsman" in response.next_step
    assert fresh(escalated).status == Complaint.Status.RESPONDED


# --- regimes and calendars by nation -------------------------------------------------------------------------


@pytest.fixture
def scottish_resident(db):
    return ResidentFactory(home__nation="scotland")


@pytest.mark.django_db
def test_a_scottish_complaint_follows_the_spso_frontline_stage_on_the_scottish_calendar(
    log_complaint, scottish_resident, officer
):
    complaint = log_complaint(received_on=D(2025, 12, 31), nation="scotland", resident=scottish_resident)
    stage = fresh(complaint).current_stage
    assert complaint.regime.code == "spso_model_procedure"
    # No acknowledgement at the frontline stage: work starts at once.
    assert complaint.status == Complaint.Status.IN_PROGRESS
    assert stage.acknowledgement_due is None
    # 5 working days from receipt on Wed 31 Dec 2025. Thu 1 and Fri 2 Jan 2026 are both Scottish bank holidays:
    # Mon 5 (1), Tue 6 (2), Wed 7 (3), Thu 8 (4), Fri 9 Jan 2026 (5). (In England, 2 Jan is a working day and
    # the date would be Thu 8 Jan.)
    assert stage.response_due == D(2026, 1, 9)
    with pytest.raises(WorkflowError, match="cannot acknowledge"):
        acknowledge(officer, complaint, on=D(2026, 1, 5))


@pytest.mark.django_db
def test_a_scottish_stage_2_is_acknowledged_within_3_working_days_and_answered_20_working_days_from_the_request(
    log_complaint, scottish_resident, officer, manager
):
    complaint = log_complaint(received_on=RECEIVED, nation="scotland", resident=scottish_resident)
    # Frontline response due 5 working days after Mon 2 Feb 2026: Mon 9 Feb.
    assert fresh(complaint).current_stage.response_due == D(2026, 2, 9)
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
    response = respond(officer, complaint, on=D(2026, 2, 6))
    assert "investigate your complaint at stage 2" in response.next_step
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 9))
    complaint = fresh(complaint)
    stage = complaint.current_stage
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT
    # Requested Mon 9 Feb 2026: acknowledge by Thu 12 Feb (Feb 10, 11, 12).
    assert stage.acknowledgement_due == D(2026, 2, 12)
    # The investigation clock runs from the request: 20 working days after Mon 9 Feb is Mon 9 Mar 2026.
    assert stage.response_due == D(2026, 3, 9)
    acknowledge(officer, complaint, on=D(2026, 2, 11), reviewer=manager)
    assert fresh(complaint).current_stage.response_due == D(2026, 3, 9)


@pytest.mark.django_db
def test_a_northern_irish_complaint_follows_the_nipso_frontline_stage_and_skips_st_patricks_day(log_complaint, officer):
    resident = ResidentFactory(home__nation="northern_ireland")
    complaint = log_complaint(received_on=D(2025, 3, 14), nation="northern_ireland", resident=resident)
    assert complaint.regime.code == "nipso_model_procedure"
    # No acknowledgement at the frontline stage: work starts at once.
    assert complaint.status == Complaint.Status.IN_PROGRESS
    # Received Fri 14 Mar 2025; Mon 17 Mar is St Patrick's Day in Northern Ireland:
    # Tue 18 (1), 19 (2), 20 (3), 21 (4), Mon 24 Mar 2025 (5). In England it would be Fri 21 Mar.
    assert fresh(complaint).current_stage.response_due == D(2025, 3, 24)


@pytest.mark.django_db
def test_a_welsh_complaint_uses_the_housing_ombudsman_code_and_skips_easter_monday(log_complaint):
    resident = ResidentFactory(home__nation="wales")
    complaint = log_complaint(received_on=D(2025, 4, 17), nation="wales", resident=resident)
    assert complaint.regime.code == "housing_ombudsman_2024"
    # Received Thu 17 Apr 2025; Good Friday 18 Apr and Easter Monday 21 Apr are Welsh bank holidays:
    # Tue 22 (1), 23 (2), 24 (3), 25 (4), Mon 28 Apr 2025 (5). (Scotland has no Easter Monday holiday.)
    assert fresh(complaint).current_stage.acknowledgement_due == D(2025, 4, 28)


@pytest.mark.django_db
def test_the_nation_comes_from_the_residents_home_when_not_given(officer, phone):
    resident = ResidentFactory(home__nation="scotland")
    complaint = workflow.complaint_log(
        actor=officer, resident=resident, received_on=D(2025, 12, 31), channel=phone, summary="Damp in the bedroom."
    )
    assert complaint.nation == "scotland"
    assert complaint.regime.code == "spso_model_procedure"
    assert fresh(complaint).current_stage.response_due == D(2026, 1, 9)


@pytest.mark.django_db
def test_an_unknown_nation_is_refused_by_the_services_with_a_reason(officer, phone):
    resident = workflow.resident_create(actor=officer, details=workflow.ResidentInput(name="Grace Okafor"), nation=None)

    with pytest.raises(WorkflowError, match="no nation called 'atlantis'") as refused:
        workflow.complaint_log(
            actor=officer,
            resident=resident,
            received_on=D(2026, 2, 2),
            channel=phone,
            summary="Damp",
            nation="atlantis",
        )
    assert refused.value.field == "nation"
    with pytest.raises(WorkflowError, match="no nation called"):
        workflow.resident_create(
            actor=officer, details=workflow.ResidentInput(name="Ann", address="1 High St"), nation="atlantis"
        )
    assert not Complaint.objects.exists()


# --- service requests (Code 1.4, 1.5) ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_complaint_raised_about_a_service_request_is_linked_to_it_and_the_request_stays_open(
    officer, resident, phone
):
    heating = Category.objects.get(code="heating")
    service_request = record.service_request_log(
        actor=officer,
        resident=resident,
        channel=phone,
        description="The boiler is broken.",
        reported_on=D(2026, 1, 26),
        category=heating,
    )
    assert service_request.reference.startswith("SR-")
    complaint = workflow.complaint_raise_from_service_request(
        actor=officer,
        service_request=service_request,
        summary="Nobody has come to fix the boiler after a week.",
        received_on=RECEIVED,
        channel=phone,
    )
    complaint = fresh(complaint)
    service_request.refresh_from_db()
    assert complaint.service_request == service_request
    assert list(service_request.complaints.all()) == [complaint]
    assert service_request.status == ServiceRequest.Status.OPEN
    assert service_request.completed_on is None
    assert complaint.resident == resident
    assert list(complaint.categories.all()) == [heating]
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT
    assert complaint.current_stage.acknowledgement_due == D(2026, 2, 9)
    logged = complaint.timeline.get(kind=CaseEvent.Kind.LOGGED)
    assert service_request.reference in logged.description

    # Work on the service request carries on and can finish while the complaint is open.
    record.service_request_complete(actor=officer, service_request=service_request, completed_on=D(2026, 2, 10))
    assert fresh(complaint).status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT


# --- additional issues (Code 6.8) ----------------------------------------------------------------------------


ISSUE_RAISED = D(2026, 2, 10)


def add_issue(actor, complaint, related, on=ISSUE_RAISED, point="The hallway light is broken too"):
    return workflow.issue_add(
        actor=actor,
        complaint=complaint,
        point=point,
        outcome_sought="Light repaired",
        raised_on=on,
        related=related,
    )


@pytest.mark.django_db
def test_a_related_issue_raised_before_the_stage_1_response_joins_the_complaint_definition(case_in, officer):
    complaint = case_in("in_progress")
    complaints_before = Complaint.objects.count()
    holder = add_issue(officer, complaint, related=True)
    assert holder.pk == complaint.pk
    assert Complaint.objects.count() == complaints_before
    points = list(fresh(complaint).current_stage.definition.order_by("position"))
    assert [(p.position, p.point, p.added_on) for p in points] == [
        (1, "Repair appointments were missed", None),
        (2, "Nobody called back", None),
        (3, "The hallway light is broken too", D(2026, 2, 10)),
    ]
    assert fresh(complaint).version == complaint.version + 1
    assert complaint.timeline.filter(kind=CaseEvent.Kind.ISSUE_ADDED).count() == 1
    # The response must now decide the added point as well.
    with pytest.raises(WorkflowError, match="point 3"):
        respond(officer, complaint)


@pytest.mark.django_db
def test_a_related_issue_added_before_acknowledgement_survives_the_definition(case_in, officer):
    complaint = case_in("awaiting_acknowledgement")
    add_issue(officer, complaint, related=True, on=D(2026, 2, 3))
    acknowledge(officer, complaint)
    points = list(fresh(complaint).current_stage.definition.order_by("position"))
    assert [(p.position, p.added_on) for p in points] == [(1, None), (2, None), (3, D(2026, 2, 3))]


@pytest.mark.django_db
def test_a_revised_definition_supersedes_the_earlier_points_and_keeps_them_in_the_record(case_in, officer):
    complaint = case_in("in_progress")
    added = add_issue(officer, complaint, related=True)
    added_point = fresh(complaint).current_stage.definition.get(added_on__isnull=False)
    revised = [
        workflow.PointInput(point="Three repair appointments were missed", outcome_sought="Boiler repaired"),
        workflow.PointInput(point="Nobody called back", outcome_sought="An apology"),
        workflow.PointInput(point="The engineer left a mess", outcome_sought="Carpet cleaned"),
    ]
    workflow.complaint_define(actor=officer, complaint=added, points=revised)

    stage = fresh(complaint).current_stage
    assert [(p.position, p.point) for p in stage.definition.order_by("position")] == [
        (1, "Three repair appointments were missed"),
        (2, "Nobody called back"),
        (3, "The engineer left a mess"),
        (4, "The hallway light is broken too"),
    ]
    # The point added during the investigation is the same row, moved after the new points.
    assert stage.definition.get(position=4).pk == added_point.pk
    superseded = DefinitionPoint.with_superseded.filter(stage=stage, superseded_at__isnull=False)
    assert sorted(superseded.values_list("position", "point")) == [
        (1, "Repair appointments were missed"),
        (2, "Nobody called back"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "related"),
    [
        pytest.param("in_progress", False, id="unrelated-issue"),
        pytest.param("responded", True, id="after-the-stage-1-response"),
        pytest.param("stage_2_in_progress", True, id="at-stage-2"),
    ],
)
def test_an_unrelated_or_late_issue_becomes_a_new_complaint_linked_both_ways(case_in, officer, state, related):
    complaint = case_in(state)
    points_before = list(complaint.current_stage.definition.values_list("point", flat=True))
    new = add_issue(officer, complaint, related=related, on=D(2026, 2, 27))
    assert new.pk != complaint.pk
    new = fresh(new)
    assert (new.resident_id, new.nation, new.stage, new.status) == (
        complaint.resident_id,
        "england",
        1,
        Complaint.Status.AWAITING_ACKNOWLEDGEMENT,
    )
    assert new.received_on == D(2026, 2, 27)
    assert new.summary == "The hallway light is broken too"
    # Received Fri 27 Feb 2026: acknowledgement due Fri 6 Mar (Mar 2, 3, 4, 5, 6).
    assert new.current_stage.acknowledgement_due == D(2026, 3, 6)
    assert list(new.related.all()) == [complaint]
    assert list(fresh(complaint).related.all()) == [new]
    assert list(complaint.current_stage.definition.values_list("point", flat=True)) == points_before
    event = complaint.timeline.get(kind=CaseEvent.Kind.ISSUE_ADDED)
    assert new.reference in event.description


@pytest.mark.django_db
@pytest.mark.parametrize("related", [True, False], ids=["related", "unrelated"])
def test_an_issue_cannot_be_dated_before_the_complaint_it_was_raised_in(case_in, officer, related):
    complaint = case_in("in_progress")  # received Mon 2 Feb 2026
    before = snapshot(complaint)
    with pytest.raises(WorkflowError) as refused:
        add_issue(officer, complaint, related=related, on=D(2026, 1, 10))
    assert refused.value.field == "raised_on"
    assert snapshot(complaint) == before


# --- refusal (Code 2.1-2.5) and reopening -------------------------------------------------------------------


@pytest.mark.django_db
def test_refusing_as_over_12_months_old_needs_the_discretion_considered_to_be_recorded(case_in, officer):
    complaint = case_in("awaiting_acknowledgement")
    over_12_months = RefusalReason.objects.get(code="over_12_months")
    before = snapshot(complaint)
    with pytest.raises(WorkflowError, match=r"discretion.*Code 2\.3") as refused:
        workflow.complaint_refuse(
            actor=officer,
            complaint=complaint,
            reason=over_12_months,
            explanation="The leak was repaired in 2023.",
            evidence="Repair job 4471 closed 3 March 2023.",
            decided_on=D(2026, 2, 5),
        )
    assert refused.value.field == "discretion_note"
    assert snapshot(complaint) == before

    refusal = workflow.complaint_refuse(
        actor=officer,
        complaint=complaint,
        reason=over_12_months,
        explanation="The leak was repaired in 2023.",
        evidence="Repair job 4471 closed 3 March 2023.",
        discretion_note="No reason was given for the delay and the resident was aware of the issue at the time.",
        decided_on=D(2026, 2, 5),
    )
    assert refusal.discretion_note.startswith("No reason was given")
    assert fresh(complaint).status == Complaint.Status.REFUSED
    letter = complaint.correspondence.get()
    assert "No reason was given for the delay" in letter.body
    assert "Housing Ombudsman" in letter.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"explanation": " "}, "explanation"),
        ({"evidence": ""}, "evidence"),
        ({"decided_on": D(2026, 1, 30)}, "decided_on"),
    ],
)
def test_a_refusal_needs_an_explanation_evidence_and_a_date_after_receipt(case_in, officer, changes, field):
    complaint = case_in("awaiting_acknowledgement")
    before = snapshot(complaint)
    arguments = {
        "explanation": "The disrepair claim was filed at the county court.",
        "evidence": "Claim form ref 1234",
        "decided_on": D(2026, 2, 5),
        **changes,
    }
    with pytest.raises(WorkflowError) as refused:
        workflow.complaint_refuse(
            actor=officer, complaint=complaint, reason=RefusalReason.objects.get(code="legal_proceedings"), **arguments
        )
    assert refused.value.field == field
    assert snapshot(complaint) == before


@pytest.mark.django_db
def test_reopening_a_refused_complaint_restarts_the_acknowledgement_clock_from_the_reopening_date(case_in, officer):
    complaint = case_in("refused")
    assert complaint.current_stage.acknowledgement_due == D(2026, 2, 9)
    workflow.complaint_reopen(
        actor=officer, complaint=complaint, reopened_on=D(2026, 2, 17), reason="The Ombudsman asked us to take it on."
    )
    complaint = fresh(complaint)
    stage = complaint.current_stage
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT
    # The received date is history and stays; the reopening is a date of its own.
    assert (stage.requested_on, stage.clock_restarted_on) == (RECEIVED, D(2026, 2, 17))
    # Reopened Tue 17 Feb 2026: acknowledgement due Tue 24 Feb (Feb 18, 19, 20, 23, 24), not the original 9 Feb.
    assert stage.acknowledgement_due == D(2026, 2, 24)
    event = complaint.timeline.get(kind=CaseEvent.Kind.REOPENED)
    assert (event.from_status, event.to_status) == ("refused", "awaiting_acknowledgement")
    assert event.description == (
        "Reopened on 17 February 2026: The Ombudsman asked us to take it on. Taken on after the refusal: its clocks "
        "start again from 17 February 2026 (acknowledgement due 24 February 2026). It was received on 2 February 2026."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "leave", "restored"),
    [
        ("awaiting_acknowledgement", "withdraw", Complaint.Status.AWAITING_ACKNOWLEDGEMENT),
        ("in_progress", "withdraw", Complaint.Status.IN_PROGRESS),
        ("responded", "close", Complaint.Status.RESPONDED),
        ("stage_2_awaiting_acknowledgement", "withdraw", Complaint.Status.AWAITING_ACKNOWLEDGEMENT),
        ("stage_2_in_progress", "withdraw", Complaint.Status.IN_PROGRESS),
    ],
)
def test_withdrawing_or_closing_then_reopening_restores_the_status_the_stage_had(
    case_in, officer, manager, state, leave, restored
):
    complaint = case_in(state)
    # At stage 2 handling the complaint (withdrawing, closing, reopening) is a senior manager's.
    actor = manager if complaint.stage == 2 else officer
    dates_before = snapshot(complaint)["dates"]
    if leave == "withdraw":
        workflow.complaint_withdraw(
            actor=actor, complaint=complaint, withdrawn_on=D(2026, 2, 27), note="The resident emailed to withdraw."
        )
        assert fresh(complaint).status == Complaint.Status.WITHDRAWN
    else:
        workflow.complaint_close(actor=actor, complaint=complaint, closed_on=D(2026, 2, 27))
        assert fresh(complaint).status == Complaint.Status.CLOSED
    assert fresh(complaint).closed_on == D(2026, 2, 27)

    workflow.complaint_reopen(actor=actor, complaint=complaint, reopened_on=D(2026, 3, 2), reason="Resident asked.")
    complaint = fresh(complaint)
    assert complaint.status == restored
    assert complaint.closed_on is None
    # Only a refusal restarts the clock; a withdrawn or closed stage keeps its dates.
    assert snapshot(complaint)["dates"] == dates_before


@pytest.mark.django_db
def test_a_withdrawn_scottish_frontline_complaint_reopens_in_progress(log_complaint, scottish_resident, officer):
    complaint = log_complaint(received_on=RECEIVED, nation="scotland", resident=scottish_resident)
    workflow.complaint_withdraw(actor=officer, complaint=complaint, withdrawn_on=D(2026, 2, 3), note="Sorted.")
    workflow.complaint_reopen(actor=officer, complaint=complaint, reopened_on=D(2026, 2, 4), reason="Not sorted.")
    assert fresh(complaint).status == Complaint.Status.IN_PROGRESS


@pytest.mark.django_db
def test_a_closed_stage_1_complaint_can_still_be_escalated(case_in, officer):
    complaint = case_in("closed")
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 27))
    complaint = fresh(complaint)
    assert (complaint.stage, complaint.status, complaint.closed_on) == (2, "awaiting_acknowledgement", None)


# --- permissions ---------------------------------------------------------------------------------------------


def _remedy(actor, complaint, manager):
    from complaints.models import RemedyKind

    return record.remedy_add(
        actor=actor,
        complaint=complaint,
        kind=RemedyKind.objects.get(code="apology"),
        description="Apology",
        due_on=D(2026, 3, 2),
    )


WORKFLOW_ACTIONS = [
    pytest.param("awaiting_acknowledgement", lambda a, c, m: acknowledge(a, c), id="acknowledge"),
    pytest.param(
        "awaiting_acknowledgement",
        lambda a, c, m: workflow.complaint_define(actor=a, complaint=c, points=POINTS),
        id="define",
    ),
    pytest.param("in_progress", lambda a, c, m: extend(a, c, 5, D(2026, 2, 12)), id="extend"),
    pytest.param("in_progress", lambda a, c, m: respond(a, c), id="respond"),
    pytest.param("in_progress", lambda a, c, m: add_issue(a, c, related=True), id="add-issue"),
    pytest.param("in_progress", _remedy, id="add-remedy"),
    pytest.param(
        "responded",
        lambda a, c, m: workflow.complaint_escalate(actor=a, complaint=c, requested_on=D(2026, 2, 23)),
        id="escalate",
    ),
    pytest.param(
        "responded",
        lambda a, c, m: workflow.complaint_close(actor=a, complaint=c, closed_on=D(2026, 2, 23)),
        id="close",
    ),
    pytest.param(
        "stage_2_awaiting_acknowledgement",
        lambda a, c, m: assignment.reviewer_assign(actor=a, complaint=c, reviewer=m),
        id="assign-reviewer",
    ),
    pytest.param(
        "awaiting_acknowledgement",
        lambda a, c, m: workflow.complaint_refuse(
            actor=a,
            complaint=c,
            reason=RefusalReason.objects.get(code="legal_proceedings"),
            explanation="Filed at court.",
            evidence="Claim form",
            decided_on=D(2026, 2, 5),
        ),
        id="refuse",
    ),
    pytest.param(
        "awaiting_acknowledgement",
        lambda a, c, m: workflow.complaint_withdraw(actor=a, complaint=c, withdrawn_on=D(2026, 2, 5), note="Phoned"),
        id="withdraw",
    ),
    pytest.param(
        "withdrawn",
        lambda a, c, m: workflow.complaint_reopen(actor=a, complaint=c, reopened_on=D(2026, 2, 27), reason="Asked"),
        id="reopen",
    ),
    pytest.param(
        "in_progress",
        lambda a, c, m: record.correspondence_record(
            actor=a,
            complaint=c,
            direction="out",
            party="resident",
            channel=c.channel,
            occurred_on=D(2026, 2, 12),
            subject="Update",
        ),
        id="record-correspondence",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["board_member", "staff_member"])
@pytest.mark.parametrize(("state", "action"), WORKFLOW_ACTIONS)
def test_board_and_staff_members_cannot_take_workflow_actions(request, case_in, manager, role, state, action):
    actor = request.getfixturevalue(role)
    complaint = case_in(state)
    before = snapshot(complaint)
    with pytest.raises(PermissionDenied):
        action(actor, complaint, manager)
    assert snapshot(complaint) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), WORKFLOW_ACTIONS)
def test_the_same_workflow_actions_succeed_for_a_case_worker(case_in, officer, manager, state, action):
    """The other side of the permission test: the refusals above are about the role, not the case."""
    complaint = case_in(state)
    version = complaint.version
    action(officer, complaint, manager)
    assert fresh(complaint).version > version


@pytest.mark.django_db
def test_a_staff_member_can_log_a_complaint_for_a_resident_but_a_board_member_cannot(
    log_complaint, staff_member, board_member
):
    complaint = log_complaint(actor=staff_member)
    assert complaint.logged_by == staff_member
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT
    assert staff_member.has_perm("complaints.view_complaint", complaint)
    count = Complaint.objects.count()
    with pytest.raises(PermissionDenied):
        log_complaint(actor=board_member)
    assert Complaint.objects.count() == count


# --- special-category data (Code 5.10, 5.14, 5.15) ----------------------------------------------------------


def _adjustment(actor, resident):
    return record.adjustment_agree(
        actor=actor,
        resident=resident,
        adjustment="Large-print letters",
        agreed_on=D(2026, 2, 2),
        review_due=D(2026, 8, 2),
    )


RESTRICTION_STARTS = D(2026, 2, 2)
RESTRICTION_REVIEW = D(2026, 5, 2)


def _restriction(actor, resident, starts_on=RESTRICTION_STARTS, review_due=RESTRICTION_REVIEW):
    return record.restriction_impose(
        actor=actor,
        resident=resident,
        reason="Abusive phone calls to staff",
        evidence="Call recordings of 20 and 27 January 2026",
        scope="Contact by email only; complaints still investigated",
        equality_considerations="No disability disclosed; reviewed with the equality lead",
        starts_on=starts_on,
        review_due=review_due,
    )


SPECIAL_CATEGORY_ACTIONS = [
    pytest.param(
        lambda actor, resident, officer: record.disclosure_record(
            actor=actor,
            resident=resident,
            kind="disability",
            description="Uses a wheelchair",
            disclosed_on=D(2026, 2, 2),
        ),
        id="disclosure-record",
    ),
    pytest.param(lambda actor, resident, officer: _adjustment(actor, resident), id="adjustment-agree"),
    pytest.param(lambda actor, resident, officer: _restriction(actor, resident), id="restriction-impose"),
    pytest.param(
        lambda actor, resident, officer: record.special_category_review(
            actor=actor,
            item=_adjustment(officer, resident),
            reviewed_on=D(2026, 3, 2),
            next_review_due=D(2026, 9, 2),
        ),
        id="special-category-review",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["board_member", "staff_member"])
@pytest.mark.parametrize("action", SPECIAL_CATEGORY_ACTIONS)
def test_staff_and_board_members_cannot_see_or_change_special_category_data(request, resident, officer, role, action):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied, match="disabilities, vulnerabilities or contact restrictions"):
        action(actor, resident, officer)
    resident.refresh_from_db()
    assert resident.disclosures.count() == 0
    assert resident.contact_restrictions.count() == 0
    assert all(a.last_reviewed_on is None for a in resident.adjustments.all())


@pytest.mark.django_db
@pytest.mark.parametrize("action", SPECIAL_CATEGORY_ACTIONS)
def test_case_workers_can_record_special_category_data(resident, officer, manager, action):
    assert action(manager, resident, officer).pk is not None


@pytest.mark.django_db
@pytest.mark.parametrize("review_due", [D(2026, 2, 2), D(2026, 1, 30)])
def test_an_adjustment_needs_a_review_date_after_it_was_agreed(resident, officer, review_due):
    with pytest.raises(WorkflowError, match=r"review date must be after the date agreed.*Code 5\.10") as refused:
        record.adjustment_agree(
            actor=officer,
            resident=resident,
            adjustment="Large-print letters",
            agreed_on=D(2026, 2, 2),
            review_due=review_due,
        )
    assert refused.value.field == "review_due"
    assert not ReasonableAdjustment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("review_due", [D(2026, 2, 2), D(2026, 1, 30)])
def test_a_contact_restriction_needs_a_review_date_after_it_starts(resident, officer, review_due):
    with pytest.raises(WorkflowError, match=r"review date must be after the start.*Code 5\.14") as refused:
        _restriction(officer, resident, starts_on=D(2026, 2, 2), review_due=review_due)
    assert refused.value.field == "review_due"
    assert not ContactRestriction.objects.exists()


@pytest.mark.django_db
def test_a_contact_restriction_needs_reason_evidence_scope_and_equality_considerations(resident, officer):
    for field in ("reason", "evidence", "scope", "equality_considerations"):
        arguments = {
            "reason": "Abusive phone calls",
            "evidence": "Call recordings",
            "scope": "Email only",
            "equality_considerations": "Considered",
            field: " ",
        }
        with pytest.raises(WorkflowError) as refused:
            record.restriction_impose(
                actor=officer,
                resident=resident,
                starts_on=D(2026, 2, 2),
                review_due=D(2026, 5, 2),
                **arguments,
            )
        assert refused.value.field == field
    assert not ContactRestriction.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("next_review_due", [None, D(2026, 3, 2), D(2026, 2, 27)])
def test_a_review_that_keeps_an_adjustment_or_restriction_needs_a_later_review_date(resident, officer, next_review_due):
    for item in (_adjustment(officer, resident), _restriction(officer, resident)):
        with pytest.raises(WorkflowError, match="Set the next review date") as refused:
            record.special_category_review(
                actor=officer, item=item, reviewed_on=D(2026, 3, 2), next_review_due=next_review_due
            )
        assert refused.value.field == "next_review_due"
        item.refresh_from_db()
        assert item.last_reviewed_on is None


@pytest.mark.django_db
def test_reviewing_a_restriction_records_who_reviewed_it_and_ending_it_needs_no_new_date(resident, officer, manager):
    restriction = _restriction(officer, resident)
    kept = record.special_category_review(
        actor=manager, item=restriction, reviewed_on=D(2026, 3, 2), next_review_due=D(2026, 6, 1)
    )
    assert (kept.last_reviewed_on, kept.last_reviewed_by, kept.review_due) == (D(2026, 3, 2), manager, D(2026, 6, 1))
    ended = record.special_category_review(
        actor=officer, item=restriction, reviewed_on=D(2026, 3, 2), next_review_due=None, ended=True
    )
    assert ended.ended_on == D(2026, 3, 2)
    with pytest.raises(WorkflowError, match="already ended"):
        record.special_category_review(
            actor=officer, item=restriction, reviewed_on=D(2026, 3, 2), next_review_due=D(2026, 6, 1)
        )


@pytest.mark.django_db
def test_a_review_cannot_be_dated_before_the_adjustment_was_agreed_or_the_restriction_started(resident, officer):
    # Both were agreed / start on Mon 2 Feb 2026.
    for item in (_adjustment(officer, resident), _restriction(officer, resident)):
        with pytest.raises(WorkflowError) as refused:
            record.special_category_review(
                actor=officer, item=item, reviewed_on=D(2026, 1, 20), next_review_due=D(2026, 6, 1)
            )
        assert refused.value.field == "reviewed_on"
        item.refresh_from_db()
        assert item.last_reviewed_on is None
