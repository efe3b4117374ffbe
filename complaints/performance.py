"""Did we do what the Code asks, when it asks? The one place that decides, from the stored stage dates, whether
a stage was acknowledged or answered within the Code's timescales, and which cases lie behind each count.

The self-assessment's live figures, the dashboards and the Regulator's figures all read these selectors, so a
case counts the same way everywhere. Nothing here does date arithmetic: the due dates were set by
`complaints.services.deadlines` on the working-day calendar, and the rules compare against them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from complaints.models import (
    Complaint,
    ContactRestriction,
    Correspondence,
    Extension,
    ReasonableAdjustment,
    Refusal,
    Regime,
    Remedy,
    Stage,
)
from complaints.services.workflow import stage_1_handlers

Status = Complaint.Status

# Code 6.2, 6.11: acknowledged, defined and logged on or before the day it was due.
ACKNOWLEDGED_IN_TIME = Q(acknowledged_on__isnull=False, acknowledged_on__lte=F("acknowledgement_due"))
# Code 6.3, 6.14 with any extensions granted (6.4, 6.15): answered on or before the due date as extended.
RESPONDED_IN_TIME = Q(responded_on__isnull=False, responded_on__lte=F("response_due"))
# The same, against the due date before any extension: needs `stages_with_original_response_due`.
RESPONDED_IN_TIME_WITHOUT_EXTENSION = Q(responded_on__isnull=False, responded_on__lte=F("original_response_due"))


@dataclass(frozen=True)
class CaseRef:
    id: int
    reference: str


@dataclass(frozen=True)
class Tally:
    """Cases that met a rule and cases that did not. The denominator is all of them."""

    met: tuple[CaseRef, ...]
    not_met: tuple[CaseRef, ...]

    @property
    def numerator(self) -> int:
        return len(self.met)

    @property
    def denominator(self) -> int:
        return len(self.met) + len(self.not_met)


def _tally(rows: Iterable[tuple[bool, CaseRef]]) -> Tally:
    met, not_met = [], []
    for passed, ref in rows:
        (met if passed else not_met).append(ref)
    return Tally(met=tuple(met), not_met=tuple(not_met))


def _stages(number: int | None, regime: Regime | None) -> QuerySet[Stage]:
    """Stages at one stage number, or at both when `number` is None (the dashboards count a complaint that
    escalates once at each stage)."""
    stages = Stage.objects.all() if number is None else Stage.objects.filter(number=number)
    stages = stages.select_related("complaint", "regime_stage")
    return stages.filter(complaint__regime=regime) if regime else stages


def due_for_acknowledgement(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> Q:
    """Stages whose acknowledgement fell due in the period: acknowledged, or not acknowledged and now late.
    A complaint refused or withdrawn before it was acknowledged was never due one, nor was a stage moved to stage 2
    (SPSO) on or before the day it was due."""
    return (
        Q(acknowledgement_due__range=(start, end))
        & (Q(acknowledged_on__isnull=False) | Q(acknowledgement_due__lt=as_of))
        & ~Q(acknowledged_on__isnull=True, complaint__status__in=[Status.REFUSED, Status.WITHDRAWN])
        & ~Q(acknowledged_on__isnull=True, moved_to_investigation_on__lte=F("acknowledgement_due"))
    )


def due_for_response(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> Q:
    """Stages whose response fell due in the period (as extended): answered, or unanswered and now late.
    A complaint refused or withdrawn before its response was never due one, nor was a frontline stage moved to
    investigation (SPSO) on or before the day it was due; one moved after that was answered late at frontline."""
    return (
        Q(response_due__range=(start, end))
        & (Q(responded_on__isnull=False) | Q(response_due__lt=as_of))
        & ~Q(responded_on__isnull=True, complaint__status__in=[Status.REFUSED, Status.WITHDRAWN])
        & ~Q(responded_on__isnull=True, moved_to_investigation_on__lte=F("response_due"))
    )


def _ref(stage: Stage) -> CaseRef:
    return CaseRef(stage.complaint_id, stage.complaint.reference)


def stages_due_for_acknowledgement(
    *,
    number: int | None,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
    regime: Regime | None = None,
) -> QuerySet[Stage]:
    return (
        _stages(number, regime)
        .filter(due_for_acknowledgement(start=start, end=end, as_of=as_of))
        .order_by("acknowledgement_due", "id")
    )


def acknowledgement_tally(
    *, number: int, start: datetime.date, end: datetime.date, as_of: datetime.date, regime: Regime | None = None
) -> Tally:
    """Code 6.2 (stage 1) and 6.11 (stage 2)."""
    stages = stages_due_for_acknowledgement(number=number, start=start, end=end, as_of=as_of, regime=regime)
    in_time = set(stages.filter(ACKNOWLEDGED_IN_TIME).values_list("id", flat=True))
    return _tally((stage.id in in_time, _ref(stage)) for stage in stages)


def stages_with_original_response_due(stages: QuerySet[Stage]) -> QuerySet[Stage]:
    """Annotate `original_response_due`: the due date before the first extension moved it."""
    first_extension = Extension.objects.filter(stage=OuterRef("pk")).order_by("created_at", "id")
    # Only an extended stage has an extension to look up: counting many stages, the rest skip the subquery.
    return stages.annotate(
        original_response_due=Case(
            When(extension_days=0, then=F("response_due")),
            default=Coalesce(Subquery(first_extension.values("previous_due")[:1]), F("response_due")),
        )
    )


def stages_due_for_response(
    *,
    number: int | None,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
    regime: Regime | None = None,
) -> QuerySet[Stage]:
    return (
        _stages(number, regime)
        .filter(due_for_response(start=start, end=end, as_of=as_of))
        .order_by("response_due", "id")
    )


def response_tally(
    *,
    number: int | None,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
    with_extensions: bool,
    regime: Regime | None = None,
) -> Tally:
    """Code 6.3 (stage 1) and 6.14 (stage 2): within the Code's timescale, or within it as extended."""
    stages = stages_with_original_response_due(
        stages_due_for_response(number=number, start=start, end=end, as_of=as_of, regime=regime)
    )
    rule = RESPONDED_IN_TIME if with_extensions else RESPONDED_IN_TIME_WITHOUT_EXTENSION
    in_time = set(stages.filter(rule).values_list("id", flat=True))
    return _tally((stage.id in in_time, _ref(stage)) for stage in stages)


def extension_within_code(stage: Stage) -> bool:
    """Code 6.4, 6.15: no more than the cap without good reason, and any beyond it approved with that reason;
    and each told to the resident by the day the response was then due (see `extensions_kept_to_code`)."""
    if any(extension.resident_informed_on > extension.previous_due for extension in stage.extensions.all()):
        return False
    if stage.extension_days <= stage.regime_stage.extension_cap:
        return True
    beyond = [extension for extension in stage.extensions.all() if extension.beyond_cap]
    return bool(beyond) and all(extension.good_reason.strip() and extension.approved_by_id for extension in beyond)


def extensions_kept_to_code() -> Q:
    """`extension_within_code` in SQL, for counting many stages at once, plus one more condition for the
    Regulator's CH02: each extension was told to the resident on or before the day the response was then due.
    Code 6.4, 6.15 ask the landlord to decide on an extension and inform the resident of the new timescale; an
    extension recorded after the deadline had passed does not make a late response timely. A stage with no
    extension passes."""
    unapproved_beyond_cap = Extension.objects.filter(stage=OuterRef("pk"), beyond_cap=True).filter(
        Q(good_reason__regex=r"^\s*$") | Q(approved_by__isnull=True)
    )
    told_late = Extension.objects.filter(stage=OuterRef("pk"), resident_informed_on__gt=F("previous_due"))
    beyond_cap_with_reason = Exists(Extension.objects.filter(stage=OuterRef("pk"), beyond_cap=True)) & ~Exists(
        unapproved_beyond_cap
    )
    return Q(extension_days=0) | (
        (Q(extension_days__lte=F("regime_stage__extension_cap")) | beyond_cap_with_reason) & ~Exists(told_late)
    )


def responded_within_code_timescale() -> Q:
    """The Regulator's CH02: answered by the due date before any extension, or by the due date as extended when
    every extension kept to the Code (`extensions_kept_to_code`). Needs `stages_with_original_response_due`."""
    return RESPONDED_IN_TIME & (extensions_kept_to_code() | RESPONDED_IN_TIME_WITHOUT_EXTENSION)


def extended_stages(
    *, number: int | None, start: datetime.date, end: datetime.date, regime: Regime | None = None
) -> QuerySet[Stage]:
    """Stages with an extension the resident was told about in the period."""
    in_period = Extension.objects.filter(stage=OuterRef("pk"), resident_informed_on__range=(start, end))
    return _stages(number, regime).filter(Exists(in_period)).prefetch_related("extensions").order_by("id")


def extension_tally(*, number: int, start: datetime.date, end: datetime.date, regime: Regime | None = None) -> Tally:
    return _tally(
        (extension_within_code(stage), _ref(stage))
        for stage in extended_stages(number=number, start=start, end=end, regime=regime)
    )


def extension_ombudsman_details_tally(
    *, number: int, start: datetime.date, end: datetime.date, regime: Regime | None = None
) -> Tally:
    """Code 6.5, 6.16: every extension told to the resident came with the Ombudsman's contact details."""
    extensions = Extension.objects.filter(stage__number=number, resident_informed_on__range=(start, end))
    if regime:
        extensions = extensions.filter(stage__complaint__regime=regime)
    extensions = extensions.select_related("stage__complaint").order_by("resident_informed_on", "id")
    return _tally(
        (extension.ombudsman_details_given, CaseRef(extension.stage.complaint_id, extension.stage.complaint.reference))
        for extension in extensions
    )


def reviewer_handled_stage_1(stage_2: Stage) -> bool:
    """Code 6.13: the stage 2 reviewer is someone who considered the complaint at stage 1."""
    return stage_2.handler_id in stage_1_handlers(stage_2.complaint)


def reviewer_independence_tally(*, start: datetime.date, end: datetime.date, regime: Regime | None = None) -> Tally:
    """Stage 2 reviews requested in the period with a reviewer assigned: met when the reviewer did not
    consider the complaint at stage 1 (Code 6.13)."""
    stages = _stages(2, regime).filter(requested_on__range=(start, end), handler__isnull=False).order_by("id")
    return _tally((not reviewer_handled_stage_1(stage), _ref(stage)) for stage in stages)


def refusal_explained(refusal: Refusal, letter_sent: bool) -> bool:
    """Code 2.1, 2.4, 5.11: the reasons and evidence are recorded and the resident was written to."""
    return bool(refusal.explanation.strip() and refusal.evidence.strip()) and letter_sent


def refusal_tally(*, start: datetime.date, end: datetime.date, regime: Regime | None = None) -> Tally:
    letter = Correspondence.objects.filter(
        complaint=OuterRef("complaint"),
        stage=OuterRef("stage__number"),
        direction=Correspondence.Direction.OUTGOING,
        party__in=[Correspondence.Party.RESIDENT, Correspondence.Party.REPRESENTATIVE],
        occurred_on__gte=OuterRef("decided_on"),
    )
    refusals = Refusal.objects.filter(decided_on__range=(start, end))
    if regime:
        refusals = refusals.filter(complaint__regime=regime)
    refusals = refusals.annotate(letter_sent=Exists(letter)).select_related("complaint").order_by("decided_on", "id")
    return _tally(
        (refusal_explained(refusal, refusal.letter_sent), CaseRef(refusal.complaint_id, refusal.complaint.reference))
        for refusal in refusals
    )


def remedy_tally(
    *, start: datetime.date, end: datetime.date, as_of: datetime.date, regime: Regime | None = None
) -> Tally:
    """Code 7.3: remedies due in the period, completed by the date the resident was told."""
    remedies = Remedy.objects.filter(due_on__range=(start, end)).filter(
        Q(completed_on__isnull=False) | Q(due_on__lt=as_of)
    )
    if regime:
        remedies = remedies.filter(complaint__regime=regime)
    remedies = remedies.select_related("complaint").order_by("due_on", "id")
    return _tally(
        (
            remedy.completed_on is not None and remedy.completed_on <= remedy.due_on,
            CaseRef(remedy.complaint_id, remedy.complaint.reference),
        )
        for remedy in remedies
    )


def _review_tally(items: QuerySet, as_of: datetime.date, label: str) -> Tally:
    active = items.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)).order_by("id")
    # Only the record's own number: the list is special-category data, and its reader may lack the right to see it.
    return _tally((item.review_due >= as_of, CaseRef(item.id, f"{label} {item.id}")) for item in active)


def adjustment_review_tally(*, as_of: datetime.date) -> Tally:
    """Code 5.10: reasonable adjustments in place on the day, none overdue for its review."""
    return _review_tally(ReasonableAdjustment.objects.filter(agreed_on__lte=as_of), as_of, "Adjustment")


def restriction_review_tally(*, as_of: datetime.date) -> Tally:
    """Code 5.14: contact restrictions in place on the day, none overdue for its review."""
    return _review_tally(ContactRestriction.objects.filter(starts_on__lte=as_of), as_of, "Restriction")
