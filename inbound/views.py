"""The "New emails" queue: emails from the complaints mailbox that named no case. Only case workers see it: the
emails hold residents' words and contact details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from inbound import selectors, services
from inbound.forms import AttachForm, NotAComplaintForm
from inbound.models import InboundEmail
from ui.pages import require, submit


@login_required
@require_GET
def new_emails(request: HttpRequest) -> HttpResponse:
    require(request.user, "inbound.triage_emails")
    page = Paginator(selectors.new_emails(), 25).get_page(request.GET.get("page"))
    return render(request, "inbound/new_emails.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "inbound.triage_emails")
    email = get_object_or_404(InboundEmail.objects.select_related("complaint", "handled_by"), pk=pk)
    chosen = request.POST.get("form") if request.method == "POST" else None
    attach_form = AttachForm(request.POST if chosen == "attach" else None, prefix="attach")
    not_form = NotAComplaintForm(request.POST if chosen == "not-a-complaint" else None, prefix="not")
    if chosen == "attach" and submit(
        attach_form,
        lambda: services.email_attach(actor=request.user, email=email, complaint=attach_form.cleaned_data["reference"]),
    ):
        messages.success(request, f"The email is recorded on {attach_form.cleaned_data['reference'].reference}.")
        return redirect("inbound:new-emails")
    if chosen == "not-a-complaint" and submit(
        not_form,
        lambda: services.email_mark_not_a_complaint(
            actor=request.user, email=email, reason=not_form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, "The email is marked as not a complaint.")
        return redirect("inbound:new-emails")
    return render(
        request,
        "inbound/email.html",
        {
            "email": email,
            "attachments": selectors.email_attachments(email),
            "attach_form": attach_form,
            "not_form": not_form,
        },
    )
