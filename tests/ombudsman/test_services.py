"""Ombudsman cases (Code 8.1 c, 9.7 c): referrals and their determination, findings per element, orders and
recommendations with due dates and compliance, Complaint Handling Failure Orders, and the figures the board
receives."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from complaints.models import CaseEvent
from complaints.services import workflow
from core import roles
from core.errors import WorkflowError
from ombudsman import services
from ombudsman.models import Determination, HandlingFailureOrder, OmbudsmanReferral, Order
from ombudsman.selectors import handling_failure_orders, ombudsman_decisions, ombudsman_figures
from tests.conftest import POINTS
from tests.factories import UserFactory
from tests.oversight import referred_complaint

D = datetime.date
DETERMINED = D(2026, 2, 25)


@pytest.fixture
def referral(log_complaint, officer):
    return referred_complaint(log_complaint, officer)[1]


def finding(officer, referral, determination, element="Repairs", on=DETERMINED):
    return services.finding_record(
        actor=officer, referral=referral, element=element, determination=determination, determined_on=on
    )


def order(officer, referral, due_on, kind="order", finding=None, made_on=DETERMINED, owner=None):
    return services.order_record(
        actor=officer,
        referral=referral,
        kind=kind,
        description="Pay £300 compensation",
        made_on=made_on,
        due_on=due_on,
        finding=finding,
        owner=owner,
    )


class TestFindingsAndOrders:
    def test_a_finding_per_element_goes_on_the_timeline(self, officer, referral):
        finding(officer, referral, Determination.SEVERE_MALADMINISTRATION, element="Handling of the leak")
        finding(officer, referral, Determination.REDRESS, element="Complaint handling")

        assert [f.get_determination_display() for f in referral.findings.all()] == [
            "Severe maladministration",
            "Reasonable redress",
        ]
        descriptions = list(
            referral.complaint.timeline.filter(kind=CaseEvent.Kind.OMBUDSMAN).values_list("description", flat=True)
        )
        assert any("Handling of the leak" in text and "Severe maladministration" in text for text in descriptions)

    def test_a_finding_cannot_predate_the_referral_nor_have_an_unknown_determination(self, officer, referral):
        with pytest.raises(WorkflowError) as early:
            finding(officer, referral, Determination.SERVICE_FAILURE, on=D(2026, 2, 19))
        with pytest.raises(WorkflowError) as unknown:
            finding(officer, referral, "pending")
        assert (early.value.field, unknown.value.field) == ("determined_on", "determination")
        assert not referral.findings.exists()

    def test_an_order_due_before_it_was_made_is_refused(self, officer, referral):
        with pytest.raises(WorkflowError) as error:
            order(officer, referral, due_on=D(2026, 2, 24))
        assert error.value.field == "due_on"

    def test_an_order_owner_must_be_able_to_read_ombudsman_cases(self, officer, referral, staff_member):
        with pytest.raises(WorkflowError) as error:
            order(officer, referral, due_on=D(2026, 3, 25), owner=staff_member)
        assert error.value.field == "owner"

    def test_compliance_needs_evidence_and_is_recorded_once(self, officer, manager, referral):
        item = order(officer, referral, due_on=D(2026, 3, 25))
        with pytest.raises(WorkflowError) as missing:
            services.order_comply(actor=officer, order=item, complied_on=D(2026, 3, 1), evidence=" ")
        assert missing.value.field == "evidence"

        services.order_comply(actor=officer, order=item, complied_on=D(2026, 3, 1), evidence="Payment ref 991")
        with pytest.raises(WorkflowError, match="already recorded on 1 March 2026"):
            services.order_comply(actor=manager, order=item, complied_on=D(2026, 3, 2), evidence="Again")
        item.refresh_from_db()
        assert (item.complied_on, item.evidence) == (D(2026, 3, 1), "Payment ref 991")

    def test_roles_that_do_not_handle_complaints_cannot_record_ombudsman_cases(
        self, referral, board_member, senior_lead, staff_member
    ):
        for user in (board_member, senior_lead, staff_member):
            with pytest.raises(PermissionDenied):
                finding(user, referral, Determination.MALADMINISTRATION)
            with pytest.raises(PermissionDenied):
                services.handling_failure_order_record(
                    actor=user, issued_on=D(2026, 2, 2), failure="x", order="y", due_on=D(2026, 3, 2)
                )
        assert not referral.findings.exists() and not HandlingFailureOrder.objects.exists()


class TestHandlingFailureOrders:
    def test_a_chfo_can_be_about_no_single_complaint_and_is_complied_with_evidence(self, officer):
        chfo = services.handling_failure_order_record(
            actor=officer,
            issued_on=D(2026, 2, 2),
            failure="Did not provide the complaint file within 15 working days.",
            order="Provide the file and explain how requests will be answered in time.",
            due_on=D(2026, 2, 16),
        )
        assert chfo.is_overdue(D(2026, 3, 2))
        services.handling_failure_order_comply(
            actor=officer, chfo=chfo, complied_on=D(2026, 2, 13), evidence="File sent 13 February"
        )
        chfo.refresh_from_db()
        assert not chfo.is_overdue(D(2026, 3, 2))

    def test_a_chfo_about_a_complaint_goes_on_its_timeline(self, officer, log_complaint):
        complaint = log_complaint()
        services.handling_failure_order_record(
            actor=officer,
            complaint=complaint,
            issued_on=D(2026, 2, 20),
            failure="Did not escalate to stage 2 when asked.",
            order="Escalate and respond at stage 2.",
            due_on=D(2026, 3, 6),
        )
        assert complaint.timeline.filter(description__contains="Complaint Handling Failure Order issued").exists()


class TestFigures:
    def test_the_figures_count_referrals_findings_and_compliance_for_the_period(self, officer, log_complaint):
        _, referral = referred_complaint(log_complaint, officer, referred_on=D(2026, 2, 20))
        severe = finding(officer, referral, Determination.SEVERE_MALADMINISTRATION)
        finding(officer, referral, Determination.SERVICE_FAILURE, element="Communication")
        finding(officer, referral, Determination.NO_MALADMINISTRATION, element="Rent", on=D(2026, 3, 2))
        done_late = order(officer, referral, due_on=D(2026, 2, 26), finding=severe)
        services.order_comply(actor=officer, order=done_late, complied_on=D(2026, 2, 27), evidence="Paid")
        order(officer, referral, due_on=D(2026, 2, 27), finding=severe)  # overdue now
        order(officer, referral, due_on=D(2026, 3, 20), kind="recommendation")  # due after the period
        services.handling_failure_order_record(
            actor=officer, issued_on=D(2026, 2, 2), failure="x", order="y", due_on=D(2026, 2, 16)
        )

        figures = ombudsman_figures(D(2026, 2, 1), D(2026, 2, 28), today=D(2026, 3, 2))

        assert (figures.referrals, figures.determinations) == (1, 0)
        assert [(label, count) for _, label, count in figures.findings] == [
            ("Severe maladministration", 1),
            ("Maladministration", 0),
            ("Service failure", 1),
            ("Reasonable redress", 0),
            ("No maladministration", 0),
            ("Outside jurisdiction", 0),
        ]
        assert figures.adverse_findings == 2
        assert figures.orders.made == 2 and figures.orders.due == 2
        assert (figures.orders.complied, figures.orders.complied_late, figures.orders.overdue) == (1, 1, 1)
        assert figures.recommendations.made == 1 and figures.recommendations.due == 0
        assert figures.severe_maladministration_orders.due == 2
        assert (figures.handling_failure_orders.made, figures.handling_failure_orders.overdue) == (1, 1)
        assert Order.objects.count() == 3


class TestDecisionsForTheAnnualReport:
    def test_decisions_list_findings_and_orders_by_the_ombudsmans_reference(self, officer, log_complaint):
        _, referral = referred_complaint(log_complaint, officer)
        finding(officer, referral, Determination.MALADMINISTRATION, element="Repairs", on=D(2026, 2, 25))
        finding(officer, referral, Determination.REDRESS, element="Complaint handling", on=D(2026, 2, 26))
        order(officer, referral, due_on=D(2026, 3, 25))
        services.handling_failure_order_record(
            actor=officer, issued_on=D(2026, 1, 12), failure="x", order="y", due_on=D(2026, 1, 26)
        )

        (decision,) = ombudsman_decisions(D(2026, 2, 1), D(2026, 2, 28))

        assert decision.ombudsman_reference == "202612345"
        assert decision.determined_on == D(2026, 2, 26)
        assert [f.element for f in decision.findings] == ["Repairs", "Complaint handling"]
        assert decision.adverse
        assert [o.description for o in decision.orders] == ["Pay £300 compensation"]
        assert ombudsman_decisions(D(2026, 3, 1), D(2026, 3, 31)) == []
        assert handling_failure_orders(D(2026, 2, 1), D(2026, 2, 28)).count() == 0
        assert handling_failure_orders(D(2026, 1, 1), D(2026, 1, 31)).count() == 1


@pytest.fixture
def case(log_complaint, officer):
    complaint = log_complaint(received_on=D(2026, 2, 2))
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)
    complaint.refresh_from_db()
    return complaint


def events(complaint, kind) -> list[str]:
    return list(CaseEvent.objects.filter(complaint=complaint, kind=kind).values_list("description", flat=True))


class TestReferrals:
    def test_a_referral_and_its_determination_are_recorded_with_their_dates(self, case, officer):
        with pytest.raises(WorkflowError, match="cannot be before"):
            services.referral_record(actor=officer, complaint=case, referred_on=D(2026, 1, 1))
        referral = services.referral_record(
            actor=officer, complaint=case, referred_on=D(2026, 2, 20), ombudsman_reference="HOS-123"
        )

        with pytest.raises(WorkflowError, match="determination"):
            services.referral_determine(
                actor=officer, referral=referral, determination="pending", determined_on=D(2026, 2, 27)
            )
        services.referral_determine(
            actor=officer,
            referral=referral,
            determination=OmbudsmanReferral.Determination.MALADMINISTRATION,
            determined_on=D(2026, 2, 27),
            orders="Pay £250 and apologise",
            compliance_due=D(2026, 3, 27),
        )

        referral.refresh_from_db()
        assert (referral.determination, referral.compliance_due) == ("maladministration", D(2026, 3, 27))
        assert events(case, CaseEvent.Kind.OMBUDSMAN) == [
            "Referred to the Housing Ombudsman on 20 February 2026.",
            "Ombudsman determination: Maladministration.",
        ]

    def test_a_board_member_cannot_record_a_referral(self, case, board_member):
        with pytest.raises(PermissionDenied):
            services.referral_record(actor=board_member, complaint=case, referred_on=D(2026, 2, 20))
        assert not OmbudsmanReferral.objects.exists()

    @pytest.mark.parametrize("role", roles.ALL)
    def test_one_permission_records_a_referral_its_determination_findings_and_orders(self, case, officer, role):
        user = UserFactory(role=role)
        referral = services.referral_record(actor=officer, complaint=case, referred_on=D(2026, 2, 20))
        acts = [
            lambda: services.referral_record(actor=user, complaint=case, referred_on=D(2026, 2, 21)),
            lambda: services.referral_determine(
                actor=user, referral=referral, determination="maladministration", determined_on=D(2026, 2, 27)
            ),
            lambda: finding(user, referral, Determination.MALADMINISTRATION, on=D(2026, 2, 27)),
            lambda: order(user, referral, due_on=D(2026, 3, 27), made_on=D(2026, 2, 27)),
        ]

        allowed = []
        for act in acts:
            try:
                act()
            except PermissionDenied:
                allowed.append(False)
            else:
                allowed.append(True)

        # The case workers record Ombudsman cases; the senior lead reads them, the board sees only the figures.
        may_record = role in {roles.OFFICER, roles.SENIOR_MANAGER}
        assert user.has_perm("ombudsman.record_ombudsman") == may_record
        assert allowed == [may_record] * 4
