"""Letters to post: the day's batch as one PDF to print, and confirming which went in the post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from complaints.data_protection import special_category_views_record
from complaints.models import ReasonableAdjustment
from complaints.services.outbox import letters_mark_posted, letters_to_post, post_batch_pdf
from core.errors import WorkflowError
from core.uploads import StoredFileAlteredError
from ui.pages import require


@login_required
@require_http_methods(["GET", "POST"])
def letters_to_post_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "complaints.post_letters")
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("letter") if pk.isdigit()]
        try:
            posted = letters_mark_posted(actor=request.user, message_ids=chosen)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{posted} letter{'s' if posted != 1 else ''} recorded as posted.")
        return redirect("casework:letters-to-post")
    letters = letters_to_post()
    special = request.user.has_perm("complaints.view_special_category")
    if special:
        # Code 5.10: each letter shows what its resident needs (Braille, another language...), for staff to act on
        # before it goes in the post.
        letters = letters.prefetch_related(
            Prefetch(
                "complaint__resident__adjustments",
                queryset=ReasonableAdjustment.objects.in_place(),
                to_attr="needs",
            )
        )
    letters = list(letters)
    if special and letters:
        residents = {letter.complaint.resident_id for letter in letters}
        special_category_views_record(viewer=request.user, residents=sorted(residents), shown_on="Letters to post")
    return render(request, "casework/letters_to_post.html", {"letters": letters, "special": special})


@login_required
def letters_to_post_pdf(request: HttpRequest) -> HttpResponse:
    require(request.user, "complaints.post_letters")
    try:
        pdf = post_batch_pdf(letters_to_post())
    except (WorkflowError, StoredFileAlteredError) as error:
        messages.error(request, f"The batch could not be made: {error}")
        return redirect("casework:letters-to-post")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letters-to-post-{timezone.localdate():%Y-%m-%d}.pdf"'
    return response
