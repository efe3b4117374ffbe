"""The dashboard panel for satisfaction surveys (Code 1.6): counts only, so every dashboard viewer may see it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from reporting import charts
from reporting.panels import Chart, DashboardContext, Panel, cell, register_panel, table
from surveys.selectors import survey_results


def _percent(value: float | None) -> str | None:
    return None if value is None else f"{value}%"


def _results_url(ctx: DashboardContext) -> str | None:
    """The staff results page for the same period, with what residents wrote, for those who may read it."""
    if not ctx.show_cases:
        return None
    start, end = ctx.period.start, ctx.period.end
    query = {"start-day": start.day, "start-month": start.month, "start-year": start.year}
    query |= {"end-day": end.day, "end-month": end.month, "end-year": end.year}
    return f"{reverse('surveys:results')}?{urlencode(query)}"


@register_panel(order=75, name="satisfaction")
def satisfaction_panel(ctx: DashboardContext) -> Panel:
    results = survey_results(ctx.period.start, ctx.period.end)
    summary = table(
        "Surveys sent and returned",
        ["Sent", "Returned", "Response rate", "Satisfied with how we handled the complaint"],
        [
            [
                cell(results.sent, _results_url(ctx)),
                cell(results.returned),
                cell(_percent(results.response_rate)),
                cell(_percent(results.satisfied_with_handling)),
            ]
        ],
    )
    bands = table(
        "How satisfied residents were",
        ["Answer", "With how we handled the complaint", "With the outcome"],
        [
            [
                cell(handling.label),
                cell(handling.count, detail=_percent(handling.percent) or ""),
                cell(outcome.count, detail=_percent(outcome.percent) or ""),
            ]
            for handling, outcome in zip(results.handling, results.outcome, strict=True)
        ],
    )
    chart = Chart(
        src=charts.bar_chart(
            "Satisfaction with how we handled the complaint",
            [band.label for band in results.handling],
            {"Answers": [band.count for band in results.handling]},
            show_legend=False,
        ),
        alt="Bar chart of survey answers about how we handled the complaint, from very satisfied to very "
        "dissatisfied; the figures are in the table beside it.",
        table=table(
            "Satisfaction with how we handled the complaint",
            ["Answer", "Answers"],
            [[cell(band.label), cell(band.count)] for band in results.handling],
        ),
    )
    return Panel(
        name="satisfaction",
        title="Satisfaction surveys",
        intro="Surveys sent to residents after a stage's response in the period, and the answers that came back "
        "(whenever they came). A survey answer is feedback, never a complaint: the survey tells residents how to "
        "complain if they are unhappy (Complaint Handling Code 1.6).",
        tables=[summary, bands],
        charts=[chart],
    )
