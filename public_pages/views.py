from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from complaints.models import RegimeStage
from core.errors import WorkflowError
from core.throttling import ratelimit_key
from public_pages.forms import CheckForm, ComplaintForm
from public_pages.models import PublicPage
from public_pages.selectors import complaint_progress
from public_pages.services import WebComplaint, web_complaint_submit

SUBMITTED_SESSION_KEY = "public_submitted_reference"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


def _timescales() -> dict[str, object]:
    """The Housing Ombudsman Code's timescales as configured (regimes are data), for the explanation (Code 3.4)."""
    stages = {stage.number: stage for stage in RegimeStage.objects.filter(regime__code="housing_ombudsman_2024")}
    return {"regime_stage_1": stages.get(1), "regime_stage_2": stages.get(2)}


@require_http_methods(["GET", "POST"])
@ratelimit(key=ratelimit_key, rate=lambda group, request: settings.COMPLAINT_FORM_RATE, method="POST", block=False)
def complain(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return render(request, "public/too_many.html", status=429)
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_spam:
        # Honeypot filled in: answer as if accepted, so an automated sender learns nothing; log nothing.
        request.session.pop(SUBMITTED_SESSION_KEY, None)
        return redirect("public:complaint-received")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        someone_else = data["who"] == "someone_else"
        submission = WebComplaint(
            token=data["token"],
            what_happened=data["what_happened"],
            outcome_wanted=data["outcome_wanted"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            preferred_contact=data["preferred_contact"],
            address=data["address"],
            postcode=data["postcode"],
            nation=data["nation"],
            communication_needs=tuple(data["communication_needs"]),
            language=data["language"],
            needs=data["needs"],
            resident_name=data["resident_name"] if someone_else else "",
            relationship=data["relationship"] if someone_else else "",
            authority=data["authority"] if someone_else else "",
            attachments=data["attachments"],
        )
        try:
            complaint, _ = web_complaint_submit(submission=submission)
        except WorkflowError as error:
            field = {"file": "attachments"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            request.session[SUBMITTED_SESSION_KEY] = complaint.reference
            return redirect("public:complaint-received")
    return render(request, "public/complain.html", {"form": form, **_timescales()})


def complaint_received(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/complaint_received.html",
        {"reference": request.session.get(SUBMITTED_SESSION_KEY), **_timescales()},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key=ratelimit_key, rate=lambda group, request: settings.COMPLAINT_CHECK_RATE, method="POST", block=False)
def check(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return render(request, "public/too_many.html", status=429)
    form = CheckForm(request.POST or None)
    progress = None
    not_found = False
    if request.method == "POST" and form.is_valid():
        progress = complaint_progress(
            reference=form.cleaned_data["reference"], email_or_postcode=form.cleaned_data["email_or_postcode"]
        )
        not_found = progress is None
    return render(request, "public/check.html", {"form": form, "progress": progress, "not_found": not_found})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    content = get_object_or_404(PublicPage, slug=slug)
    return render(request, "public/page.html", {"page": content})
