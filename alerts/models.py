"""Deadline alerts: one row per alert, the outbox the delivery task drains.

A row is written in the same transaction that decides the alert is due, and its unique key (what, which
object, which due date, which recipient) makes deciding twice harmless: re-running the sweep, two sweeps at
once and a retried task all find the row already there. Delivery claims the row before sending and marks it
sent afterwards, so nothing that happens to the broker can lose or repeat an alert."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


class Kind(models.TextChoices):
    ACKNOWLEDGEMENT_DUE = "acknowledgement_due", "Acknowledgement due"
    RESPONSE_DUE = "response_due", "Response due"
    REVIEWER_NEEDED = "reviewer_needed", "Stage 2 has no reviewer"
    EXTENSION_CAP = "extension_cap", "Extension cap reached"
    UPDATE_DUE = "update_due", "Update to the resident due"
    ACTION_DUE = "action_due", "Outstanding action due"
    REMEDY_DUE = "remedy_due", "Remedy due"
    ADJUSTMENT_REVIEW = "adjustment_review", "Reasonable adjustment due for review"
    RESTRICTION_REVIEW = "restriction_review", "Contact restriction due for review"
    OMBUDSMAN_ORDER_DUE = "ombudsman_order_due", "Ombudsman order or recommendation due"
    HANDLING_FAILURE_ORDER_DUE = "handling_failure_order_due", "Complaint Handling Failure Order due"
    MESSAGE_UNDELIVERED = "message_undelivered", "Letter or email to the resident not delivered"
    EMAIL_RECEIVED = "email_received", "Email received on a case"
    INFORMATION_RECEIVED = "information_received", "Information sent online"
    ASSIGNED = "assigned", "A complaint assigned to you"
    DAILY_DIGEST = "daily_digest", "Daily digest"


class Timing(models.TextChoices):
    BEFORE = "before", "Due soon"
    TODAY = "today", "Due today"
    OVERDUE = "overdue", "Overdue"
    NOW = "now", "Needs attention"


class AlertThreshold(models.Model):
    """When each kind of alert goes out, in working days. An administrator changes these in the admin."""

    kind = models.CharField(max_length=30, choices=Kind, unique=True)
    working_days_before = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Alert this many working days before the due date. Empty: no early alert."
    )
    on_the_day = models.BooleanField(default=True, help_text="Alert on the due date.")
    when_overdue = models.BooleanField(default=True, help_text="Alert once the due date has passed.")
    overdue_to_manager = models.BooleanField(
        default=False, help_text="Also tell the handler's line manager when it is overdue."
    )
    working_days_after = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For 'Stage 2 has no reviewer': alert this many working days after escalation.",
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class AlertSettings(models.Model):
    """A member of staff's alert settings: which kinds they do not want by email, and the line manager who
    is told when one of their responses is overdue."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings")
    no_email_for = ArrayField(models.CharField(max_length=30, choices=Kind), blank=True, default=list)
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "alert settings"

    def __str__(self) -> str:
        return f"Alert settings for {self.user}"


class Alert(models.Model):
    kind = models.CharField(max_length=30, choices=Kind)
    timing = models.CharField(max_length=10, choices=Timing)
    # The stage, remedy, action, adjustment or restriction the alert is about (the recipient, for a digest; the
    # correspondence, for an email received).
    subject_id = models.BigIntegerField()
    due_on = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    # Not indexed: nothing looks alerts up by complaint, and complaints are never deleted (a CASCADE would scan),
    # while a first sweep would keep the index up to date for tens of thousands of rows at once.
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, null=True, blank=True, related_name="alerts", db_index=False
    )
    # Shown in the app to the recipient, who is allowed to see what it names.
    title = models.CharField(max_length=200)
    # The email: never holds special-category data, nor a resident's name.
    email_subject = models.CharField(max_length=200)
    email_body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    send_email = models.BooleanField()
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A delivery in progress holds the row until then; after it, a crashed delivery's row is free again.
    claimed_until = models.DateTimeField(null=True, blank=True)

    read_at = models.DateTimeField(null=True, blank=True)
    # Set when what the alert was about stopped being due at that date before the email went.
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "timing", "subject_id", "due_on", "recipient"], name="one_alert_per_event"
            )
        ]
        indexes = [
            # The delivery queue: emails still to send.
            models.Index(
                fields=["next_attempt_at"],
                name="alert_email_pending",
                condition=models.Q(send_email=True, email_sent_at__isnull=True, cancelled_at__isnull=True),
            ),
            models.Index(
                fields=["recipient", "-created_at"],
                name="alert_unread",
                condition=models.Q(read_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def email_pending(self) -> bool:
        return self.send_email and self.email_sent_at is None and self.cancelled_at is None
