"""The Code's two-stage workflow: every action a complaint can take, each one function.

Each action runs in one transaction, locks the complaint row, re-checks its guard under the lock (so two
people acting at once cannot both succeed), checks the version the person acting last saw, writes the change
and a timeline event, and raises `WorkflowError` with a reason in the Code's terms when it is not allowed."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import F
from django.utils import timezone

from complaints.data_protection import resident_is_anonymised
from complaints.models import (
    CaseEvent,
    Category,
    Channel,
    Complaint,
    Decision,
    DefinitionPoint,
    Extension,
    Home,
    LetterKind,
    Nation,
    NationRegime,
    OutstandingAction,
    PointDecision,
    Refusal,
    RefusalReason,
    Remedy,
    RemedyKind,
    Representative,
    Resident,
    Response,
    ServiceRequest,
    Stage,
)
from complaints.postcodes import postcode_normalise
from complaints.services.base import (
    assigned,
    check_date,
    current_stage,
    lock_complaint,
    record_event,
    save_transition,
)
from complaints.services.deadlines import response_working_days, stage_refresh_due_dates, stage_start
from complaints.services.letters import letter_kind_for, letter_write
from complaints.services.record import remedy_check
from complaints.services.regimes import time_limit_note
from core import roles
from core.errors import WorkflowError
from core.services import format_date, next_reference, require_perm, service_action

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = Complaint.Status

# The states each action may start from. The guards below add what a state alone cannot say.
ALLOWED_FROM: dict[str, set[str]] = {
    "define": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "acknowledge": {Status.AWAITING_ACKNOWLEDGEMENT},
    "extend": {Status.IN_PROGRESS},
    "respond": {Status.IN_PROGRESS},
    "escalate": {Status.RESPONDED, Status.CLOSED},
    "move_to_investigation": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "accept_out_of_time": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "assign_reviewer": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "assign": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "categorise": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "refuse": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "withdraw": {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS},
    "close": {Status.RESPONDED},
    "reopen": {Status.CLOSED, Status.REFUSED, Status.WITHDRAWN},
}

# Why an action is not allowed from a state, in words a complaints officer recognises.
NOT_ALLOWED_BECAUSE: dict[str, str] = {
    Status.AWAITING_ACKNOWLEDGEMENT: "the complaint has not been acknowledged and defined yet (Code 5.6, 6.2)",
    Status.IN_PROGRESS: "the complaint is still being investigated and has had no response at this stage",
    Status.RESPONDED: "the response at this stage has already been issued",
    Status.CLOSED: "the complaint is closed",
    Status.REFUSED: "the complaint was refused (Code section 2); reopen it first if that decision has changed",
    Status.WITHDRAWN: "the resident withdrew the complaint; reopen it first",
}

ACTION_NAMES = {
    "define": "record the complaint definition",
    "acknowledge": "acknowledge the complaint",
    "extend": "extend the response time",
    "respond": "issue a response",
    "escalate": "escalate to stage 2",
    "move_to_investigation": "move the complaint to stage 2",
    "accept_out_of_time": "accept the complaint after the time limit",
    "assign_reviewer": "assign a stage 2 reviewer",
    "assign": "assign or reassign the complaint",
    "categorise": "change the categories",
    "refuse": "refuse the complaint",
    "withdraw": "withdraw the complaint",
    "close": "close the complaint",
    "reopen": "reopen the complaint",
}


@dataclass(frozen=True)
class PointInput:
    point: str
    outcome_sought: str
    landlord_responsible: bool = True
    responsibility_note: str = ""


@dataclass(frozen=True)
class PointDecisionInput:
    position: int
    decision: str
    reason: str


@dataclass(frozen=True)
class RemedyInput:
    kind: str
    description: str
    due_on: datetime.date
    amount: Decimal | None = None
    agreed_with_resident: bool = False
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class ActionInput:
    description: str
    due_on: datetime.date
    owner_id: int | None = None


@dataclass(frozen=True)
class ResidentInput:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    preferred_contact: str = ""


def stage_1_handlers(complaint: Complaint) -> set[int]:
    """Who handled stage 1: never eligible to review stage 2 (Code 6.13). The 6.13 self-assessment figure uses this
    too, so both answer the question the same way."""
    stage_1 = complaint.stages.filter(number=1).first()
    if stage_1 is None:
        # Logged at stage 2 (SPSO, seed 003 §24): nobody handled a stage 1.
        return set()
    # Everyone who ever handled it, not only the last: someone it was reassigned from considered it too. The
    # stage's audited history (pghistory) holds each handler it had.
    history = apps.get_model("complaints", "StageEvent")._default_manager
    handlers = set(history.filter(pgh_obj_id=stage_1.pk).values_list("handler_id", flat=True))
    handlers.add(stage_1.handler_id)
    response = Response.objects.filter(stage=stage_1).first()
    if response:
        handlers.add(response.responded_by_id)
    return {pk for pk in handlers if pk}


def _state_reason(complaint: Complaint, action: str) -> str | None:
    if complaint.status not in ALLOWED_FROM[action]:
        return f"You cannot {ACTION_NAMES[action]} now: {NOT_ALLOWED_BECAUSE[complaint.status]}."
    return None


def _escalate_reason(complaint: Complaint) -> str | None:
    if complaint.stage == 2:
        return (
            "The complaint is already at stage 2, the landlord's final stage: there is no third stage (Code 5.3, "
            f"6.20). The resident can refer it to {complaint.regime.ombudsman_name}."
        )
    if complaint.status not in ALLOWED_FROM["escalate"] or current_stage(complaint).responded_on is None:
        return (
            "A complaint can be escalated to stage 2 only after the stage 1 response has been issued (Code 6.10): "
            f"{NOT_ALLOWED_BECAUSE[complaint.status]}."
        )
    return None


def _move_reason(complaint: Complaint) -> str | None:
    regime = complaint.regime
    if not regime.may_move_to_investigation:
        return (
            f"Under the {regime.name} every complaint has its stage 1 response before stage 2 (Code 5.2, 5.3, 6.10): "
            "it can be escalated once the stage 1 response has been issued."
        )
    if complaint.stage == 2:
        return "The complaint is already at stage 2."
    return _state_reason(complaint, "move_to_investigation")


def _accept_out_of_time_reason(complaint: Complaint) -> str | None:
    if not complaint.raised_out_of_time():
        return (
            "The complaint was not recorded as raised after the time limit: there is nothing to accept it despite "
            "(Code 2.3)."
        )
    if complaint.time_limit_waived_because:
        return "The complaint has already been accepted under special circumstances."
    return _state_reason(complaint, "accept_out_of_time")


def _assign_reviewer_reason(complaint: Complaint) -> str | None:
    if complaint.stage != 2:
        return "A reviewer is assigned once the complaint has been escalated to stage 2."
    return _state_reason(complaint, "assign_reviewer")


def _refuse_reason(complaint: Complaint) -> str | None:
    reason = _state_reason(complaint, "refuse")
    if reason is None and current_stage(complaint).acknowledged_on:
        return (
            "This complaint has already been accepted and acknowledged at this stage; it cannot now be refused. "
            "Respond to it instead."
        )
    return reason


# What the state alone cannot say: the stage, and whether the stage was acknowledged or answered.
_BEYOND_THE_STATE = {
    "escalate": _escalate_reason,
    "move_to_investigation": _move_reason,
    "accept_out_of_time": _accept_out_of_time_reason,
    "assign_reviewer": _assign_reviewer_reason,
    "refuse": _refuse_reason,
}


def why_not_now(complaint: Complaint, action: str) -> str | None:
    """Why the action (a key of ALLOWED_FROM) cannot be taken in the complaint's current state, in the Code's
    terms; None when it can. The services raise this reason under the row lock; the pages use it to offer only
    what can be done now, so both give the same answer."""
    beyond = _BEYOND_THE_STATE.get(action)
    return beyond(complaint) if beyond else _state_reason(complaint, action)


def _guard(complaint: Complaint, action: str) -> None:
    reason = why_not_now(complaint, action)
    if reason:
        raise WorkflowError(reason, field=None)


# --- logging ------------------------------------------------------------------------------------------


def _check_nation(nation: str | None) -> None:
    if nation and nation not in Nation.values:
        raise WorkflowError(
            f"There is no nation called {nation!r}: choose England, Wales, Scotland or Northern Ireland.",
            field="nation",
        )


@service_action
def resident_create(*, actor: User, details: ResidentInput, nation: str | None) -> Resident:
    require_perm(actor, "complaints.log_complaint", None, "Your role cannot record residents.")
    _check_nation(nation)
    home = None
    if details.address or details.postcode:
        if not nation:
            raise WorkflowError("Say which nation the home is in.", field="nation")
        home = Home.objects.create(
            address=details.address, postcode=postcode_normalise(details.postcode), nation=nation
        )
    return Resident.objects.create(
        name=details.name,
        email=details.email,
        phone=details.phone,
        home=home,
        preferred_contact=details.preferred_contact,
    )


@service_action
def complaint_log(
    *,
    actor: User,
    resident: Resident,
    received_on: datetime.date,
    channel: Channel,
    summary: str,
    nation: str | None = None,
    representative: Representative | None = None,
    categories: Iterable[Category] = (),
    service_request: ServiceRequest | None = None,
    submission_token: uuid.UUID | None = None,
    stage_2_reason: str = "",
    first_knew_on: datetime.date | None = None,
    time_limit_waived_because: str = "",
) -> Complaint:
    """Log a complaint received through any channel (Code 3.2). Starts stage 1 and its clock (6.2); or, given
    `stage_2_reason`, stage 2 at once where the regime allows it: a serious, high-risk or complex complaint "should
    normally be handled immediately at stage 2" in Scotland (seed 003 §24). Under the Housing Ombudsman Code every
    complaint starts at stage 1 (Code 5.2, 5.3), and that is refused.

    `first_knew_on` starts the regime's time limit to complain (Code 2.3: 12 months; seed 003 §16: 6 in Scotland).
    A complaint raised after it is still logged: refusing it is a decision of its own, case by case (2.1, 2.5). With
    `time_limit_waived_because`, the landlord accepts it under special circumstances.

    `submission_token` comes from the public form: a second complaint with the same token is refused by the
    database (IntegrityError), so a double-submitted form cannot make two complaints."""
    require_perm(actor, "complaints.log_complaint", None, "Your role cannot log complaints.")
    if resident_is_anonymised(resident):
        # Their details are gone (retention): a new complaint from the same person is recorded against a new resident.
        raise WorkflowError(
            "This resident's details were removed under the retention policy. Record the person as a new resident.",
            field="resident",
        )
    if not summary.strip():
        raise WorkflowError("Describe the complaint as the resident made it.", field="summary")
    check_date(received_on, "received_on", "date the complaint was received")
    if first_knew_on is not None:
        check_date(first_knew_on, "first_knew_on", "date the resident first knew of the problem")
        if first_knew_on > received_on:
            raise WorkflowError(
                "The resident cannot have first known of the problem after complaining about it.",
                field="first_knew_on",
            )
    _check_nation(nation)
    if nation and resident.home and resident.home.nation != nation:
        raise WorkflowError(
            f"The resident's home is in {resident.home.get_nation_display()}, not "
            f"{Nation(nation).label}: the nation of the home decides the working days and the rules that apply.",
            field="nation",
        )
    nation = nation or (resident.home.nation if resident.home else None)
    if not nation:
        raise WorkflowError("Say which nation the resident's home is in: it decides the working days.", field="nation")
    if representative and representative.resident_id != resident.pk:
        raise WorkflowError("That representative does not act for this resident.", field="representative")
    regime = NationRegime.objects.select_related("regime").get(nation=nation).regime
    stage_2_reason = stage_2_reason.strip()
    if stage_2_reason:
        require_perm(
            actor,
            "complaints.handle_complaint",
            None,
            "Only a complaints officer or senior manager can decide that a complaint starts at stage 2.",
        )
        if not regime.may_move_to_investigation:
            raise WorkflowError(
                f"Under the {regime.name} every complaint starts at stage 1 (Code 5.2, 5.3): it can be escalated "
                "to stage 2 once the stage 1 response has been issued.",
                field="stage_2_reason",
            )
    time_limit_waived_because = time_limit_waived_because.strip()
    if time_limit_waived_because:
        require_perm(
            actor,
            "complaints.handle_complaint",
            None,
            "Only a complaints officer or senior manager can accept a complaint raised after the time limit.",
        )
    number = 2 if stage_2_reason else 1
    complaint = Complaint.objects.create(
        reference=next_reference("complaints_complaint_reference_seq", Complaint.REFERENCE_PREFIX),
        resident=resident,
        representative=representative,
        home=resident.home,
        nation=nation,
        regime=regime,
        channel=channel,
        summary=summary,
        received_on=received_on,
        service_request=service_request,
        logged_by=actor,
        submission_token=submission_token,
        first_knew_on=first_knew_on,
        time_limit_waived_because=time_limit_waived_because,
    )
    if time_limit_waived_because and not complaint.raised_out_of_time():
        raise WorkflowError(_nothing_to_waive(complaint), field="time_limit_waived_because")
    # Added, not set: a new complaint has none to compare with, and adding needs no read of them first.
    complaint.categories.add(*categories)
    stage = stage_start(
        complaint=complaint,
        number=number,
        regime_stage=regime.stage(number),
        requested_on=received_on,
        investigation_reason=stage_2_reason,
    )
    complaint.stage = number
    complaint.current_stage = stage
    complaint.status = _opening_status(stage)
    complaint.save(update_fields=["stage", "current_stage", "status"])
    source = f" from service request {service_request.reference}" if service_request else ""
    at_stage_2 = (
        f" Handled at {stage.regime_stage.name.lower()} (stage 2) from the start, as serious, high-risk or complex: "
        f"{stage_2_reason} {_stage_2_dates(stage)}"
        if stage_2_reason
        else ""
    )
    record_event(
        complaint,
        CaseEvent.Kind.LOGGED,
        f"Complaint received by {channel.name.lower()}{source}.{at_stage_2}{time_limit_note(complaint)}",
        actor,
        to_status=complaint.status,
    )
    return complaint


def _nothing_to_waive(complaint: Complaint) -> str:
    if complaint.first_knew_on is None:
        return "Record when the resident first knew of the problem: the time limit runs from then (Code 2.3)."
    return (
        f"The complaint was raised within the time limit, which ran to {format_date(complaint.time_limit_ends_on())}: "
        "there are no special circumstances to record."
    )


@service_action
def complaint_accept_out_of_time(
    *, actor: User, complaint: Complaint | int, because: str, expected_version: int | None = None
) -> Complaint:
    """Accept a complaint raised after the time limit because of special circumstances, such as serious illness or
    a recent bereavement (Code 2.3; seed 003 §16, §18). Why is kept on the complaint for those who see
    special-category data; the timeline says only that it was accepted."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(
        actor,
        "complaints.handle_complaint",
        complaint,
        "Only a complaints officer or senior manager can accept a complaint raised after the time limit.",
    )
    _guard(complaint, "accept_out_of_time")
    if not because.strip():
        raise WorkflowError(
            "Record the special circumstances for accepting the complaint after the time limit (Code 2.3).",
            field="because",
        )
    complaint.time_limit_waived_because = because.strip()
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.TIME_LIMIT_WAIVED,
        description=f"Accepted under special circumstances, although raised after the time limit that ended on "
        f"{format_date(complaint.time_limit_ends_on())} (Code 2.3).",
        actor=actor,
        extra_fields=["time_limit_waived_because"],
    )
    return complaint


@service_action
def complaint_raise_from_service_request(
    *, actor: User, service_request: ServiceRequest, summary: str, received_on: datetime.date, channel: Channel
) -> Complaint:
    """The resident is unhappy with how a service request is handled (Code 1.5). The request stays open."""
    return complaint_log(
        actor=actor,
        resident=service_request.resident,
        received_on=received_on,
        channel=channel,
        summary=summary,
        nation=service_request.home.nation if service_request.home else None,
        categories=[service_request.category] if service_request.category else [],
        service_request=service_request,
    )


# --- stage actions ------------------------------------------------------------------------------------


# Added points are parked above any real position while the new definition takes positions 1, 2, ...
ADDED_POINTS_PARKING = 1000


def _write_definition(stage: Stage, points: list[PointInput]) -> None:
    if not points:
        raise WorkflowError(
            "Set out the complaint definition: at least one point, with the outcome the resident seeks (Code 5.6).",
            field="definition",
        )
    for position, item in enumerate(points, start=1):
        if not item.point.strip() or not item.outcome_sought.strip():
            raise WorkflowError(
                f"Point {position} needs both what the complaint is about and the outcome the resident seeks "
                "(Code 5.6).",
                field="definition",
            )
        if not item.landlord_responsible and not item.responsibility_note.strip():
            raise WorkflowError(
                f"Point {position} is marked as not our responsibility: say who is responsible, so the resident "
                "knows (Code 5.7).",
                field="definition",
            )
    # The definition proper is superseded, not deleted, so the record shows what was first agreed; points added
    # during the investigation (Code 6.8) are kept and move after the new points.
    stage.definition.filter(added_on__isnull=True).update(superseded_at=timezone.now())
    added = list(stage.definition.filter(added_on__isnull=False).order_by("position"))
    # Out of the way of the new positions first: the current positions are unique.
    stage.definition.filter(added_on__isnull=False).update(position=F("position") + ADDED_POINTS_PARKING)
    for position, item in enumerate(points, start=1):
        DefinitionPoint.objects.create(
            stage=stage,
            position=position,
            point=item.point,
            outcome_sought=item.outcome_sought,
            landlord_responsible=item.landlord_responsible,
            responsibility_note=item.responsibility_note,
        )
    for position, point in enumerate(added, start=len(points) + 1):
        point.position = position
        point.save(update_fields=["position", "updated_at"])


@service_action
def complaint_define(
    *, actor: User, complaint: Complaint | int, points: list[PointInput], expected_version: int | None = None
) -> Complaint:
    """Record or revise the complaint definition before the response (Code 5.6), without acknowledging."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.acknowledge_complaint", complaint, "Your role cannot define complaints.")
    _guard(complaint, "define")
    stage = current_stage(complaint)
    _write_definition(stage, points)
    if stage.number == 1 and stage.handler_id is None:
        stage.handler = actor
        stage.save(update_fields=["handler", "updated_at"])
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.DEFINED,
        description=f"Complaint definition recorded with {len(points)} point(s).",
        actor=actor,
    )
    return complaint


@service_action
def complaint_acknowledge(
    *,
    actor: User,
    complaint: Complaint | int,
    acknowledged_on: datetime.date,
    points: list[PointInput],
    reviewer: User | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Acknowledge, define and log the complaint at its current stage (Code 6.2, 6.11, 5.6, 5.7)."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.acknowledge_complaint", complaint, "Your role cannot acknowledge complaints.")
    _guard(complaint, "acknowledge")
    stage = current_stage(complaint)
    check_date(
        acknowledged_on,
        "acknowledged_on",
        "acknowledgement date",
        not_before=stage.clock_started_on,
        not_before_label="the date it was reopened"
        if stage.clock_restarted_on
        else "the date it was received"
        if stage.number == 1
        else "the escalation request",
    )
    if reviewer is not None and stage.number == 1:
        raise WorkflowError("A reviewer is assigned only at stage 2 (Code 6.13).", field="reviewer")
    given_to = None
    if stage.number == 2:
        if reviewer is not None and stage.handler_id not in (None, reviewer.pk):
            # Replacing a reviewer asks why, and only "Assign the stage 2 reviewer" asks.
            raise WorkflowError(
                "The complaint already has a stage 2 reviewer: change the reviewer with 'Assign the stage 2 "
                "reviewer' first, which asks why.",
                field="reviewer",
            )
        if reviewer is not None and stage.handler_id is None:
            _assign_reviewer(complaint, stage, reviewer)
            given_to = reviewer
        elif stage.handler_id is None and reviewer_problem(complaint, actor) is None:
            _assign_reviewer(complaint, stage, actor)
        if stage.handler_id is None:
            raise WorkflowError(
                "Assign a stage 2 reviewer before acknowledging: a senior manager who did not handle stage 1 "
                "(Code 6.13).",
                field="reviewer",
            )
    elif stage.handler_id is None:
        stage.handler = actor
    _write_definition(stage, points)
    stage.acknowledged_on = acknowledged_on
    stage.save(update_fields=["acknowledged_on", "handler", "updated_at"])
    stage_refresh_due_dates(stage)
    late = ""
    if stage.acknowledgement_due and acknowledged_on > stage.acknowledgement_due:
        late = f" This was after the acknowledgement was due on {format_date(stage.acknowledgement_due)}."
    event = save_transition(
        complaint,
        new_status=Status.IN_PROGRESS,
        kind=CaseEvent.Kind.ACKNOWLEDGED,
        description=f"Stage {stage.number} acknowledged on {format_date(acknowledged_on)}; response due "
        f"{format_date(stage.response_due)}.{late}",
        actor=actor,
    )
    if given_to is not None:
        assigned(complaint, event, given_to, actor)
    letter_write(actor=actor, complaint=complaint, kind=LetterKind.ACKNOWLEDGEMENT)
    return complaint


# Beyond the Code's cap an extension needs a good reason and a senior manager (6.4, 6.15); these bounds catch a
# mistyped number, which would otherwise move a deadline months away and silence its alerts.
MAX_EXTENSION_WORKING_DAYS = 60
# An update less often than every 20 working days (a month) would not keep the resident informed (Code 5.9).
MAX_UPDATE_INTERVAL_WORKING_DAYS = 20


@service_action
def extension_grant(
    *,
    actor: User,
    complaint: Complaint | int,
    working_days: int,
    reason: str,
    resident_informed_on: datetime.date,
    ombudsman_details_given: bool,
    update_interval_working_days: int,
    good_reason: str = "",
    expected_version: int | None = None,
) -> Extension:
    """Extend the response time (Code 6.4, 6.15), telling the resident why, with the Ombudsman's details
    (6.5, 6.16), and agreeing how often to update them (5.9)."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(
        actor,
        "complaints.handle_complaint",
        complaint,
        "Only a senior manager can extend a stage 2 complaint."
        if complaint.stage == 2
        else "Your role cannot extend complaints.",
    )
    _guard(complaint, "extend")
    stage = current_stage(complaint)
    if not 1 <= working_days <= MAX_EXTENSION_WORKING_DAYS:
        raise WorkflowError(
            f"An extension is from 1 to {MAX_EXTENSION_WORKING_DAYS} working days at a time.", field="working_days"
        )
    if not reason.strip():
        raise WorkflowError(
            "Give the reason for the extension: it must be explained to the resident (Code 6.4).", field="reason"
        )
    if not ombudsman_details_given:
        raise WorkflowError(
            f"The resident must be given the contact details of {complaint.regime.ombudsman_name} when told about "
            "an extension (Code 6.5, 6.16).",
            field="ombudsman_details_given",
        )
    if not 1 <= update_interval_working_days <= MAX_UPDATE_INTERVAL_WORKING_DAYS:
        raise WorkflowError(
            "Agree how often, in working days, the resident will be kept informed (Code 5.9): from 1 to "
            f"{MAX_UPDATE_INTERVAL_WORKING_DAYS} working days.",
            field="update_interval_working_days",
        )
    check_date(
        resident_informed_on,
        "resident_informed_on",
        "date the resident was told",
        not_before=stage.acknowledged_on or stage.clock_started_on,
        not_before_label="the acknowledgement" if stage.acknowledged_on else "the start of this stage",
    )
    cap = stage.regime_stage.extension_cap
    limit = stage.regime_stage.extension_limit
    total = stage.extension_days + working_days
    beyond_cap = total > cap
    already = f" ({stage.extension_days} already granted)" if stage.extension_days else ""
    if limit is not None and total > limit:
        # A hard limit, unlike the Housing Ombudsman's cap: no good reason or senior manager goes beyond it.
        move = (
            f" A complaint that needs longer moves to {complaint.regime.stage(2).name.lower()} (stage 2)."
            if stage.number == 1 and complaint.regime.may_move_to_investigation
            else ""
        )
        raise WorkflowError(
            f"This would extend {stage.regime_stage.name.lower()} (stage {stage.number}) by {total} working "
            f"days{already}: the {complaint.regime.name} allows at most {limit} working days of extension in "
            f"all.{move}",
            field="working_days",
        )
    if beyond_cap:
        if not good_reason.strip():
            raise WorkflowError(
                f"This would extend stage {stage.number} by {total} working days{already}, beyond the "
                f"{cap} the Code allows without good reason (Code {'6.4' if stage.number == 1 else '6.15'}). "
                "Record the good reason.",
                field="good_reason",
            )
        if not actor.has_perm("complaints.approve_long_extension", complaint):
            raise WorkflowError(
                f"An extension beyond {cap} working days needs a senior manager's approval: ask a senior manager "
                "to grant it.",
                field="working_days",
            )
    previous_due = stage.response_due
    # In progress, the stage's response clock has started (at receipt or at the acknowledgement): there is a date.
    assert previous_due is not None
    stage.extension_days = total
    stage.update_interval = update_interval_working_days
    stage.save(update_fields=["extension_days", "update_interval", "updated_at"])
    extension = Extension.objects.create(
        stage=stage,
        working_days=working_days,
        reason=reason,
        good_reason=good_reason,
        beyond_cap=beyond_cap,
        approved_by=actor if beyond_cap else None,
        previous_due=previous_due,
        new_due=previous_due,  # set below, once the calendar has counted the new days
        resident_informed_on=resident_informed_on,
        ombudsman_details_given=ombudsman_details_given,
        update_interval=update_interval_working_days,
        granted_by=actor,
    )
    stage_refresh_due_dates(stage)
    assert stage.response_due is not None  # the clock still runs, with more working days on it
    extension.new_due = stage.response_due
    extension.save(update_fields=["new_due"])
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.EXTENDED,
        description=f"Stage {stage.number} extended by {working_days} working days: response now due "
        f"{format_date(stage.response_due)} (was {format_date(previous_due)}). Resident to be updated every "
        f"{update_interval_working_days} working days.",
        actor=actor,
    )
    # Code 6.5, 6.16: the letter gives the reason, the new date and the Ombudsman's contact details.
    letter_write(actor=actor, complaint=complaint, kind=LetterKind.EXTENSION)
    return extension


@service_action
def complaint_respond(
    *,
    actor: User,
    complaint: Complaint | int,
    responded_on: datetime.date,
    decision: str,
    reasons: str,
    point_decisions: list[PointDecisionInput],
    remedies: list[RemedyInput],
    outstanding_actions: list[ActionInput],
    expected_version: int | None = None,
) -> Response:
    """Issue the stage's response, refusing unless it has every element of Code 6.9 (stage 1) or 6.19 (stage 2)."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(
        actor,
        "complaints.handle_complaint",
        complaint,
        "Only a senior manager can respond at stage 2 (Code 6.13, 6.20)."
        if complaint.stage == 2
        else "Your role cannot respond to complaints.",
    )
    _guard(complaint, "respond")
    stage = current_stage(complaint)
    provision = "6.9" if stage.number == 1 else "6.19"
    if stage.number == 2 and stage.handler_id != actor.pk:
        raise WorkflowError(
            "Only the assigned stage 2 reviewer can issue the stage 2 response (Code 6.13)."
            if stage.handler_id
            else "Assign a stage 2 reviewer first (Code 6.13).",
            field=None,
        )
    check_date(
        responded_on,
        "responded_on",
        "response date",
        not_before=stage.acknowledged_on or stage.clock_started_on,
        not_before_label="the acknowledgement" if stage.acknowledged_on else "the date it was received",
    )
    points = list(stage.definition.all())
    if not points:
        raise WorkflowError(
            f"The response must set out the complaint definition (Code {provision} b): record it first.",
            field="point_decisions",
        )
    if decision not in Decision.values:
        raise WorkflowError(
            f"State the decision on the complaint (Code {provision} c): upheld, partly upheld or not upheld.",
            field="decision",
        )
    if not reasons.strip():
        raise WorkflowError(f"Give the reasons for the decision (Code {provision} d).", field="reasons")
    decided = {item.position: item for item in point_decisions}
    if len(decided) != len(point_decisions):
        raise WorkflowError(
            "Give one decision for each point of the complaint definition, not two.", field="point_decisions"
        )
    unknown = sorted(set(decided) - {point.position for point in points})
    if unknown:
        raise WorkflowError(f"The complaint definition has no point {unknown[0]}.", field="point_decisions")
    for point in points:
        item = decided.get(point.position)
        if item is None or item.decision not in Decision.values or not item.reason.strip():
            raise WorkflowError(
                f"Every point of the complaint definition needs a decision and a reason (Code 6.7): point "
                f"{point.position} (\u201c{point.point[:60]}\u201d) has none.",
                field="point_decisions",
            )
    point_outcomes = {decided[point.position].decision for point in points}
    consistent = (point_outcomes == {decision}) or (len(point_outcomes) > 1 and decision == Decision.PARTLY_UPHELD)
    if not consistent:
        raise WorkflowError(
            "The overall decision does not match the decisions on the points: it is upheld or not upheld only when "
            "every point is, and partly upheld otherwise.",
            field="decision",
        )
    kinds = {kind.code: kind for kind in RemedyKind.objects.filter(active=True)}
    for number, remedy in enumerate(remedies, start=1):
        kind = kinds.get(remedy.kind)
        if kind is None:
            raise WorkflowError(f"Remedy {number}: unknown kind {remedy.kind!r}.", field="remedies")
        try:
            remedy_check(
                stage=stage,
                kind=kind,
                description=remedy.description,
                amount=remedy.amount,
                completed_on=remedy.completed_on,
            )
        except WorkflowError as problem:
            reason = problem.message[:1].lower() + problem.message[1:]
            raise WorkflowError(f"Remedy {number}: {reason}", field="remedies") from problem
    for number, action in enumerate(outstanding_actions, start=1):
        if not action.description.strip():
            raise WorkflowError(
                f"Outstanding action {number}: describe it (Code {provision} f).", field="outstanding_actions"
            )

    response = Response.objects.create(
        stage=stage,
        responded_on=responded_on,
        decision=decision,
        reasons=reasons,
        next_step=stage.regime_stage.next_step,
        responded_by=actor,
    )
    for point in points:
        item = decided[point.position]
        PointDecision.objects.create(response=response, point=point, decision=item.decision, reason=item.reason)
    for remedy in remedies:
        Remedy.objects.create(
            complaint=complaint,
            stage=stage,
            kind=kinds[remedy.kind],
            description=remedy.description,
            amount=remedy.amount,
            due_on=remedy.due_on,
            offered_on=responded_on,
            agreed_with_resident=remedy.agreed_with_resident,
            completed_on=remedy.completed_on,
            owner=actor,
        )
    for action in outstanding_actions:
        OutstandingAction.objects.create(
            complaint=complaint,
            stage=stage,
            description=action.description,
            due_on=action.due_on,
            owner_id=action.owner_id or actor.pk,
        )
    stage.responded_on = responded_on
    stage.response_working_days = response_working_days(stage)
    # With no acknowledgement step (SPSO frontline) the stage 1 handler is whoever defines or responds.
    stage.handler = stage.handler or actor
    stage.save(update_fields=["responded_on", "response_working_days", "handler", "updated_at"])
    stage_refresh_due_dates(stage)
    late = ""
    if stage.response_due and responded_on > stage.response_due:
        late = f" This was after the response was due on {format_date(stage.response_due)}."
    save_transition(
        complaint,
        new_status=Status.RESPONDED,
        kind=CaseEvent.Kind.RESPONDED,
        description=f"Stage {stage.number} response issued on {format_date(responded_on)}: "
        f"{response.get_decision_display().lower()}.{late}",
        actor=actor,
    )
    # Code 6.9 / 6.19: the letter is refused, and the response with it, if any element is missing.
    letter_write(actor=actor, complaint=complaint, kind=letter_kind_for(stage, action="respond"))
    return response


@service_action
def complaint_escalate(
    *,
    actor: User,
    complaint: Complaint | int,
    requested_on: datetime.date,
    escalation_reason: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Start stage 2 at the resident's request. They need give no reason (Code 6.12)."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.escalate_complaint", complaint, "Your role cannot escalate complaints.")
    _guard(complaint, "escalate")
    stage_1 = current_stage(complaint)
    check_date(
        requested_on,
        "requested_on",
        "escalation request date",
        not_before=stage_1.responded_on,
        not_before_label="the stage 1 response",
    )
    stage_2 = _stage_2_start(complaint, requested_on=requested_on, escalation_reason=escalation_reason)
    save_transition(
        complaint,
        new_status=_opening_status(stage_2),
        kind=CaseEvent.Kind.ESCALATED,
        description=f"Escalation to stage 2 requested on {format_date(requested_on)}; acknowledgement due "
        f"{format_date(stage_2.acknowledgement_due)}.",
        actor=actor,
        extra_fields=["stage", "current_stage", "closed_on"],
    )
    return complaint


def _stage_2_start(complaint: Complaint, *, requested_on: datetime.date, **fields: str) -> Stage:
    """Stage 2 and its clocks, from `requested_on`; the complaint now works at stage 2 (the caller saves it)."""
    stage_2 = stage_start(
        complaint=complaint, number=2, regime_stage=complaint.regime.stage(2), requested_on=requested_on, **fields
    )
    complaint.stage = 2
    complaint.current_stage = stage_2
    complaint.closed_on = None
    return stage_2


def _opening_status(stage: Stage) -> str:
    # Under a regime with no acknowledgement at this stage (SPSO frontline), work starts at once.
    return Status.AWAITING_ACKNOWLEDGEMENT if stage.regime_stage.acknowledge_within else Status.IN_PROGRESS


@service_action
def complaint_move_to_investigation(
    *,
    actor: User,
    complaint: Complaint | int,
    moved_on: datetime.date,
    reason: str,
    expected_version: int | None = None,
) -> Complaint:
    """Take a complaint from the frontline stage to investigation (stage 2) without a frontline response, where the
    regime's procedure allows it (the SPSO's: seed 003 §24): it is serious, high-risk or complex, or needs
    longer than the frontline stage allows. Stage 2's clocks start on the day it moves. Under the Housing
    Ombudsman Code every complaint has its stage 1 response first (Code 5.2, 5.3, 6.10), so this is refused."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.handle_complaint", complaint, "Your role cannot move complaints to stage 2.")
    _guard(complaint, "move_to_investigation")
    stage_1 = current_stage(complaint)
    if not reason.strip():
        raise WorkflowError(
            "Record why the complaint moves to stage 2 without a stage 1 response: for example, that it is serious, "
            "high-risk or complex, or needs longer than the frontline stage allows.",
            field="reason",
        )
    check_date(
        moved_on,
        "moved_on",
        "date it moved to stage 2",
        not_before=stage_1.requested_on,
        not_before_label="the date it was received",
    )
    stage_1.moved_to_investigation_on = moved_on
    stage_1.save(update_fields=["moved_to_investigation_on", "updated_at"])
    stage_2 = _stage_2_start(complaint, requested_on=moved_on, investigation_reason=reason)
    save_transition(
        complaint,
        new_status=_opening_status(stage_2),
        kind=CaseEvent.Kind.MOVED_TO_INVESTIGATION,
        description=f"Moved from {stage_1.regime_stage.name.lower()} to {stage_2.regime_stage.name.lower()} (stage 2) "
        f"on {format_date(moved_on)}, without a stage 1 response: {reason} {_stage_2_dates(stage_2)}",
        actor=actor,
        extra_fields=["stage", "current_stage", "closed_on"],
    )
    return complaint


def _stage_2_dates(stage: Stage) -> str:
    due = [f"response due {format_date(stage.response_due)}"] if stage.response_due else []
    if stage.acknowledgement_due:
        due.insert(0, f"acknowledgement due {format_date(stage.acknowledgement_due)}")
    return f"Stage 2: {'; '.join(due)}." if due else ""


def reviewer_problem(complaint: Complaint, reviewer: User) -> str | None:
    """Why this person cannot review the complaint at stage 2, or None when they can (Code 6.13)."""
    if not roles.senior_managers().filter(pk=reviewer.pk).exists():
        return "The stage 2 reviewer must be a senior manager."
    if reviewer.pk in stage_1_handlers(complaint):
        return "The stage 2 reviewer must not be the person who handled the complaint at stage 1 (Code 6.13)."
    return None


def _assign_reviewer(complaint: Complaint, stage: Stage, reviewer: User) -> None:
    problem = reviewer_problem(complaint, reviewer)
    if problem:
        raise WorkflowError(problem, field="reviewer")
    stage.handler = reviewer
    stage.save(update_fields=["handler", "updated_at"])


@service_action
def complaint_refuse(
    *,
    actor: User,
    complaint: Complaint | int,
    reason: RefusalReason,
    explanation: str,
    evidence: str,
    decided_on: datetime.date,
    discretion_note: str = "",
    expected_version: int | None = None,
) -> Refusal:
    """Decline to accept the complaint (Code 2.1) or, at stage 2, to escalate it (5.11): case by case (2.5),
    with the evidence, and a letter giving the reasons and the right to go to the Ombudsman (2.4)."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.handle_complaint", complaint, "Your role cannot refuse complaints.")
    _guard(complaint, "refuse")
    stage = current_stage(complaint)
    if not reason.active:
        raise WorkflowError("That refusal reason is no longer in use.", field="reason")
    if not explanation.strip():
        raise WorkflowError(
            "Explain why this reason applies to this complaint: each is decided on its own merits (Code 2.1, 2.5).",
            field="explanation",
        )
    if not evidence.strip():
        raise WorkflowError("Record the evidence for the decision (Code 2.1).", field="evidence")
    if reason.time_limit and stage.number == 1:
        if complaint.time_limit_waived_because:
            raise WorkflowError(
                "The complaint was accepted under special circumstances although raised after the time limit: it "
                "cannot now be refused for being late (Code 2.3).",
                field="reason",
            )
        if complaint.first_knew_on and not complaint.raised_out_of_time():
            raise WorkflowError(
                f"The complaint was raised within the time limit: the resident first knew of the problem on "
                f"{format_date(complaint.first_knew_on)}, and the {complaint.regime.time_limit_months}-month limit "
                f"ran to {format_date(complaint.time_limit_ends_on())}.",
                field="reason",
            )
    if reason.requires_discretion_note and not discretion_note.strip():
        raise WorkflowError(
            "Record whether discretion was considered to accept the complaint anyway, and why not (Code 2.3).",
            field="discretion_note",
        )
    check_date(
        decided_on,
        "decided_on",
        "decision date",
        not_before=stage.clock_started_on,
        not_before_label="the date it was reopened" if stage.clock_restarted_on else "the date it was received",
    )
    refusal = Refusal.objects.create(
        complaint=complaint,
        stage=stage,
        reason=reason,
        explanation=explanation,
        evidence=evidence,
        discretion_note=discretion_note,
        decided_on=decided_on,
        decided_by=actor,
    )
    what = "accept the complaint" if stage.number == 1 else "escalate the complaint to stage 2"
    complaint.closed_on = decided_on
    save_transition(
        complaint,
        new_status=Status.REFUSED,
        kind=CaseEvent.Kind.REFUSED,
        description=f"Decided not to {what}: {reason.name}.",
        actor=actor,
        extra_fields=["closed_on"],
    )
    # Code 2.4, 5.11: the reasons, and the right to take the decision to the Ombudsman.
    letter_write(actor=actor, complaint=complaint, kind=letter_kind_for(stage, action="refuse"))
    return refusal


@service_action
def complaint_withdraw(
    *,
    actor: User,
    complaint: Complaint | int,
    withdrawn_on: datetime.date,
    note: str,
    expected_version: int | None = None,
) -> Complaint:
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.handle_complaint", complaint, "Your role cannot withdraw complaints.")
    _guard(complaint, "withdraw")
    if not note.strip():
        raise WorkflowError("Record how the resident told us they wish to withdraw.", field="note")
    check_date(
        withdrawn_on,
        "withdrawn_on",
        "withdrawal date",
        not_before=current_stage(complaint).requested_on,
        not_before_label="the start of this stage",
    )
    complaint.closed_on = withdrawn_on
    save_transition(
        complaint,
        new_status=Status.WITHDRAWN,
        kind=CaseEvent.Kind.WITHDRAWN,
        description=f"Withdrawn by the resident on {format_date(withdrawn_on)}: {note}",
        actor=actor,
        extra_fields=["closed_on"],
    )
    return complaint


@service_action
def complaint_close(
    *, actor: User, complaint: Complaint | int, closed_on: datetime.date, expected_version: int | None = None
) -> Complaint:
    """Close after the response. Outstanding actions and remedies stay tracked (Code 6.6, 7.3); a stage 1
    complaint can still be escalated."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.handle_complaint", complaint, "Your role cannot close complaints.")
    _guard(complaint, "close")
    stage = current_stage(complaint)
    check_date(closed_on, "closed_on", "closing date", not_before=stage.responded_on, not_before_label="the response")
    complaint.closed_on = closed_on
    save_transition(
        complaint,
        new_status=Status.CLOSED,
        kind=CaseEvent.Kind.CLOSED,
        description=f"Closed at stage {stage.number} on {format_date(closed_on)}.",
        actor=actor,
        extra_fields=["closed_on"],
    )
    return complaint


@service_action
def complaint_reopen(
    *,
    actor: User,
    complaint: Complaint | int,
    reopened_on: datetime.date,
    reason: str,
    expected_version: int | None = None,
) -> Complaint:
    """Reopen a closed, refused or withdrawn complaint. A refused complaint taken on after all (for example
    because the Ombudsman said so, Code 2.4) starts its clocks again from the day it is reopened, recorded as a
    dated event of its own; the date it was received stays as it was, so the figures already reported for it
    (CH01 counts it in the year it was received) do not move."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.handle_complaint", complaint, "Your role cannot reopen complaints.")
    _guard(complaint, "reopen")
    if not reason.strip():
        raise WorkflowError("Record why the complaint is being reopened.", field="reason")
    check_date(
        reopened_on, "reopened_on", "reopening date", not_before=complaint.closed_on, not_before_label="its closure"
    )
    stage = current_stage(complaint)
    if stage.responded_on:
        new_status = Status.RESPONDED
    elif stage.acknowledged_on or not stage.regime_stage.acknowledge_within:
        new_status = Status.IN_PROGRESS
    else:
        new_status = Status.AWAITING_ACKNOWLEDGEMENT
    restarted = complaint.status == Status.REFUSED
    if restarted:
        stage.clock_restarted_on = reopened_on
        stage.save(update_fields=["clock_restarted_on", "updated_at"])
    # While it was shut, calendar changes passed it by (deadlines_recompute skips shut cases): catch up now.
    if not stage.responded_on:
        stage_refresh_due_dates(stage)
    clocks = ""
    if restarted:
        due = [
            f"{label} due {format_date(day)}"
            for label, day in (("acknowledgement", stage.acknowledgement_due), ("response", stage.response_due))
            if day and not (label == "acknowledgement" and stage.acknowledged_on)
        ]
        clocks = (
            f" Taken on after the refusal: its clocks start again from {format_date(reopened_on)}"
            f"{' (' + '; '.join(due) + ')' if due else ''}. It was received on {format_date(stage.requested_on)}."
        )
    complaint.closed_on = None
    save_transition(
        complaint,
        new_status=new_status,
        kind=CaseEvent.Kind.REOPENED,
        description=f"Reopened on {format_date(reopened_on)}: {reason}{clocks}",
        actor=actor,
        extra_fields=["closed_on"],
    )
    return complaint


@service_action
def issue_add(
    *,
    actor: User,
    complaint: Complaint | int,
    point: str,
    outcome_sought: str,
    raised_on: datetime.date,
    related: bool,
    expected_version: int | None = None,
) -> Complaint:
    """An issue raised during the complaint (Code 6.8): part of the stage 1 definition if it is related and the
    stage 1 response has not been issued; otherwise a new complaint, linked to this one. Returns the complaint
    that now holds the issue."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.record_on_complaint", complaint, "Your role cannot add issues to complaints.")
    if not point.strip() or not outcome_sought.strip():
        raise WorkflowError("Say what the issue is and the outcome the resident seeks (Code 5.6).", field="point")
    check_date(
        raised_on,
        "raised_on",
        "date the issue was raised",
        not_before=complaint.received_on,
        not_before_label="the complaint it was raised in",
    )
    stage = current_stage(complaint)
    if related and stage.number == 1 and complaint.status in ALLOWED_FROM["define"]:
        DefinitionPoint.objects.create(
            stage=stage,
            position=stage.definition.count() + 1,
            point=point,
            outcome_sought=outcome_sought,
            added_on=raised_on,
        )
        save_transition(
            complaint,
            new_status=None,
            kind=CaseEvent.Kind.ISSUE_ADDED,
            description="Additional issue added to the stage 1 complaint definition (Code 6.8).",
            actor=actor,
        )
        return complaint
    new = complaint_log(
        actor=actor,
        resident=complaint.resident,
        received_on=raised_on,
        channel=complaint.channel,
        summary=point,
        nation=complaint.nation,
        representative=complaint.representative,
    )
    new.related.add(complaint)
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.ISSUE_ADDED,
        description=f"Additional issue logged as new complaint {new.reference} (Code 6.8).",
        actor=actor,
    )
    return new
