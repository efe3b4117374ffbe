"""Every email that came in, from the complaints mailbox or uploaded to a case: what became of it, and the message
as it arrived. Its Message-ID is unique, so an email read twice (a duplicate in the mailbox, a run killed after
the commit and before the server heard it was read) is recorded once."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TimeStamped


class InboundEmail(TimeStamped):
    class Source(models.TextChoices):
        MAILBOX = "mailbox", "Complaints mailbox"
        UPLOAD = "upload", "Uploaded to a case"

    class Status(models.TextChoices):
        NEW = "new", "New: to be dealt with"
        RECORDED = "recorded", "Recorded on a case"
        LOGGED = "logged", "Logged as a new complaint"
        NOT_A_COMPLAINT = "not_a_complaint", "Not a complaint"

    class Match(models.TextChoices):
        REFERENCE = "reference", "The complaint reference it quotes"
        SENDER = "sender", "The sender's email address"
        STAFF = "staff", "Chosen by a member of staff"

    # The Message-ID, or a digest of the message for one without (core.email_parsing).
    message_id = models.CharField(max_length=1000, unique=True)
    source = models.CharField(max_length=10, choices=Source)
    sender = models.CharField(max_length=320, blank=True)
    sender_name = models.CharField(max_length=200, blank=True)
    # The email's Date header; when it had none, when it was read.
    sent_at = models.DateTimeField()
    subject = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # The message as it arrived (RFC 822, or the Outlook file uploaded), so its attachments can be recorded when a
    # member of staff decides where it belongs. In the database, so it is stored in the same transaction as its row.
    raw = models.BinaryField()
    outlook = models.BooleanField(default=False)

    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    matched_by = models.CharField(max_length=10, choices=Match, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="emails_received"
    )
    correspondence = models.OneToOneField(
        "complaints.Correspondence", on_delete=models.PROTECT, null=True, blank=True, related_name="email_received"
    )
    # Who decided what it was, and when (nobody, when the mailbox matched it to its case).
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    not_a_complaint_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [
            # The "New emails" queue.
            models.Index(fields=["sent_at"], name="inbound_email_new", condition=models.Q(status="new")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="new")
                | models.Q(status="not_a_complaint")
                | models.Q(complaint__isnull=False),
                name="inbound_email_on_a_case_has_its_case",
            ),
        ]

    def __str__(self) -> str:
        # Never the subject or the sender: this is what logs and the admin show.
        return f"Email {self.pk}"
