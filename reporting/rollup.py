"""The rollup of the figures: for each day, how many stages each figure counted on it, by each breakdown's value
(`reporting.models.FigureDay`), so the dashboard and the Regulator's figures for a year add up a few thousand
rows instead of joining a year of stages to their complaints, responses and extensions.

A figure is rolled up when it counts a stage by one of the stage's own dates (received by `requested_on`, an
acknowledgement due by `acknowledgement_due`, ...): a period's count is then the sum of its days' counts. Whether
it counts the stage at all is its rule in `reporting.figures` or `reporting.tsm` (from `complaints.performance`),
evaluated here over every day at once; nothing here decides anything about a stage.

Some rules read the day they are counted on (`as_of`: an acknowledgement not yet made counts as late once it is
due). For those, only **settled** stages are rolled up, whose count no longer depends on that day: the step done,
the complaint refused or withdrawn, or the stage moved to investigation (SPSO) by the day it was due. The other
stages, those still outstanding, are counted live each time (`with_settled(...).filter(rollup_settled=False)`),
so the two parts never overlap and never miss a stage.

Two figures count a stage by two dates at once, and are rolled up by one with the other stored beside it
(`FigureDay.since`): escalated, a stage 1 answered in the period whose stage 2 was requested in it, by the day of
the response with the stage 2's requested date, which must fall in the period too; extended, a stage the resident
was told of an extension in the period, by each day an extension was told with the day one was told before it,
which must not: a stage extended on several days of a period is counted on the first of them alone.

**Keeping it right.** Database triggers (migrations `reporting.0003_figure_rollup` and
`reporting.0004_rollup_extended_and_escalated`) write the days a change can move to `FigureDayPending` (a stage's
dates and its extensions', and for a change to a stage those of every stage of its complaint, as a stage 2 moves
its stage 1's escalated figure) whenever a stage's dates, its response or extensions, its complaint's status,
nation, channel, team, home or categories, a home's tenure or a regime's extension cap change, old days and new,
whoever writes them (services, the admin, `recompute_deadlines`, a later helper editing categories on an open case).
`rollup_catch_up` counts those days again from the case record, before every read and from the beat task
`reporting.rollup_catch_up`. Rows written with triggers off (`generate_complaints`) need `rollup_rebuild`.
`tests/reporting/test_rollup.py` checks that the rollup and live counting agree for random histories."""

from __future__ import annotations

import datetime
import operator
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Sum, Value, When

from complaints import performance
from complaints.models import Complaint, Stage
from reporting.models import FigureDay, FigureDayPending

_UNANSWERED_FOR_GOOD = [Complaint.Status.REFUSED, Complaint.Status.WITHDRAWN]

# See the module's docstring: what `complaints.performance.due_for_acknowledgement` and `due_for_response` decide
# about such a stage is the same whatever day they are asked on.
SETTLED = (
    Q(acknowledged_on__isnull=False)
    | Q(acknowledgement_due__isnull=True)
    | Q(complaint__status__in=_UNANSWERED_FOR_GOOD)
    | Q(moved_to_investigation_on__lte=F("acknowledgement_due"))
) & (
    Q(responded_on__isnull=False)
    | Q(response_due__isnull=True)
    | Q(complaint__status__in=_UNANSWERED_FOR_GOOD)
    | Q(moved_to_investigation_on__lte=F("response_due"))
)
# Every stage not settled has one of these: tested first, on the stage's own columns, it leaves the live count
# only the stages still outstanding to join to their complaints.
MAYBE_OUTSTANDING = Q(acknowledged_on__isnull=True) | Q(responded_on__isnull=True)

# Any fixed number: one catch-up at a time, or two would count the same day twice.
_CATCH_UP_LOCK = 1_600_016


def with_settled(stages: QuerySet[Stage]) -> QuerySet[Stage]:
    """Annotate `rollup_settled`, true or false for every stage (a comparison with a missing date is false)."""
    return stages.annotate(
        rollup_settled=Case(When(SETTLED, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


@dataclass(frozen=True)
class RolledFigure:
    name: str
    # The stage's date the figure counts it by.
    day: str
    # Its rule, over every day (`as_of` after them all).
    rule: Q
    # The breakdowns it is read by: the value stored, and the path from a stage to the key.
    breakdowns: dict[str, Any]
    # Its rule reads `as_of` for stages not settled: those are counted live.
    settled_only: bool = False
    # Its rule needs `complaints.performance.stages_with_original_response_due`.
    needs_original_due: bool = False
    # Counted by the working days the response took (`Stage.response_working_days`) as well.
    by_working_days: bool = False
    # The second date the figure counts the stage by (see the module's docstring), over the stages annotated with
    # `rollup_day`, and whether a period counts the stage when that date falls in it (else when it does not).
    since: Any = None
    since_in_period: bool = False

    @property
    def condition(self) -> Q:
        return self.rule & Q(rollup_settled=True) if self.settled_only else self.rule

    def counted_in(self, start: datetime.date, end: datetime.date) -> Q:
        """The rollup rows of this figure a period from start to end adds up, beside its days falling in it."""
        rows = Q(figure=self.name)
        if self.since is None:
            return rows
        in_period = Q(since__range=(start, end))
        return rows & (in_period if self.since_in_period else ~in_period)


# Every rolled figure, by name: `reporting.figures` and `reporting.tsm` register theirs when imported, which
# `ReportingConfig.ready` does, so a catch-up always counts all of them.
ROLLED: dict[str, RolledFigure] = {}


def register(*figures: RolledFigure) -> None:
    for figure in figures:
        ROLLED[figure.name] = figure


# The rows a counting query gives, unpivoted into rollup rows in the database: a rebuild at a million complaints
# writes millions of them, which Python took minutes to carry (bench/RESULTS.md).
_INSERT = """
    INSERT INTO reporting_figureday (day, figure, breakdown, key, working_days, since, count)
    SELECT counted.rollup_day, figures.figure, %s, COALESCE(counted.rollup_key::text, ''), {working_days},
           {since}, figures.count
    FROM ({counting}) counted CROSS JOIN LATERAL (VALUES {figures}) figures (figure, count)
    WHERE figures.count > 0
"""


def _insert(
    counting: QuerySet, breakdown: str, names: list[str], by_working_days: bool = False, since: bool = False
) -> None:
    sql, params = counting.query.sql_with_params()
    statement = _INSERT.format(
        working_days="counted.response_working_days" if by_working_days else "NULL",
        since="counted.rollup_since" if since else "NULL",
        counting=sql,
        figures=", ".join(f"(%s, counted.n{n})" for n in range(len(names))),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [breakdown, *params, *names])


def _by_days() -> list[tuple[str, Any, list[RolledFigure]]]:
    """The figures grouped by the date they count a stage by and their second date (the same expression)."""
    groups: list[tuple[str, Any, list[RolledFigure]]] = []
    for figure in ROLLED.values():
        for day, since, members in groups:
            if day == figure.day and since is figure.since:
                members.append(figure)
                break
        else:
            groups.append((figure.day, figure.since, [figure]))
    return groups


def _count(days: set[datetime.date] | None) -> None:
    """Write the rollup rows of those days (every day when None), counted from the case record."""
    for field, since, on_field in _by_days():
        stages = Stage.objects.order_by().annotate(rollup_day=F(field))
        stages = stages.filter(rollup_day__isnull=False) if days is None else stages.filter(rollup_day__in=days)
        if since is not None:
            # The second date is looked up stage by stage: only for the stages one of the figures counts.
            counted = reduce(operator.or_, (figure.condition for figure in on_field))
            stages = stages.filter(counted).annotate(rollup_since=since)
        if any(figure.settled_only for figure in on_field):
            stages = with_settled(stages)
        if any(figure.needs_original_due for figure in on_field):
            stages = performance.stages_with_original_response_due(stages)
        # A day reached through a stage's extensions is a row for each: a stage told of two on one day is one.
        distinct = "__" in field
        grouped = ["rollup_day", "rollup_key", *(["rollup_since"] if since is not None else [])]
        paths = {breakdown: path for figure in on_field for breakdown, path in figure.breakdowns.items()}
        for breakdown, path in paths.items():
            keyed = stages.annotate(rollup_key=path)
            plain = [f for f in on_field if breakdown in f.breakdowns and not f.by_working_days]
            if plain:
                aggregates = {
                    f"n{n}": Count("id", filter=figure.condition, distinct=distinct) for n, figure in enumerate(plain)
                }
                counting = keyed.values(*grouped).annotate(**aggregates)
                _insert(counting, breakdown, [figure.name for figure in plain], since=since is not None)
            for figure in on_field:
                if breakdown not in figure.breakdowns or not figure.by_working_days:
                    continue
                counting = (
                    keyed.filter(figure.condition)
                    .values(*grouped, "response_working_days")
                    .annotate(n0=Count("id", distinct=distinct))
                )
                _insert(counting, breakdown, [figure.name], by_working_days=True, since=since is not None)


def rollup_catch_up() -> int:
    """Count again the days the triggers marked since the last catch-up; the number of days (or -1: all). One
    query when there are none, as before almost every read."""
    if not FigureDayPending.objects.exists():
        return 0
    return _catch_up()


@transaction.atomic
def _catch_up() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CATCH_UP_LOCK])
        cursor.execute("DELETE FROM reporting_figuredaypending RETURNING day")
        marked = {row[0] for row in cursor.fetchall()}
        if not marked:
            return 0
        days = None if None in marked else marked
        if days is None:
            cursor.execute("DELETE FROM reporting_figureday")
        else:
            FigureDay.objects.filter(day__in=days).delete()
    _count(days)
    return -1 if days is None else len(days)


def rollup_rebuild() -> None:
    """Count every day again: after rows were written with the triggers off (`generate_complaints`)."""
    FigureDayPending.objects.create(day=None)
    rollup_catch_up()


def rolled_counts(names: list[str], breakdown: str, start: datetime.date, end: datetime.date) -> dict:
    """{stored key ("" for none recorded): {name: count}} for the days from start to end."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    counted = Q()
    for name in names:
        counted |= ROLLED[name].counted_in(start, end)
    rows = (
        FigureDay.objects.filter(counted, breakdown=breakdown, day__range=(start, end))
        .order_by()
        .values("key", "figure")
        .annotate(total=Sum("count"))
    )
    for row in rows:
        counts[row["key"]][row["figure"]] = row["total"]
    return dict(counts)
