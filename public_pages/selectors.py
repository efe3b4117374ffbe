"""What "Check my complaint" may tell someone who knows a reference and the email address or postcode that
goes with it: where the complaint is, and the letters sent. Nothing else about the resident. The letters
themselves, and asking for stage 2 or sending more, wait until they have shown they can read the email on file
(public_pages.services: a one-time code, or the link in a letter's email)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from complaints.models import Complaint, Correspondence, Letter, RegimeStage
from complaints.postcodes import postcode_normalise
from complaints.selectors import complaint_letters
from complaints.services import workflow

Party = Correspondence.Party


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


@dataclass(frozen=True)
class Checked:
    """A complaint whose reference was given with an email address or postcode that goes with it, and whose
    email address it was: the resident's, the representative's, or neither (the postcode)."""

    complaint: Complaint
    email_of: str


def emails_on_file(complaint: Complaint) -> dict[str, str]:
    """The addresses that may open the complaint, by whose they are: the resident's, and the representative's
    while they act for the resident (Code 3.6); one whose authority has ended is no longer on file for it."""
    emails = {Party.RESIDENT: complaint.resident.email}
    representative = complaint.representative
    if representative is not None and representative.authority_ended_on is None:
        emails[Party.REPRESENTATIVE] = representative.email
    return {party: email for party, email in emails.items() if email}


def complaint_checked(*, reference: str, email_or_postcode: str) -> Checked | None:
    """None for an unknown reference and for a known one with the wrong email or postcode alike, so the answer
    never confirms that a reference exists."""
    given = email_or_postcode.strip()
    if not given or not reference.strip():
        return None
    complaint = (
        Complaint.objects.select_related("resident", "home", "current_stage", "representative", "regime")
        .filter(reference__iexact=reference.strip())
        .first()
    )
    if complaint is None:
        return None
    for party, email in emails_on_file(complaint).items():
        if given.lower() == email.lower():
            return Checked(complaint=complaint, email_of=party)
    postcode = postcode_normalise(complaint.home.postcode) if complaint.home else ""
    if postcode and postcode_normalise(given) == postcode:
        return Checked(complaint=complaint, email_of="")
    return None


def complaint_progress(complaint: Complaint) -> Progress:
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


def complaint_for_resident(complaint_id: int) -> Complaint:
    return Complaint.objects.select_related("resident", "home", "current_stage", "representative", "regime").get(
        pk=complaint_id
    )


def resident_letters(complaint: Complaint) -> QuerySet[Letter]:
    """The letters issued to the resident (or their representative), each with its PDF, oldest first."""
    return complaint_letters(complaint)


@dataclass(frozen=True)
class Stage2Choice:
    """Whether the resident can ask for stage 2 now, and if not, why, in words for them."""

    regime_stage: RegimeStage
    can_ask: bool
    why_not: str


def stage_2_choice(complaint: Complaint) -> Stage2Choice:
    """Code 6.10-6.12: once the stage 1 response has been issued the resident may ask for stage 2, and need give
    no reason. The rule is the workflow's (`why_not_now`); this only says it to the resident."""
    regime_stage = complaint.regime.stage(2)
    if workflow.why_not_now(complaint, "escalate") is None:
        return Stage2Choice(regime_stage, True, "")
    stage = complaint.current_stage
    assert stage is not None
    if complaint.stage == 2:
        why_not = (
            "You have already asked us to look at your complaint again. Our response at this stage is our final "
            f"response. After it you can ask {complaint.regime.ombudsman_name} to look at your complaint."
        )
    elif complaint.status in {Complaint.Status.REFUSED, Complaint.Status.WITHDRAWN}:
        why_not = "This complaint is no longer open. Contact us if you want to talk about it."
    else:
        why_not = "You can ask us to look at your complaint again once we have sent you our response."
    return Stage2Choice(regime_stage, False, why_not)
