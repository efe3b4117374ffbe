"""The case page and the actions on it. The actions are declared once, for these pages and the API, in
complaints/case_actions.py: each is a form whose valid data goes to one service function; the service decides
whether it is allowed (state, role, the Code) and its WorkflowError is shown on the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import forms as f
from casework import selectors
from complaints.case_actions import actions_now, case_action
from complaints.data_protection import special_category_views_record
from complaints.models import Complaint, Document, OutstandingAction, Remedy
from complaints.services import record
from core.errors import CaseChangedError, WorkflowError
from notes.forms import drafts_restore
from notes.selectors import case_notes, own_drafts
from notes.services import drafts_discard
from ui.pages import stored_file_download


def _complaint_for(request: HttpRequest, reference: str) -> Complaint:
    complaint = selectors.case_for_page(reference=reference)
    if complaint is None:
        raise Http404
    if not request.user.has_perm("complaints.view_complaint", complaint):
        raise PermissionDenied
    return complaint


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


def _notes(user: Any, complaint: Complaint) -> dict[str, Any]:
    notes = list(case_notes(viewer=user, complaint=complaint))
    return {
        "notes": notes,
        "pinned_notes": [note for note in notes if note.pinned],
        "can_see_notes": user.has_perm("notes.view_notes", complaint),
        "can_add_note": user.has_perm("notes.add_note", complaint),
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
        stage.next_due_date = due
    # The current stage comes first, with its actions; the earlier one is folded away below it.
    current = next((stage for stage in stages if stage.pk == complaint.current_stage_id), None)
    context = {
        "complaint": complaint,
        "resident": resident,
        "stages": stages,
        "current_stage": current,
        "earlier_stages": [stage for stage in stages if stage is not current],
        "timeline": selectors.case_timeline(complaint),
        "actions": actions_now(user, complaint),
        "special": special,
        "can_record": user.has_perm("complaints.record_on_complaint", complaint),
        "complete_form": f.CompleteForm(),
        "today": today,
        **_learning_and_oversight(user, complaint),
        **_notes(user, complaint),
    }
    if special:
        context.update(
            {
                "disclosures": list(resident.disclosures.all()),
                "adjustments": list(resident.adjustments.in_place()),
                "restrictions": list(resident.contact_restrictions.filter(ended_on__isnull=True)),
            }
        )
        special_category_views_record(viewer=user, residents=[resident], shown_on=f"Complaint {complaint.reference}")
    return render(request, "casework/complaint.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    complaint = _complaint_for(request, reference)
    chosen = case_action(action)
    if chosen is None:
        raise Http404
    refusal = chosen.refusal(request.user, complaint)
    if refusal:
        raise PermissionDenied(refusal)
    form = chosen.form(request.POST or None, request.FILES or None, complaint=complaint)
    # Asked for an action the case's state does not allow: say why rather than offer a form that cannot succeed.
    # A form sent anyway goes to the service, which gives the same reason (or says the case changed).
    unavailable = None if request.method == "POST" else chosen.why_not_now(complaint)
    drafts_saved_at = None
    if request.method == "GET":
        drafts_saved_at = drafts_restore(form, own_drafts(author=request.user, complaint=complaint, form=chosen.slug))
    changed = False
    if request.method == "POST" and form.is_valid():
        try:
            chosen.take(
                actor=request.user,
                complaint=complaint,
                arguments=form.arguments(),
                version=form.cleaned_data.get("version"),
            )
        except CaseChangedError as error:
            changed = True
            form.add_error(None, error.message)
        except WorkflowError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            drafts_discard(actor=request.user, complaint=complaint, form=chosen.slug)
            messages.success(request, f"{chosen.label}: done.")
            return redirect("casework:complaint", reference=complaint.reference)
    return render(
        request,
        "casework/action.html",
        {
            "complaint": complaint,
            "action": chosen,
            "form": form,
            "formset": getattr(form, "formset", None),
            "changed": changed,
            "unavailable": unavailable,
            "drafts_saved_at": drafts_saved_at,
        },
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
    return stored_file_download(
        document.file,
        document.sha256,
        content_type=document.content_type,
        name=document.title,
        what=f"document {document.pk} on complaint {complaint.pk}",
    )
