from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from golive.selectors import go_live_checks
from golive.services import letter_templates_reviewed
from ui.pages import require


@login_required
@require_http_methods(["GET"])
def check(request: HttpRequest) -> HttpResponse:
    require(request.user, "golive.view_check")
    items = go_live_checks()
    return render(request, "golive/check.html", {"items": items, "not_done": [item for item in items if not item.done]})


@login_required
@require_http_methods(["GET"])
def administration(request: HttpRequest) -> HttpResponse:
    """Where administrators land after signing in: what the role does (README "Demo users"), one link each."""
    require(request.user, "golive.view_check")
    not_done = sum(1 for item in go_live_checks() if not item.done)
    return render(request, "golive/administration.html", {"not_done": not_done})


@login_required
@require_POST
def templates_reviewed(request: HttpRequest) -> HttpResponse:
    require(request.user, "golive.review_letter_templates")
    added = letter_templates_reviewed(actor=request.user)
    messages.success(
        request,
        f"Recorded that you read {added} letter template{'s' if added != 1 else ''} at their current wording."
        if added
        else "Every letter template was already recorded as read at its current wording.",
    )
    return redirect("golive:check")
