"""The dashboard panel for learning and service improvements (Code 9.1-9.4). Titles, teams and counts only:
no resident's personal data, so the board sees it too."""

from __future__ import annotations

from django.urls import reverse

from learning.selectors import learning_themes, service_improvements
from reporting.panels import DashboardContext, Panel, cell, register_panel, table


@register_panel(order=85, name="improvements")
def improvements_panel(ctx: DashboardContext) -> Panel:
    start, end = ctx.period.start, ctx.period.end
    may_read = ctx.user.has_perm("learning.view_learning")
    rows = [
        [
            cell(f"{improvement.implemented_on:%-d %B %Y}"),
            cell(improvement.title, reverse("learning:improvement", args=[improvement.pk]) if may_read else None),
            cell(improvement.team),
            cell(improvement.theme.name),
            cell(improvement.complaint_count),
            cell("; ".join(report.get_audience_display() for report in improvement.report_backs.all()) or "Not yet"),
        ]
        for improvement in service_improvements(start, end)
    ]
    improvements = table(
        "Service improvements made in the period",
        ["Made", "What changed", "Team", "Theme", "Complaints behind it", "Reported back to"],
        rows or [[cell("None in this period"), *(cell("") for _ in range(5))]],
    )
    themes_url = reverse("learning:themes") if may_read else None
    learning = table(
        "Learning recorded from complaints, by theme",
        ["Theme", "Learning points"],
        [[cell(row.label, themes_url), cell(row.total)] for row in learning_themes(start, end).rows]
        or [[cell("None in this period"), cell("")]],
    )
    return Panel(
        name="improvements",
        title="Learning and service improvements",
        intro="What we learnt from complaints in the period, and the changes we made because of them "
        "(Complaint Handling Code 9.1 to 9.3). The senior lead reviews these themes for systemic issues (9.4).",
        tables=[improvements, learning],
    )
