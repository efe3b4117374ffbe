"""The sweep decides which alerts are due from the stored due dates; these tests call it directly, in-process,
with time frozen. tests/alerts/test_worker.py runs the same code through a real worker and a real Redis."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts.models import Alert, AlertSettings, AlertThreshold, Kind, Timing
from alerts.services import alert_deliver, alerts_sweep, digests_create
from complaints.calendar import WorkingDayCalendar, bank_holidays
from complaints.models import Complaint, RemedyKind
from complaints.services import record, workflow
from tests.conftest import POINTS
from tests.factories import ResidentFactory, UserFactory, senior_manager

ENGLAND = WorkingDayCalendar(bank_holidays("england"))


def alerts(**filters) -> list[Alert]:
    return list(Alert.objects.filter(**filters).order_by("recipient__username", "kind", "timing"))


def acknowledged(log_complaint, officer_user, frozen_today, *, on: datetime.date):
    """A stage 1 complaint received and acknowledged on `on`, handled by `officer_user`."""
    frozen_today.move_to(datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC))
    complaint = log_complaint(received_on=on, actor=officer_user)
    workflow.complaint_acknowledge(actor=officer_user, complaint=complaint, acknowledged_on=on, points=POINTS)
    complaint.refresh_from_db()
    return complaint


class TestAcknowledgementAlerts:
    def test_it_alerts_every_officer_the_working_day_before_an_unassigned_acknowledgement_is_due(
        self, log_complaint, officer, frozen_today
    ):
        second_officer = UserFactory(role="Complaints officers", username="oscar")
        complaint = log_complaint(received_on=datetime.date(2026, 2, 23))  # due Monday 2 March
        due = complaint.current_stage.acknowledgement_due
        assert due == datetime.date(2026, 3, 2)

        alerts_sweep(today=datetime.date(2026, 2, 26))
        assert alerts() == []

        alerts_sweep(today=datetime.date(2026, 2, 27))
        created = alerts()
        assert [(a.recipient, a.kind, a.timing, a.due_on) for a in created] == [
            (officer, Kind.ACKNOWLEDGEMENT_DUE, Timing.BEFORE, due),
            (second_officer, Kind.ACKNOWLEDGEMENT_DUE, Timing.BEFORE, due),
        ]
        assert created[0].title == f"{complaint.reference} stage 1: acknowledgement due 2 March 2026"

    def test_it_alerts_on_the_day_and_when_overdue_once_each(self, log_complaint, officer):
        complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
        workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)  # officer now handles it

        for _ in range(3):
            alerts_sweep(today=datetime.date(2026, 3, 2))
        for _ in range(3):
            alerts_sweep(today=datetime.date(2026, 3, 4))

        # Swept first on the due date itself: no "due soon" alert is left to send by then.
        assert sorted((a.timing, a.recipient.username) for a in alerts()) == [
            (Timing.OVERDUE, "olivia"),
            (Timing.TODAY, "olivia"),
        ]

    def test_acknowledging_stops_the_alerts_and_cancels_an_email_not_yet_sent(self, log_complaint, officer):
        complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
        workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
        alerts_sweep(today=datetime.date(2026, 3, 2))
        (pending,) = alerts()

        workflow.complaint_acknowledge(
            actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 3, 2), points=POINTS
        )
        result = alerts_sweep(today=datetime.date(2026, 3, 2))

        pending.refresh_from_db()
        assert result.cancelled == 1
        assert pending.cancelled_at is not None
        assert result.to_deliver == []
        assert alert_deliver(alert_id=pending.pk) == "not pending"
        assert mail.outbox == []


class TestResponseAlerts:
    def test_two_working_days_before_a_tuesday_after_a_bank_holiday_monday_is_the_thursday_before(
        self, log_complaint, officer, frozen_today
    ):
        # Spring bank holiday: Monday 25 May 2026. Acknowledged 11 May, the response is due Tuesday 26 May.
        complaint = acknowledged(log_complaint, officer, frozen_today, on=datetime.date(2026, 5, 11))
        assert complaint.current_stage.response_due == datetime.date(2026, 5, 26)

        alerts_sweep(today=datetime.date(2026, 5, 20))  # Wednesday
        assert alerts(kind=Kind.RESPONSE_DUE) == []
        alerts_sweep(today=datetime.date(2026, 5, 21))  # Thursday
        (alert,) = alerts(kind=Kind.RESPONSE_DUE)
        assert (alert.timing, alert.due_on, alert.recipient) == (Timing.BEFORE, datetime.date(2026, 5, 26), officer)

    def test_in_scotland_the_working_days_before_follow_scottish_bank_holidays(self, officer, frozen_today, phone):
        # Monday 3 August 2026 is a bank holiday in Scotland only. Received Monday 27 July, an SPSO frontline
        # response is due 5 Scottish working days later, Tuesday 4 August; 2 working days before is Thursday 30
        # July in Scotland (in England it would be Friday 31 July).
        frozen_today.move_to(datetime.datetime(2026, 7, 27, 12, tzinfo=datetime.UTC))
        complaint = workflow.complaint_log(
            actor=officer,
            resident=ResidentFactory(home__nation="scotland"),
            received_on=datetime.date(2026, 7, 27),
            channel=phone,
            summary="Damp in the bedroom",
        )
        assert complaint.current_stage.response_due == datetime.date(2026, 8, 4)

        alerts_sweep(today=datetime.date(2026, 7, 29))
        assert alerts(kind=Kind.RESPONSE_DUE) == []
        alerts_sweep(today=datetime.date(2026, 7, 30))
        (alert,) = alerts(kind=Kind.RESPONSE_DUE)
        assert (alert.timing, alert.due_on) == (Timing.BEFORE, datetime.date(2026, 8, 4))

    def test_an_overdue_response_is_also_sent_to_the_handlers_line_manager(self, log_complaint, officer, frozen_today):
        boss = senior_manager(username="beatrice")
        AlertSettings.objects.create(user=officer, line_manager=boss)
        complaint = acknowledged(log_complaint, officer, frozen_today, on=datetime.date(2026, 3, 2))
        due = complaint.current_stage.response_due

        alerts_sweep(today=ENGLAND.add_working_days(due, 1))

        overdue = alerts(kind=Kind.RESPONSE_DUE, timing=Timing.OVERDUE)
        assert [a.recipient for a in overdue] == [boss, officer]

    def test_the_line_manager_is_not_told_when_the_administrator_turned_that_off(
        self, log_complaint, officer, frozen_today
    ):
        AlertSettings.objects.create(user=officer, line_manager=senior_manager(username="beatrice"))
        AlertThreshold.objects.filter(kind=Kind.RESPONSE_DUE).update(overdue_to_manager=False)
        complaint = acknowledged(log_complaint, officer, frozen_today, on=datetime.date(2026, 3, 2))

        alerts_sweep(today=ENGLAND.add_working_days(complaint.current_stage.response_due, 1))

        assert [a.recipient for a in alerts(kind=Kind.RESPONSE_DUE)] == [officer]

    def test_an_extension_cancels_pending_alerts_for_the_old_date_and_new_ones_follow_the_new_date(
        self, log_complaint, officer, frozen_today
    ):
        complaint = acknowledged(log_complaint, officer, frozen_today, on=datetime.date(2026, 3, 2))
        old_due = complaint.current_stage.response_due  # Monday 16 March
        two_before = datetime.date(2026, 3, 12)
        frozen_today.move_to(datetime.datetime(2026, 3, 12, 9, tzinfo=datetime.UTC))
        alerts_sweep(today=two_before)
        (old,) = alerts(kind=Kind.RESPONSE_DUE)

        workflow.extension_grant(
            actor=officer,
            complaint=complaint,
            working_days=5,
            reason="Waiting for the contractor's report",
            resident_informed_on=two_before,
            ombudsman_details_given=True,
            update_interval_working_days=5,
        )
        complaint.current_stage.refresh_from_db()
        new_due = complaint.current_stage.response_due
        assert new_due == ENGLAND.add_working_days(old_due, 5)
        alerts_sweep(today=two_before)
        old.refresh_from_db()
        assert old.cancelled_at is not None
        assert alerts(kind=Kind.RESPONSE_DUE, cancelled_at__isnull=True) == []

        alerts_sweep(today=ENGLAND.add_working_days(two_before, 5))
        (new,) = alerts(kind=Kind.RESPONSE_DUE, cancelled_at__isnull=True)
        assert (new.timing, new.due_on) == (Timing.BEFORE, new_due)

    def test_reaching_the_extension_cap_tells_senior_managers_at_once(self, log_complaint, officer, frozen_today):
        managers = {senior_manager(username="sam"), senior_manager(username="sunita")}
        complaint = acknowledged(log_complaint, officer, frozen_today, on=datetime.date(2026, 3, 2))
        extend = dict(
            actor=officer,
            complaint=complaint,
            reason="Specialist survey needed",
            resident_informed_on=datetime.date(2026, 3, 2),
            ombudsman_details_given=True,
            update_interval_working_days=5,
        )
        workflow.extension_grant(working_days=4, **extend)
        alerts_sweep(today=datetime.date(2026, 3, 2))
        assert alerts(kind=Kind.EXTENSION_CAP) == []

        workflow.extension_grant(working_days=6, **extend)  # 10 working days: the stage 1 cap (Code 6.4)
        alerts_sweep(today=datetime.date(2026, 3, 2))

        assert {a.recipient for a in alerts(kind=Kind.EXTENSION_CAP)} == managers


class TestOtherAlerts:
    def test_stage_2_with_no_reviewer_tells_senior_managers_one_working_day_after_escalation(
        self, log_complaint, officer, frozen_today
    ):
        manager = senior_manager(username="sam")
        complaint = acknowledged(log_complaint, officer, frozen_today, on=datetime.date(2026, 3, 2))
        workflow.complaint_respond(
            actor=officer,
            complaint=complaint,
            responded_on=datetime.date(2026, 3, 2),
            decision="not_upheld",
            reasons="The repairs were done on time.",
            point_decisions=[
                workflow.PointDecisionInput(position=1, decision="not_upheld", reason="Attended each time."),
                workflow.PointDecisionInput(position=2, decision="not_upheld", reason="Calls were returned."),
            ],
            remedies=[],
            outstanding_actions=[],
        )
        # Escalated on Friday 22 May; Monday 25 May is a bank holiday, so one working day after is Tuesday.
        frozen_today.move_to(datetime.datetime(2026, 5, 22, 12, tzinfo=datetime.UTC))
        workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=datetime.date(2026, 5, 22))

        alerts_sweep(today=datetime.date(2026, 5, 25))
        assert alerts(kind=Kind.REVIEWER_NEEDED) == []
        alerts_sweep(today=datetime.date(2026, 5, 26))
        (alert,) = alerts(kind=Kind.REVIEWER_NEEDED)
        assert alert.recipient == manager
        assert alert.title == f"{complaint.reference}: stage 2 has no reviewer escalated on 22 May 2026"

    def test_an_update_promised_under_an_extension_is_alerted_on_its_day_until_it_is_sent(
        self, log_complaint, officer, frozen_today, phone
    ):
        complaint = acknowledged(log_complaint, officer, frozen_today, on=datetime.date(2026, 3, 2))
        workflow.extension_grant(
            actor=officer,
            complaint=complaint,
            working_days=5,
            reason="Waiting for the surveyor",
            resident_informed_on=datetime.date(2026, 3, 2),
            ombudsman_details_given=True,
            update_interval_working_days=3,
        )
        stage = complaint.current_stage
        stage.refresh_from_db()
        assert stage.update_due == datetime.date(2026, 3, 5)  # 3 working days after the resident was told

        alerts_sweep(today=datetime.date(2026, 3, 4))
        assert alerts(kind=Kind.UPDATE_DUE) == []
        alerts_sweep(today=datetime.date(2026, 3, 5))
        (alert,) = alerts(kind=Kind.UPDATE_DUE)
        assert (alert.recipient, alert.timing, alert.due_on) == (officer, Timing.TODAY, datetime.date(2026, 3, 5))

        frozen_today.move_to(datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC))
        record.correspondence_record(
            actor=officer,
            complaint=complaint,
            direction="out",
            party="resident",
            channel=phone,
            occurred_on=datetime.date(2026, 3, 5),
            subject="An update on your complaint",
        )
        stage.refresh_from_db()
        assert stage.update_due == datetime.date(2026, 3, 10)
        alerts_sweep(today=datetime.date(2026, 3, 10))
        assert sorted(a.due_on for a in alerts(kind=Kind.UPDATE_DUE)) == [
            datetime.date(2026, 3, 5),
            datetime.date(2026, 3, 10),
        ]

    def test_an_outstanding_remedy_alerts_its_owner_before_on_and_after_its_date(self, log_complaint, officer):
        complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
        workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
        remedy = record.remedy_add(
            actor=officer,
            complaint=complaint,
            kind=RemedyKind.objects.get(code="apology"),
            description="Written apology from the repairs manager",
            due_on=datetime.date(2026, 3, 10),
        )
        alerts_sweep(today=datetime.date(2026, 3, 5))
        assert alerts(kind=Kind.REMEDY_DUE) == []
        for day in (6, 10, 11):
            alerts_sweep(today=datetime.date(2026, 3, day))

        assert [(a.timing, a.subject_id) for a in alerts(kind=Kind.REMEDY_DUE)] == [
            (Timing.BEFORE, remedy.pk),
            (Timing.OVERDUE, remedy.pk),
            (Timing.TODAY, remedy.pk),
        ]

    def test_an_adjustment_review_reaches_a_case_worker_and_its_email_names_nothing(
        self, officer, resident, frozen_today
    ):
        record.adjustment_agree(
            actor=officer,
            resident=resident,
            adjustment="Large print letters because of sight loss",
            agreed_on=datetime.date(2026, 3, 2),
            review_due=datetime.date(2026, 3, 16),
        )
        alerts_sweep(today=datetime.date(2026, 3, 6))
        assert alerts(kind=Kind.ADJUSTMENT_REVIEW) == []
        alerts_sweep(today=datetime.date(2026, 3, 9))
        (alert,) = alerts(kind=Kind.ADJUSTMENT_REVIEW)

        assert alert.recipient == officer
        assert resident.name in alert.title
        assert alert_deliver(alert_id=alert.pk) == "sent"
        (email,) = mail.outbox
        text = f"{email.subject}\n{email.body}".lower()
        for private in ("sight", "large print", "adjustment", resident.name.lower()):
            assert private not in text

    def test_the_daily_digest_lists_each_handlers_cases_due_today_and_overdue_once(self, log_complaint, officer):
        other = UserFactory(role="Complaints officers", username="oscar")
        due_today = log_complaint(received_on=datetime.date(2026, 2, 23))
        overdue = log_complaint(received_on=datetime.date(2026, 2, 16))
        later = log_complaint(received_on=datetime.date(2026, 2, 27))
        for complaint in (due_today, overdue, later):
            workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
        not_yet_due = log_complaint(received_on=datetime.date(2026, 2, 27))
        workflow.complaint_define(actor=other, complaint=not_yet_due, points=POINTS)

        assert digests_create(today=datetime.date(2026, 3, 2)) == 1
        assert digests_create(today=datetime.date(2026, 3, 2)) == 0

        (digest,) = alerts(kind=Kind.DAILY_DIGEST)
        assert digest.recipient == officer
        assert due_today.reference in digest.email_body and "acknowledgement due today" in digest.email_body
        assert overdue.reference in digest.email_body and "overdue since 23 February 2026" in digest.email_body
        assert later.reference not in digest.email_body
        assert other not in [a.recipient for a in alerts()]


class TestEmail:
    def test_a_kind_turned_off_for_email_still_appears_in_the_app(self, log_complaint, officer):
        AlertSettings.objects.create(user=officer, no_email_for=[Kind.ACKNOWLEDGEMENT_DUE])
        complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
        workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)

        result = alerts_sweep(today=datetime.date(2026, 3, 2))

        (alert,) = alerts()
        assert alert.send_email is False
        assert result.to_deliver == []

    def test_delivery_sends_once_and_a_second_delivery_does_nothing(self, log_complaint, officer):
        complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
        workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
        (alert_id,) = alerts_sweep(today=datetime.date(2026, 3, 2)).to_deliver

        assert alert_deliver(alert_id=alert_id) == "sent"
        assert alert_deliver(alert_id=alert_id) == "not pending"

        (email,) = mail.outbox
        assert email.to == [officer.email]
        assert email.subject == f"{complaint.reference} stage 1: acknowledgement due today"
        assert "/alerts/" in email.body

    def test_a_mail_server_failure_is_recorded_and_retried_after_a_backoff(
        self, log_complaint, officer, settings, frozen_today
    ):
        complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
        workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
        (alert_id,) = alerts_sweep(today=datetime.date(2026, 3, 2)).to_deliver
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
            }
        }

        assert alert_deliver(alert_id=alert_id) == "failed"
        alert = Alert.objects.get(pk=alert_id)
        assert alert.email_attempts == 1 and alert.email_error
        assert alert.next_attempt_at > alert.created_at
        assert alerts_sweep(today=datetime.date(2026, 3, 2)).to_deliver == []

        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        frozen_today.shift(datetime.timedelta(minutes=2))
        assert alerts_sweep(today=datetime.date(2026, 3, 2)).to_deliver == [alert_id]
        assert alert_deliver(alert_id=alert_id) == "sent"
        assert len(mail.outbox) == 1


def test_the_sweep_issues_the_same_number_of_queries_for_5_cases_as_for_40(log_complaint, officer, resident):
    def sweep_queries(more: int) -> int:
        for _ in range(more):
            complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
            workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
            record.remedy_add(
                actor=officer,
                complaint=complaint,
                kind=RemedyKind.objects.get(code="apology"),
                description="Apology",
                due_on=datetime.date(2026, 3, 3),
            )
        with CaptureQueriesContext(connection) as queries:
            result = alerts_sweep(today=datetime.date(2026, 3, 2))
        # An acknowledgement and a remedy alert for every case so far.
        assert result.created == 2 * Complaint.objects.count()
        Alert.objects.all().delete()
        return len(queries)

    assert sweep_queries(5) == sweep_queries(35)


@pytest.mark.usefixtures("committed_reference_data")
def test_two_sweeps_at_once_write_each_alert_once(log_complaint, officer):
    UserFactory(role="Complaints officers", username="oscar")
    for _ in range(5):
        log_complaint(received_on=datetime.date(2026, 2, 24))
    barrier = threading.Barrier(2)
    errors = []
    created = []

    def sweep():
        try:
            barrier.wait()
            created.append(alerts_sweep(today=datetime.date(2026, 3, 2)).created)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # Five unassigned complaints, acknowledgement due tomorrow, two officers: ten alerts, no more.
    assert Alert.objects.count() == 10
    assert Alert.objects.values("kind", "subject_id", "recipient").distinct().count() == 10
    # Each sweep counts only what it wrote (the count goes to the task's log): between them, the ten.
    assert sum(created) == 10
    assert alerts_sweep(today=datetime.date(2026, 3, 2)).created == 0


def test_the_daily_digest_does_not_go_out_on_a_bank_holiday(log_complaint, officer, frozen_today):
    from alerts.tasks import daily_digest

    complaint = log_complaint(received_on=datetime.date(2026, 2, 23))
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
    frozen_today.move_to(datetime.datetime(2026, 5, 25, 7, tzinfo=datetime.UTC))  # spring bank holiday, 08:00 BST

    assert daily_digest() == 0
    assert not Alert.objects.exists()
