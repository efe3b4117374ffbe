"""The issue's mailbox (issue 13): 200 messages, 10 of them duplicates, 5 quoting no reference and from nobody we
know, and one whose attachment fails the upload checks; the rest quote a reference in the subject or the text, or
come from the resident of exactly one open complaint."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from complaints.models import Channel, Complaint
from complaints.services import workflow
from tests.emails import PNG, PROGRAM_AS_PDF, eml
from tests.factories import ResidentFactory

UNIQUE = 190
DUPLICATES = 10
UNMATCHED = 5
BAD_ATTACHMENT = "Photos of the damp, and the invoice"


@dataclass
class Scenario:
    messages: list[bytes] = field(default_factory=list)
    # Message-ID -> the reference of the complaint it belongs to ("" for the ones no case claims).
    expected: dict[str, str] = field(default_factory=dict)

    @property
    def to_record(self) -> int:
        return UNIQUE - UNMATCHED


def complaints_for_scenario(*, actor, received_on: datetime.date, count: int = 20) -> list[Complaint]:
    phone = Channel.objects.get(code="phone")
    return [
        workflow.complaint_log(
            actor=actor,
            resident=ResidentFactory(name=f"Resident {number}", email=f"resident{number}@resident.example"),
            received_on=received_on,
            channel=phone,
            summary="The repair to my boiler was booked three times and nobody came.",
            nation="england",
        )
        for number in range(count)
    ]


def build(complaints: list[Complaint], *, sent_at: datetime.datetime) -> Scenario:
    scenario = Scenario()
    unique = []
    for number in range(UNIQUE):
        complaint = complaints[number % len(complaints)]
        message_id = f"<scenario-{number}@mail.example>"
        resident = complaint.resident
        if number < UNMATCHED:
            message = eml(
                subject="A question",
                body="Can someone call me about my rent?",
                sender=f"stranger{number}@elsewhere.example",
                message_id=message_id,
                sent_at=sent_at,
            )
            scenario.expected[message_id] = ""
        elif number == UNMATCHED:
            message = eml(
                subject=f"{BAD_ATTACHMENT} ({complaint.reference})",
                body="Attached.",
                sender=resident.email,
                message_id=message_id,
                sent_at=sent_at,
                attachments=[("damp.png", PNG, "image/png"), ("invoice.pdf", PROGRAM_AS_PDF, "application/pdf")],
            )
            scenario.expected[message_id] = complaint.reference
        else:
            way = number % 3
            message = eml(
                subject=f"Re: your ref {complaint.reference}" if way == 0 else "Still waiting",
                body=f"About complaint {complaint.reference.lower()}: nothing yet." if way == 1 else "Nothing yet.",
                # The sender rule only: the resident of exactly one open complaint.
                sender=resident.email if way == 2 else f"helper{number}@elsewhere.example",
                message_id=message_id,
                sent_at=sent_at,
            )
            scenario.expected[message_id] = complaint.reference
        unique.append(message)
    # Ten of them arrive twice (a mail system retrying, someone forwarding the same message again).
    scenario.messages = unique[:100] + unique[100 : 100 + DUPLICATES] + unique[100:]
    assert len(scenario.messages) == UNIQUE + DUPLICATES
    return scenario
