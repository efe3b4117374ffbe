"""The staff header's search box and its results (complaints.search).

A GET form, so results can be bookmarked and the back button works. The text is personal data (a name, a postcode)
and sits in the URL's query string, so nothing of ours logs query strings or referrers: gunicorn's access log
format (Dockerfile), nginx's (config/nginx.conf) and the development server's (core.logging) leave them out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casework import selectors
from casework.forms import ComplaintSearchForm
from complaints.search import complaint_search
from ui.pages import require

PAGE_SIZE = 25


@login_required
def search(request: HttpRequest) -> HttpResponse:
    # The board sees aggregates only: no search box, and no results page.
    require(request.user, "complaints.list_complaints")
    form = ComplaintSearchForm(request.GET if "q" in request.GET else None)
    context: dict = {"form": form}
    if form.is_valid():
        results = complaint_search(actor=request.user, text=form.cleaned_data["q"])
        page = Paginator(selectors.for_list(results.complaints), PAGE_SIZE).get_page(request.GET.get("page"))
        today = timezone.localdate()
        cals = selectors.calendars()
        context["page"] = page
        context["rows"] = [
            {
                "complaint": complaint,
                "matched": results.matched.get(complaint.pk, []),
                "working_days": selectors.due_in_working_days(cals, complaint.nation, today, complaint.next_due)
                if complaint.next_due
                else None,
            }
            for complaint in page
        ]
    return render(request, "casework/search.html", context)
