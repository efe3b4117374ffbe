from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from casework import selectors
from casework.forms import QueueFilterForm
from complaints.data_protection import special_category_views_record
from complaints.search import complaint_search
from inbound.selectors import new_email_count
from reporting import exports

PAGE_SIZE = 25


def first_queue(user: Any) -> str:
    """The queue "Work queues" opens: a case worker's own cases; for the senior lead, who handles none, what is
    overdue across them all; for other staff, the complaints they logged."""
    if user.has_perm("complaints.acknowledge_complaint"):
        return "mine"
    return "overdue" if user.has_perm("complaints.view_all_complaints") else "logged"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands (LOGIN_REDIRECT_URL): each role's own first page, never a refusal. Case workers
    their queue and other staff the complaints they logged; the senior lead (who reads every case for themes and
    trends, Code 9.4) and the board their dashboard; administrators their administration home; the admin site for
    anyone else allowed in it."""
    user = request.user
    queue = first_queue(user) if user.has_perm("complaints.list_complaints") else None
    if queue in ("mine", "logged"):
        return redirect("casework:queue", slug=queue)
    if user.has_perm("reporting.view_dashboard"):
        return redirect("dashboard:dashboard")
    if user.has_perm("golive.view_check"):
        return redirect("golive:administration")
    if user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    if not user.has_perm("complaints.list_complaints"):
        raise PermissionDenied
    current = selectors.queue_for(slug)
    if current is None:
        raise Http404
    special = user.has_perm("complaints.view_special_category")
    case_worker = user.has_perm("complaints.view_all_complaints")
    if current.special_category and not special:
        raise PermissionDenied
    if slug != "logged" and not case_worker:
        # Staff who are not case workers see only the complaints they logged (rules: view_complaint).
        raise PermissionDenied
    today = timezone.localdate()
    queues = [q for q in [*selectors.COMPLAINT_QUEUES, *selectors.OTHER_QUEUES] if _may_see(q, special, case_worker)]
    context = {
        "queue": current,
        "queues": queues,
        "team_queues": selectors.team_queues() if case_worker else [],
        # Moving many cases at once (someone is away): rows are selected on the queue (complaints.rules).
        "can_reassign": user.has_perm("complaints.reassign_in_bulk"),
        "today": today,
        # Emails no case claimed wait for a case worker (inbound).
        "new_emails": new_email_count() if user.has_perm("inbound.triage_emails") else None,
    }
    if slug == "actions-due":
        items = selectors.actions_due(user=user)
        context["page"] = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "casework/queue_actions.html", context)
    if slug == "reviews-due":
        items = selectors.reviews_due(today=today)
        context["page"] = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        special_category_views_record(
            viewer=user, residents=[item.resident_id for item in context["page"]], shown_on=f"Queue: {current.title}"
        )
        return render(request, "casework/queue_reviews.html", context)
    form = QueueFilterForm(request.GET or None, special_category=special)
    filters = form.cleaned_data if form.is_valid() else {}
    cals = selectors.calendars()
    complaints = selectors.queue_complaints(user=user, queue=slug, today=today, cals=cals)
    complaints = selectors.filter_complaints(complaints, filters)
    if filters.get("q"):
        # The queue's own conditions stay; the search narrows them (the queue's sort still orders the list).
        complaints = complaint_search(actor=user, text=filters["q"], within=complaints).complaints
    sort = filters.get("sort") or "due"
    if request.GET.get("format") in exports.FORMATS:
        return exports.export_response(
            exports.for_export(selectors.sort_complaints(complaints, sort)),
            user=user,
            file_format=request.GET["format"],
            filename=f"{slug}-{today:%Y-%m-%d}",
        )
    page = selectors.queue_page(
        selectors.sort_complaints(complaints, sort), request.GET.get("page"), per_page=PAGE_SIZE, cals=cals, today=today
    )
    if filters.get("vulnerable"):
        # The list then says of each resident on it that a vulnerability is recorded.
        special_category_views_record(
            viewer=user,
            residents=[row.resident_id for row in page],
            shown_on=f"Queue: {current.title}, residents with a vulnerability",
        )
    context.update({"form": form, "page": page, "rows": page.object_list, "sort": sort, "sorts": selectors.SORTS})
    template = "casework/_queue_results.html" if request.htmx else "casework/queue.html"
    return render(request, template, context)


def _may_see(queue: selectors.Queue, special: bool, case_worker: bool) -> bool:
    if queue.special_category and not special:
        return False
    return case_worker or queue.slug == "logged"
