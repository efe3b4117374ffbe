from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Category, Channel, Complaint, RefusalReason, Resident
from complaints.services import record, workflow
from learning.models import Theme
from learning.services import learning_point_record
from ombudsman import services as ombudsman
from privacy import services
from surveys.models import Survey
from tests.factories import HomeFactory, ResidentFactory

D = datetime.date

# Distinctive values that must not survive anywhere once the resident is anonymised.
NAME = "Zebedee Quillfeather"
SURNAME = "Quillfeather"
EMAIL = "zebedee.q@resident.example"
PHONE = "07700 900777"
ADDRESS_LINE = "17 Larkspur Mews"
POSTCODE = "LS6 2QX"
REPRESENTATIVE = "Ada Brightwater"
SECRETS = [SURNAME, EMAIL, PHONE, ADDRESS_LINE, POSTCODE, REPRESENTATIVE, "ada.b@example.org", "TEN-QF-1"]
# The documents the resident sent: the name is written inside the file.
UPLOAD_BYTES = b"\xff\xd8\xff\xe0 photo of the damp wall sent by Zebedee Quillfeather"


@dataclass
class Record:
    resident: Resident
    closed: Complaint
    refused: Complaint


def build_record(officer, manager, *, resident: Resident | None = None) -> Record:
    """A resident with everything the system can hold about them, written with their name in every free text
    field, as case workers do. Two complaints end in February 2026: one answered and closed, one refused."""
    resident = resident or ResidentFactory(
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        tenancy_reference="TEN-QF-1",
        home=HomeFactory(address=f"{ADDRESS_LINE}\nHeadingley\nLeeds", postcode=POSTCODE),
    )
    phone = Channel.objects.get(code="phone")
    email = Channel.objects.get(code="email")
    representative = record.representative_add(
        actor=officer,
        resident=resident,
        name=REPRESENTATIVE,
        relationship=f"Neighbour of {NAME}",
        authority="verbal_consent",
        authority_given_on=D(2026, 1, 5),
        authority_evidence=f"{NAME} said on the phone that Ada may speak for them",
        email="ada.b@example.org",
        phone="07700 900888",
    )
    record.disclosure_record(
        actor=officer,
        resident=resident,
        kind="disability",
        description=f"{NAME} has a hearing impairment",
        disclosed_on=D(2026, 1, 5),
    )
    record.adjustment_agree(
        actor=officer,
        resident=resident,
        adjustment=f"Write to {NAME} rather than phone",
        agreed_on=D(2026, 1, 5),
        review_due=D(2026, 3, 3),
    )
    record.restriction_impose(
        actor=officer,
        resident=resident,
        reason=f"{NAME} shouted at a receptionist",
        evidence=f"Incident log about {SURNAME}",
        scope="Email only",
        equality_considerations=f"{SURNAME}'s hearing impairment considered",
        starts_on=D(2026, 1, 6),
        review_due=D(2026, 4, 6),
    )
    repair = record.service_request_log(
        actor=officer,
        resident=resident,
        channel=phone,
        description=f"{NAME} reports a leaking boiler",
        reported_on=D(2026, 1, 6),
        home=resident.home,
    )
    record.service_request_complete(actor=officer, service_request=repair, completed_on=D(2026, 1, 20))

    closed = workflow.complaint_log(
        actor=officer,
        resident=resident,
        received_on=D(2026, 1, 12),
        channel=phone,
        summary=f"{NAME} complains that the boiler repair was missed three times",
        nation="england",
        representative=representative,
        categories=[Category.objects.first()],
    )
    # A first definition, later revised: the superseded points stay on record, with their words.
    workflow.complaint_define(
        actor=officer,
        complaint=closed,
        points=[workflow.PointInput(point=f"{SURNAME} first said the boiler", outcome_sought="A new boiler")],
    )
    workflow.complaint_acknowledge(
        actor=officer,
        complaint=closed,
        acknowledged_on=D(2026, 1, 14),
        points=[
            workflow.PointInput(
                point=f"Missed appointments at {ADDRESS_LINE}",
                outcome_sought=f"{SURNAME} wants an apology",
                responsibility_note=f"The contractor told {SURNAME} the part was ordered",
            )
        ],
    )
    correspondence = record.correspondence_record(
        actor=officer,
        complaint=closed,
        direction="in",
        party="resident",
        channel=email,
        occurred_on=D(2026, 1, 15),
        subject=f"Email from {NAME}",
        body=f"Dear officer, this is {NAME} of {ADDRESS_LINE}, phone {PHONE}.",
    )
    record.document_add(
        actor=officer,
        complaint=closed,
        title=f"Photo from {SURNAME}",
        upload=SimpleUploadedFile("wall.jpg", UPLOAD_BYTES, content_type="image/jpeg"),
        correspondence=correspondence,
    )
    workflow.extension_grant(
        actor=officer,
        complaint=closed,
        working_days=5,
        reason=f"Waiting for {SURNAME}'s contractor report",
        resident_informed_on=D(2026, 1, 20),
        ombudsman_details_given=True,
        update_interval_working_days=5,
    )
    workflow.complaint_respond(
        actor=officer,
        complaint=closed,
        responded_on=D(2026, 2, 4),
        decision="upheld",
        reasons=f"We let {NAME} down",
        point_decisions=[workflow.PointDecisionInput(1, "upheld", f"{SURNAME} was right")],
        remedies=[
            workflow.RemedyInput(
                kind="financial",
                description=f"Compensation paid to {NAME}",
                due_on=D(2026, 2, 18),
                amount=Decimal("150.00"),
                completed_on=D(2026, 2, 10),
            )
        ],
        outstanding_actions=[workflow.ActionInput(description=f"Service {SURNAME}'s boiler", due_on=D(2026, 2, 20))],
    )
    referral = ombudsman.referral_record(
        actor=officer, complaint=closed, referred_on=D(2026, 2, 9), ombudsman_reference="HOS-1"
    )
    workflow.complaint_close(actor=officer, complaint=closed, closed_on=D(2026, 2, 11))
    finding = ombudsman.finding_record(
        actor=officer,
        referral=referral,
        element=f"Repairs at {SURNAME}'s home",
        determination="maladministration",
        determined_on=D(2026, 2, 20),
    )
    order = ombudsman.order_record(
        actor=officer,
        referral=referral,
        kind="order",
        description=f"Apologise to {NAME} in writing",
        made_on=D(2026, 2, 20),
        due_on=D(2026, 3, 20),
        finding=finding,
    )
    ombudsman.order_comply(
        actor=officer, order=order, complied_on=D(2026, 2, 25), evidence=f"Letter of apology to {NAME}"
    )
    learning_point_record(
        actor=officer,
        complaint=closed,
        theme=Theme.objects.get(code="contractors"),
        learning=f"Contractors must confirm appointments, as {SURNAME}'s case showed",
    )
    Survey.objects.create(
        complaint=closed,
        stage=1,
        token_hash="0" * 64,
        sent_on=D(2026, 2, 12),
        sent_by=officer,
        answered_at=datetime.datetime(2026, 2, 13, 9, tzinfo=datetime.UTC),
        handling=2,
        outcome=3,
        comments=f"{NAME} here: it took too long",
    )

    refused = workflow.complaint_log(
        actor=officer,
        resident=resident,
        received_on=D(2026, 2, 16),
        channel=email,
        summary=f"{NAME} complains about a county court claim",
        nation="england",
    )
    workflow.complaint_refuse(
        actor=officer,
        complaint=refused,
        reason=RefusalReason.objects.get(code="legal_proceedings"),
        explanation=f"{NAME} has filed a claim at court",
        evidence=f"Claim form naming {SURNAME}",
        decided_on=D(2026, 2, 18),
    )

    hold = services.legal_hold_place(actor=manager, resident=resident, reason=f"Claim by {NAME}")
    services.legal_hold_release(actor=manager, hold=hold, reason=f"{SURNAME}'s claim settled")
    return Record(resident=resident, closed=closed, refused=refused)


@pytest.fixture
def full_record(officer, manager) -> Record:
    return build_record(officer, manager)
