"""The Ombudsman's orders and Complaint Handling Failure Orders feed the alert sweep (Code 9.7 c)."""

from __future__ import annotations

import datetime

from alerts.models import Alert, Kind, Timing
from alerts.services import alert_deliver, alerts_sweep
from ombudsman import services
from tests.oversight import referred_complaint

D = datetime.date


def an_order(officer, log_complaint, due_on, owner=None):
    _, referral = referred_complaint(log_complaint, officer)
    return services.order_record(
        actor=officer,
        referral=referral,
        kind="order",
        description="Pay £300 compensation",
        made_on=D(2026, 2, 25),
        due_on=due_on,
        owner=owner,
    )


def order_alerts():
    return list(Alert.objects.filter(kind=Kind.OMBUDSMAN_ORDER_DUE).order_by("timing", "recipient__username"))


def test_a_due_order_alerts_its_owner_once_however_often_the_sweep_runs(officer, manager, log_complaint):
    order = an_order(officer, log_complaint, due_on=D(2026, 3, 2), owner=officer)

    for _ in range(3):
        alerts_sweep(today=D(2026, 3, 2))

    (alert,) = order_alerts()
    assert (alert.recipient, alert.timing, alert.subject_id, alert.due_on) == (
        officer,
        Timing.TODAY,
        order.pk,
        order.due_on,
    )
    assert alert.title == f"{order.referral.complaint.reference}: Ombudsman order due today"
    assert alert.complaint_id == order.referral.complaint_id


def test_an_order_with_no_owner_goes_to_the_senior_managers_and_overdue_ones_to_them_too(
    officer, manager, log_complaint
):
    unowned = an_order(officer, log_complaint, due_on=D(2026, 3, 4))
    alerts_sweep(today=D(2026, 3, 2))
    assert [(a.recipient, a.timing) for a in order_alerts()] == [(manager, Timing.BEFORE)]

    Alert.objects.all().delete()
    owned = services.order_record(
        actor=officer,
        referral=unowned.referral,
        kind="recommendation",
        description="Review the repairs policy",
        made_on=D(2026, 2, 25),
        due_on=D(2026, 2, 27),
        owner=officer,
    )
    alerts_sweep(today=D(2026, 3, 2))
    overdue = [(a.recipient, a.timing) for a in order_alerts() if a.subject_id == owned.pk]
    assert overdue == [(officer, Timing.OVERDUE), (manager, Timing.OVERDUE)]


def test_a_complied_order_does_not_alert_and_its_pending_email_is_cancelled(officer, log_complaint):
    complied = an_order(officer, log_complaint, due_on=D(2026, 3, 2), owner=officer)
    services.order_comply(actor=officer, order=complied, complied_on=D(2026, 2, 27), evidence="Paid on 27 February")
    alerts_sweep(today=D(2026, 3, 2))
    assert order_alerts() == []

    pending_order = services.order_record(
        actor=officer,
        referral=complied.referral,
        kind="order",
        description="Apologise in writing",
        made_on=D(2026, 2, 25),
        due_on=D(2026, 3, 3),
        owner=officer,
    )
    alerts_sweep(today=D(2026, 3, 2))
    (pending,) = order_alerts()
    services.order_comply(actor=officer, order=pending_order, complied_on=D(2026, 3, 2), evidence="Letter sent")
    alerts_sweep(today=D(2026, 3, 2))

    assert alert_deliver(alert_id=pending.pk) == "not pending"
    pending.refresh_from_db()
    assert pending.cancelled_at is not None and pending.email_sent_at is None
    alerts_sweep(today=D(2026, 3, 4))
    assert len(order_alerts()) == 1


def test_a_chfo_about_no_single_complaint_alerts_the_senior_managers(officer, manager, db):
    chfo = services.handling_failure_order_record(
        actor=officer, issued_on=D(2026, 2, 2), failure="File not sent", order="Send it", due_on=D(2026, 2, 27)
    )
    alerts_sweep(today=D(2026, 3, 2))
    (alert,) = Alert.objects.filter(kind=Kind.HANDLING_FAILURE_ORDER_DUE)
    assert (alert.recipient, alert.timing, alert.subject_id, alert.complaint_id) == (
        manager,
        Timing.OVERDUE,
        chfo.pk,
        None,
    )
    assert alert.email_subject == "No single complaint: Complaint Handling Failure Order overdue since 27 February 2026"
