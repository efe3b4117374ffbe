"""Plumbing every case action shares beyond core.services: the row lock and version check that stop two people
overwriting each other, dates checked against the calendar, the timeline event, and telling the person given a
case.

Apps above the case domain (the alerts) register with `on_assigned` and are called in the same transaction as the
assignment, so the alert exists exactly when the assignment does."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from complaints.calendar import FIRST_YEAR
from complaints.models import CaseEvent, Complaint, Stage
from core.errors import CaseChangedError, WorkflowError
from core.services import today

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The working-day calendar starts here; nothing earlier can have a deadline worked out.
EARLIEST_DATE = datetime.date(FIRST_YEAR, 1, 1)

# Called as listener(complaint=, event=, assignee=, actor=) when a person is given a case.
AssignmentListener = Callable[..., None]
_LISTENERS: list[AssignmentListener] = []


def on_assigned(listener: AssignmentListener) -> AssignmentListener:
    _LISTENERS.append(listener)
    return listener


def assigned(complaint: Complaint, event: CaseEvent, assignee: User, actor: User) -> None:
    """The person was given the complaint's current stage (the event says how): whoever registered hears of it."""
    for listener in _LISTENERS:
        listener(complaint=complaint, event=event, assignee=assignee, actor=actor)


def lock_complaint(complaint: Complaint | int, expected_version: int | None) -> Complaint:
    complaint_id = complaint.pk if isinstance(complaint, Complaint) else complaint
    # Lock first, then read: a query that waited for the lock sees the locked row as it is now, but rows joined
    # to it as they were when the query began, so reading the stage in the locking query loses updates.
    Complaint.objects.select_for_update().filter(pk=complaint_id).values_list("pk", flat=True).get()
    locked = Complaint.objects.select_related("current_stage__regime_stage", "regime", "resident").get(pk=complaint_id)
    if expected_version is not None and locked.version != expected_version:
        raise CaseChangedError()
    return locked


def check_date(
    value: datetime.date,
    name: str,
    label: str,
    *,
    not_before: datetime.date | None = None,
    not_before_label: str = "",
) -> None:
    if value > today():
        raise WorkflowError(f"The {label} cannot be in the future.", field=name)
    if value < EARLIEST_DATE:
        raise WorkflowError(f"The {label} cannot be before {EARLIEST_DATE:%-d %B %Y}.", field=name)
    if not_before and value < not_before:
        raise WorkflowError(f"The {label} cannot be before {not_before_label} ({not_before:%-d %B %Y}).", field=name)


def save_transition(
    complaint: Complaint,
    *,
    new_status: str | None,
    kind: str,
    description: str,
    actor: User,
    extra_fields: Iterable[str] = (),
) -> CaseEvent:
    old_status = complaint.status
    if new_status:
        complaint.status = new_status
    complaint.version += 1
    complaint.save(update_fields=["status", "version", "updated_at", *extra_fields])
    return record_event(complaint, kind, description, actor, from_status=old_status, to_status=complaint.status)


def record_event(
    complaint: Complaint, kind: str, description: str, actor: User | None, *, from_status: str = "", to_status: str = ""
) -> CaseEvent:
    return CaseEvent.objects.create(
        complaint=complaint,
        stage=complaint.stage,
        kind=kind,
        description=description,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
    )


def current_stage(complaint: Complaint) -> Stage:
    stage = complaint.current_stage
    # Empty only inside complaint_log, between the complaint's row and its first stage's.
    assert stage is not None
    return stage
