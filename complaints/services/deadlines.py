"""The one place where a stage's due dates are worked out and stored.

Every due date derives from stored facts (the date of the request or acknowledgement, the regime's timescales,
the working days of extension granted, the last update sent) through the working-day calendar, so it can be
recomputed at any time, and is, whenever a calendar changes."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from complaints.calendar import WorkingDayCalendar, calendar_for
from complaints.models import CaseEvent, ClosureDay, Complaint, Correspondence, Stage

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DUE_FIELDS = ("acknowledgement_due", "response_due", "update_due")


def _response_clock_start(stage: Stage) -> datetime.date | None:
    if stage.regime_stage.response_clock == stage.regime_stage.ResponseClock.RECEIPT:
        return stage.requested_on
    return stage.acknowledged_on


def _last_update_to_resident(stage: Stage) -> datetime.date | None:
    """The latest date the resident was told how their complaint is going, once an extension agreed updates."""
    dates = [extension.resident_informed_on for extension in stage.extensions.all()]
    dates += [
        letter.occurred_on
        for letter in Correspondence.objects.filter(
            complaint_id=stage.complaint_id,
            stage=stage.number,
            direction=Correspondence.Direction.OUTGOING,
            party__in=[Correspondence.Party.RESIDENT, Correspondence.Party.REPRESENTATIVE],
        )
    ]
    return max(dates, default=None)


def stage_due_dates(stage: Stage, calendar: WorkingDayCalendar | None = None) -> dict[str, datetime.date | None]:
    """What the stage's due dates should be now (Code 6.2, 6.3, 6.4, 6.11, 6.14, 6.15, 5.9)."""
    calendar = calendar or calendar_for(stage.complaint.nation)
    timescale = stage.regime_stage
    due: dict[str, datetime.date | None] = dict.fromkeys(DUE_FIELDS)
    if timescale.acknowledge_within:
        due["acknowledgement_due"] = calendar.add_working_days(stage.requested_on, timescale.acknowledge_within)
    start = _response_clock_start(stage)
    if start:
        # Extensions add working days to the current due date, which is the same as counting them on.
        due["response_due"] = calendar.add_working_days(start, timescale.respond_within + stage.extension_days)
    if stage.update_interval and not stage.responded_on:
        last_update = _last_update_to_resident(stage)
        if last_update:
            due["update_due"] = calendar.add_working_days(last_update, stage.update_interval)
    return due


def stage_refresh_due_dates(stage: Stage, calendar: WorkingDayCalendar | None = None) -> dict[str, tuple]:
    """Store the stage's due dates; returns {field: (old, new)} for those that moved."""
    moved = {}
    for field, value in stage_due_dates(stage, calendar).items():
        old = getattr(stage, field)
        if old != value:
            moved[field] = (old, value)
            setattr(stage, field, value)
    if moved:
        stage.save(update_fields=[*moved, "updated_at"])
    return moved


def deadlines_recompute(*, nations: list[str] | None = None, reason: str, actor: User | None = None) -> int:
    """Recompute the acknowledgement and response due dates of every open stage, after a calendar change.

    Working days are added for the whole register at once with the calendar's array arithmetic. Every due
    date that moves is recorded in its case's timeline, by `actor` (None when the system does it), and the case's
    version moves on, so someone acting on what they saw before is told the case changed. Returns the number of
    stages whose dates moved."""
    stages = (
        Stage.objects.filter(responded_on__isnull=True)
        .exclude(complaint__status__in=["closed", "refused", "withdrawn"])
        .select_related("complaint", "regime_stage")
    )
    if nations is not None:
        stages = stages.filter(complaint__nation__in=nations)
    by_nation: dict[str, list[Stage]] = defaultdict(list)
    with transaction.atomic():
        # The cases first, in one order, as every workflow action locks its case before its stage: taking the
        # stages first could deadlock with an officer acting at the same moment.
        list(
            Complaint.objects.select_for_update()
            .filter(pk__in=stages.values("complaint_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for stage in stages.select_for_update(of=("self",)):
            by_nation[stage.complaint.nation].append(stage)
        changed: list[Stage] = []
        events: list[CaseEvent] = []
        for nation, group in by_nation.items():
            calendar = calendar_for(nation)
            new_ack = _add_many(calendar, [(s.requested_on, s.regime_stage.acknowledge_within) for s in group])
            new_response = _add_many(
                calendar,
                [(_response_clock_start(s), s.regime_stage.respond_within + s.extension_days) for s in group],
            )
            for stage, ack_due, response_due in zip(group, new_ack, new_response, strict=True):
                # Few stages have agreed update intervals, and each needs its own correspondence: one at a time.
                update_due = stage_due_dates(stage, calendar)["update_due"] if stage.update_interval else None
                moves = []
                for field, new in (
                    ("acknowledgement_due", ack_due),
                    ("response_due", response_due),
                    ("update_due", update_due),
                ):
                    old = getattr(stage, field)
                    if old != new:
                        setattr(stage, field, new)
                        moves.append(f"{_label(field)} moved from {_format(old)} to {_format(new)}")
                if moves:
                    changed.append(stage)
                    events.append(
                        CaseEvent(
                            complaint=stage.complaint,
                            stage=stage.number,
                            kind=CaseEvent.Kind.DUE_DATE_MOVED,
                            description=f"{'; '.join(moves)} ({reason}).",
                            actor=actor,
                        )
                    )
        Stage.objects.bulk_update(changed, list(DUE_FIELDS), batch_size=1000)
        CaseEvent.objects.bulk_create(events, batch_size=1000)
        Complaint.objects.filter(pk__in={stage.complaint_id for stage in changed}).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
    return len(changed)


def _add_many(calendar: WorkingDayCalendar, pairs: list[tuple]) -> list[datetime.date | None]:
    """add_working_days for many (date, n) pairs; a pair with no date or no n gives None."""
    present = [i for i, (day, n) in enumerate(pairs) if day is not None and n]
    result: list[datetime.date | None] = [None] * len(pairs)
    if present:
        days = np.array([pairs[i][0] for i in present], dtype="datetime64[D]")
        counts = np.array([pairs[i][1] for i in present], dtype=np.int64)
        for i, due in zip(present, calendar.add_working_days_many(days, counts).tolist(), strict=True):
            result[i] = due
    return result


def _label(field: str) -> str:
    return {
        "acknowledgement_due": "Acknowledgement due",
        "response_due": "Response due",
        "update_due": "Update to the resident due",
    }[field]


def _format(day: datetime.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else "none"


def closure_day_save(*, closure: ClosureDay, actor: User | None = None) -> int:
    """Add or change an organisation closure day, and move the open deadlines it affects."""
    with transaction.atomic():
        before = ClosureDay.objects.filter(pk=closure.pk).first() if closure.pk else None
        closure.full_clean()
        closure.save()
        return deadlines_recompute(
            nations=_affected_nations(before, closure),
            reason=f"closure day {closure.date:%-d %B %Y} saved",
            actor=actor,
        )


def closure_day_delete(*, closure: ClosureDay, actor: User | None = None) -> int:
    with transaction.atomic():
        nations = _affected_nations(closure)
        closure.delete()
        return deadlines_recompute(nations=nations, reason=f"closure day {closure.date:%-d %B %Y} removed", actor=actor)


def _affected_nations(*closures: ClosureDay | None) -> list[str] | None:
    if settings.WORKING_DAY_CALENDAR == "union":
        return None
    nations: set[str] = set()
    for closure in closures:
        if closure is None:
            continue
        if not closure.nations:
            return None
        nations.update(closure.nations)
    return sorted(nations)
