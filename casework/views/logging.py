from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import forms as f
from casework.selectors import residents_search
from complaints.models import Channel, Complaint, Resident
from complaints.selectors import OPEN
from complaints.services import workflow
from inbound.models import InboundEmail
from inbound.services import email_log_complaint
from ui.pages import require, submit


@login_required
@require_http_methods(["GET", "POST"])
def complaint_log(request: HttpRequest) -> HttpResponse:
    """Log a complaint for a resident from any channel (Code 3.2): find the resident, then the complaint. From the
    "New emails" queue (?email=), the form starts from the email, and the email is recorded on the complaint."""
    require(request.user, "complaints.log_complaint")
    email = email_to_log(request)
    resident_id = request.GET.get("resident")
    if not resident_id:
        # From an email, the search starts with the sender's address: a resident on file is found at once.
        search = f.SearchForm(request.GET if "q" in request.GET else {"q": email.sender} if email else None)
        results = residents_search(search.cleaned_data["q"]) if search.is_valid() and search.cleaned_data["q"] else None
        return render(
            request, "casework/log_find_resident.html", {"form": search, "results": results, "from_email": email}
        )
    resident = get_object_or_404(Resident.objects.select_related("home"), pk=resident_id)
    # The duplicate warning: open complaints of this resident, which the new one may repeat.
    open_complaints = list(Complaint.objects.filter(resident=resident, status__in=OPEN).order_by("-received_on"))
    initial = (
        {
            "channel": Channel.objects.get(code="email"),
            "received_on": timezone.localdate(email.sent_at),
            "summary": email.body,
        }
        if email
        else None
    )
    form = f.LogComplaintForm(
        request.POST or None,
        resident=resident,
        initial=initial,
        case_worker=request.user.has_perm("complaints.handle_complaint"),
    )
    if request.method == "POST" and form.is_valid():
        if open_complaints and not form.cleaned_data["not_a_duplicate"]:
            form.add_error(
                "not_a_duplicate",
                "This resident has open complaints. Check the new complaint is not one of them, then tick the box",
            )
        else:
            details = {
                "actor": request.user,
                "resident": resident,
                "received_on": form.cleaned_data["received_on"],
                "channel": form.cleaned_data["channel"],
                "summary": form.cleaned_data["summary"],
                "nation": form.cleaned_data["nation"] or None,
                "representative": form.cleaned_data["representative"],
                "categories": form.cleaned_data["categories"],
                "stage_2_reason": form.cleaned_data.get("stage_2_reason", ""),
                "first_knew_on": form.cleaned_data["first_knew_on"],
                "time_limit_waived_because": form.cleaned_data.get("time_limit_waived_because", ""),
            }
            complaint = submit(
                form,
                lambda: email_log_complaint(email=email, **details) if email else workflow.complaint_log(**details),
            )
            if complaint:
                messages.success(request, f"Complaint {complaint.reference} logged.")
                if request.user.has_perm("complaints.view_complaint", complaint):
                    return redirect("casework:complaint", reference=complaint.reference)
                return redirect("staff-home")
    return render(
        request,
        "casework/log_complaint.html",
        {"form": form, "resident": resident, "open_complaints": open_complaints, "from_email": email},
    )


def email_to_log(request: HttpRequest) -> InboundEmail | None:
    """The new email a complaint is being logged from (?email=), for those who may deal with new emails."""
    pk = request.GET.get("email")
    if pk is None:
        return None
    require(request.user, "inbound.triage_emails")
    if not pk.isdigit():
        raise Http404
    return get_object_or_404(InboundEmail.objects.defer("raw"), pk=pk, status=InboundEmail.Status.NEW)
