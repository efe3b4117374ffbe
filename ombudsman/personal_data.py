"""What the Ombudsman's cases hold about a resident (see privacy.registry). Their findings, orders and Complaint
Handling Failure Orders are kept for what they say about the service (the board and the annual report rely on them,
Code 8.1, 9.7), with the resident's names taken out; the evidence of compliance is about the resident, so it goes."""

from __future__ import annotations

from ombudsman.models import Finding, HandlingFailureOrder, OmbudsmanReferral, Order
from privacy.anonymise import REMOVED
from privacy.registry import PersonalData, declare

declare(
    PersonalData(
        OmbudsmanReferral,
        via="complaint",
        export="ombudsman_referrals",
        order=80,
        shows=("referred_on", "ombudsman_reference", "determination", "determined_on", "orders"),
        redact=("orders",),
    ),
    PersonalData(
        Finding,
        via="referral",
        export="findings",
        order=10,
        shows=("element", "determination", "determined_on"),
        redact=("element",),
    ),
    PersonalData(
        Order,
        via="referral",
        export="orders_and_recommendations",
        order=20,
        shows=("kind", "description", "made_on", "due_on", "complied_on", "evidence"),
        remove={"evidence": REMOVED},
        redact=("description",),
    ),
    PersonalData(
        HandlingFailureOrder,
        via="complaint",
        export="complaint_handling_failure_orders",
        order=90,
        shows=("ombudsman_reference", "issued_on", "failure", "order", "due_on", "complied_on", "evidence"),
        remove={"evidence": REMOVED},
        redact=("failure", "order"),
    ),
)
