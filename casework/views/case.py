"""The case page and the actions on it. Each action is a form whose valid data goes to one service function;
the service decides whether it is allowed (state, role, the Code) and its WorkflowError is shown on the form."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import forms as f
from casework import selectors
from complaints.data_protection import special_category_views_record
from complaints.models import Complaint, Document, OutstandingAction, Remedy
from complaints.selectors import DocumentAlteredError, document_read
from complaints.services import record, workflow
from core.errors import CaseChangedError, WorkflowError
from core.uploads import download_as
from inbound.services import case_document_add
from learning.forms import LearningPointForm
from learning.services import learning_point_record
from ombudsman.forms import ReferralForm
from ombudsman.services import referral_record
from surveys.forms import SendSurveyForm
from surveys.services import survey_send

Status = Complaint.Status
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Action:
    slug: str
    label: str
    form: type
    permission: str
    perform: Callable[..., Any]
    # Whether the action can be taken in the complaint's current state (the service re-checks under a lock).
    available: Callable[[Complaint], bool]
    warning: bool = False
    multipart: bool = False


def _points(data: dict[str, Any], formset: Any) -> list[workflow.PointInput]:
    return [
        workflow.PointInput(
            point=row["point"],
            outcome_sought=row["outcome_sought"],
            landlord_responsible=not row.get("not_responsible"),
            responsibility_note=row.get("responsibility_note", ""),
        )
        for row in formset.cleaned_data
        if row and (row.get("point") or row.get("outcome_sought"))
    ]


def _acknowledge(user, complaint, data, formset):
    return workflow.complaint_acknowledge(
        actor=user,
        complaint=complaint,
        acknowledged_on=data["acknowledged_on"],
        points=_points(data, formset),
        reviewer=data.get("reviewer"),
        expected_version=data["version"],
    )


def _respond(user, complaint, data, formset):
    remedies = []
    if data.get("remedy_kind"):
        remedies.append(
            workflow.RemedyInput(
                kind=data["remedy_kind"].code,
                description=data["remedy_description"],
                due_on=data["remedy_due_on"],
                amount=data.get("remedy_amount"),
                agreed_with_resident=data.get("remedy_agreed", False),
            )
        )
    actions = []
    if data.get("action_description"):
        actions.append(workflow.ActionInput(description=data["action_description"], due_on=data["action_due_on"]))
    stage = complaint.current_stage
    return workflow.complaint_respond(
        actor=user,
        complaint=complaint,
        responded_on=data["responded_on"],
        decision=data["decision"],
        reasons=data["reasons"],
        point_decisions=[
            workflow.PointDecisionInput(
                position=point.position,
                decision=data[f"point_{point.position}_decision"],
                reason=data[f"point_{point.position}_reason"],
            )
            for point in stage.definition.all()
        ],
        remedies=remedies,
        outstanding_actions=actions,
        expected_version=data["version"],
    )


def _open(complaint: Complaint) -> bool:
    return complaint.status in {Status.AWAITING_ACKNOWLEDGEMENT, Status.IN_PROGRESS}


def _version(data: dict[str, Any]) -> dict[str, Any]:
    return {"expected_version": data["version"]}


ACTIONS = {
    action.slug: action
    for action in [
        Action(
            "acknowledge",
            "Acknowledge and define",
            f.AcknowledgeForm,
            "complaints.acknowledge_complaint",
            _acknowledge,
            lambda c: c.status in workflow.ALLOWED_FROM["acknowledge"],
        ),
        Action(
            "extend",
            "Extend",
            f.ExtendForm,
            "complaints.handle_complaint",
            lambda user, c, d, _: workflow.extension_grant(
                actor=user,
                complaint=c,
                working_days=d["working_days"],
                reason=d["reason"],
                resident_informed_on=d["resident_informed_on"],
                ombudsman_details_given=d["ombudsman_details_given"],
                update_interval_working_days=d["update_interval_working_days"],
                good_reason=d["good_reason"],
                **_version(d),
            ),
            lambda c: c.status in workflow.ALLOWED_FROM["extend"],
        ),
        Action(
            "respond",
            "Issue the response",
            f.RespondForm,
            "complaints.handle_complaint",
            _respond,
            lambda c: c.status in workflow.ALLOWED_FROM["respond"],
        ),
        Action(
            "escalate",
            "Escalate to stage 2",
            f.EscalateForm,
            "complaints.escalate_complaint",
            lambda user, c, d, _: workflow.complaint_escalate(
                actor=user,
                complaint=c,
                requested_on=d["requested_on"],
                escalation_reason=d["escalation_reason"],
                **_version(d),
            ),
            lambda c: c.stage == 1 and c.status in workflow.ALLOWED_FROM["escalate"],
        ),
        Action(
            "assign-reviewer",
            "Assign the stage 2 reviewer",
            f.ReviewerForm,
            "complaints.assign_reviewer",
            lambda user, c, d, _: workflow.reviewer_assign(
                actor=user, complaint=c, reviewer=d["reviewer"], **_version(d)
            ),
            lambda c: c.stage == 2 and c.status in workflow.ALLOWED_FROM["assign_reviewer"],
        ),
        Action(
            "correspondence",
            "Record correspondence",
            f.CorrespondenceForm,
            "complaints.record_on_complaint",
            lambda user, c, d, _: record.correspondence_record(
                actor=user,
                complaint=c,
                direction=d["direction"],
                party=d["party"],
                channel=d["channel"],
                occurred_on=d["occurred_on"],
                subject=d["subject"],
                body=d["body"],
                **_version(d),
            ),
            lambda c: True,
        ),
        Action(
            "document",
            "Upload a document",
            f.DocumentForm,
            "complaints.record_on_complaint",
            # An email saved as a file (.eml, .msg) becomes the correspondence it is (inbound).
            lambda user, c, d, _: case_document_add(actor=user, complaint=c, title=d["title"], upload=d["file"]),
            lambda c: True,
            multipart=True,
        ),
        Action(
            "issue",
            "Add an issue",
            f.IssueForm,
            "complaints.record_on_complaint",
            lambda user, c, d, _: workflow.issue_add(
                actor=user,
                complaint=c,
                point=d["point"],
                outcome_sought=d["outcome_sought"],
                raised_on=d["raised_on"],
                related=d["related"],
                **_version(d),
            ),
            lambda c: True,
        ),
        Action(
            "remedy",
            "Add a remedy",
            f.RemedyForm,
            "complaints.handle_complaint",
            lambda user, c, d, _: record.remedy_add(
                actor=user,
                complaint=c,
                kind=d["kind"],
                description=d["description"],
                due_on=d["due_on"],
                amount=d["amount"],
                agreed_with_resident=d["agreed_with_resident"],
                **_version(d),
            ),
            lambda c: True,
        ),
        Action(
            "outstanding-action",
            "Add an outstanding action",
            f.OutstandingActionForm,
            "complaints.handle_complaint",
            lambda user, c, d, _: record.outstanding_action_add(
                actor=user,
                complaint=c,
                description=d["description"],
                due_on=d["due_on"],
                owner=d["owner"],
                **_version(d),
            ),
            lambda c: True,
        ),
        Action(
            "learning",
            "Record learning",
            LearningPointForm,
            "learning.record_learning",
            lambda user, c, d, _: learning_point_record(
                actor=user, complaint=c, theme=d["theme"], learning=d["learning"]
            ),
            lambda c: True,
        ),
        Action(
            "survey",
            "Send a satisfaction survey",
            SendSurveyForm,
            "surveys.send_survey",
            lambda user, c, d, _: survey_send(actor=user, complaint=c, stage=d["stage"]),
            # Code 1.6: once a stage's response has been issued.
            lambda c: c.stage == 2 or c.status in {Status.RESPONDED, Status.CLOSED},
        ),
        Action(
            "ombudsman-referral",
            "Record an Ombudsman referral",
            ReferralForm,
            "ombudsman.record_ombudsman",
            lambda user, c, d, _: referral_record(
                actor=user, complaint=c, referred_on=d["referred_on"], ombudsman_reference=d["ombudsman_reference"]
            ),
            lambda c: True,
        ),
        Action(
            "refuse",
            "Refuse",
            f.RefuseForm,
            "complaints.handle_complaint",
            lambda user, c, d, _: workflow.complaint_refuse(
                actor=user,
                complaint=c,
                reason=d["reason"],
                explanation=d["explanation"],
                evidence=d["evidence"],
                decided_on=d["decided_on"],
                discretion_note=d["discretion_note"],
                **_version(d),
            ),
            lambda c: c.status in workflow.ALLOWED_FROM["refuse"] and not c.current_stage.acknowledged_on,
            warning=True,
        ),
        Action(
            "withdraw",
            "Withdraw",
            f.WithdrawForm,
            "complaints.handle_complaint",
            lambda user, c, d, _: workflow.complaint_withdraw(
                actor=user, complaint=c, withdrawn_on=d["withdrawn_on"], note=d["note"], **_version(d)
            ),
            lambda c: c.status in workflow.ALLOWED_FROM["withdraw"],
            warning=True,
        ),
        Action(
            "close",
            "Close",
            f.CloseForm,
            "complaints.handle_complaint",
            lambda user, c, d, _: workflow.complaint_close(
                actor=user, complaint=c, closed_on=d["closed_on"], **_version(d)
            ),
            lambda c: c.status in workflow.ALLOWED_FROM["close"],
        ),
        Action(
            "reopen",
            "Reopen",
            f.ReopenForm,
            "complaints.handle_complaint",
            lambda user, c, d, _: workflow.complaint_reopen(
                actor=user, complaint=c, reopened_on=d["reopened_on"], reason=d["reason"], **_version(d)
            ),
            lambda c: c.status in workflow.ALLOWED_FROM["reopen"],
        ),
    ]
}


def _complaint_for(request: HttpRequest, reference: str) -> Complaint:
    complaint = selectors.case_for_page(reference=reference)
    if complaint is None:
        raise Http404
    if not request.user.has_perm("complaints.view_complaint", complaint):
        raise PermissionDenied
    return complaint


def actions_now(user: Any, complaint: Complaint) -> list[Action]:
    return [a for a in ACTIONS.values() if a.available(complaint) and user.has_perm(a.permission, complaint)]


def _learning_and_oversight(user: Any, complaint: Complaint) -> dict[str, Any]:
    """Learning, service improvements (reported back on each complaint that led to them, Code 9.3), surveys
    and the Ombudsman's findings and orders on this complaint."""
    return {
        "learning_points": complaint.learning_points.select_related("theme", "recorded_by"),
        "improvements": complaint.service_improvements.select_related("theme"),
        "surveys": complaint.surveys.order_by("stage") if user.has_perm("surveys.view_answers") else [],
        "referrals": complaint.ombudsman_referrals.prefetch_related("findings", "ombudsman_orders"),
        "can_see_ombudsman": user.has_perm("ombudsman.view_ombudsman"),
    }


@login_required
def complaint_page(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint_for(request, reference)
    user = request.user
    special = user.has_perm("complaints.view_special_category")
    resident = complaint.resident
    cals = selectors.calendars()
    today = timezone.localdate()
    stages = list(complaint.stages.all())
    for stage in stages:
        due = stage.next_due() if complaint.current_stage_id == stage.pk and complaint.is_open else None
        stage.due_phrase_days = cals[complaint.nation].working_days_between(today, due) if due else None
    context = {
        "complaint": complaint,
        "resident": resident,
        "stages": stages,
        "timeline": selectors.case_timeline(complaint),
        "actions": actions_now(user, complaint),
        "special": special,
        "can_record": user.has_perm("complaints.record_on_complaint", complaint),
        "complete_form": f.CompleteForm(),
        "today": today,
        **_learning_and_oversight(user, complaint),
    }
    if special:
        context.update(
            {
                "disclosures": list(resident.disclosures.all()),
                "adjustments": list(resident.adjustments.filter(ended_on__isnull=True)),
                "restrictions": list(resident.contact_restrictions.filter(ended_on__isnull=True)),
            }
        )
        special_category_views_record(viewer=user, residents=[resident], shown_on=f"Complaint {complaint.reference}")
    return render(request, "casework/complaint.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    complaint = _complaint_for(request, reference)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404
    if not request.user.has_perm(chosen.permission, complaint):
        raise PermissionDenied
    form = chosen.form(request.POST or None, request.FILES or None, complaint=complaint)
    formset = None
    if chosen.slug == "acknowledge":
        initial = [
            {
                "point": p.point,
                "outcome_sought": p.outcome_sought,
                "not_responsible": not p.landlord_responsible,
                "responsibility_note": p.responsibility_note,
            }
            for p in complaint.current_stage.definition.all()
        ]
        formset = f.PointFormSet(request.POST or None, prefix="points", initial=initial or None)
    changed = False
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            chosen.perform(request.user, complaint, form.cleaned_data, formset)
        except CaseChangedError as error:
            changed = True
            form.add_error(None, error.message)
        except WorkflowError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.success(request, f"{chosen.label}: done.")
            return redirect("casework:complaint", reference=complaint.reference)
    return render(
        request,
        "casework/action.html",
        {"complaint": complaint, "action": chosen, "form": form, "formset": formset, "changed": changed},
        status=409 if changed else 200,
    )


@login_required
@require_http_methods(["POST"])
def item_complete(request: HttpRequest, reference: str, kind: str, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, reference)
    if not request.user.has_perm("complaints.record_on_complaint", complaint):
        raise PermissionDenied
    model = {"remedy": Remedy, "action": OutstandingAction}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk, complaint=complaint)
    form = f.CompleteForm(request.POST)
    if form.is_valid():
        try:
            if model is Remedy:
                record.remedy_complete(actor=request.user, remedy=item, completed_on=form.cleaned_data["completed_on"])
            else:
                record.outstanding_action_complete(
                    actor=request.user, action=item, completed_on=form.cleaned_data["completed_on"]
                )
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Marked as done.")
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("completed_on", [])))
    return redirect("casework:complaint", reference=complaint.reference)


@login_required
def document_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, reference)
    document = get_object_or_404(Document, pk=pk, complaint=complaint)
    try:
        content = document_read(document)
    except DocumentAlteredError:
        # Code 5.12: the record is what was sent or received; a changed file is not passed off as it.
        logger.error("Document %s on complaint %s no longer matches its recorded digest", document.pk, complaint.pk)
        return HttpResponse(
            "This file has been changed since it was stored, so it is not being sent. Ask an administrator to "
            "restore it from the backup.",
            status=500,
            content_type="text/plain; charset=utf-8",
        )
    # Always a download, with a type we accept (nosniff is on every response): a browser never runs it.
    content_type, filename = download_as(document.content_type, document.title)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)
