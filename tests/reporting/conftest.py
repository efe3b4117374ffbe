"""The winter of hand-counted cases from the self-assessment tests (tests/selfassessment/conftest.py) is the
dashboard's fixture too: its figures are worked out by hand in test_figures.py. The annual report's tests add the
winter's published self-assessment, Ombudsman findings and orders, a service improvement, and a draft report for
the reporting year 1 April 2025 to 31 March 2026."""

from __future__ import annotations

import datetime

import pytest

from complaints.models import Category
from core import roles
from learning import services as learning
from learning.models import Theme
from ombudsman import services as ombudsman
from reporting import services
from tests.factories import UserFactory
from tests.oversight import oversight_data
from tests.selfassessment.conftest import PERIOD, Winter, draft, extend, hos_2024, published, respond, winter

__all__ = ["PERIOD", "Winter", "draft", "extend", "hos_2024", "oversight_data", "published", "respond", "winter"]

D = datetime.date
YEAR = 2025


@pytest.fixture
def senior_lead(db):
    return UserFactory(role=roles.SENIOR_LEAD, username="leah")


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="adam")


@pytest.fixture
def cases(winter, officer):
    """The winter's cases with two categories; G referred to the Ombudsman, which found maladministration, made an
    order not yet complied with, and issued a Complaint Handling Failure Order; and one service improvement made
    from A and B, reported back to the residents' panel."""
    repairs = Category.objects.get(code="repairs")
    winter.a.categories.add(repairs)
    winter.b.categories.add(repairs)
    referral = ombudsman.referral_record(
        actor=officer, complaint=winter.g, referred_on=D(2026, 2, 10), ombudsman_reference="202612345"
    )
    finding = ombudsman.finding_record(
        actor=officer,
        referral=referral,
        element="The stage 2 review",
        determination="maladministration",
        determined_on=D(2026, 2, 20),
    )
    ombudsman.order_record(
        actor=officer,
        referral=referral,
        finding=finding,
        kind="order",
        description="Apologise and pay £150.",
        made_on=D(2026, 2, 20),
        due_on=D(2026, 2, 27),
    )
    ombudsman.handling_failure_order_record(
        actor=officer,
        complaint=winter.d,
        issued_on=D(2026, 2, 25),
        failure="No acknowledgement.",
        order="Acknowledge the complaint.",
        due_on=D(2026, 3, 4),
    )
    point = learning.learning_point_record(
        actor=officer,
        complaint=winter.a,
        theme=Theme.objects.get(code="repairs_process"),
        learning="Appointments were not confirmed.",
        recorded_on=D(2026, 1, 5),
    )
    improvement = learning.service_improvement_record(
        actor=officer,
        title="Appointments confirmed by text",
        what_changed="Every repair appointment is confirmed by text message the day before.",
        team="Repairs",
        implemented_on=D(2026, 2, 2),
        theme=Theme.objects.get(code="repairs_process"),
        complaints=[winter.a, winter.b],
        learning_points=[point],
    )
    learning.report_back_record(
        actor=officer,
        improvement=improvement,
        audience="residents_panel",
        reported_on=D(2026, 2, 16),
        note="Residents' panel meeting, February.",
    )
    return winter


@pytest.fixture
def report(cases, published, senior_lead):
    report = services.annual_report_create(actor=senior_lead, year=YEAR)
    return services.annual_report_update(
        actor=senior_lead,
        report=report,
        data={
            "self_assessment": published,
            "introduction": "How we handled complaints this year.",
            "performance_analysis": "Stage 1 acknowledgements slipped over the winter holidays.",
            "refusals_summary": "We refused one complaint that was already before the courts.",
            "ombudsman_findings": "The Ombudsman found maladministration in one complaint's handling.",
            "service_improvements": "Repairs appointments are now confirmed by text message.",
            "ombudsman_annual_report": "The Ombudsman's landlord report for us showed a 40% maladministration rate.",
            "ombudsman_annual_report_url": "https://www.housing-ombudsman.org.uk/landlord-performance/",
            "ombudsman_other_reports": "The Ombudsman's spotlight report on damp and mould mentioned our work.",
        },
    )


def approve(report, board_member, response="The Board accepts the report and will monitor the winter backlog."):
    return services.annual_report_approve(
        actor=board_member,
        report=report,
        approved_on=D(2026, 3, 2),
        minute_reference="Board 2026/15, item 3",
        governing_body_response=response,
    )
