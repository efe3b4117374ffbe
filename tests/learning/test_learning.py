"""Learning from complaints and service improvements (Code 9.1-9.3), and the themes and trends the senior lead
reviews (9.4)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from complaints.models import Category
from core.errors import WorkflowError
from learning import selectors, services
from learning.models import LearningPoint, ReportBack, ServiceImprovement, Theme
from reporting import trends
from tests.factories import ResidentFactory

D = datetime.date


@pytest.fixture
def communication(db):
    return Theme.objects.get(code="communication")


@pytest.fixture
def contractors(db):
    return Theme.objects.get(code="contractors")


def learn(actor, complaint, theme, text="Tell residents when an appointment moves.", on=None):
    return services.learning_point_record(actor=actor, complaint=complaint, theme=theme, learning=text, recorded_on=on)


IMPLEMENTED = D(2026, 2, 20)


def improve(actor, complaints, theme, on=IMPLEMENTED, learning_points=()):
    return services.service_improvement_record(
        actor=actor,
        title="Text reminders for repair appointments",
        what_changed="Residents get a text the day before and when an appointment moves.",
        team="Repairs",
        implemented_on=on,
        theme=theme,
        complaints=complaints,
        learning_points=learning_points,
    )


class TestLearningPoints:
    def test_a_case_worker_records_learning_on_a_complaint_at_its_stage(self, officer, log_complaint, communication):
        complaint = log_complaint()
        point = learn(officer, complaint, communication)
        assert (point.stage, point.recorded_on, point.recorded_by) == (1, D(2026, 3, 2), officer)
        assert list(complaint.learning_points.all()) == [point]

    def test_it_needs_the_learning_and_an_active_theme(self, officer, log_complaint, communication):
        complaint = log_complaint()
        with pytest.raises(WorkflowError) as empty:
            learn(officer, complaint, communication, text="  ")
        communication.active = False
        communication.save()
        with pytest.raises(WorkflowError) as retired:
            learn(officer, complaint, communication)
        assert (empty.value.field, retired.value.field) == ("learning", "theme")
        assert not LearningPoint.objects.exists()

    def test_learning_cannot_predate_the_complaint(self, officer, log_complaint, communication):
        with pytest.raises(WorkflowError) as error:
            learn(officer, log_complaint(received_on=D(2026, 2, 2)), communication, on=D(2026, 2, 1))
        assert error.value.field == "recorded_on"

    def test_only_case_workers_record_learning(
        self, log_complaint, communication, senior_lead, board_member, staff_member
    ):
        complaint = log_complaint(actor=staff_member)  # staff may see the complaints they logged
        for user in (senior_lead, board_member, staff_member):
            with pytest.raises(PermissionDenied):
                learn(user, complaint, communication)
        assert not LearningPoint.objects.exists()


class TestServiceImprovements:
    def test_an_improvement_names_the_complaints_that_led_to_it(self, officer, log_complaint, communication):
        first, second = log_complaint(), log_complaint(resident=ResidentFactory())
        point = learn(officer, first, communication)
        improvement = improve(officer, [first, second], communication, learning_points=[point])

        assert set(improvement.complaints.all()) == {first, second}
        assert list(first.service_improvements.all()) == [improvement]
        assert list(point.improvements.all()) == [improvement]

    def test_it_needs_a_complaint_and_learning_from_those_complaints_only(self, officer, log_complaint, communication):
        first, other = log_complaint(), log_complaint(resident=ResidentFactory())
        with pytest.raises(WorkflowError) as none:
            improve(officer, [], communication)
        with pytest.raises(WorkflowError) as stray:
            improve(officer, [first], communication, learning_points=[learn(officer, other, communication)])
        assert (none.value.field, stray.value.field) == ("complaints", "learning_points")
        assert not ServiceImprovement.objects.exists()

    def test_the_senior_lead_records_improvements_and_the_board_cannot(
        self, officer, log_complaint, communication, senior_lead, board_member
    ):
        complaint = log_complaint()
        assert improve(senior_lead, [complaint], communication).recorded_by == senior_lead
        with pytest.raises(PermissionDenied):
            improve(board_member, [complaint], communication)

    def test_reporting_back_records_the_audience_and_cannot_predate_the_change(
        self, officer, log_complaint, communication
    ):
        improvement = improve(officer, [log_complaint()], communication, on=D(2026, 2, 20))
        with pytest.raises(WorkflowError) as early:
            services.report_back_record(
                actor=officer, improvement=improvement, audience="staff", reported_on=D(2026, 2, 19), note="x"
            )
        assert early.value.field == "reported_on"
        services.report_back_record(
            actor=officer,
            improvement=improvement,
            audience=ReportBack.Audience.RESIDENTS_PANEL,
            reported_on=D(2026, 2, 26),
            note="Presented at the February scrutiny panel.",
        )
        assert [r.get_audience_display() for r in improvement.report_backs.all()] == [
            "Residents' panel or scrutiny group"
        ]

    def test_service_improvements_for_a_period_count_their_complaints(self, officer, log_complaint, communication):
        first, second = log_complaint(), log_complaint(resident=ResidentFactory())
        inside = improve(officer, [first, second], communication, on=D(2026, 2, 20))
        improve(officer, [first], communication, on=D(2026, 1, 31))

        found = list(selectors.service_improvements(D(2026, 2, 1), D(2026, 2, 28)))

        assert found == [inside]
        assert found[0].complaint_count == 2


class TestThemesAndTrends:
    def test_learning_themes_count_per_month_and_leave_out_themes_with_none(
        self, officer, log_complaint, communication, contractors
    ):
        complaint = log_complaint(received_on=D(2025, 12, 1))
        learn(officer, complaint, communication, on=D(2025, 12, 5))
        learn(officer, complaint, communication, on=D(2026, 2, 5))
        learn(officer, complaint, contractors, on=D(2026, 2, 6))
        learn(officer, complaint, contractors, on=D(2026, 3, 2))  # after the period

        trend = selectors.learning_themes(D(2025, 12, 1), D(2026, 2, 28))

        assert trend.months == [D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]
        assert [(row.label, row.counts) for row in trend.rows] == [
            ("Communication and keeping residents informed", [1, 0, 1]),
            ("Contractor performance", [0, 0, 1]),
        ]
        assert trend.totals == [1, 0, 2]

    def test_complaint_categories_count_complaints_received_per_month(self, log_complaint):
        repairs, damp = Category.objects.get(code="repairs"), Category.objects.get(code="damp_mould")
        log_complaint(received_on=D(2026, 1, 5), categories=[repairs, damp])
        log_complaint(received_on=D(2026, 2, 5), categories=[repairs], resident=ResidentFactory())

        trend = trends.complaint_categories(D(2026, 1, 1), D(2026, 2, 28))

        assert {row.label: row.counts for row in trend.rows} == {
            "Repairs and maintenance": [1, 1],
            "Damp and mould": [1, 0],
        }
