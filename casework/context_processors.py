from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from casework.views.queues import first_queue


def staff_navigation(request: HttpRequest) -> dict[str, Any]:
    """The staff menu, showing only the pages the signed-in person's role can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_navigation": []}
    # Code 8.1-8.2, 9.7: the governing body approves the annual report and the self-assessment, so its menu reaches
    # both beside the dashboard (figures, no cases: reporting.rules).
    oversight = [
        {"url": reverse(url), "text": text}
        for permission, url, text in [
            ("reporting.view_dashboard", "dashboard:dashboard", "Dashboard"),
            ("reporting.view_annual_report", "reporting:staff-list", "Annual report"),
            ("selfassessment.view_assessment", "selfassessment:staff-list", "Self-assessment"),
        ]
        if user.has_perm(permission)
    ]
    if user.has_perm("golive.view_check"):
        oversight.insert(0, {"url": reverse("golive:administration"), "text": "Administration"})
    if not user.has_perm("complaints.list_complaints"):
        return {"staff_navigation": oversight}
    items = [
        {"url": reverse("casework:queue", args=[first_queue(user)]), "text": "Work queues"},
        {"url": reverse("casework:complaint-log"), "text": "Log a complaint"},
        {"url": reverse("casework:service-requests"), "text": "Service requests"},
        {"url": reverse("casework:residents"), "text": "Residents"},
        *oversight,
    ]
    if user.has_perm("complaints.post_letters"):
        items.insert(3, {"url": reverse("casework:letters-to-post"), "text": "Letters to post"})
    # Code 9.1-9.4, 9.7 c, 1.6: learning, Ombudsman cases and surveys, for the roles that may see them.
    for permission, url, text in [
        ("learning.view_learning", "learning:themes", "Learning"),
        ("ombudsman.view_ombudsman", "ombudsman:overview", "Ombudsman"),
        ("surveys.view_results", "surveys:results", "Surveys"),
    ]:
        if user.has_perm(permission):
            items.append({"url": reverse(url), "text": text})
    if user.has_perm("privacy.handle_data_requests"):
        items.append({"url": reverse("privacy:overview"), "text": "Personal data"})
    return {"staff_navigation": items}
