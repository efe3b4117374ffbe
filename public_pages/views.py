from __future__ import annotations

import dataclasses
import io
import logging
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from complaints.models import Letter, RegimeStage
from complaints.selectors import document_read
from core.errors import WorkflowError
from core.services import format_date
from core.throttling import rate_limit_accepted, rate_limited
from core.uploads import StoredFileAlteredError
from public_pages.forms import CheckForm, CodeForm, ComplaintForm, InformationForm, Stage2Form
from public_pages.models import PublicPage
from public_pages.selectors import (
    Checked,
    complaint_checked,
    complaint_for_resident,
    complaint_progress,
    resident_letters,
    stage_2_choice,
)
from public_pages.services import (
    CODE_MINUTES,
    LINK_DAYS,
    Caller,
    IssuedCode,
    WebComplaint,
    access_code_send,
    code_can_be_sent,
    information_send,
    link_caller,
    stage_2_request,
    web_complaint_submit,
    web_form_account,
)
from ui.pages import submit

logger = logging.getLogger(__name__)

SUBMITTED_SESSION_KEY = "public_submitted_reference"
# "Check my complaint" keeps, in the session: which complaint the reference and email or postcode matched (and
# whose email it was), then the one-time code sent for it, then who has shown they may see it. Numbers only: no
# reference, email address or postcode is kept in the session or put in a URL.
CHECKED_KEY = "public_checked"
CODE_KEY = "public_code"
CALLER_KEY = "public_caller"
CALLER_TOUCH_SECONDS = 60

# Each address's count covers every step of reaching a complaint (the check, asking for a code, entering it,
# opening a letter's link), so a guesser gains nothing by moving between them.
check_limited = rate_limited("COMPLAINT_CHECK_RATE", template="public/too_many.html", group="public-check")
# What a resident sends from their own view, counted like the complaint form.
send_limited = rate_limited("COMPLAINT_FORM_RATE", template="public/too_many.html", group="public-resident-sends")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


def _timescales() -> dict[str, object]:
    """The Housing Ombudsman Code's timescales as configured (regimes are data), for the explanation (Code 3.4)."""
    stages = {stage.number: stage for stage in RegimeStage.objects.filter(regime__code="housing_ombudsman_2024")}
    return {"regime_stage_1": stages.get(1), "regime_stage_2": stages.get(2)}


@require_http_methods(["GET", "POST"])
@rate_limited("COMPLAINT_FORM_RATE", template="public/too_many.html", accepted_only=True)
def complain(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_spam:
        # Honeypot filled in: answer as if accepted, so an automated sender learns nothing; log nothing.
        rate_limit_accepted(request)
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
            rate_limit_accepted(request)
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
@check_limited
def check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None)
    progress = None
    not_found = False
    can_send_code = False
    if request.method == "POST" and form.is_valid():
        checked = complaint_checked(
            reference=form.cleaned_data["reference"], email_or_postcode=form.cleaned_data["email_or_postcode"]
        )
        not_found = checked is None
        if checked is not None:
            progress = complaint_progress(checked.complaint)
            can_send_code = code_can_be_sent(checked)
            request.session[CHECKED_KEY] = {"complaint": checked.complaint.pk, "email_of": checked.email_of}
    return render(
        request,
        "public/check.html",
        {"form": form, "progress": progress, "not_found": not_found, "can_send_code": can_send_code},
    )


@require_POST
@check_limited
def code_send(request: HttpRequest) -> HttpResponse:
    matched = request.session.get(CHECKED_KEY)
    if not matched:
        return redirect("public:check")
    complaint = complaint_for_resident(matched["complaint"])
    try:
        issued = access_code_send(actor=web_form_account(), checked=Checked(complaint, matched["email_of"]))
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        request.session[CODE_KEY] = dataclasses.asdict(issued)
    return redirect("public:check-code")


@require_http_methods(["GET", "POST"])
@check_limited
def check_code(request: HttpRequest) -> HttpResponse:
    stored = request.session.get(CODE_KEY)
    form = CodeForm(request.POST or None)
    if stored and request.method == "POST" and form.is_valid():
        issued = IssuedCode(**stored)
        problem = issued.attempt(form.cleaned_data["code"], now=timezone.now())
        if problem is None:
            return _let_in(request, issued.caller())
        request.session[CODE_KEY] = dataclasses.asdict(issued)
        form.add_error("code", problem)
    return render(
        request,
        "public/check_code.html",
        {
            "form": form,
            "code_sent": bool(stored),
            "can_ask_again": bool(request.session.get(CHECKED_KEY)),
            "code_minutes": CODE_MINUTES,
        },
    )


@require_http_methods(["GET"])
@rate_limited("COMPLAINT_CHECK_RATE", template="public/too_many.html", group="public-check", methods=("GET",))
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a letter's email. It is swapped for the session at once, so the page the resident then sees
    (and anything it links to) carries no token."""
    caller = link_caller(token)
    if caller is None:
        return render(request, "public/link_not_valid.html", {"link_days": LINK_DAYS}, status=404)
    return _let_in(request, caller)


def _let_in(request: HttpRequest, caller: Caller) -> HttpResponse:
    # A fresh session key: whatever key the browser held before it proved who it is (one an attacker may have
    # planted) does not gain the access.
    request.session.cycle_key()
    request.session.pop(CHECKED_KEY, None)
    request.session.pop(CODE_KEY, None)
    request.session[CALLER_KEY] = {"complaint": caller.complaint_id, "party": caller.party, "seen": time.time()}
    return redirect("public:your-complaint")


def _caller(request: HttpRequest) -> Caller | None:
    """Who this browser has shown it is, while it keeps using the pages: it lapses after the same idle time as a
    member of staff's session (IDLE_TIMEOUT_SECONDS)."""
    stored = request.session.get(CALLER_KEY)
    if not stored:
        return None
    now = time.time()
    if now - stored["seen"] > settings.SESSION_COOKIE_AGE:
        request.session.pop(CALLER_KEY, None)
        return None
    if now - stored["seen"] >= CALLER_TOUCH_SECONDS:
        request.session[CALLER_KEY] = {**stored, "seen": now}
    return Caller(complaint_id=stored["complaint"], party=stored["party"])


type CallerView = Callable[..., HttpResponse]


def caller_required(view: CallerView) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        caller = _caller(request)
        if caller is None:
            messages.info(request, "To see your complaint, enter your reference and email address or postcode again.")
            return redirect("public:check")
        return view(request, caller, *args, **kwargs)

    return wrapper


@caller_required
def your_complaint(request: HttpRequest, caller: Caller) -> HttpResponse:
    complaint = complaint_for_resident(caller.complaint_id)
    return render(
        request,
        "public/your_complaint.html",
        {
            "complaint": complaint,
            "progress": complaint_progress(complaint),
            "letters": resident_letters(complaint),
            "stage_2": stage_2_choice(complaint),
        },
    )


@caller_required
def letter_download(request: HttpRequest, caller: Caller, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.select_related("document", "complaint"), pk=pk, complaint=caller.complaint_id
    )
    try:
        content = document_read(letter.document)
    except StoredFileAlteredError:
        # Code 5.12: what was sent is what is kept; a changed file is not passed off as the letter.
        logger.error("Letter %s on complaint %s no longer matches its recorded digest", letter.pk, letter.complaint_id)
        return render(request, "public/letter_unavailable.html", status=500)
    filename = f"{letter.complaint.reference}-{slugify(letter.get_kind_display())}-{letter.issued_on:%Y-%m-%d}.pdf"
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type="application/pdf")


@require_http_methods(["GET", "POST"])
@send_limited
@caller_required
def stage_2(request: HttpRequest, caller: Caller) -> HttpResponse:
    complaint = complaint_for_resident(caller.complaint_id)
    choice = stage_2_choice(complaint)
    form = Stage2Form(request.POST or None)
    if request.method == "POST" and choice.can_ask:
        escalated = submit(
            form,
            lambda: stage_2_request(actor=web_form_account(), caller=caller, why=form.cleaned_data["why"]),
            {"escalation_reason": "why"},
        )
        if escalated is not None:
            stage = escalated.current_stage
            next_step = (
                f"We will acknowledge it by {format_date(stage.acknowledgement_due)}."
                if stage.acknowledgement_due
                else f"We will send you our response by {format_date(stage.response_due)}."
            )
            messages.success(request, f"We have your request to look at your complaint again. {next_step}")
            return redirect("public:your-complaint")
    return render(request, "public/stage_2.html", {"form": form, "complaint": complaint, "choice": choice})


@require_http_methods(["GET", "POST"])
@send_limited
@caller_required
def send_information(request: HttpRequest, caller: Caller) -> HttpResponse:
    complaint = complaint_for_resident(caller.complaint_id)
    form = InformationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and complaint.is_open:
        sent = submit(
            form,
            lambda: information_send(
                actor=web_form_account(),
                caller=caller,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            ),
            {"file": "files", "upload": "files"},
        )
        if sent is not None:
            messages.success(request, "Thank you. We have added what you sent to your complaint.")
            return redirect("public:your-complaint")
    return render(request, "public/send_information.html", {"form": form, "complaint": complaint})


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """On a shared computer, the resident ends their access before walking away."""
    request.session.pop(CALLER_KEY, None)
    return render(request, "public/left.html")


def page(request: HttpRequest, slug: str) -> HttpResponse:
    content = get_object_or_404(PublicPage, slug=slug)
    return render(request, "public/page.html", {"page": content})
