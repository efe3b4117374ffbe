"""What the inbound mailbox holds about a resident (see privacy.registry): the emails they sent, recorded on their
case. The email's text is also kept as the case's correspondence, which privacy declares for the case domain."""

from __future__ import annotations

from django.db import models

from inbound.models import InboundEmail
from privacy.anonymise import REMOVED
from privacy.registry import Anonymising, PersonalData, Then, declare


def _raw_remove(rows: models.QuerySet, anonymising: Anonymising) -> None:
    rows.update(raw=b"")


declare(
    PersonalData(
        InboundEmail,
        via="complaint",
        export="emails_received",
        order=57,
        shows=("sent_at", "sender", "sender_name", "subject", "body"),
        remove={
            "sender": "",
            "sender_name": "",
            "subject": REMOVED,
            "body": REMOVED,
            "not_a_complaint_reason": REMOVED,
        },
        then=Then(("raw",), _raw_remove),
    ),
)
