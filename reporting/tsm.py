"""The Regulator of Social Housing's Tenant Satisfaction Measures on complaints, for a reporting year
(1 April to 31 March):

- CH01: stage 1 complaints, and stage 2 complaints, received per 1,000 homes;
- CH02: the proportion of stage 1 complaints, and of stage 2 complaints, responded to within the Complaint
  Handling Code's timescales.

The measures are England's (the Regulator regulates landlords of homes in England), so only complaints about homes
in England count. A complaint that escalates counts once at stage 1 and once at stage 2. Whether a response was in
time is `complaints.performance.responded_within_code_timescale`; the page `reporting/tsm.html` explains it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from complaints import performance
from complaints.models import Complaint, Home, Nation, Stage
from core.errors import WorkflowError
from core.services import require_perm
from reporting import rollup
from reporting.models import HomesCount
from reporting.periods import Period

Tenure = Home.Tenure

# The rows of each measure: the two tenures the Regulator counts homes in, and all complaints together (which
# also holds complaints recorded with no home, or a home of another tenure).
PARTS = [
    (Tenure.LOW_COST_RENTAL.value, "Low-cost rental"),
    (Tenure.LOW_COST_HOME_OWNERSHIP.value, "Low-cost home ownership"),
    ("all", "All homes"),
]
MEASURES = {"CH01", "CH02"}
CASE_LISTS = {"numerator", "denominator", "not_met"}


@dataclass(frozen=True)
class Measure:
    code: str
    stage: int
    part: str
    part_label: str
    numerator: int
    denominator: int | None

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        scale = 1000 if self.code == "CH01" else 100
        return (Decimal(scale) * self.numerator / self.denominator).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class TenantSatisfactionMeasures:
    year: int
    period: Period
    homes: HomesCount | None
    ch01: list[Measure]
    ch02: list[Measure]


def _in_scope(number: int) -> QuerySet[Stage]:
    return Stage.objects.filter(number=number, complaint__nation=Nation.ENGLAND)


def _part(stages: QuerySet[Stage], part: str) -> QuerySet[Stage]:
    return stages if part == "all" else stages.filter(complaint__home__tenure=part)


def received(period: Period) -> Q:
    """CH01: the stage began in the year (stage 1 received, or stage 2 requested)."""
    return Q(requested_on__range=period.range)


def responded(period: Period) -> Q:
    """CH02's denominator: the stage was answered in the year, as the Regulator counts it."""
    return Q(responded_on__range=period.range)


def _by_tenure(rolled: dict[str, dict[str, int]], figure: str) -> dict[str, int]:
    counts = {part: 0 for part, _ in PARTS}
    for tenure, figures in rolled.items():
        counts["all"] += figures[figure]
        if tenure in counts:
            counts[tenure] += figures[figure]
    return counts


# The rollup (reporting.rollup) counts each measure's stages by day and tenure: received by the day the stage began,
# answered (and in time) by the day of the response. Neither reads the day it is counted on, so every stage is
# rolled up and none is counted live.
_ENGLAND_TENURE = "england_tenure"
_EVERY_DAY = Period(datetime.date(2000, 1, 1), datetime.date.max, "every day")
_ROLLED = {
    **{f"received_{stage}": ("requested_on", Q(number=stage) & received(_EVERY_DAY), False) for stage in (1, 2)},
    **{f"responded_{stage}": ("responded_on", Q(number=stage) & responded(_EVERY_DAY), False) for stage in (1, 2)},
    **{
        f"in_time_{stage}": (
            "responded_on",
            Q(number=stage) & responded(_EVERY_DAY) & performance.responded_within_code_timescale(),
            True,
        )
        for stage in (1, 2)
    },
}
rollup.register(
    *(
        rollup.RolledFigure(
            name=f"tsm_{name}",
            day=day,
            rule=Q(complaint__nation=Nation.ENGLAND) & rule,
            breakdowns={_ENGLAND_TENURE: F("complaint__home__tenure")},
            needs_original_due=needs_original_due,
        )
        for name, (day, rule, needs_original_due) in _ROLLED.items()
    )
)


def measures(*, year: int) -> TenantSatisfactionMeasures:
    """CH01 and CH02 for the reporting year starting 1 April `year`: two queries, whatever the register's size."""
    period = Period.reporting_year(year)
    homes = HomesCount.objects.filter(year=year).first()
    rollup.rollup_catch_up()
    rolled = rollup.rolled_counts([f"tsm_{name}" for name in _ROLLED], _ENGLAND_TENURE, *period.range)
    homes_in = {
        Tenure.LOW_COST_RENTAL.value: homes.low_cost_rental if homes else None,
        Tenure.LOW_COST_HOME_OWNERSHIP.value: homes.low_cost_home_ownership if homes else None,
        "all": homes.total if homes else None,
    }
    ch01, ch02 = [], []
    for stage in (1, 2):
        counted = _by_tenure(rolled, f"tsm_received_{stage}")
        answered = _by_tenure(rolled, f"tsm_responded_{stage}")
        in_time = _by_tenure(rolled, f"tsm_in_time_{stage}")
        for part, label in PARTS:
            ch01.append(Measure("CH01", stage, part, label, counted[part], homes_in[part]))
            ch02.append(Measure("CH02", stage, part, label, in_time[part], answered[part]))
    return TenantSatisfactionMeasures(year=year, period=period, homes=homes, ch01=ch01, ch02=ch02)


def measure_cases(*, year: int, code: str, stage: int, part: str, which: str) -> QuerySet[Complaint]:
    """The complaints behind a measure: its numerator, its denominator, or (CH02) those answered late.
    Raises ValueError for a measure, stage, part or list that does not exist."""
    if code not in MEASURES or stage not in (1, 2) or part not in dict(PARTS) or which not in CASE_LISTS:
        raise ValueError("No such measure.")
    if code == "CH01" and which != "numerator":
        raise ValueError("CH01's denominator is the number of homes, not cases.")
    period = Period.reporting_year(year)
    stages = _part(_in_scope(stage), part)
    if code == "CH01":
        stages = stages.filter(received(period))
    else:
        stages = performance.stages_with_original_response_due(stages.filter(responded(period)))
        rule = performance.responded_within_code_timescale()
        if which == "numerator":
            stages = stages.filter(rule)
        elif which == "not_met":
            stages = stages.exclude(rule)
    return Complaint.objects.filter(id__in=stages.values("complaint_id"))


@transaction.atomic
def homes_count_save(*, actor: Any, year: int, low_cost_rental: int, low_cost_home_ownership: int) -> HomesCount:
    """Record (or correct) the number of homes for a reporting year."""
    require_perm(actor, "reporting.record_homes", None, "Only an administrator or the senior lead records homes.")
    if year < 2000:
        raise WorkflowError("Give the year the reporting year starts, such as 2025.", field="year")
    # The TSM page keeps its figures a few minutes (reporting.panels.cached_figures): new homes show at once.
    cache.delete(f"dashboard:{cache_key(year, timezone.localdate())}")
    homes, _ = HomesCount.objects.update_or_create(
        year=year,
        defaults={
            "low_cost_rental": low_cost_rental,
            "low_cost_home_ownership": low_cost_home_ownership,
            "recorded_by": actor,
        },
    )
    return homes


def cache_key(year: int, today: datetime.date) -> str:
    return f"tsm:{year}:{today}"
