"""The figures of the annual report and the MRC pack, gathered into one plain, JSON-ready snapshot.

A snapshot holds counts and names of categories only: never a case reference, a resident or a member of staff,
because the report is published (Code 8.2) and read by the board. An approved report stores its snapshot, so it
is drawn again exactly as approved. The "within timescale" rules are `complaints.performance`'s, as everywhere."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import TruncMonth

from complaints import performance
from complaints.models import Complaint, Decision, Refusal, Remedy, Response, Stage
from learning.selectors import learning_themes, service_improvements
from ombudsman.selectors import ComplianceFigures, ombudsman_figures
from selfassessment.models import SelfAssessment
from selfassessment.outputs import assessment_form


def _measure(key: str, label: str, provision: str, tally: performance.Tally) -> dict[str, Any]:
    percentage = round(100 * tally.numerator / tally.denominator) if tally.denominator else None
    return {
        "key": key,
        "label": label,
        "provision": provision,
        "numerator": tally.numerator,
        "denominator": tally.denominator,
        "percentage": percentage,
    }


def timeliness(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> list[dict[str, Any]]:
    """Code 6.2, 6.3, 6.11, 6.14, with and without extensions (6.4, 6.15)."""
    span = {"start": start, "end": end, "as_of": as_of}
    return [
        _measure(
            "stage_1_acknowledged",
            "Stage 1 complaints acknowledged within 5 working days",
            "6.2",
            performance.acknowledgement_tally(number=1, **span),
        ),
        _measure(
            "stage_1_responded",
            "Stage 1 responses within 10 working days, or the extension agreed",
            "6.3, 6.4",
            performance.response_tally(number=1, with_extensions=True, **span),
        ),
        _measure(
            "stage_1_responded_without_extension",
            "Stage 1 responses within 10 working days, without an extension",
            "6.3",
            performance.response_tally(number=1, with_extensions=False, **span),
        ),
        _measure(
            "stage_2_acknowledged",
            "Stage 2 complaints acknowledged within 5 working days",
            "6.11",
            performance.acknowledgement_tally(number=2, **span),
        ),
        _measure(
            "stage_2_responded",
            "Stage 2 responses within 20 working days, or the extension agreed",
            "6.14, 6.15",
            performance.response_tally(number=2, with_extensions=True, **span),
        ),
        _measure(
            "stage_2_responded_without_extension",
            "Stage 2 responses within 20 working days, without an extension",
            "6.14",
            performance.response_tally(number=2, with_extensions=False, **span),
        ),
    ]


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def volumes(*, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Code 3.3: complaints received at each stage, by month. A complaint that escalates counts once at each."""
    rows = (
        Stage.objects.filter(requested_on__range=(start, end))
        .annotate(month=TruncMonth("requested_on"))
        .values("month", "number")
        .annotate(count=Count("id"))
    )
    counts = {(row["month"], row["number"]): row["count"] for row in rows}
    monthly = [
        {"month": f"{month:%B %Y}", "stage_1": counts.get((month, 1), 0), "stage_2": counts.get((month, 2), 0)}
        for month in _months(start, end)
    ]
    stage_1 = sum(row["stage_1"] for row in monthly)
    stage_2 = sum(row["stage_2"] for row in monthly)
    responded_1 = Stage.objects.filter(number=1, responded_on__range=(start, end))
    escalated = responded_1.filter(Exists(Stage.objects.filter(complaint=OuterRef("complaint"), number=2))).count()
    responded = responded_1.count()
    return {
        "stage_1": stage_1,
        "stage_2": stage_2,
        "monthly": monthly,
        "stage_1_responses": responded,
        "escalated": escalated,
        "escalation_rate": round(100 * escalated / responded) if responded else None,
    }


def categories(*, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    rows = (
        Complaint.categories.through.objects.filter(complaint__received_on__range=(start, end))
        .values("category__name")
        .annotate(count=Count("complaint_id"))
        .order_by("-count", "category__name")
    )
    return [{"name": row["category__name"], "count": row["count"]} for row in rows]


def outcomes(*, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Decisions in the responses issued in the period, at each stage."""
    rows = (
        Response.objects.filter(responded_on__range=(start, end))
        .values("stage__number", "decision")
        .annotate(count=Count("id"))
    )
    counts = {(row["stage__number"], row["decision"]): row["count"] for row in rows}
    return [
        {"stage": number, **{decision: counts.get((number, decision), 0) for decision in Decision.values}}
        for number in (1, 2)
    ]


def refusals(*, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Code 8.1 b: the types of complaints the landlord refused to accept."""
    rows = (
        Refusal.objects.filter(decided_on__range=(start, end))
        .values("reason__name")
        .annotate(count=Count("id"))
        .order_by("-count", "reason__name")
    )
    return [{"reason": row["reason__name"], "count": row["count"]} for row in rows]


def remedies(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 7.1: the remedies offered in the responses issued in the period; 7.3: remedies due, done in time."""
    rows = (
        Remedy.objects.filter(stage__responded_on__range=(start, end))
        .values("kind__name")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("-count", "kind__name")
    )
    kinds = [{"kind": row["kind__name"], "count": row["count"], "amount": str(row["amount"] or "")} for row in rows]
    total = sum((Decimal(row["amount"]) for row in kinds if row["amount"]), Decimal("0.00"))
    return {
        "kinds": kinds,
        "count": sum(row["count"] for row in kinds),
        "compensation": f"{total:.2f}",
        "completed_in_time": _measure(
            "remedies_completed",
            "Remedies due in the period completed by the date the resident was told",
            "7.3",
            performance.remedy_tally(start=start, end=end, as_of=as_of),
        ),
    }


def _compliance(figures: ComplianceFigures | None) -> dict[str, int]:
    return dataclasses.asdict(figures) if figures else {}


def ombudsman(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 8.1 c, 9.7 c: referrals, the Ombudsman's findings, and progress on its orders, from `ombudsman`."""
    figures = ombudsman_figures(start, end, today=as_of)
    return {
        "referred": figures.referrals,
        "determinations": figures.determinations,
        "findings": [{"label": label, "count": count} for _, label, count in figures.findings],
        "adverse_findings": figures.adverse_findings,
        "compliance": [
            {"label": "Orders", **_compliance(figures.orders)},
            {"label": "Recommendations", **_compliance(figures.recommendations)},
            # Code 9.7 c: progress on orders that follow findings of severe maladministration.
            {"label": "Orders after severe maladministration", **_compliance(figures.severe_maladministration_orders)},
            {"label": "Complaint Handling Failure Orders", **_compliance(figures.handling_failure_orders)},
        ],
        "handling_failure_orders_made": figures.handling_failure_orders.made if figures.handling_failure_orders else 0,
    }


def improvements(*, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Code 8.1 d, 9.3: the service improvements made in the period and whom they were reported back to."""
    return [
        {
            "title": improvement.title,
            "what_changed": improvement.what_changed,
            "team": improvement.team,
            "theme": improvement.theme.name,
            "implemented_on": improvement.implemented_on.isoformat(),
            "complaints": improvement.complaint_count,
            "reported_to": sorted({back.get_audience_display() for back in improvement.report_backs.all()}),
        }
        for improvement in service_improvements(start, end)
    ]


def themes(*, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Code 9.4, 9.7 b: learning points recorded per theme per month."""
    trend = learning_themes(start, end)
    return {
        "months": [f"{month:%B %Y}" for month in trend.months],
        "rows": [{"name": row.label, "counts": row.counts, "total": row.total} for row in trend.rows],
    }


def self_assessment(assessment: SelfAssessment | None) -> dict[str, Any] | None:
    """Code 8.1 a: the annual self-assessment, row by row, as the governing body approved it."""
    if assessment is None:
        return None
    sections = assessment_form(assessment)
    rows = [row for section in sections for row in section.rows]
    return {
        "title": str(assessment),
        "code": assessment.code_version.name,
        "approved_on": assessment.approved_on.isoformat() if assessment.approved_on else None,
        "minute_reference": assessment.minute_reference,
        "status": assessment.get_status_display(),
        "complies": {label: sum(1 for row in rows if row.complies == label) for label in ("Yes", "Partly", "No")},
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "rows": [
                    {
                        "number": row.number,
                        "requirement": row.requirement_text,
                        "complies": row.complies,
                        "commentary": row.commentary,
                        "comply_by": row.comply_by,
                    }
                    for row in section.rows
                ],
            }
            for section in sections
        ],
    }


def period_figures(*, start: datetime.date, end: datetime.date, as_of: datetime.date) -> dict[str, Any]:
    """Code 9.7 a and c: what the MRC pack holds, and the quantitative half of the annual report's 8.1 b."""
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "as_of": as_of.isoformat()},
        "volumes": volumes(start=start, end=end),
        "timeliness": timeliness(start=start, end=end, as_of=as_of),
        "outcomes": outcomes(start=start, end=end),
        "categories": categories(start=start, end=end),
        "refusals": refusals(start=start, end=end),
        "remedies": remedies(start=start, end=end, as_of=as_of),
        "ombudsman": ombudsman(start=start, end=end, as_of=as_of),
        "improvements": improvements(start=start, end=end),
        "themes": themes(start=start, end=end),
    }
