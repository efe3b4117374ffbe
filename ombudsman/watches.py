"""The alerts for what the Ombudsman told us to do by a date (Code 9.7 c): registered with the alert sweep
(`alerts.watches`), which sits below this app and so cannot import it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from alerts.models import Kind, Timing
from alerts.watches import Routing, Watch, register_watches
from ombudsman.models import HandlingFailureOrder, Order


def _owner_else_senior_managers(row: dict[str, Any], timing: str, routing: Routing) -> set[int]:
    """What the Ombudsman ordered is the landlord's, not one handler's: its owner is told, else the senior
    managers; once it is overdue the senior managers are told as well."""
    owner = {row["owner_id"]} if row["owner_id"] else set()
    if not owner or timing == Timing.OVERDUE:
        return owner | set(routing.senior_managers)
    return owner


register_watches(
    # Code 9.7 c: the Ombudsman's orders and recommendations complied with by the date it set.
    Watch(
        kind=Kind.OMBUDSMAN_ORDER_DUE,
        model=Order,
        due_field="due_on",
        nation_field="referral__complaint__nation",
        still_open=Q(complied_on__isnull=True),
        values={
            "complaint_id": "referral__complaint_id",
            "reference": "referral__complaint__reference",
            "owner_id": "owner_id",
            "order_kind": "kind",
        },
        recipients=_owner_else_senior_managers,
        title=lambda row: f"{row['reference']}: Ombudsman {row['order_kind']}",
        email_title=lambda row: f"{row['reference']}: Ombudsman {row['order_kind']}",
    ),
    # A Complaint Handling Failure Order, complied with by the date the Ombudsman set.
    Watch(
        kind=Kind.HANDLING_FAILURE_ORDER_DUE,
        model=HandlingFailureOrder,
        due_field="due_on",
        nation_field="complaint__nation",
        still_open=Q(complied_on__isnull=True),
        values={"complaint_id": "complaint_id", "reference": "complaint__reference", "owner_id": "owner_id"},
        recipients=_owner_else_senior_managers,
        title=lambda row: f"{row['reference'] or 'No single complaint'}: Complaint Handling Failure Order",
        email_title=lambda row: f"{row['reference'] or 'No single complaint'}: Complaint Handling Failure Order",
    ),
)
