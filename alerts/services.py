"""Deciding which alerts are due, and delivering them exactly once.

The sweep reads everything from the database: what is due is worked out from the stored due dates each time,
and what has been alerted is the Alert table. Nothing lives only in the broker, so flushing or restarting Redis
loses nothing: the next sweep finds every email still to send and queues it again."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, AlertSettings, AlertThreshold, Kind, Timing
from alerts.watches import CURRENT_STAGE, WATCHES, Routing, Watch, stage_handler, watch_of, when
from complaints.calendar import SUBDIVISIONS, WorkingDayCalendar, calendars_for
from complaints.data_protection import special_category_views_record
from complaints.models import CaseEvent, Complaint, ContactRestriction, ReasonableAdjustment, Stage
from complaints.services.base import current_stage
from core import roles
from core.delivery import DELIVERY_ERRORS, Outbox
from core.errors import WorkflowError
from core.services import format_date

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# A resident with no home recorded has no nation of their own: their review dates count England's working days.
DEFAULT_NATION = "england"


@dataclass(frozen=True)
class SweepResult:
    created: int
    cancelled: int
    to_deliver: list[int]


def alerts_sweep(*, today: datetime.date) -> SweepResult:
    """Write every alert that is due today and not yet written, cancel the emails whose subject is no longer due
    on that date, and return the ids of the emails to deliver now.

    One transaction: an alert row exists exactly when the sweep that decided it was due committed. Two sweeps
    at once insert the same unique keys, and the database keeps one of each."""
    with transaction.atomic():
        cancelled = _cancel_stale(now=timezone.now())
        thresholds = {threshold.kind: threshold for threshold in AlertThreshold.objects.all()}
        routing = _routing()
        no_email = _no_email_for()
        calendars = calendars_for(SUBDIVISIONS)
        link = _alerts_link()
        new = _NewAlerts()
        for watch in WATCHES:
            threshold = thresholds.get(watch.kind)
            if threshold is None:
                continue
            for timing in watch.timings:
                window = _window(watch, timing, threshold, today, calendars)
                if window is None:
                    continue
                for row in _rows_due(watch, timing, window):
                    row["overdue_to_manager"] = threshold.overdue_to_manager
                    for recipient in watch.recipients(row, timing, routing):
                        new.add(watch, timing, row, recipient, no_email, link)
        created = new.insert(created_at=timezone.now())
    return SweepResult(created=created, cancelled=cancelled, to_deliver=emails_to_deliver())


class _NewAlerts:
    """The alerts a sweep decided, kept as one list per column rather than as Alert objects: a first sweep writes
    tens of thousands, and building a model object for each, for bulk_create to take apart again into these same
    arrays, cost seconds of processor time a sweep (bench/RESULTS.md)."""

    # Every column a new alert sets; the rest (sent, claimed, read, cancelled) start empty.
    COLUMNS = (
        "kind",
        "timing",
        "subject_id",
        "due_on",
        "recipient_id",
        "complaint_id",
        "title",
        "email_subject",
        "email_body",
        "send_email",
    )

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {column: [] for column in self.COLUMNS}

    def add(
        self, watch: Watch, timing: str, row: dict[str, Any], recipient: int, no_email: dict[int, set[str]], link: str
    ) -> None:
        due = row["due"]
        words = when(timing, due, watch.kind)
        email_subject = f"{watch.email_title(row)} {words}"
        column = self.columns
        column["kind"].append(watch.kind)
        column["timing"].append(timing)
        column["subject_id"].append(row["pk"])
        column["due_on"].append(due)
        column["recipient_id"].append(recipient)
        column["complaint_id"].append(row.get("complaint_id"))
        column["title"].append(f"{watch.title(row)} {words}"[:200])
        column["email_subject"].append(email_subject[:200])
        column["email_body"].append(_email_body(email_subject, link))
        column["send_email"].append(watch.kind not in no_email.get(recipient, set()))

    def insert(self, *, created_at: datetime.datetime) -> int:
        """Insert the alerts not already written and return how many were: one INSERT however many rows, each
        column sent as one array and unnested by PostgreSQL, ON CONFLICT DO NOTHING on the alert's unique key. The
        count is the statement's own, so under concurrent sweeps each counts only the rows it wrote."""
        if not self.columns["kind"]:
            return 0
        fields = {field.column: field for field in Alert._meta.concrete_fields}
        arrays = ", ".join(f"%s::{fields[column].db_type(connection)}[]" for column in self.COLUMNS)
        columns = ", ".join(self.COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Alert._meta.db_table} ({columns}, created_at, email_attempts, email_error) "  # noqa: S608 - our own table and columns
                f"SELECT new.*, %s, 0, '' FROM unnest({arrays}) AS new ON CONFLICT DO NOTHING",
                [created_at, *self.columns.values()],
            )
            return cursor.rowcount


def _window(
    watch: Watch, timing: str, threshold: AlertThreshold, today: datetime.date, calendars: dict[str, WorkingDayCalendar]
) -> Q | None:
    """Which rows fall due for this timing today, as one condition over every nation's working days."""
    due = watch.due_field
    if timing == Timing.BEFORE:
        before = threshold.working_days_before
        if not before:
            return None
        # Alert once the due date is no more than N working days away: a sweep that missed the exact day (the
        # system was down) still alerts, and "2 working days before" a Tuesday after a bank holiday Monday is
        # the Thursday before.
        return _per_nation(
            calendars,
            lambda calendar: Q(**{f"{due}__gt": today, f"{due}__lte": calendar.add_working_days(today, before)}),
        )
    if timing == Timing.TODAY:
        if not threshold.on_the_day:
            return None
        # An update the resident was promised is still owed after its day passes; the rest go on to "overdue".
        return Q(**{f"{due}__lte": today}) if watch.kind == Kind.UPDATE_DUE else Q(**{due: today})
    if timing == Timing.OVERDUE:
        return Q(**{f"{due}__lt": today}) if threshold.when_overdue else None
    after = threshold.working_days_after
    if after:
        return _per_nation(calendars, lambda calendar: Q(**{f"{due}__lt": calendar.nth_working_day_back(today, after)}))
    return watch.now_filter if watch.now_filter else None


def _per_nation(calendars: dict[str, WorkingDayCalendar], condition: Callable[[WorkingDayCalendar], Q]) -> Q:
    window = Q()
    for nation, calendar in calendars.items():
        window |= Q(alert_nation=nation) & condition(calendar)
    return window


def _rows_due(watch: Watch, timing: str, window: Q) -> list[dict[str, Any]]:
    already = Alert.objects.filter(kind=watch.kind, timing=timing, subject_id=OuterRef("pk"), due_on=OuterRef("due"))
    rows = (
        watch.subjects()
        .annotate(
            alert_nation=Coalesce(F(watch.nation_field), Value(DEFAULT_NATION)),
            due=F(watch.due_field),
        )
        .filter(window, due__isnull=False)
        .filter(~Exists(already))
        .values("pk", "due", *watch.values.values())
    )
    return [
        {"pk": row["pk"], "due": row["due"]} | {name: row[path] for name, path in watch.values.items()} for row in rows
    ]


def _alerts_link() -> str:
    """Where an alert's email sends its reader; worked out once a sweep, not once an alert."""
    return f"{settings.SITE_URL}{reverse('alerts:list')}"


def _email_body(headline: str, link: str) -> str:
    return (
        f"{headline}.\n\n"
        f"Sign in to see it: {link}\n\n"
        "You can choose which alerts you get by email in your alert settings."
    )


def _routing() -> Routing:
    return Routing(
        officers=frozenset(roles.role_holders(roles.OFFICER).values_list("pk", flat=True)),
        senior_managers=frozenset(roles.senior_managers().values_list("pk", flat=True)),
        line_managers=dict(
            AlertSettings.objects.filter(line_manager__isnull=False).values_list("user_id", "line_manager_id")
        ),
    )


def _no_email_for() -> dict[int, set[str]]:
    no_email = {pk: set(kinds) for pk, kinds in AlertSettings.objects.values_list("user_id", "no_email_for")}
    for pk in get_user_model().objects.filter(Q(email="") | Q(is_active=False)).values_list("pk", flat=True):
        no_email[pk] = set(Kind.values)
    return no_email


def _cancel_stale(*, now: datetime.datetime) -> int:
    """Cancel the emails not yet sent whose subject is no longer due on the alert's date: an extension moved the
    response date, the complaint was acknowledged, the action was done. The new date gets its own alerts.
    One set-based update per watch, however many emails wait (a mail server down for a day leaves thousands)."""
    pending = Alert.objects.filter(send_email=True, email_sent_at__isnull=True, cancelled_at__isnull=True)
    cancelled = 0
    for watch in WATCHES:
        still_due = watch.subjects().filter(pk=OuterRef("subject_id"), **{watch.due_field: OuterRef("due_on")})
        cancelled += pending.filter(kind=watch.kind).filter(~Exists(still_due)).update(cancelled_at=now)
    return cancelled


def alert_is_current(alert: Alert) -> bool:
    watch = watch_of(alert.kind)
    if watch is None:
        # The digest, and alerts about something that happened rather than a date falling due: once true, true.
        return True
    due = watch.subjects().filter(pk=alert.subject_id).values_list(watch.due_field, flat=True).first()
    return due == alert.due_on


# The alert emails still to send: the outbox core.delivery drains.
ALERT_EMAILS = Outbox(
    model=Alert,
    pending=Q(send_email=True, email_sent_at__isnull=True, cancelled_at__isnull=True),
    sent_at="email_sent_at",
    attempts="email_attempts",
    error="email_error",
)


def emails_to_deliver() -> list[int]:
    return ALERT_EMAILS.due_ids()


def alert_deliver(*, alert_id: int) -> str:
    """Send one alert's email at most once (core.delivery: claim, check it is still due, send, record the
    server's acceptance). Returns what happened, for the task's log."""
    if not ALERT_EMAILS.claim(alert_id, seconds=settings.ALERT_CLAIM_SECONDS):
        return "not pending"
    alert = Alert.objects.select_related("recipient").get(pk=alert_id)
    if not alert_is_current(alert):
        ALERT_EMAILS.release(alert_id, cancelled_at=timezone.now())
        return "cancelled"
    message = EmailMessage(
        subject=alert.email_subject,
        body=alert.email_body,
        to=[alert.recipient.email],
        # The same Message-ID on every attempt, so a repeat is recognisable as one (and countable by the fault suite).
        headers={"Message-ID": f"<alert-{alert.pk}@{settings.MESSAGE_ID_DOMAIN}>"},
    )
    try:
        ALERT_EMAILS.send(alert_id, message)
    except DELIVERY_ERRORS as error:
        attempts = alert.email_attempts + 1
        ALERT_EMAILS.failed(alert_id, attempts=attempts, error=error)
        logger.warning("Alert %s email failed (attempt %s): %s", alert_id, attempts, type(error).__name__)
        return "failed"
    return "sent"


def case_alert_create(
    *, kind: str, subject_id: int, complaint: Complaint, on: datetime.date, headline: str, actor: User
) -> list[int]:
    """An alert about something that happened on a case rather than a date falling due (an email came in): to the
    handler of its current stage, or while it has none whoever could take it, never to the person who did it.
    Written in the caller's transaction, so it exists exactly when what it is about does; the headline names the
    case, never a resident. Returns the ids of the emails to send once that transaction commits."""
    stage = current_stage(complaint)
    recipients = stage_handler({"handler_id": stage.handler_id, "stage": stage.number}, _routing()) - {actor.pk}
    no_email = _no_email_for()
    alerts = Alert.objects.bulk_create(
        Alert(
            kind=kind,
            timing=Timing.NOW,
            subject_id=subject_id,
            due_on=on,
            recipient_id=recipient,
            complaint=complaint,
            title=headline[:200],
            email_subject=headline[:200],
            email_body=_email_body(headline, _alerts_link()),
            send_email=kind not in no_email.get(recipient, set()),
        )
        for recipient in sorted(recipients)
    )
    return [alert.pk for alert in alerts if alert.send_email]


def assignment_alert_create(*, complaint: Complaint, event: CaseEvent, assignee: User, actor: User) -> list[int]:
    """Tell the person just given a complaint's current stage (complaints.services.base.assigned), unless they took it
    themselves. A complaint given to a team alerts nobody: it waits in the team's queue, where any member can take
    it, rather than alerting everyone in the team at once."""
    today = timezone.localdate()
    return case_alert_create(
        kind=Kind.ASSIGNED,
        subject_id=event.pk,
        complaint=complaint,
        on=today,
        headline=f"{complaint.reference} stage {complaint.stage}: assigned to you on {format_date(today)}",
        actor=actor,
    )


def digests_create(*, today: datetime.date) -> int:
    """The 08:00 digest: each handler's cases due today or overdue, one alert per handler per day."""
    due_now = (
        Stage.objects.filter(
            CURRENT_STAGE,
            responded_on__isnull=True,
            handler__isnull=False,
        )
        .filter(
            Q(acknowledged_on__isnull=True, acknowledgement_due__lte=today)
            | Q(acknowledged_on__isnull=False, response_due__lte=today)
            | Q(acknowledgement_due__isnull=True, response_due__lte=today)
        )
        .values(
            "handler_id", "complaint__reference", "number", "acknowledged_on", "acknowledgement_due", "response_due"
        )
        .order_by("handler_id", "acknowledgement_due", "response_due")
    )
    by_handler: dict[int, list[str]] = {}
    for stage in due_now:
        awaiting_acknowledgement = stage["acknowledged_on"] is None and stage["acknowledgement_due"] is not None
        due = stage["acknowledgement_due"] if awaiting_acknowledgement else stage["response_due"]
        step = "acknowledgement" if awaiting_acknowledgement else "response"
        state = "due today" if due == today else f"overdue since {due:%-d %B %Y}"
        by_handler.setdefault(stage["handler_id"], []).append(
            f"- {stage['complaint__reference']} stage {stage['number']}: {step} {state}"
        )
    no_email = _no_email_for()
    already = set(Alert.objects.filter(kind=Kind.DAILY_DIGEST, due_on=today).values_list("recipient_id", flat=True))
    digests = []
    for handler, lines in by_handler.items():
        if handler in already:
            continue
        headline = f"Your complaints due today or overdue: {len(lines)}"
        digests.append(
            Alert(
                kind=Kind.DAILY_DIGEST,
                timing=Timing.NOW,
                subject_id=handler,
                due_on=today,
                recipient_id=handler,
                title=headline,
                email_subject=headline,
                email_body=_email_body(headline + "\n\n" + "\n".join(lines), _alerts_link()),
                send_email=Kind.DAILY_DIGEST not in no_email.get(handler, set()),
            )
        )
    return len(Alert.objects.bulk_create(digests, ignore_conflicts=True))


def review_alerts_viewed_record(*, viewer: User, alerts: Iterable[Alert]) -> int:
    """Alerts about an adjustment or restriction due for review name the resident beside what the record is: a
    list of them shows that those residents have one."""
    adjustments = [a.subject_id for a in alerts if a.kind == Kind.ADJUSTMENT_REVIEW]
    restrictions = [a.subject_id for a in alerts if a.kind == Kind.RESTRICTION_REVIEW]
    if not adjustments and not restrictions:
        return 0
    residents = list(
        ReasonableAdjustment.objects.filter(pk__in=adjustments)
        .values_list("resident_id", flat=True)
        .union(ContactRestriction.objects.filter(pk__in=restrictions).values_list("resident_id", flat=True))
    )
    return special_category_views_record(viewer=viewer, residents=residents, shown_on="Alerts: reviews due")


def alert_mark_read(*, actor: User, alert: Alert) -> Alert:
    if alert.recipient_id != actor.pk:
        raise PermissionDenied("This alert is someone else's.")
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert


def alerts_mark_all_read(*, actor: User) -> int:
    return Alert.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def alert_settings_update(*, actor: User, no_email_for: list[str]) -> AlertSettings:
    unknown = set(no_email_for) - set(Kind.values)
    if unknown:
        raise WorkflowError(f"There is no kind of alert called {', '.join(sorted(unknown))}.", field="no_email_for")
    alert_settings, _ = AlertSettings.objects.get_or_create(user=actor)
    alert_settings.no_email_for = sorted(set(no_email_for))
    alert_settings.save(update_fields=["no_email_for"])
    return alert_settings
