"""Moving many cases at once, when someone is away: the rows selected on a queue, or every open case of one person,
to a new person and/or team. Each case moves in its own transaction (complaints.services.assignment); the page then
says which moved and which did not, and why."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.forms import BulkReassignForm
from complaints.selectors import complaints_visible_to
from complaints.services.assignment import cases_handled_by, complaints_reassign
from ui.pages import require, submit


@login_required
def bulk_reassign(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, "complaints.reassign_in_bulk")
    visible = complaints_visible_to(user).select_related("current_stage__handler", "team")
    if request.method == "POST":
        form = BulkReassignForm(request.POST, visible=visible)
    else:
        form = BulkReassignForm(initial={"complaints": request.GET.getlist("complaint")}, visible=visible)

    def reassign():
        data = form.cleaned_data
        cases = list(data["complaints"]) or list(
            cases_handled_by(data["from_person"]).filter(pk__in=visible).select_related("current_stage").order_by("id")
        )
        return complaints_reassign(
            actor=user, complaints=cases, handler=data["handler"], team=data["team"], reason=data["reason"]
        )

    result = submit(form, reassign) if request.method == "POST" else None
    if result is not None:
        return render(request, "casework/reassign_done.html", {"result": result})
    selected = visible.filter(reference__in=request.GET.getlist("complaint") or request.POST.getlist("complaints"))
    return render(request, "casework/reassign.html", {"form": form, "selected": selected.order_by("id")})
