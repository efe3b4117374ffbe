"""What the alerts watch: each Watch names the rows that can fall due, the date they fall due on, who is told,
and the words of the alert. The sweep in `alerts.services` asks every watch the same questions, so adding a
kind of alert is a new entry here and a row of thresholds, not a new loop.

An app above alerts (the Ombudsman's orders) passes its entries to `register_watches` from its
`AppConfig.ready()`, with its kind in `alerts.models.Kind`: alerts then watches its rows without importing it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import models
from django.db.models import F, Q

from alerts.models import Kind, Timing
from complaints.models import (
    Complaint,
    ContactRestriction,
    OutgoingMessage,
    OutstandingAction,
    ReasonableAdjustment,
    Remedy,
    Stage,
)
from complaints.selectors import OPEN


@dataclass(frozen=True)
class Routing:
    """Who is who, read once per sweep so the number of queries does not grow with the number of cases."""

    officers: frozenset[int]
    senior_managers: frozenset[int]
    line_managers: dict[int, int]

    @property
    def case_workers(self) -> frozenset[int]:
        return self.officers | self.senior_managers


@dataclass(frozen=True)
class Watch:
    kind: str
    model: type[models.Model]
    # The date the row falls due; for "after" alerts, the date the clock started.
    due_field: str
    nation_field: str
    still_open: Q
    values: dict[str, str]
    recipients: Callable[[dict[str, Any], str, Routing], set[int]]
    # What it is, in the app (the recipient may see it) and in email (no special-category data, no names).
    title: Callable[[dict[str, Any]], str]
    email_title: Callable[[dict[str, Any]], str]
    timings: tuple[str, ...] = (Timing.BEFORE, Timing.TODAY, Timing.OVERDUE)
    # Extra conditions for "now" alerts that have no date window (the extension cap).
    now_filter: Q = field(default_factory=Q)

    def subjects(self) -> models.QuerySet:
        return self.model.objects.filter(self.still_open)


def stage_handler(row: dict[str, Any], routing: Routing) -> set[int]:
    """The stage's handler; with none yet, whoever could take it: officers at stage 1, managers at stage 2."""
    if row["handler_id"]:
        return {row["handler_id"]}
    return set(routing.officers if row["stage"] == 1 else routing.senior_managers)


def _handler_and_manager_when_overdue(row: dict[str, Any], timing: str, routing: Routing) -> set[int]:
    recipients = stage_handler(row, routing)
    if timing == Timing.OVERDUE and row.get("overdue_to_manager"):
        recipients |= {routing.line_managers[pk] for pk in recipients if pk in routing.line_managers}
    return recipients


def _owner_or_handler(row: dict[str, Any], timing: str, routing: Routing) -> set[int]:
    if row["owner_id"]:
        return {row["owner_id"]}
    return stage_handler(row, routing)


def _case_worker_who_recorded_it(row: dict[str, Any], timing: str, routing: Routing) -> set[int]:
    # Special-category data (Code 5.10, 5.14): only case workers are ever told about it.
    for pk in (row.get("reviewed_by_id"), row["recorded_by_id"]):
        if pk in routing.case_workers:
            return {pk}
    return set(routing.officers)


def _case(row: dict[str, Any]) -> str:
    return f"{row['reference']} stage {row['stage']}"


# The current stage of an open complaint, as a set the stage's key must be in: written as a join of two correlated
# columns (complaint.current_stage = stage.id), PostgreSQL estimated one row where there were 100,000 and chose a
# nested-loop anti-join that took the repeat sweep over a minute.
CURRENT_STAGE = Q(pk__in=Complaint.objects.filter(status__in=OPEN).values("current_stage_id"))
_STAGE_VALUES = {
    "complaint_id": "complaint_id",
    "reference": "complaint__reference",
    "stage": "number",
    "handler_id": "handler_id",
}
_CASE_ITEM_VALUES = {
    "complaint_id": "complaint_id",
    "reference": "complaint__reference",
    "stage": "stage__number",
    "handler_id": "complaint__current_stage__handler_id",
    "owner_id": "owner_id",
}

WATCHES = [
    # Code 6.2, 6.11: acknowledge within 5 working days of the complaint or the escalation request.
    Watch(
        kind=Kind.ACKNOWLEDGEMENT_DUE,
        model=Stage,
        due_field="acknowledgement_due",
        nation_field="complaint__nation",
        still_open=CURRENT_STAGE & Q(acknowledged_on__isnull=True, responded_on__isnull=True),
        values=_STAGE_VALUES,
        recipients=lambda row, timing, routing: stage_handler(row, routing),
        title=lambda row: f"{_case(row)}: acknowledgement",
        email_title=lambda row: f"{_case(row)}: acknowledgement",
    ),
    # Code 6.3, 6.14: respond within 10 / 20 working days of acknowledgement, plus extensions.
    Watch(
        kind=Kind.RESPONSE_DUE,
        model=Stage,
        due_field="response_due",
        nation_field="complaint__nation",
        still_open=CURRENT_STAGE & Q(responded_on__isnull=True),
        values=_STAGE_VALUES,
        recipients=_handler_and_manager_when_overdue,
        title=lambda row: f"{_case(row)}: response",
        email_title=lambda row: f"{_case(row)}: response",
    ),
    # Code 6.13: stage 2 needs a reviewer who did not handle stage 1; a senior manager must pick one.
    Watch(
        kind=Kind.REVIEWER_NEEDED,
        model=Stage,
        due_field="requested_on",
        nation_field="complaint__nation",
        still_open=CURRENT_STAGE & Q(number=2, handler__isnull=True, responded_on__isnull=True),
        values=_STAGE_VALUES,
        recipients=lambda row, timing, routing: set(routing.senior_managers),
        title=lambda row: f"{row['reference']}: stage 2 has no reviewer",
        email_title=lambda row: f"{row['reference']}: stage 2 has no reviewer",
        timings=(Timing.NOW,),
    ),
    # Code 6.4, 6.15: any further extension needs a good reason and a senior manager's approval.
    Watch(
        kind=Kind.EXTENSION_CAP,
        model=Stage,
        due_field="response_due",
        nation_field="complaint__nation",
        still_open=CURRENT_STAGE & Q(responded_on__isnull=True, response_due__isnull=False),
        values=_STAGE_VALUES,
        recipients=lambda row, timing, routing: set(routing.senior_managers),
        title=lambda row: f"{_case(row)}: extension cap reached",
        email_title=lambda row: f"{_case(row)}: extension cap reached",
        timings=(Timing.NOW,),
        now_filter=Q(extension_days__gt=0, extension_days__gte=F("regime_stage__extension_cap")),
    ),
    # Code 5.9: keep the resident updated at the interval agreed when the response was extended.
    Watch(
        kind=Kind.UPDATE_DUE,
        model=Stage,
        due_field="update_due",
        nation_field="complaint__nation",
        still_open=CURRENT_STAGE & Q(responded_on__isnull=True),
        values=_STAGE_VALUES,
        recipients=lambda row, timing, routing: stage_handler(row, routing),
        title=lambda row: f"{_case(row)}: update to the resident",
        email_title=lambda row: f"{_case(row)}: update to the resident",
        timings=(Timing.TODAY,),
    ),
    # Code 6.6, 6.17: outstanding actions tracked to completion.
    Watch(
        kind=Kind.ACTION_DUE,
        model=OutstandingAction,
        due_field="due_on",
        nation_field="complaint__nation",
        still_open=Q(completed_on__isnull=True),
        values=_CASE_ITEM_VALUES,
        recipients=_owner_or_handler,
        title=lambda row: f"{row['reference']}: outstanding action",
        email_title=lambda row: f"{row['reference']}: outstanding action",
    ),
    # Code 7.3: what we said we would do to put things right, by when.
    Watch(
        kind=Kind.REMEDY_DUE,
        model=Remedy,
        due_field="due_on",
        nation_field="complaint__nation",
        still_open=Q(completed_on__isnull=True),
        values=_CASE_ITEM_VALUES,
        recipients=_owner_or_handler,
        title=lambda row: f"{row['reference']}: remedy",
        email_title=lambda row: f"{row['reference']}: remedy",
    ),
    # A letter or email the resident has not had: email failed for the last time. A letter waits in the post
    # batch (the alert ends when it is posted); anything else needs the handler to reach the resident another way.
    Watch(
        kind=Kind.MESSAGE_UNDELIVERED,
        model=OutgoingMessage,
        due_field="given_up_on",
        nation_field="complaint__nation",
        still_open=Q(given_up_on__isnull=False, posted_at__isnull=True),
        values={
            "complaint_id": "complaint_id",
            "reference": "complaint__reference",
            "stage": "complaint__current_stage__number",
            "handler_id": "complaint__current_stage__handler_id",
        },
        recipients=lambda row, timing, routing: stage_handler(row, routing),
        title=lambda row: f"{row['reference']}: a letter or email to the resident was not delivered",
        email_title=lambda row: f"{row['reference']}: a letter or email to the resident was not delivered",
        timings=(Timing.NOW,),
        now_filter=Q(given_up_on__isnull=False),
    ),
    # Code 5.10: reasonable adjustments kept under active review.
    Watch(
        kind=Kind.ADJUSTMENT_REVIEW,
        model=ReasonableAdjustment,
        due_field="review_due",
        nation_field="resident__home__nation",
        still_open=Q(ended_on__isnull=True),
        values={"resident": "resident__name", "recorded_by_id": "recorded_by_id"},
        recipients=_case_worker_who_recorded_it,
        title=lambda row: f"{row['resident']}: reasonable adjustment review",
        email_title=lambda row: "A record you look after is due for review",
        timings=(Timing.BEFORE, Timing.TODAY),
    ),
    # Code 5.14: contact restrictions reviewed, so they last no longer than they must.
    Watch(
        kind=Kind.RESTRICTION_REVIEW,
        model=ContactRestriction,
        due_field="review_due",
        nation_field="resident__home__nation",
        still_open=Q(ended_on__isnull=True),
        values={
            "resident": "resident__name",
            "recorded_by_id": "recorded_by_id",
            "reviewed_by_id": "last_reviewed_by_id",
        },
        recipients=_case_worker_who_recorded_it,
        title=lambda row: f"{row['resident']}: contact restriction review",
        email_title=lambda row: "A record you look after is due for review",
        timings=(Timing.BEFORE, Timing.TODAY),
    ),
]


def register_watches(*watches: Watch) -> None:
    WATCHES.extend(watches)


def watch_of(kind: str) -> Watch | None:
    """The watch that raises alerts of `kind`; none for alerts about something that happened (an email received)."""
    return next((watch for watch in WATCHES if watch.kind == kind), None)


# A sweep writes tens of thousands of alerts over a few dozen dates: each wording is made once.
@lru_cache(maxsize=4096)
def when(timing: str, due: datetime.date, kind: str) -> str:
    """The words after the alert's title: 'due 5 March 2026', 'due today', 'overdue since 5 March 2026'."""
    if kind == Kind.REVIEWER_NEEDED:
        return f"escalated on {due:%-d %B %Y}"
    if kind == Kind.MESSAGE_UNDELIVERED:
        return f"on {due:%-d %B %Y}"
    if kind == Kind.EXTENSION_CAP:
        return f"response now due {due:%-d %B %Y}; any further extension needs a senior manager's approval"
    return {
        Timing.BEFORE: f"due {due:%-d %B %Y}",
        Timing.TODAY: "due today",
        Timing.OVERDUE: f"overdue since {due:%-d %B %Y}",
        Timing.NOW: f"due {due:%-d %B %Y}",
    }[timing]
