"""Pinning a note, and the drafts endpoint that static/js/drafts.js calls while someone types."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from complaints.case_actions import case_action
from complaints.models import Complaint
from core.errors import WorkflowError
from identity.middleware import session_seconds_left
from notes import services
from notes.forms import PinForm, draft_fields
from notes.models import Note


def _complaint_for(request: HttpRequest, reference: str) -> Complaint:
    complaint = get_object_or_404(Complaint, reference=reference)
    if not request.user.has_perm("complaints.view_complaint", complaint):
        raise PermissionDenied
    return complaint


@login_required
@require_POST
def note_pin(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, reference)
    note = get_object_or_404(Note, pk=pk, complaint=complaint)
    form = PinForm(request.POST)
    form.is_valid()
    pinned = form.cleaned_data["pinned"]
    services.note_pin(actor=request.user, note=note, pinned=pinned)
    messages.success(request, "Note pinned to the top of the case." if pinned else "Note unpinned.")
    return redirect(reverse("casework:complaint", args=[complaint.reference]) + "#notes")


@login_required
@require_POST
def draft_save(request: HttpRequest, reference: str, form: str) -> HttpResponse:
    complaint = _complaint_for(request, reference)
    action = case_action(form)
    if action is None:
        raise Http404
    # Only someone who may send the form keeps a draft of it.
    if action.refusal(request.user, complaint):
        raise PermissionDenied
    field, text = request.POST.get("field", ""), request.POST.get("text")
    if field not in draft_fields(action.form(complaint=complaint)):
        return JsonResponse({"field": [f"This form has no long text box called “{field}”."]}, status=400)
    if text is None:
        return JsonResponse({"text": ["Send the text of the draft."]}, status=400)
    try:
        draft = services.draft_save(actor=request.user, complaint=complaint, form=form, field=field, text=text)
    except WorkflowError as error:
        return JsonResponse({error.field or "text": [error.message]}, status=400)
    return JsonResponse(
        {
            "saved_at": f"{timezone.localtime(draft.saved_at):%H:%M}" if draft else None,
            "session_seconds_left": session_seconds_left(request),
        }
    )
