"""What the Ombudsman's cases add to the summary API and the annual report (Code 8.1 c, 9.7 c): counts, and the
Ombudsman's own references, never a resident's or ours."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from ombudsman.api import OmbudsmanFiguresSerializer, ombudsman_figures_data
from ombudsman.selectors import ComplianceFigures, handling_failure_orders, ombudsman_decisions, ombudsman_figures
from reporting.dashboard_api import register_summary_figures
from reporting.report_figures import register_report_section


@register_summary_figures(
    name="ombudsman",
    order=80,
    field=OmbudsmanFiguresSerializer(help_text="Code 8.1 c, 9.7 c: Ombudsman cases, findings and orders."),
)
def summary_figures(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    return ombudsman_figures_data(ombudsman_figures(start, end, today=as_of))


def _compliance(found: ComplianceFigures | None) -> dict[str, int]:
    return dataclasses.asdict(found) if found else {}


@register_report_section("ombudsman")
def report_section(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 8.1 c, 9.7 c: referrals, the Ombudsman's findings, and progress on its orders."""
    found = ombudsman_figures(start, end, today=as_of)
    return {
        "referred": found.referrals,
        "determinations": found.determinations,
        "findings": [{"label": label, "count": count} for _, label, count in found.findings],
        "adverse_findings": found.adverse_findings,
        "compliance": [
            {"label": "Orders", **_compliance(found.orders)},
            {"label": "Recommendations", **_compliance(found.recommendations)},
            # Code 9.7 c: progress on orders that follow findings of severe maladministration.
            {"label": "Orders after severe maladministration", **_compliance(found.severe_maladministration_orders)},
            {"label": "Complaint Handling Failure Orders", **_compliance(found.handling_failure_orders)},
        ],
        "handling_failure_orders_made": found.handling_failure_orders.made if found.handling_failure_orders else 0,
        # Code 8.1 c, item by item: the Ombudsman's references, never the resident's or ours.
        "decisions": [
            {
                "reference": decision.ombudsman_reference,
                "determined_on": decision.determined_on.isoformat(),
                "findings": [
                    {"element": finding.element, "determination": finding.get_determination_display()}
                    for finding in decision.findings
                ],
                "orders": [
                    {
                        "kind": order.get_kind_display(),
                        "description": order.description,
                        "due_on": order.due_on.isoformat(),
                        "complied_on": order.complied_on.isoformat() if order.complied_on else None,
                    }
                    for order in decision.orders
                ],
            }
            for decision in ombudsman_decisions(start, end)
        ],
        "handling_failure_order_list": [
            {
                "reference": chfo.ombudsman_reference,
                "issued_on": chfo.issued_on.isoformat(),
                "failure": chfo.failure,
                "order": chfo.order,
                "due_on": chfo.due_on.isoformat(),
                "complied_on": chfo.complied_on.isoformat() if chfo.complied_on else None,
            }
            for chfo in handling_failure_orders(start, end)
        ],
    }
