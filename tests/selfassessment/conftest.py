"""A winter of complaints, made through the workflow services, whose figures are counted by hand below.

Period: 1 December 2025 to 28 February 2026 (England; bank holidays 25 and 26 December and 1 January).

| case | stage 1                                                        | stage 2                                   |
|------|----------------------------------------------------------------|-------------------------------------------|
| A    | rec 1 Dec, ack 3 Dec (due 8 Dec), resp 16 Dec (due 17 Dec)      |                                           |
| B    | rec 22 Dec, ack 31 Dec (due 31 Dec: the holidays count), due    |                                           |
|      | 15 Jan, extended by exactly the cap (10) to 29 Jan, resp 27 Jan |                                           |
| C    | rec 5 Jan, ack 14 Jan (due 12 Jan: late), due 28 Jan, extended  | req 20 Feb, ack 23 Feb (due 27 Feb),      |
|      | 15 days beyond the cap with a good reason to 18 Feb, resp 19 Feb| reviewer: another manager                 |
| D    | rec 12 Jan, never acknowledged (due 19 Jan: late)               |                                           |
| E    | rec 26 Feb: acknowledgement due 5 March, after the period       |                                           |
| F    | rec 2 Feb, refused 4 Feb with reasons and a letter              |                                           |
| G    | rec 8 Dec by the manager, ack 9 Dec (due 15 Dec), resp 22 Dec   | req 5 Jan, ack 13 Jan (due 12 Jan: late), |
|      | (due 23 Dec)                                                    | reviewer later recorded as the manager who|
|      |                                                                 | handled stage 1; resp 9 Feb (due 10 Feb)  |

Remedies: A due 16 Dec done 16 Dec; G due 22 Dec and 9 Feb, both done then; B due 10 Feb not done; C due 5 March
(after the period).
Adjustments: one overdue for review on 28 Feb, one not. Restrictions: one, not overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from complaints.models import Complaint, RefusalReason, Stage
from complaints.services import record, workflow
from selfassessment import services
from selfassessment.models import CodeVersion
from tests.conftest import POINTS
from tests.factories import ResidentFactory

D = datetime.date
PERIOD = (D(2025, 12, 1), D(2026, 2, 28))


def respond(actor, complaint, on, remedy_due=None, remedy_done=True):
    remedy_due = remedy_due or on
    return workflow.complaint_respond(
        actor=actor,
        complaint=complaint,
        responded_on=on,
        decision="partly_upheld",
        reasons="The appointments were missed because of a scheduling error.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
            workflow.PointDecisionInput(2, "not_upheld", "Our call log shows two call-backs."),
        ],
        remedies=[
            workflow.RemedyInput(
                kind="apology",
                description="A written apology",
                due_on=remedy_due,
                completed_on=remedy_due if remedy_done else None,
            )
        ],
        outstanding_actions=[],
    )


def extend(actor, complaint, days, informed_on, good_reason=""):
    return workflow.extension_grant(
        actor=actor,
        complaint=complaint,
        working_days=days,
        reason="We are waiting for the contractor's report.",
        resident_informed_on=informed_on,
        ombudsman_details_given=True,
        update_interval_working_days=5,
        good_reason=good_reason,
    )


@dataclass
class Winter:
    a: Complaint
    b: Complaint
    c: Complaint
    d: Complaint
    e: Complaint
    f: Complaint
    g: Complaint


@pytest.fixture
def hos_2024(db) -> CodeVersion:
    return CodeVersion.objects.get(code="hos-2024")


@pytest.fixture
def winter(log_complaint, officer, manager, other_manager) -> Winter:
    ack = workflow.complaint_acknowledge

    a = log_complaint(received_on=D(2025, 12, 1))
    ack(actor=officer, complaint=a, acknowledged_on=D(2025, 12, 3), points=POINTS)
    respond(officer, a, D(2025, 12, 16))

    b = log_complaint(received_on=D(2025, 12, 22))
    ack(actor=officer, complaint=b, acknowledged_on=D(2025, 12, 31), points=POINTS)
    extend(officer, b, 10, D(2026, 1, 14))
    respond(officer, b, D(2026, 1, 27), remedy_due=D(2026, 2, 10), remedy_done=False)

    c = log_complaint(received_on=D(2026, 1, 5))
    ack(actor=officer, complaint=c, acknowledged_on=D(2026, 1, 14), points=POINTS)
    extend(manager, c, 15, D(2026, 1, 20), good_reason="The surveyor's report needs a specialist damp survey.")
    respond(officer, c, D(2026, 2, 19), remedy_due=D(2026, 3, 5), remedy_done=False)
    workflow.complaint_escalate(actor=officer, complaint=c, requested_on=D(2026, 2, 20))
    ack(actor=officer, complaint=c, acknowledged_on=D(2026, 2, 23), points=POINTS, reviewer=manager)

    d = log_complaint(received_on=D(2026, 1, 12))
    e = log_complaint(received_on=D(2026, 2, 26))

    f = log_complaint(received_on=D(2026, 2, 2))
    workflow.complaint_refuse(
        actor=officer,
        complaint=f,
        reason=RefusalReason.objects.get(code="legal_proceedings"),
        explanation="The resident's solicitor has filed a claim about the same disrepair.",
        evidence="Claim form served on 20 January 2026.",
        decided_on=D(2026, 2, 4),
    )

    g = log_complaint(received_on=D(2025, 12, 8), actor=manager)
    ack(actor=manager, complaint=g, acknowledged_on=D(2025, 12, 9), points=POINTS)
    respond(manager, g, D(2025, 12, 22))
    workflow.complaint_escalate(actor=officer, complaint=g, requested_on=D(2026, 1, 5))
    ack(actor=officer, complaint=g, acknowledged_on=D(2026, 1, 13), points=POINTS, reviewer=other_manager)
    # Brought over from the old system, where nothing stopped the stage 1 handler reviewing at stage 2 (Code 6.13).
    Stage.objects.filter(complaint=g, number=2).update(handler=manager)
    respond(manager, g, D(2026, 2, 9))

    resident = ResidentFactory()
    record.adjustment_agree(
        actor=officer, resident=resident, adjustment="Large print", agreed_on=D(2025, 11, 3), review_due=D(2026, 2, 2)
    )
    record.adjustment_agree(
        actor=officer,
        resident=resident,
        adjustment="Calls after 2pm",
        agreed_on=D(2025, 11, 3),
        review_due=D(2026, 3, 31),
    )
    record.restriction_impose(
        actor=officer,
        resident=ResidentFactory(),
        reason="Abusive calls to staff",
        evidence="Call recordings of 3 and 5 November",
        scope="Contact by email only; complaints are still investigated.",
        equality_considerations="No disability disclosed; reviewed with the resident's support worker.",
        starts_on=D(2025, 11, 10),
        review_due=D(2026, 3, 10),
    )
    return Winter(a=a, b=b, c=c, d=d, e=e, f=f, g=g)


@pytest.fixture
def draft(officer, hos_2024):
    return services.assessment_create(
        actor=officer,
        code_version=hos_2024,
        title="Self-assessment 2025/26",
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )


@pytest.fixture
def published(draft, officer, board_member):
    """Every provision answered Yes except 3.4 (No, with the date), then approved and published."""
    for row in draft.rows.select_related("provision"):
        if row.provision.number == "3.4":
            services.assessment_row_update(
                actor=officer,
                row=row,
                complies="no",
                commentary="=Our website is being rebuilt.",
                comply_by=D(2026, 6, 30),
            )
        else:
            services.assessment_row_update(
                actor=officer, row=row, complies="yes", commentary=f"Policy section for {row.provision.number}."
            )
    services.evidence_add(
        actor=officer, row=draft.rows.get(provision__number="6.2"), kind="live_figure", figure_key="6.2"
    )
    services.assessment_mark_ready(actor=officer, assessment=draft)
    services.assessment_record_approval(
        actor=board_member, assessment=draft, approved_on=D(2026, 3, 2), minute_reference="Board 2026/14"
    )
    return services.assessment_publish(
        actor=board_member,
        assessment=draft,
        published_on=D(2026, 3, 2),
        governing_body_response="The Board is assured that complaints are handled in line with the Code.",
    )
