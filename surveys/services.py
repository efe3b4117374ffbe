"""Sending a satisfaction survey after a stage's response, and taking the resident's answer (Code 1.6).

The link carries an unguessable token and needs no sign-in; only its hash is kept (the email in the outbox holds
the link until it has been sent, then no longer). An answer is recorded
on the survey and nowhere else: it never opens, reopens or changes a complaint. The survey page tells the
resident how to complain instead (1.6)."""

from __future__ import annotations

import hashlib
import logging
import secrets
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, OutgoingMessage
from complaints.services.base import current_stage
from complaints.services.outbox import addressee_of, message_queue
from core.errors import WorkflowError
from core.services import format_date, today
from surveys.models import Satisfaction, Survey

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_COMMENT_LENGTH = 2000
logger = logging.getLogger(__name__)


class SurveyClosedError(WorkflowError):
    """The link has been used: each survey takes one answer."""

    def __init__(self) -> None:
        super().__init__("This survey has already been answered. Thank you for your feedback.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _no_response_yet(number: int) -> str:
    return f"Stage {number} has no response yet: send a survey once its response has been issued."


def why_no_survey_yet(complaint: Complaint) -> str | None:
    """A survey is about a stage whose response has been issued (Code 1.6); at stage 2, stage 1's has been."""
    if complaint.stage == 2 or current_stage(complaint).responded_on:
        return None
    return _no_response_yet(complaint.stage)


def survey_send(*, actor: User, complaint: Complaint, stage: int | None = None) -> Survey:
    """Email the resident a short survey about one stage, once its response has been issued."""
    if not actor.has_perm("surveys.send_survey") or not actor.has_perm("complaints.view_complaint", complaint):
        raise PermissionDenied("Your role cannot send satisfaction surveys.")
    number = stage or complaint.stage
    stage_row = complaint.stages.filter(number=number).first()
    if stage_row is None or stage_row.responded_on is None:
        raise WorkflowError(_no_response_yet(number), field="stage")
    if not addressee_of(complaint).email:
        raise WorkflowError("We have no email address for the resident or their representative.", field="stage")
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic(), pghistory.context(user=actor.pk, action="survey_send"):
            survey = Survey.objects.create(
                complaint=complaint, stage=number, token_hash=token_hash(token), sent_on=today(), sent_by=actor
            )
            link = f"{settings.SITE_URL}{reverse('surveys:answer', args=[token])}"
            body = render_to_string(
                "surveys/email/survey.txt",
                {
                    "complaint": complaint,
                    "stage": number,
                    "link": link,
                    "complain_link": f"{settings.SITE_URL}{reverse('public:complain')}",
                    "LANDLORD_NAME": settings.LANDLORD_NAME,
                    "LANDLORD_PHONE": settings.LANDLORD_PHONE,
                    "LANDLORD_EMAIL": settings.LANDLORD_EMAIL,
                },
            )
            # Code 3.6: to the representative when one acts. Delivered by the outbox once this commits.
            message_queue(
                complaint=complaint,
                kind=OutgoingMessage.Kind.SURVEY,
                subject=f"How did we handle your complaint {complaint.reference}?",
                body=body,
                actor=actor,
                secret=link,
            )
    except IntegrityError:
        sent = Survey.objects.get(complaint=complaint, stage=number)
        raise WorkflowError(
            f"A survey about stage {number} was already sent on {format_date(sent.sent_on)}.", field="stage"
        ) from None
    return survey


def survey_for_token(token: str) -> Survey | None:
    return Survey.objects.select_related("complaint").filter(token_hash=token_hash(token)).first()


def survey_answer(*, token: str, handling: int, outcome: int | None = None, comments: str = "") -> Survey:
    """Record the resident's answer, once. Never turned into a complaint (Code 1.6)."""
    if handling not in Satisfaction.values:
        raise WorkflowError("Choose how satisfied you are with how we handled your complaint.", field="handling")
    if outcome is not None and outcome not in Satisfaction.values:
        raise WorkflowError("Choose how satisfied you are with the outcome.", field="outcome")
    comments = (comments or "").strip()
    if len(comments) > MAX_COMMENT_LENGTH:
        raise WorkflowError(f"Your comments must be {MAX_COMMENT_LENGTH} characters or fewer.", field="comments")
    hashed = token_hash(token)
    with transaction.atomic(), pghistory.context(action="survey_answer"):
        # One conditional update: two answers sent at once (a double click) record the first and refuse the other.
        answered = Survey.objects.filter(token_hash=hashed, answered_at__isnull=True).update(
            answered_at=timezone.now(), handling=handling, outcome=outcome, comments=comments
        )
    if not answered:
        if Survey.objects.filter(token_hash=hashed).exists():
            raise SurveyClosedError()
        raise WorkflowError("This survey link is not valid.")
    return Survey.objects.get(token_hash=hashed)
