"""What "Check my complaint" may tell someone who knows a reference and the email address or postcode that
goes with it: where the complaint is, and the letters sent. Nothing else about the resident."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from complaints.models import Complaint
from complaints.postcodes import postcode_normalise
from complaints.selectors import complaint_letters


@dataclass(frozen=True)
class Progress:
    reference: str
    stage: int
    status: str
    status_label: str
    next_step: str
    next_due: datetime.date | None
    letters: list[tuple[datetime.date, str]]


RESIDENT_STATUS: dict[str, tuple[str, str]] = {
    Complaint.Status.AWAITING_ACKNOWLEDGEMENT: ("Received", "We will acknowledge your complaint"),
    Complaint.Status.IN_PROGRESS: ("We are looking into it", "We will send you our response"),
    Complaint.Status.RESPONDED: ("We have responded", ""),
    Complaint.Status.CLOSED: ("Closed", ""),
    Complaint.Status.REFUSED: ("Not accepted", ""),
    Complaint.Status.WITHDRAWN: ("Withdrawn", ""),
}


def complaint_progress(*, reference: str, email_or_postcode: str) -> Progress | None:
    """None for an unknown reference and for a known one with the wrong email or postcode alike, so the answer
    never confirms that a reference exists."""
    given = email_or_postcode.strip()
    if not given or not reference.strip():
        return None
    complaint = (
        Complaint.objects.select_related("resident", "home", "current_stage", "representative")
        .filter(reference__iexact=reference.strip())
        .first()
    )
    if complaint is None:
        return None
    emails = {e.lower() for e in [complaint.resident.email, getattr(complaint.representative, "email", "")] if e}
    postcode = postcode_normalise(complaint.home.postcode) if complaint.home else ""
    if given.lower() not in emails and not (postcode and postcode_normalise(given) == postcode):
        return None
    label, next_step = RESIDENT_STATUS[complaint.status]
    # The letters the Code requires, as issued (complaints.services.letters): their kind and date only.
    letters = [(letter.issued_on, letter.get_kind_display()) for letter in complaint_letters(complaint)]
    stage = complaint.current_stage
    assert stage is not None  # written with the complaint, in complaint_log's transaction
    return Progress(
        reference=complaint.reference,
        stage=complaint.stage,
        status=complaint.status,
        status_label=label,
        next_step=next_step,
        next_due=stage.next_due() if complaint.is_open else None,
        letters=letters,
    )
