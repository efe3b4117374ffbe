"""The one place where a stage's due dates, and the working days its response took, are worked out and stored.

Every due date derives from stored facts (the date of the request or acknowledgement, the regime's timescales,
the working days of extension granted, the last update sent) through the working-day calendar, so it can be
recomputed at any time, and is, whenever a calendar changes. So do the working days an answered stage's response
took, which the dashboards and the annual report count rather than working them out again."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from complaints.calendar import WorkingDayCalendar, calendar_for
from complaints.models import CaseEvent, ClosureDay, Complaint, Correspondence, RegimeStage, Stage

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DUE_FIELDS = ("acknowledgement_due", "response_due", "update_due")


def _clock_start(
    response_clock: str, started_on: datetime.date, acknowledged_on: datetime.date | None
) -> datetime.date | None:
    if response_clock == RegimeStage.ResponseClock.RECEIPT:
        return started_on
    return acknowledged_on


def _response_clock_start(stage: Stage) -> datetime.date | None:
    return _clock_start(stage.regime_stage.response_clock, stage.clock_started_on, stage.acknowledged_on)


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
        due["acknowledgement_due"] = calendar.add_working_days(stage.clock_started_on, timescale.acknowledge_within)
    start = _response_clock_start(stage)
    if start:
        # Extensions add working days to the current due date, which is the same as counting them on.
        due["response_due"] = calendar.add_working_days(start, timescale.respond_within + stage.extension_days)
    if stage.update_interval and not stage.responded_on:
        last_update = _last_update_to_resident(stage)
        if last_update:
            due["update_due"] = calendar.add_working_days(last_update, stage.update_interval)
    return due


def stage_start(**fields: Any) -> Stage:
    """A new stage, stored with its due dates: one write, where storing it and then its dates took two."""
    stage = Stage(**fields)
    for field, value in stage_due_dates(stage).items():
        setattr(stage, field, value)
    stage.save()
    return stage


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


def response_working_days(stage: Stage, calendar: WorkingDayCalendar | None = None) -> int:
    """The working days an answered stage's response took, from the start of its response clock (Code 6.3, 6.14):
    stored on the stage when the response is recorded, for the dashboards' "working days to respond"."""
    # Called only once the response is recorded.
    assert stage.responded_on is not None
    start = _answer_clock_start(stage.regime_stage.response_clock, stage.clock_started_on, stage.acknowledged_on)
    [taken] = _working_days_taken(calendar or calendar_for(stage.complaint.nation), [start], [stage.responded_on])
    return taken


def response_working_days_recompute(stages: QuerySet[Stage]) -> int:
    """Store the working days each answered stage among `stages` took to respond, on the calendars as they are now:
    after a calendar changes, as the due dates are. Returns the number of stages whose figure changed."""
    rows = stages.filter(responded_on__isnull=False).values_list(
        "pk",
        "complaint__nation",
        "regime_stage__response_clock",
        Coalesce("clock_restarted_on", "requested_on"),
        "acknowledged_on",
        "responded_on",
        "response_working_days",
    )
    by_nation: dict[str, list[tuple]] = defaultdict(list)
    for row in rows.iterator(chunk_size=10_000):
        by_nation[row[1]].append(row)
    changed: dict[int, int] = {}
    for nation, group in by_nation.items():
        taken = response_working_days_many(nation, [row[2:6] for row in group])
        changed.update((row[0], days) for row, days in zip(group, taken, strict=True) if row[6] != days)
    if changed:
        table = stages.model._meta.db_table
        with connections[stages.db].cursor() as cursor:
            # One statement for any number of stages: Django's bulk_update would send a CASE per row.
            cursor.execute(
                f"UPDATE {table} SET response_working_days = new.days "  # noqa: S608 - the table name is our own
                f"FROM unnest(%s::bigint[], %s::int[]) AS new(id, days) WHERE {table}.id = new.id",
                [list(changed), list(changed.values())],
            )
    return len(changed)


def response_working_days_many(
    nation: str, stages: list[tuple[str, datetime.date, datetime.date | None, datetime.date]]
) -> list[int]:
    """response_working_days for many answered stages in one nation at once, each given as its regime stage's
    response clock and the dates its clocks started (`Stage.clock_started_on`), it was acknowledged (or None) and
    answered."""
    starts = [_answer_clock_start(clock, started, acknowledged) for clock, started, acknowledged, _ in stages]
    return _working_days_taken(calendar_for(nation), starts, [answered for *_, answered in stages])


def _answer_clock_start(
    response_clock: str, started_on: datetime.date, acknowledged_on: datetime.date | None
) -> datetime.date:
    # Answered without an acknowledgement (a regime with no such step), the clock ran from receipt.
    return _clock_start(response_clock, started_on, acknowledged_on) or started_on


def _working_days_taken(
    calendar: WorkingDayCalendar, starts: list[datetime.date], ends: list[datetime.date]
) -> list[int]:
    taken = calendar.working_days_between_many(
        np.array(starts, dtype="datetime64[D]"), np.array(ends, dtype="datetime64[D]")
    )
    # A response is never dated before its clock starts (complaint_respond refuses it), but a case brought over
    # from an older system may be: it took no working days.
    return np.maximum(taken, 0).tolist()


def deadlines_recompute(*, nations: list[str] | None = None, reason: str, actor: User | None = None) -> int:
    """Recompute the acknowledgement and response due dates of every open stage, after a calendar change.

    Working days are added for the whole register at once with the calendar's array arithmetic. Every due
    date that moves is recorded in its case's timeline, by `actor` (None when the system does it), and the case's
    version moves on, so someone acting on what they saw before is told the case changed. Returns the number of
    stages whose dates moved."""
    # A stage moved to stage 2 without a response (SPSO frontline) is over: its dates stay as they were.
    stages = (
        Stage.objects.filter(responded_on__isnull=True, moved_to_investigation_on__isnull=True)
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
            new_ack = _add_many(calendar, [(s.clock_started_on, s.regime_stage.acknowledge_within) for s in group])
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
        nations = _affected_nations(before, closure)
        moved = deadlines_recompute(nations=nations, reason=f"closure day {closure.date:%-d %B %Y} saved", actor=actor)
        _answered_across_recompute([day.date for day in (before, closure) if day], nations)
        return moved


def closure_day_delete(*, closure: ClosureDay, actor: User | None = None) -> int:
    with transaction.atomic():
        nations = _affected_nations(closure)
        closure.delete()
        moved = deadlines_recompute(
            nations=nations, reason=f"closure day {closure.date:%-d %B %Y} removed", actor=actor
        )
        _answered_across_recompute([closure.date], nations)
        return moved


def _answered_across_recompute(days: list[datetime.date], nations: list[str] | None) -> None:
    """The working days taken by the answered stages whose response clock ran across one of `days`. A clock
    starts on or after the request, so those stages were requested before the day and answered on or after it."""
    across = Q()
    for day in days:
        across |= Q(requested_on__lt=day, responded_on__gte=day)
    stages = Stage.objects.filter(across)
    if nations is not None:
        stages = stages.filter(complaint__nation__in=nations)
    response_working_days_recompute(stages)


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
