"""Everything sent to a resident or their representative: the Code's letters, the receipt for a complaint, the
satisfaction survey, the code that opens their complaint online. One row per message, written in the same
transaction as the action that issues it, and drained by delivery (core.delivery): by email, or in the day's post
batch that staff print and post."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from complaints.models.cases import Complaint, Correspondence, Document


class OutgoingMessage(models.Model):
    class Kind(models.TextChoices):
        LETTER = "letter", "Letter"
        RECEIPT = "receipt", "Receipt for a complaint"
        SURVEY = "survey", "Satisfaction survey"
        CODE = "code", "Code to see the complaint online"

    class Route(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="outgoing_messages")
    # The record of what was sent (Code 5.12); its text is the email's body, its document the PDF attached.
    correspondence = models.OneToOneField(
        Correspondence, on_delete=models.PROTECT, null=True, blank=True, related_name="delivery"
    )
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    route = models.CharField(max_length=10, choices=Route)
    # Who it is addressed to, and where, as they were when it was issued: the representative when one acts.
    addressee = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # A one-time link in the body, kept only until the email is sent: the stored body then no longer holds it.
    secret = models.CharField(max_length=500, blank=True)
    message_id = models.CharField(max_length=250, unique=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The day email failed for the last time: the message then moves to the post batch when there is an
    # address to post it to, and the handler is alerted either way.
    given_up_on = models.DateField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["queued_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outgoing_email_pending",
                condition=models.Q(route="email", sent_at__isnull=True, given_up_on__isnull=True),
            ),
            models.Index(
                fields=["queued_at"],
                name="outgoing_post_pending",
                condition=models.Q(route="post", posted_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(route="email", email=""), name="outgoing_email_has_address"),
            models.CheckConstraint(
                condition=~models.Q(route="post", postal_address=""), name="outgoing_post_has_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.addressee}: {self.subject}"

    @property
    def state(self) -> str:
        """Where the message is, in words for the case page: never "sent" before it was."""
        if self.route == self.Route.POST:
            return "Posted" if self.posted_at else "Waiting to be posted"
        if self.sent_at:
            return "Sent"
        if self.given_up_on:
            return "Not delivered"
        return "Failed, trying again" if self.error else "Queued"
