"""Who owns a complaint: the person handling its current stage (the stage 2 reviewer at stage 2) and the team it
belongs to, set and changed while it is open; its categories; and moving many cases at once. The person given a
case hears of it at once (complaints.services.base.assigned)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from complaints.models import CaseEvent, Category, Complaint, Team
from complaints.selectors import OPEN
from complaints.services.base import assigned, current_stage, lock_complaint, save_transition
from complaints.services.workflow import reviewer_problem, why_not_now
from core import roles
from core.errors import CaseChangedError, WorkflowError
from core.services import require_perm, service_action

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def assignable_people(complaint: Complaint) -> QuerySet:
    """Who may be given the complaint's current stage: active complaints officers and senior managers at stage 1;
    at stage 2 senior managers only (Code 6.13; whether they handled stage 1 is checked on assigning)."""
    if complaint.stage == 2:
        return roles.senior_managers()
    return roles.role_holders(roles.OFFICER, roles.SENIOR_MANAGER)


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else "nobody"


def _owner_problem(complaint: Complaint, person: User) -> str | None:
    if complaint.stage == 2:
        return reviewer_problem(complaint, person)
    if not assignable_people(complaint).filter(pk=person.pk).exists():
        return "A complaint can be given only to a complaints officer or a senior manager whose account is active."
    return None


def _guard(complaint: Complaint, action: str) -> None:
    reason = why_not_now(complaint, action)
    if reason:
        raise WorkflowError(reason, field=None)


@service_action
def complaint_assign(
    *,
    actor: User,
    complaint: Complaint | int,
    handler: User | None,
    team: Team | None,
    reason: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Give the current stage to a person (or to nobody) and the complaint to a team (or to none), before or after
    acknowledgement. Taking a case from one person or team for another needs a reason, kept on the timeline."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.assign_complaint", complaint, "Your role cannot assign complaints.")
    _guard(complaint, "assign")
    return _assign(complaint, actor=actor, handler=handler, team=team, reason=reason, handler_field="handler")


@service_action
def reviewer_assign(
    *, actor: User, complaint: Complaint | int, reviewer: User, reason: str = "", expected_version: int | None = None
) -> Complaint:
    """Choose the stage 2 reviewer: a senior manager who did not handle stage 1 (Code 6.13). The same assignment as
    complaint_assign, the team kept: replacing a reviewer needs a reason, and the reviewer is alerted."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.assign_reviewer", complaint, "Your role cannot assign stage 2 reviewers.")
    _guard(complaint, "assign_reviewer")
    return _assign(
        complaint, actor=actor, handler=reviewer, team=complaint.team, reason=reason, handler_field="reviewer"
    )


def _assign(
    complaint: Complaint, *, actor: User, handler: User | None, team: Team | None, reason: str, handler_field: str
) -> Complaint:
    stage = current_stage(complaint)
    role = "stage 2 reviewer" if stage.number == 2 else "stage 1 handler"
    old_handler, old_team = stage.handler, complaint.team
    handler_changes = (handler.pk if handler else None) != stage.handler_id
    team_changes = (team.pk if team else None) != complaint.team_id
    if not handler_changes and not team_changes:
        raise WorkflowError(f"The complaint already has this {role} and this team: nothing to change.", field=None)
    if handler_changes and handler is not None:
        problem = _owner_problem(complaint, handler)
        if problem:
            raise WorkflowError(problem, field=handler_field)
    if team_changes and team is not None and not team.active:
        raise WorkflowError(f"The team {team.name} is no longer in use: choose another.", field="team")
    reason = reason.strip()
    taken_from = (handler_changes and old_handler is not None) or (team_changes and old_team is not None)
    if taken_from and not reason:
        raise WorkflowError("Say why the complaint is being reassigned.", field="reason")
    changes = []
    if handler_changes:
        stage.handler = handler
        stage.save(update_fields=["handler", "updated_at"])
        changes.append(f"{role.capitalize()} changed from {_name(old_handler)} to {_name(handler)}.")
    if team_changes:
        complaint.team = team
        changes.append(f"Team changed from {old_team or 'none'} to {team or 'none'}.")
    if reason:
        changes.append(f"Reason: {reason}")
    event = save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.ASSIGNED,
        description=" ".join(changes),
        actor=actor,
        extra_fields=["team"] if team_changes else [],
    )
    if handler_changes and handler is not None:
        assigned(complaint, event, handler, actor)
    return complaint


def _names(categories: Iterable[Category]) -> str:
    return ", ".join(sorted(category.name for category in categories)) or "none"


@service_action
def complaint_categorise(
    *, actor: User, complaint: Complaint | int, categories: list[Category], expected_version: int | None = None
) -> Complaint:
    """Set the complaint's categories while it is open; the dashboards count the categories it has now."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.categorise_complaint", complaint, "Your role cannot change categories.")
    _guard(complaint, "categorise")
    old = list(complaint.categories.all())
    if {category.pk for category in old} == {category.pk for category in categories}:
        raise WorkflowError("The complaint already has these categories: nothing to change.", field="categories")
    inactive = [category.name for category in categories if not category.active and category not in old]
    if inactive:
        raise WorkflowError(f"No longer in use: {', '.join(inactive)}. Choose another category.", field="categories")
    complaint.categories.set(categories)
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.CATEGORISED,
        description=f"Categories changed from {_names(old)} to {_names(categories)}.",
        actor=actor,
    )
    return complaint


# --- moving many cases at once ----------------------------------------------------------------------------


@dataclass
class BulkResult:
    moved: list[str] = field(default_factory=list)
    # (reference, why it did not move)
    not_moved: list[tuple[str, str]] = field(default_factory=list)


def cases_handled_by(person: User) -> QuerySet[Complaint]:
    """The open complaints whose current stage this person handles: what moves when they are away."""
    return Complaint.objects.filter(status__in=OPEN, current_stage__handler=person)


def complaints_reassign(
    *,
    actor: User,
    complaints: Iterable[Complaint],
    handler: User | None,
    team: Team | None,
    reason: str,
) -> BulkResult:
    """Give each case to the new person and/or team, each in its own transaction: a case that cannot move (changed
    since it was read, closed, or a stage 2 the new person handled at stage 1) is reported and the rest still go.
    Each case keeps whichever of its person and team is not being changed."""
    require_perm(actor, "complaints.reassign_in_bulk", None, "Your role cannot reassign complaints in bulk.")
    if handler is None and team is None:
        raise WorkflowError("Choose the person or the team the complaints go to.", field="handler")
    if not reason.strip():
        raise WorkflowError("Say why the complaints are being reassigned.", field="reason")
    result = BulkResult()
    for complaint in complaints:
        stage = current_stage(complaint)
        try:
            complaint_assign(
                actor=actor,
                complaint=complaint.pk,
                handler=handler or stage.handler,
                team=team or complaint.team,
                reason=reason,
                # The case as it was read: one changed since then is left for someone to look at again.
                expected_version=complaint.version,
            )
        except CaseChangedError:
            result.not_moved.append((complaint.reference, "It changed while the complaints were being moved."))
        except (WorkflowError, PermissionDenied) as error:
            result.not_moved.append((complaint.reference, str(error)))
        else:
            result.moved.append(complaint.reference)
    return result
