"""The dashboard figures: plain functions taking a period and a breakdown, each one SQL query over the whole
register whatever its size (no query per case), returning counts keyed by the breakdown's value.

Whether a stage was acknowledged or answered within the Code's timescales is decided by
`complaints.performance`, never here: this module groups and counts its rules. A complaint that escalates is two
stages, so it is counted once at stage 1 and once at stage 2.

Every count has a name in `STAGE_FIGURES` (or `COMPLAINT_FIGURES`), and `cases_behind` lists the complaints
behind any count from the same rule, so a number and its list of cases always agree.

Other figures (satisfaction surveys, Ombudsman cases, service improvements) live with their own apps and join
the dashboard as panels: see `reporting.panels`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth

from complaints import performance
from complaints.models import (
    Category,
    Channel,
    Complaint,
    Decision,
    Extension,
    Nation,
    Refusal,
    Remedy,
    Stage,
    Team,
)
from complaints.selectors import OPEN
from reporting import rollup
from reporting.models import FigureDay
from reporting.periods import FIRST_DAY, Period


class Breakdown(StrEnum):
    NONE = ""
    STAGE = "stage"
    CATEGORY = "category"
    NATION = "nation"
    CHANNEL = "channel"
    TEAM = "team"

    @property
    def label(self) -> str:
        return BREAKDOWN_LABELS[self]


BREAKDOWN_LABELS = {
    Breakdown.NONE: "No breakdown",
    Breakdown.STAGE: "Stage",
    Breakdown.CATEGORY: "Category",
    Breakdown.NATION: "Nation",
    Breakdown.CHANNEL: "Channel",
    Breakdown.TEAM: "Area or team",
}

# The path from a stage to the value it is grouped by.
_STAGE_KEY = {
    Breakdown.STAGE: "number",
    Breakdown.CATEGORY: "complaint__categories",
    Breakdown.NATION: "complaint__nation",
    Breakdown.CHANNEL: "complaint__channel",
    Breakdown.TEAM: "complaint__team",
}
# The same from a complaint (its current stage for "stage").
_COMPLAINT_KEY = {
    Breakdown.STAGE: "stage",
    Breakdown.CATEGORY: "categories",
    Breakdown.NATION: "nation",
    Breakdown.CHANNEL: "channel",
    Breakdown.TEAM: "team",
}

Key = Any  # a breakdown value: a stage number, a nation, a channel/category/team id, or None when not recorded
TOTAL = "total"


def _key_expression(breakdown: Breakdown, paths: dict[Breakdown, str], prefix: str = "") -> Any:
    return Value(TOTAL) if breakdown == Breakdown.NONE else F(prefix + paths[breakdown])


def _grouped(queryset: QuerySet, breakdown: Breakdown, paths: dict[Breakdown, str], prefix: str = "", **counts):
    """{key: {name: value}} from one GROUP BY query."""
    # Aliased, as a count named like a column ("response_due") would hide the column from the filters.
    aliased = {f"figure_{name}": count for name, count in counts.items()}
    rows = (
        queryset.order_by()
        .annotate(figure_key=_key_expression(breakdown, paths, prefix))
        .values("figure_key")
        .annotate(**aliased)
        .values("figure_key", *aliased)
    )
    return {row["figure_key"]: {name: row[f"figure_{name}"] for name in counts} for row in rows}


# --- the rules each count applies -------------------------------------------------------------------------
# Each takes (period, as_of) and gives a condition on Stage. Counting and listing the cases use the same one.

StageRule = Callable[[Period, datetime.date], Q]


def _ack_due(period: Period, as_of: datetime.date) -> Q:
    return performance.due_for_acknowledgement(start=period.start, end=period.end, as_of=as_of)


def _response_due(period: Period, as_of: datetime.date) -> Q:
    return performance.due_for_response(start=period.start, end=period.end, as_of=as_of)


def _responded(period: Period, as_of: datetime.date) -> Q:
    return Q(responded_on__range=period.range)


def _extended(period: Period, as_of: datetime.date) -> Q:
    # IN (subquery) rather than EXISTS: PostgreSQL hashes the period's few extensions once for the whole scan.
    told = Extension.objects.filter(resident_informed_on__range=period.range)
    return Q(pk__in=told.values("stage_id"))


def _decided(decision: str) -> StageRule:
    return lambda period, as_of: _responded(period, as_of) & Q(response__decision=decision)


def _escalated(period: Period, as_of: datetime.date) -> Q:
    # Escalated within the period: an escalation requested after it ends would move a figure already reported.
    stage_2 = Stage.objects.filter(number=2, requested_on__range=period.range)
    return _responded(period, as_of) & Q(number=1) & Q(complaint_id__in=stage_2.values("complaint_id"))


STAGE_FIGURES: dict[str, tuple[str, StageRule]] = {
    # 3.3: a high number of complaints is not a sign of poor service; the page says so.
    "received": ("Received", lambda period, as_of: Q(requested_on__range=period.range)),
    "received_stage_1": ("Received at stage 1", lambda period, as_of: Q(requested_on__range=period.range, number=1)),
    "received_stage_2": ("Escalated to stage 2", lambda period, as_of: Q(requested_on__range=period.range, number=2)),
    "acknowledgement_due": ("Acknowledgements due", _ack_due),
    "acknowledged_in_time": (
        "Acknowledged in time",
        lambda period, as_of: _ack_due(period, as_of) & performance.ACKNOWLEDGED_IN_TIME,
    ),
    "acknowledged_late": (
        "Acknowledged late or not yet",
        lambda period, as_of: _ack_due(period, as_of) & ~performance.ACKNOWLEDGED_IN_TIME,
    ),
    "response_due": ("Responses due", _response_due),
    "responded_in_time": (
        "Answered in time, as extended",
        lambda period, as_of: _response_due(period, as_of) & performance.RESPONDED_IN_TIME,
    ),
    "responded_in_time_without_extension": (
        "Answered in time, without extensions",
        lambda period, as_of: _response_due(period, as_of) & performance.RESPONDED_IN_TIME_WITHOUT_EXTENSION,
    ),
    "responded_late": (
        "Answered late or not yet",
        lambda period, as_of: _response_due(period, as_of) & ~performance.RESPONDED_IN_TIME,
    ),
    "extended": ("Extended", _extended),
    "extension_within_code": (
        "Extended within the Code",
        lambda period, as_of: _extended(period, as_of) & performance.extensions_kept_to_code(),
    ),
    "extension_beyond_code": (
        "Extended beyond the Code",
        lambda period, as_of: _extended(period, as_of) & ~performance.extensions_kept_to_code(),
    ),
    "responded": ("Responses issued", _responded),
    "upheld": ("Upheld", _decided(Decision.UPHELD)),
    "partly_upheld": ("Partly upheld", _decided(Decision.PARTLY_UPHELD)),
    "not_upheld": ("Not upheld", _decided(Decision.NOT_UPHELD)),
    "stage_1_responded": ("Stage 1 responses issued", lambda period, as_of: _responded(period, as_of) & Q(number=1)),
    "escalated": ("Escalated to stage 2", _escalated),
}
# Rules that need `stages_with_original_response_due` on the queryset.
_NEEDS_ORIGINAL_DUE = {"responded_in_time_without_extension"}


def _overdue(as_of: datetime.date) -> Q:
    # The queues' rule: open, and the deadline worked towards (Complaint.next_due) has passed.
    return Q(id__in=Complaint.objects.filter(status__in=OPEN, next_due__lt=as_of).values("id"))


COMPLAINT_FIGURES: dict[str, tuple[str, Callable[[Period, datetime.date], Q]]] = {
    "overdue": ("Overdue now", lambda period, as_of: _overdue(as_of)),
}


def _live_stage_counts(
    names: list[str], period: Period, as_of: datetime.date, breakdown: Breakdown, stages: QuerySet[Stage]
) -> dict:
    """The figures counted by their rules over those stages, as they stand on `as_of`."""
    if _NEEDS_ORIGINAL_DUE & set(names):
        stages = performance.stages_with_original_response_due(stages)
    aggregates = {name: Count("id", filter=STAGE_FIGURES[name][1](period, as_of)) for name in names}
    counted = _grouped(stages, breakdown, _STAGE_KEY, **aggregates)
    # Each count applies its own rule; the rows no rule counts only make breakdown values with nothing in them, which
    # are left out. (Filtering those rows out in SQL first evaluated every rule twice per row: slower, same answer.)
    return {key: counts for key, counts in counted.items() if any(counts.values())}


def _outstanding(period: Period) -> QuerySet[Stage]:
    """The stages the rollup leaves to live counting that an as_of rule could count in the period."""
    stages = Stage.objects.filter(rollup.MAYBE_OUTSTANDING).filter(
        Q(acknowledgement_due__range=period.range) | Q(response_due__range=period.range)
    )
    return rollup.with_settled(stages).filter(rollup_settled=False)


def _stage_counts(names: list[str], period: Period, as_of: datetime.date, breakdown: Breakdown) -> dict:
    """The rollup's counts of settled stages (reporting.rollup) and the live counts of the rest."""
    rollup.rollup_catch_up()
    parts = [
        {
            _stored_key(breakdown, key): counts
            for key, counts in rollup.rolled_counts(names, breakdown.value, *period.range).items()
        }
    ]
    outstanding = [name for name in names if rollup.ROLLED[name].settled_only]
    if outstanding:
        parts.append(_live_stage_counts(outstanding, period, as_of, breakdown, _outstanding(period)))
    by_key: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    for part in parts:
        for key, counts in part.items():
            for name, count in counts.items():
                by_key[key][name] += count
    return {key: counts for key, counts in by_key.items() if any(counts.values())}


# --- the rollup (reporting.rollup) ----------------------------------------------------------------------------

# A period holding every day, and a day after them all: the rollup evaluates a rule over every day at once.
_EVERY_DAY = Period(FIRST_DAY, datetime.date.max, "every day")
_AFTER_EVERY_DAY = datetime.date.max
# Extended counts a stage on each day an extension was told, beside the day one was told before it; escalated, a
# stage 1 on the day of its response, beside its stage 2's requested date (reporting.rollup: `since`).
_EXTENSION_TOLD = "extensions__resident_informed_on"
_TOLD_BEFORE = Subquery(
    Extension.objects.filter(stage_id=OuterRef("pk"), resident_informed_on__lt=OuterRef("rollup_day"))
    .order_by("-resident_informed_on")
    .values("resident_informed_on")[:1]
)
_STAGE_2_REQUESTED = Subquery(
    Stage.objects.filter(complaint_id=OuterRef("complaint_id"), number=2).values("requested_on")[:1]
)
_SINCE = {
    "extended": (_TOLD_BEFORE, False),
    "extension_within_code": (_TOLD_BEFORE, False),
    "extension_beyond_code": (_TOLD_BEFORE, False),
    "escalated": (_STAGE_2_REQUESTED, True),
}
# Every stage figure, and the date of the stage it is counted by.
_ROLLED_DAYS = {
    "received": "requested_on",
    "received_stage_1": "requested_on",
    "received_stage_2": "requested_on",
    "acknowledgement_due": "acknowledgement_due",
    "acknowledged_in_time": "acknowledgement_due",
    "response_due": "response_due",
    "responded_in_time": "response_due",
    "responded_in_time_without_extension": "response_due",
    "responded": "responded_on",
    "upheld": "responded_on",
    "partly_upheld": "responded_on",
    "not_upheld": "responded_on",
    "stage_1_responded": "responded_on",
    "extended": _EXTENSION_TOLD,
    "extension_within_code": _EXTENSION_TOLD,
    "extension_beyond_code": _EXTENSION_TOLD,
    "escalated": "responded_on",
}
# Their rules read as_of (a step not yet taken is late once due): only settled stages are rolled up.
_AS_OF_RULES = {
    "acknowledgement_due",
    "acknowledged_in_time",
    "response_due",
    "responded_in_time",
    "responded_in_time_without_extension",
}
_BREAKDOWN_PATHS = {breakdown.value: _key_expression(breakdown, _STAGE_KEY) for breakdown in Breakdown}
RESPONSE_WORKING_DAYS = "response_working_days"
rollup.register(
    *(
        rollup.RolledFigure(
            name=name,
            day=day,
            rule=STAGE_FIGURES[name][1](_EVERY_DAY, _AFTER_EVERY_DAY),
            breakdowns=_BREAKDOWN_PATHS,
            settled_only=name in _AS_OF_RULES,
            needs_original_due=name in _NEEDS_ORIGINAL_DUE,
            since=_SINCE.get(name, (None, False))[0],
            since_in_period=_SINCE.get(name, (None, False))[1],
        )
        for name, day in _ROLLED_DAYS.items()
    ),
    rollup.RolledFigure(
        name=RESPONSE_WORKING_DAYS,
        day="responded_on",
        rule=_responded(_EVERY_DAY, _AFTER_EVERY_DAY),
        breakdowns=_BREAKDOWN_PATHS,
        by_working_days=True,
    ),
)


def _stored_key(breakdown: Breakdown, stored: str) -> Key:
    if breakdown == Breakdown.NONE:
        return TOTAL
    if stored == "":
        return None
    return stored if breakdown == Breakdown.NATION else int(stored)


# --- the figure groups --------------------------------------------------------------------------------------


def volumes(*, period: Period, as_of: datetime.date, breakdown: Breakdown) -> dict:
    """Stages received in the period (Code 3.3: more complaints is not in itself a bad sign), by stage too."""
    received = Q(requested_on__range=period.range)
    return _grouped(
        Stage.objects.filter(received),
        breakdown,
        _STAGE_KEY,
        received=Count("id"),
        received_stage_1=Count("id", filter=Q(number=1)),
        received_stage_2=Count("id", filter=Q(number=2)),
    )


def timeliness(*, period: Period, as_of: datetime.date, breakdown: Breakdown) -> dict:
    """Code 6.2, 6.11 (acknowledgement) and 6.3, 6.14 (response), with and without extensions (6.4, 6.15)."""
    return _stage_counts(
        [
            "acknowledgement_due",
            "acknowledged_in_time",
            "response_due",
            "responded_in_time",
            "responded_in_time_without_extension",
        ],
        period,
        as_of,
        breakdown,
    )


def extensions(*, period: Period, as_of: datetime.date, breakdown: Breakdown) -> dict:
    """Stages extended in the period (the resident told of it then), and how many kept to the Code's cap or had
    a good reason approved (6.4, 6.15)."""
    return _stage_counts(["extended", "extension_within_code"], period, as_of, breakdown)


def outcomes(*, period: Period, as_of: datetime.date, breakdown: Breakdown) -> dict:
    """Decisions of the responses issued in the period, and how many stage 1 responses were escalated."""
    return _stage_counts(
        ["responded", "upheld", "partly_upheld", "not_upheld", "stage_1_responded", "escalated"],
        period,
        as_of,
        breakdown,
    )


def overdue_now(*, period: Period, as_of: datetime.date, breakdown: Breakdown) -> dict:
    """Open complaints whose acknowledgement or response is late today, whatever the period."""
    return _grouped(
        Complaint.objects.filter(_overdue(as_of)), breakdown, _COMPLAINT_KEY, overdue=Count("id", distinct=True)
    )


# --- working days to respond ---------------------------------------------------------------------------------

# Distribution bands, in working days (stage 1 is due in 10, stage 2 in 20: Code 6.3, 6.14).
BANDS = [(0, 5, "5 or fewer"), (6, 10, "6 to 10"), (11, 15, "11 to 15"), (16, 20, "16 to 20"), (21, 30, "21 to 30")]
OVER = (31, None, "More than 30")


@dataclass
class ResponseTimes:
    responses: int = 0
    total_working_days: int = 0
    bands: dict[str, int] = field(default_factory=lambda: {label: 0 for *_, label in [*BANDS, OVER]})

    @property
    def average(self) -> Decimal | None:
        if not self.responses:
            return None
        return (Decimal(self.total_working_days) / self.responses).quantize(Decimal("0.1"))

    def add(self, working_days: int, count: int) -> None:
        self.responses += count
        self.total_working_days += working_days * count
        for low, high, label in [*BANDS, OVER]:
            if working_days >= low and (high is None or working_days <= high):
                self.bands[label] += count
                break


def response_times(*, period: Period, as_of: datetime.date, breakdown: Breakdown) -> dict[Key, ResponseTimes]:
    """Working days from the start of each stage's response clock (acknowledgement, or receipt where the regime
    counts from receipt) to the response, for responses issued in the period, as stored on the stage when the
    response was recorded (complaints.services.deadlines, on the working-day calendar). One query, grouped by the
    number of days, so the average and the bands come from a few hundred rows whatever the register's size."""
    rollup.rollup_catch_up()
    rows = (
        FigureDay.objects.filter(breakdown=breakdown.value, figure=RESPONSE_WORKING_DAYS, day__range=period.range)
        .order_by()
        .values("key", "working_days")
        .annotate(count=Sum("count"))
    )
    times: dict[Key, ResponseTimes] = defaultdict(ResponseTimes)
    for row in rows:
        times[_stored_key(breakdown, row["key"])].add(row["working_days"], row["count"])
    return dict(times)


# --- refusals and remedies (not broken down: each is listed by its own reason or kind) ------------------


def refusals_by_reason(*, period: Period) -> list[dict]:
    """Complaints refused (Code 2.1) or not escalated (5.11) in the period, by reason."""
    return list(
        Refusal.objects.filter(decided_on__range=period.range)
        .order_by()
        .values("reason__code", "reason__name")
        .annotate(count=Count("id"))
        .order_by("-count", "reason__name")
    )


def remedies(*, period: Period) -> dict[str, Any]:
    """Remedies offered in the period, with a response or on their own (Code 5.13), by kind (Code 7), and the
    compensation paid in the period (financial remedies completed in it)."""
    offered = Q(offered_on__range=period.range)
    by_kind = list(
        Remedy.objects.filter(offered)
        .order_by()
        .values("kind__code", "kind__name")
        .annotate(count=Count("id"))
        .order_by("-count", "kind__name")
    )
    paid = Remedy.objects.filter(
        completed_on__range=period.range, kind__is_financial=True, amount__isnull=False
    ).aggregate(total=Coalesce(Sum("amount"), Decimal("0")), count=Count("id"))
    return {
        "offered": sum(row["count"] for row in by_kind),
        "by_kind": by_kind,
        "compensation_paid": paid["total"],
        "compensation_payments": paid["count"],
    }


# --- trends ---------------------------------------------------------------------------------------------


def trend(*, period: Period, as_of: datetime.date) -> list[dict[str, Any]]:
    """Month by month over the period: stages received, and responses due that month answered in time (as
    extended), from the rollup and the stages still outstanding. Two queries, whatever the number of months."""
    rollup.rollup_catch_up()
    months = period.months()
    monthly: dict[tuple[datetime.date, str], int] = defaultdict(int)
    rolled = (
        FigureDay.objects.filter(
            breakdown=Breakdown.NONE.value,
            figure__in=["received", "response_due", "responded_in_time"],
            day__range=period.range,
        )
        .order_by()
        .annotate(month=TruncMonth("day"))
        .values("month", "figure")
        .annotate(count=Sum("count"))
    )
    for row in rolled:
        monthly[row["month"], row["figure"]] += row["count"]
    outstanding = (
        _outstanding(period)
        .filter(_response_due(period, as_of))
        .order_by()
        .annotate(month=TruncMonth("response_due"))
        .values("month")
        .annotate(due=Count("id"), in_time=Count("id", filter=performance.RESPONDED_IN_TIME))
    )
    for row in outstanding:
        monthly[row["month"], "response_due"] += row["due"]
        monthly[row["month"], "responded_in_time"] += row["in_time"]
    points = []
    for month in months:
        first = month.start.replace(day=1)
        due, in_time = monthly[first, "response_due"], monthly[first, "responded_in_time"]
        points.append(
            {
                "period": month,
                "received": monthly[first, "received"],
                "response_due": due,
                "responded_in_time": in_time,
                "percent_in_time": percent(in_time, due),
            }
        )
    return points


# --- labels, percentages, and the cases behind a number -------------------------------------------------


def percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))


def key_labels(breakdown: Breakdown, keys: list[Key]) -> dict[Key, str]:
    """What each breakdown value is called on the page."""
    names: dict[Key, str] = {}
    if breakdown == Breakdown.NONE:
        names = {TOTAL: "All complaints"}
    elif breakdown == Breakdown.STAGE:
        names = {1: "Stage 1", 2: "Stage 2"}
    elif breakdown == Breakdown.NATION:
        names = dict(Nation.choices)
    else:
        model = {Breakdown.CATEGORY: Category, Breakdown.CHANNEL: Channel, Breakdown.TEAM: Team}[breakdown]
        names = dict(model.objects.filter(id__in=[key for key in keys if key is not None]).values_list("id", "name"))
    unset = {Breakdown.CATEGORY: "No category", Breakdown.TEAM: "No area or team"}.get(breakdown, "Not recorded")
    return {key: names.get(key, unset if key is None else str(key)) for key in keys}


def parse_key(breakdown: Breakdown, raw: str | None) -> Key:
    """A breakdown value as it comes back in a link: '' for 'not recorded'. Raises ValueError if malformed."""
    if breakdown == Breakdown.NONE or raw is None:
        return TOTAL
    if raw == "":
        return None
    if breakdown == Breakdown.NATION:
        if raw not in Nation.values:
            raise ValueError(f"{raw!r} is not a nation.")
        return raw
    return int(raw)


def cases_behind(
    *,
    figure: str,
    period: Period,
    as_of: datetime.date,
    breakdown: Breakdown = Breakdown.NONE,
    key: Key = TOTAL,
    item: str | None = None,
) -> QuerySet[Complaint]:
    """The complaints behind one number on the dashboard, from the rule that counted it. `item` is the refusal
    reason or remedy kind (their code) for those lists. Raises KeyError for an unknown figure."""
    if figure in STAGE_FIGURES:
        stages = Stage.objects.all()
        if figure in _NEEDS_ORIGINAL_DUE:
            stages = performance.stages_with_original_response_due(stages)
        stages = stages.filter(STAGE_FIGURES[figure][1](period, as_of))
        if breakdown != Breakdown.NONE:
            stages = stages.filter(**{_STAGE_KEY[breakdown]: key})
        return Complaint.objects.filter(id__in=stages.values("complaint_id"))
    if figure in COMPLAINT_FIGURES:
        complaints = Complaint.objects.filter(COMPLAINT_FIGURES[figure][1](period, as_of))
        if breakdown != Breakdown.NONE:
            complaints = complaints.filter(**{_COMPLAINT_KEY[breakdown]: key})
        return Complaint.objects.filter(id__in=complaints.values("id"))
    if figure == "refused":
        refusals = Refusal.objects.filter(decided_on__range=period.range)
        if item:
            refusals = refusals.filter(reason__code=item)
        return Complaint.objects.filter(id__in=refusals.values("complaint_id"))
    if figure == "remedy":
        offered = Remedy.objects.filter(offered_on__range=period.range)
        if item:
            offered = offered.filter(kind__code=item)
        return Complaint.objects.filter(id__in=offered.values("complaint_id"))
    if figure == "compensation_paid":
        paid = Remedy.objects.filter(completed_on__range=period.range, kind__is_financial=True, amount__isnull=False)
        return Complaint.objects.filter(id__in=paid.values("complaint_id"))
    raise KeyError(figure)


FIGURE_TITLES = {
    **{name: title for name, (title, _) in STAGE_FIGURES.items()},
    **{name: title for name, (title, _) in COMPLAINT_FIGURES.items()},
    "refused": "Refused",
    "remedy": "Remedies offered",
    "compensation_paid": "Compensation paid",
}


# --- everything on the dashboard, for the page, the API and the annual report ---------------------------


@dataclass
class Row:
    key: Key
    label: str
    counts: dict[str, Any]
    times: ResponseTimes

    def rate(self, numerator: str, denominator: str) -> Decimal | None:
        return percent(self.counts.get(numerator, 0), self.counts.get(denominator, 0))


@dataclass
class Summary:
    period: Period
    as_of: datetime.date
    breakdown: Breakdown
    rows: list[Row]
    total: Row
    refusals: list[dict]
    remedies: dict[str, Any]


COUNT_NAMES = [
    "received",
    "received_stage_1",
    "received_stage_2",
    "acknowledgement_due",
    "acknowledged_in_time",
    "response_due",
    "responded_in_time",
    "responded_in_time_without_extension",
    "extended",
    "extension_within_code",
    "overdue",
    "responded",
    "upheld",
    "partly_upheld",
    "not_upheld",
    "stage_1_responded",
    "escalated",
]

# Every stage count of the dashboard, in one scan of the stages (the group functions above ask for fewer).
SUMMARY_STAGE_COUNTS = [name for name in COUNT_NAMES if name in STAGE_FIGURES]


def summary(*, period: Period, as_of: datetime.date, breakdown: Breakdown = Breakdown.NONE) -> Summary:
    """Every figure group for the period, by the breakdown, and the total. Broken down by category, a complaint
    with two categories is in both rows, so the total is counted again rather than added up."""
    by_key: dict[Key, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(COUNT_NAMES, 0))
    for result in (
        _stage_counts(SUMMARY_STAGE_COUNTS, period, as_of, breakdown),
        overdue_now(period=period, as_of=as_of, breakdown=breakdown),
    ):
        for key, counts in result.items():
            by_key[key].update(counts)
    times = response_times(period=period, as_of=as_of, breakdown=breakdown)
    labels = key_labels(breakdown, list({*by_key, *times}))
    rows = [
        Row(key, labels[key], by_key[key], times.get(key, ResponseTimes()))
        for key in sorted({*by_key, *times}, key=lambda key: (key is None, labels[key]))
    ]
    if breakdown == Breakdown.NONE:
        total = rows[0] if rows else Row(TOTAL, "All complaints", dict.fromkeys(COUNT_NAMES, 0), ResponseTimes())
    elif breakdown == Breakdown.CATEGORY:
        total = summary(period=period, as_of=as_of).total
    else:
        counts = dict.fromkeys(COUNT_NAMES, 0)
        total_times = ResponseTimes()
        for row in rows:
            for name in COUNT_NAMES:
                counts[name] += row.counts[name]
            total_times.responses += row.times.responses
            total_times.total_working_days += row.times.total_working_days
            for band, count in row.times.bands.items():
                total_times.bands[band] += count
        total = Row(TOTAL, "All complaints", counts, total_times)
    return Summary(
        period=period,
        as_of=as_of,
        breakdown=breakdown,
        rows=rows if breakdown != Breakdown.NONE else [],
        total=total,
        refusals=refusals_by_reason(period=period),
        remedies=remedies(period=period),
    )
