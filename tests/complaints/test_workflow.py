from __future__ import annotations

import datetime

import pytest

from complaints.models import CaseEvent, Complaint, LetterKind, RefusalReason
from complaints.services import assignment, workflow
from core.errors import CaseChangedError, WorkflowError
from tests.conftest import POINTS
from tests.pdf import pdf_text

D = datetime.date


STAGE_1_RESPONSE_DAY = D(2026, 2, 20)


def respond(actor, complaint, on=STAGE_1_RESPONSE_DAY, decision="partly_upheld", **kwargs):
    return workflow.complaint_respond(
        actor=actor,
        complaint=complaint,
        responded_on=on,
        decision=decision,
        reasons=kwargs.pop("reasons", "The appointments were missed because of a scheduling error."),
        point_decisions=kwargs.pop(
            "point_decisions",
            [
                workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
                workflow.PointDecisionInput(2, "not_upheld", "Our call log shows two call-backs."),
            ],
        ),
        remedies=kwargs.pop(
            "remedies", [workflow.RemedyInput(kind="apology", description="A written apology", due_on=on)]
        ),
        outstanding_actions=kwargs.pop(
            "outstanding_actions", [workflow.ActionInput(description="Replace the boiler", due_on=D(2026, 3, 13))]
        ),
        **kwargs,
    )


@pytest.fixture
def responded_at_stage_1(log_complaint, officer):
    complaint = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)
    respond(officer, complaint)
    complaint.refresh_from_db()
    return complaint


def test_logging_a_complaint_sets_the_acknowledgement_due_five_working_days_after_receipt(log_complaint):
    complaint = log_complaint(received_on=D(2026, 2, 2))
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT
    assert complaint.current_stage.acknowledgement_due == D(2026, 2, 9)
    assert complaint.current_stage.response_due is None
    assert complaint.reference.startswith("CMP-")


def test_acknowledging_sets_the_response_due_ten_working_days_after_acknowledgement(log_complaint, officer):
    complaint = log_complaint()
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.IN_PROGRESS
    assert complaint.current_stage.response_due == D(2026, 2, 18)
    assert [p.point for p in complaint.current_stage.definition.all()] == [p.point for p in POINTS]


def test_acknowledging_needs_the_complaint_definition(log_complaint, officer):
    complaint = log_complaint()
    with pytest.raises(WorkflowError, match=r"5\.6"):
        workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=[])
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT


def test_a_full_two_stage_complaint_reaches_the_ombudsman_step(responded_at_stage_1, officer, manager):
    complaint = responded_at_stage_1
    assert complaint.status == Complaint.Status.RESPONDED
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 23))
    complaint.refresh_from_db()
    assert complaint.stage == 2
    assert complaint.current_stage.acknowledgement_due == D(2026, 3, 2)
    assignment.reviewer_assign(actor=officer, complaint=complaint, reviewer=manager)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 3, 2), points=POINTS)
    complaint.refresh_from_db()
    assert complaint.current_stage.response_due == D(2026, 3, 30)
    response = respond(
        manager,
        complaint,
        on=D(2026, 3, 2),
        decision="upheld",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Confirmed."),
            workflow.PointDecisionInput(2, "upheld", "On review, the call-backs were not made."),
        ],
    )
    assert "Housing Ombudsman" in response.next_step
    letter = complaint.letters.get(kind=LetterKind.STAGE_2_RESPONSE)
    text = pdf_text(letter.document)
    assert "Housing Ombudsman" in text and "Replace the boiler" in text
    assert letter.correspondence.subject == f"Your complaint {complaint.reference}: our final response"
    kinds = list(complaint.timeline.values_list("kind", flat=True))
    # Each letter is issued, then queued to reach the resident (the outbox).
    assert kinds[:7] == [
        CaseEvent.Kind.LOGGED,
        CaseEvent.Kind.ACKNOWLEDGED,
        CaseEvent.Kind.LETTER,
        CaseEvent.Kind.DELIVERY,
        CaseEvent.Kind.RESPONDED,
        CaseEvent.Kind.LETTER,
        CaseEvent.Kind.DELIVERY,
    ]


def test_the_stage_1_handler_cannot_review_at_stage_2(responded_at_stage_1, officer):
    complaint = responded_at_stage_1
    officer.groups.add(officer.groups.model.objects.get(name="Senior managers"))
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 23))
    with pytest.raises(WorkflowError, match=r"6\.13"):
        assignment.reviewer_assign(actor=officer, complaint=complaint, reviewer=officer)


def test_a_stale_version_is_refused_and_nothing_is_saved(log_complaint, officer):
    complaint = log_complaint()
    seen = complaint.version
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS, expected_version=seen)
    with pytest.raises(CaseChangedError):
        workflow.complaint_acknowledge(
            actor=officer,
            complaint=complaint,
            acknowledged_on=D(2026, 2, 4),
            points=POINTS[:1],
            expected_version=seen,
        )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT
    assert complaint.current_stage.definition.count() == 2


def test_refusing_records_the_reason_and_writes_a_letter_with_the_ombudsman_right(log_complaint, officer):
    complaint = log_complaint()
    workflow.complaint_refuse(
        actor=officer,
        complaint=complaint,
        reason=RefusalReason.objects.get(code="legal_proceedings"),
        explanation="The resident's disrepair claim was filed at the county court.",
        evidence="Claim form ref 1234",
        decided_on=D(2026, 2, 5),
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.REFUSED
    letter = complaint.correspondence.get()
    assert "Housing Ombudsman" in letter.body and "county court" in letter.body
