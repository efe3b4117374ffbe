"""The dashboard panel for Ombudsman cases and orders (Code 9.7 c): counts only, no cases."""

from __future__ import annotations

from django.urls import reverse

from ombudsman.selectors import ComplianceFigures, ombudsman_figures
from reporting.panels import Cell, DashboardContext, Panel, cell, register_panel, table


def _compliance_row(label: str, figures: ComplianceFigures, url: str | None) -> list[Cell]:
    return [
        cell(label),
        cell(figures.made),
        cell(figures.due),
        cell(figures.complied, detail=f"of which late: {figures.complied_late}" if figures.complied_late else ""),
        cell(figures.overdue, url if figures.overdue else None),
        cell(figures.open_not_yet_due),
    ]


@register_panel(order=80, name="ombudsman")
def ombudsman_panel(ctx: DashboardContext) -> Panel:
    figures = ombudsman_figures(ctx.period.start, ctx.period.end, today=ctx.as_of)
    # The list of what is outstanding is for the roles that may read Ombudsman cases.
    url = reverse("ombudsman:overview") if ctx.user.has_perm("ombudsman.view_ombudsman") else None
    cases = table(
        "Referrals and decisions",
        ["Referred to the Ombudsman", "Decisions received", "Findings that something went wrong"],
        [[cell(figures.referrals, url), cell(figures.determinations), cell(figures.adverse_findings)]],
    )
    findings = table(
        "The Ombudsman's findings, by part of each complaint",
        ["Finding", "Number"],
        [[cell(label), cell(count)] for _, label, count in figures.findings],
    )
    compliance = table(
        "Orders and recommendations",
        ["Kind", "Made in the period", "Due in the period", "Complied with", "Overdue now", "Not yet due"],
        [
            _compliance_row("Orders", figures.orders, url),
            _compliance_row("Orders after severe maladministration", figures.severe_maladministration_orders, url),
            _compliance_row("Recommendations", figures.recommendations, url),
            _compliance_row("Complaint Handling Failure Orders", figures.handling_failure_orders, url),
        ],
    )
    return Panel(
        name="ombudsman",
        title="Ombudsman cases and orders",
        intro="Complaints referred to the Ombudsman in the period, its findings on each part of the complaints it "
        "decided, and what it told us to do: orders and recommendations due in the period and whether we complied, "
        "including orders that follow severe maladministration findings and Complaint Handling Failure Orders "
        "(Complaint Handling Code 8.1 c, 9.7 c). Overdue is today's position.",
        tables=[cases, findings, compliance],
    )
