"""Recording learning, service improvements and reporting them back (Code 9.1-9.3)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model

from complaints.models import Complaint
from complaints.services.base import check_date
from core.errors import WorkflowError
from core.services import today
from learning.models import LearningPoint, ReportBack, ServiceImprovement, Theme

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require(actor: User, permission: str, obj: Model | None, message: str) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(message)


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(f"Enter {label}.", field=field)
    return value


def _active_theme(theme: Theme | None) -> Theme:
    if theme is None or not theme.active:
        raise WorkflowError("Choose a theme.", field="theme")
    return theme


def learning_point_record(
    *,
    actor: User,
    complaint: Complaint,
    theme: Theme | None,
    learning: str,
    recorded_on: datetime.date | None = None,
) -> LearningPoint:
    """Code 9.1: look beyond the individual complaint. Any stage, any state: learning often comes after closing."""
    _require(actor, "complaints.view_complaint", complaint, "You cannot see this complaint.")
    _require(actor, "learning.record_learning", complaint, "Your role cannot record learning from complaints.")
    recorded_on = recorded_on or today()
    check_date(
        recorded_on,
        "recorded_on",
        "date",
        not_before=complaint.received_on,
        not_before_label="the date the complaint was received",
    )
    with transaction.atomic(), pghistory.context(user=actor.pk, action="learning_point_record"):
        return LearningPoint.objects.create(
            complaint=complaint,
            stage=complaint.stage,
            theme=_active_theme(theme),
            learning=_text(learning, "learning", "what was learnt"),
            recorded_on=recorded_on,
            recorded_by=actor,
        )


def service_improvement_record(
    *,
    actor: User,
    title: str,
    what_changed: str,
    team: str,
    implemented_on: datetime.date,
    theme: Theme | None,
    complaints: Iterable[Complaint],
    learning_points: Iterable[LearningPoint] = (),
) -> ServiceImprovement:
    """Code 9.2: a change made because of complaints. It names the complaints that led to it, so the change is
    reported back on each of them and counted in the annual report (8.1 d)."""
    _require(actor, "learning.record_improvement", None, "Your role cannot record service improvements.")
    complaints = list(complaints)
    if not complaints:
        raise WorkflowError("Choose at least one complaint that led to this change.", field="complaints")
    learning_points = list(learning_points)
    complaint_ids = {complaint.pk for complaint in complaints}
    if any(point.complaint_id not in complaint_ids for point in learning_points):
        raise WorkflowError(
            "Each learning point must come from one of the complaints you chose.", field="learning_points"
        )
    check_date(implemented_on, "implemented_on", "date the change was made")
    with transaction.atomic(), pghistory.context(user=actor.pk, action="service_improvement_record"):
        improvement = ServiceImprovement.objects.create(
            title=_text(title, "title", "a short title"),
            what_changed=_text(what_changed, "what_changed", "what changed"),
            team=_text(team, "team", "the team that made the change"),
            implemented_on=implemented_on,
            theme=_active_theme(theme),
            recorded_by=actor,
        )
        improvement.complaints.set(complaints)
        improvement.learning_points.set(learning_points)
    return improvement


def report_back_record(
    *,
    actor: User,
    improvement: ServiceImprovement,
    audience: str,
    reported_on: datetime.date,
    note: str,
) -> ReportBack:
    """Code 9.3: report back on wider learning and improvements to residents, staff and committees."""
    _require(actor, "learning.record_improvement", None, "Your role cannot record reporting back.")
    if audience not in ReportBack.Audience.values:
        raise WorkflowError("Choose who it was reported to.", field="audience")
    check_date(
        reported_on,
        "reported_on",
        "date it was reported",
        not_before=improvement.implemented_on,
        not_before_label="the date the change was made",
    )
    with transaction.atomic(), pghistory.context(user=actor.pk, action="report_back_record"):
        return ReportBack.objects.create(
            improvement=improvement,
            audience=audience,
            reported_on=reported_on,
            note=_text(note, "note", "how it was reported"),
            recorded_by=actor,
        )
