"""Demo emails in the complaints mailbox: replies quoting their case's reference, recorded there, and a few that
name no case, waiting in "New emails". Made through the same service the mailbox is read with."""

from __future__ import annotations

import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

from complaints.models import Complaint
from complaints.selectors import OPEN
from inbound.models import InboundEmail
from inbound.services import email_receive, mailbox_account

REPLIES = [
    "Thank you for your letter. The contractor still has not been in touch about the repair.",
    "I have attached nothing new, but I wanted to say the damp has spread to the second bedroom.",
    "Can you tell me when I will hear back? It has been a while.",
]
# Subject, text, sender: none quotes a reference, and no resident on file has these addresses.
UNMATCHED = [
    (
        "Leaking gutter at the back",
        "Hello, the gutter at the back of the block is leaking onto the path.",
        "Sam Lane <sam.lane@example.net>",
    ),
    (
        "Complaint about the caretaker",
        "The caretaker was rude to my mother this morning. I want to complain.",
        "Jo Reid <jo.reid@example.net>",
    ),
    ("Newsletter", "Our community newsletter for this month is below.", "Residents' association <news@example.net>"),
]


def load(*, today: datetime.date) -> None:
    if InboundEmail.objects.exists():
        return
    actor = mailbox_account()
    now = timezone.now()
    cases = list(
        Complaint.objects.filter(status__in=OPEN, received_on__lt=today, resident__email__gt="")
        .select_related("resident")
        .order_by("-received_on", "pk")[: len(REPLIES)]
    )
    for hours, (complaint, text) in enumerate(zip(cases, REPLIES, strict=False), start=1):
        email_receive(
            actor=actor,
            raw=_message(
                f"Re: your complaint {complaint.reference}",
                text,
                f"{complaint.resident.name} <{complaint.resident.email}>",
                now - datetime.timedelta(hours=hours),
            ),
        )
    for hours, (subject, text, sender) in enumerate(UNMATCHED, start=1):
        email_receive(actor=actor, raw=_message(subject, text, sender, now - datetime.timedelta(hours=hours)))


def _message(subject: str, text: str, sender: str, sent_at: datetime.datetime) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "complaints@landlord.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = make_msgid(domain="demo.example")
    message.set_content(text)
    return message.as_bytes()
