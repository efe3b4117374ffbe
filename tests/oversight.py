"""Builders shared by the learning, Ombudsman, survey and dashboard tests: a complaint answered at stage 1, a month
of oversight data, and the roles that look across cases."""

from __future__ import annotations

import datetime

import pytest

from complaints.services import workflow
from core import roles
from learning import services as learning_services
from learning.models import Theme
from ombudsman import services as ombudsman_services
from ombudsman.models import Determination
from surveys.models import Survey
from tests.conftest import POINTS
from tests.factories import UserFactory

D = datetime.date
RECEIVED = D(2026, 2, 2)
ACKNOWLEDGED = D(2026, 2, 4)
RESPONDED = D(2026, 2, 16)
REFERRED = D(2026, 2, 20)


def respond(actor, complaint, on=RESPONDED):
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
        remedies=[],
        outstanding_actions=[],
    )


def answered_complaint(log_complaint, officer, **kwargs):
    complaint = log_complaint(received_on=kwargs.pop("received_on", RECEIVED), **kwargs)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=ACKNOWLEDGED, points=POINTS)
    respond(officer, complaint)
    complaint.refresh_from_db()
    return complaint


def referred_complaint(log_complaint, officer, referred_on=REFERRED):
    complaint = answered_complaint(log_complaint, officer)
    workflow.complaint_close(actor=officer, complaint=complaint, closed_on=RESPONDED)
    referral = ombudsman_services.referral_record(
        actor=officer, complaint=complaint, referred_on=referred_on, ombudsman_reference="202612345"
    )
    return complaint, referral


@pytest.fixture
def responded_complaint(log_complaint, officer):
    return answered_complaint(log_complaint, officer)


@pytest.fixture
def senior_lead(db):
    return UserFactory(role=roles.SENIOR_LEAD, username="lena")


@pytest.fixture
def oversight_data(officer, log_complaint):
    """February 2026: a referred complaint with a survey answered, a severe maladministration finding with an order
    due, and a service improvement it led to."""
    complaint, referral = referred_complaint(log_complaint, officer)
    Survey.objects.create(
        complaint=complaint,
        stage=1,
        token_hash="c" * 64,
        sent_on=D(2026, 2, 17),
        sent_by=officer,
        answered_at=datetime.datetime(2026, 2, 18, tzinfo=datetime.UTC),
        handling=5,
        outcome=4,
        comments="Private remark about my neighbour",
    )
    finding = ombudsman_services.finding_record(
        actor=officer,
        referral=referral,
        element="Repairs",
        determination=Determination.SEVERE_MALADMINISTRATION,
        determined_on=D(2026, 2, 25),
    )
    ombudsman_services.order_record(
        actor=officer,
        referral=referral,
        kind="order",
        description="Pay £900",
        made_on=D(2026, 2, 25),
        due_on=D(2026, 2, 27),
        finding=finding,
    )
    learning_services.service_improvement_record(
        actor=officer,
        title="Text reminders",
        what_changed="A text before each appointment.",
        team="Repairs",
        implemented_on=D(2026, 2, 20),
        theme=Theme.objects.get(code="communication"),
        complaints=[complaint],
    )
    return complaint
