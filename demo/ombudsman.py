"""Demo Ombudsman findings, orders and Complaint Handling Failure Orders, on the demo referrals."""

from __future__ import annotations

import datetime
import random
from typing import Any

from complaints.models import Complaint
from ombudsman import services
from ombudsman.models import Determination, Finding, HandlingFailureOrder, OmbudsmanReferral

# The referral's overall determination -> (finding on the substance, finding on the complaint handling)
FINDINGS = {
    "severe_maladministration": (Determination.SEVERE_MALADMINISTRATION, Determination.MALADMINISTRATION),
    "maladministration": (Determination.MALADMINISTRATION, Determination.SERVICE_FAILURE),
    "service_failure": (Determination.SERVICE_FAILURE, Determination.REDRESS),
    "no_maladministration": (Determination.NO_MALADMINISTRATION, Determination.NO_MALADMINISTRATION),
    "outside_jurisdiction": (Determination.OUTSIDE_JURISDICTION, None),
    "resolved": (Determination.REDRESS, None),
}
ORDERS = {
    Determination.SEVERE_MALADMINISTRATION: [
        ("order", "Apologise in writing from the Chief Executive.", 28),
        ("order", "Pay the compensation the Ombudsman set.", 28),
        ("order", "Review how repairs of this kind are handled and report to the board.", 84),
    ],
    Determination.MALADMINISTRATION: [
        ("order", "Apologise in writing from a senior manager.", 28),
        ("order", "Pay the compensation the Ombudsman set.", 28),
        ("recommendation", "Train complaint handlers on the Complaint Handling Code.", 90),
    ],
    Determination.SERVICE_FAILURE: [("order", "Pay compensation for distress and inconvenience.", 28)],
}


def _complied_on(order_due: datetime.date, made_on: datetime.date, today: datetime.date, rng: random.Random):
    if order_due > today and rng.random() < 0.6:
        return None
    late = rng.random() < 0.15
    on = (
        order_due + datetime.timedelta(days=rng.randint(1, 10))
        if late
        else order_due - datetime.timedelta(days=rng.randint(0, 14))
    )
    on = max(on, made_on)
    return on if on <= today and rng.random() < 0.9 else None


def load(*, users: dict[str, Any], today: datetime.date, rng: random.Random) -> None:
    """Findings per element and orders for each determined referral, and two CHFOs. Runs once."""
    if Finding.objects.exists() or HandlingFailureOrder.objects.exists():
        return
    actor = users["manager"]
    referrals = OmbudsmanReferral.objects.exclude(determination="pending").select_related("complaint")
    for referral in referrals.order_by("referred_on", "pk"):
        substance, handling = FINDINGS.get(referral.determination, (None, None))
        made_on = referral.determined_on
        for element, determination in (("The repair and its delays", substance), ("Complaint handling", handling)):
            if determination is None:
                continue
            finding = services.finding_record(
                actor=actor, referral=referral, element=element, determination=determination, determined_on=made_on
            )
            for kind, description, days in ORDERS.get(determination, []):
                due_on = made_on + datetime.timedelta(days=days)
                order = services.order_record(
                    actor=actor,
                    referral=referral,
                    kind=kind,
                    description=description,
                    made_on=made_on,
                    due_on=due_on,
                    finding=finding,
                    owner=rng.choice([users["manager"], users["manager2"], None]),
                )
                complied_on = _complied_on(due_on, made_on, today, rng)
                if complied_on:
                    services.order_comply(
                        actor=actor, order=order, complied_on=complied_on, evidence="Letter and payment on file."
                    )
    stage_2 = Complaint.objects.filter(stage=2).order_by("received_on", "pk").first()
    issued = today - datetime.timedelta(days=120)
    chfo = services.handling_failure_order_record(
        actor=actor,
        issued_on=issued,
        failure="Did not provide the complaint file within the 15 working days the Ombudsman asked for.",
        order="Provide the file, and explain how the Ombudsman's requests will be answered on time.",
        due_on=issued + datetime.timedelta(days=14),
        ombudsman_reference=f"CHFO-{issued:%Y}-0142",
    )
    services.handling_failure_order_comply(
        actor=actor, chfo=chfo, complied_on=issued + datetime.timedelta(days=10), evidence="File sent by secure email."
    )
    if stage_2 is not None:
        issued = max(today - datetime.timedelta(days=10), stage_2.received_on)
        services.handling_failure_order_record(
            actor=actor,
            complaint=stage_2,
            issued_on=issued,
            failure="The stage 2 response was not issued within the Code's timescale (Code 6.14).",
            order="Issue the stage 2 response and tell the resident when they will receive it.",
            due_on=issued + datetime.timedelta(days=14),
            owner=users["manager"],
        )
