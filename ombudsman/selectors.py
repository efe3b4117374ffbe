"""Reads for Ombudsman cases: the figures the governing body receives (Code 9.7 c) and the annual report
includes (8.1 c), and the lists staff work from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from ombudsman.models import ADVERSE, Determination, Finding, HandlingFailureOrder, OmbudsmanReferral, Order


@dataclass(frozen=True)
class ComplianceFigures:
    """Orders (or recommendations, or CHFOs) due in the period, and where they stand today."""

    made: int
    due: int
    complied: int
    complied_late: int
    overdue: int
    open_not_yet_due: int


@dataclass(frozen=True)
class OmbudsmanFigures:
    start: datetime.date
    end: datetime.date
    referrals: int
    determinations: int
    # (value, label, count) for every determination, most serious first, zeros included.
    findings: list[tuple[str, str, int]] = field(default_factory=list)
    orders: ComplianceFigures | None = None
    recommendations: ComplianceFigures | None = None
    # Code 9.7 c: progress in complying with orders that follow severe maladministration findings.
    severe_maladministration_orders: ComplianceFigures | None = None
    handling_failure_orders: ComplianceFigures | None = None

    @property
    def adverse_findings(self) -> int:
        return sum(count for value, _, count in self.findings if value in ADVERSE)


def _compliance(
    items: QuerySet, start: datetime.date, end: datetime.date, made_field: str, today: datetime.date
) -> ComplianceFigures:
    made = items.filter(**{f"{made_field}__gte": start, f"{made_field}__lte": end}).count()
    counts = items.filter(due_on__gte=start, due_on__lte=end).aggregate(
        due=Count("id"),
        complied=Count("id", filter=Q(complied_on__isnull=False)),
        complied_late=Count("id", filter=Q(complied_on__gt=F("due_on"))),
        overdue=Count("id", filter=Q(complied_on__isnull=True, due_on__lt=today)),
        open_not_yet_due=Count("id", filter=Q(complied_on__isnull=True, due_on__gte=today)),
    )
    return ComplianceFigures(made=made, **counts)


def ombudsman_figures(
    start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> OmbudsmanFigures:
    """The Ombudsman's work on our complaints between `start` and `end` inclusive: referrals made, determinations
    received, findings by determination (Code 8.1 c), and orders, recommendations and Complaint Handling Failure
    Orders falling due in the period, with compliance as it stands `today`. Counts only: no personal data."""
    today = today or timezone.localdate()
    findings = dict(
        Finding.objects.filter(determined_on__gte=start, determined_on__lte=end)
        .values_list("determination")
        .annotate(count=Count("id"))
        .order_by()
    )
    orders = Order.objects.all()
    return OmbudsmanFigures(
        start=start,
        end=end,
        referrals=OmbudsmanReferral.objects.filter(referred_on__gte=start, referred_on__lte=end).count(),
        determinations=OmbudsmanReferral.objects.filter(determined_on__gte=start, determined_on__lte=end).count(),
        findings=[(value, label, findings.get(value, 0)) for value, label in Determination.choices],
        orders=_compliance(orders.filter(kind=Order.Kind.ORDER), start, end, "made_on", today),
        recommendations=_compliance(orders.filter(kind=Order.Kind.RECOMMENDATION), start, end, "made_on", today),
        severe_maladministration_orders=_compliance(
            orders.filter(finding__determination=Determination.SEVERE_MALADMINISTRATION),
            start,
            end,
            "made_on",
            today,
        ),
        handling_failure_orders=_compliance(HandlingFailureOrder.objects.all(), start, end, "issued_on", today),
    )


def referrals_list() -> QuerySet[OmbudsmanReferral]:
    return (
        OmbudsmanReferral.objects.select_related("complaint")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_orders=Count("ombudsman_orders", filter=Q(ombudsman_orders__complied_on__isnull=True), distinct=True),
        )
        .order_by("-referred_on", "-id")
    )


def compliance_due() -> tuple[QuerySet[Order], QuerySet[HandlingFailureOrder]]:
    """Everything the Ombudsman told us to do that is not yet done, soonest first."""
    return (
        Order.objects.filter(complied_on__isnull=True)
        .select_related("referral__complaint", "owner")
        .order_by("due_on"),
        HandlingFailureOrder.objects.filter(complied_on__isnull=True)
        .select_related("complaint", "owner")
        .order_by("due_on"),
    )


@dataclass(frozen=True)
class Decision:
    """One Ombudsman investigation decided in the period, as the annual report lists it (Code 8.1 c): the
    Ombudsman's reference, never the resident's."""

    ombudsman_reference: str
    determined_on: datetime.date
    findings: list[Finding]
    orders: list[Order]

    @property
    def adverse(self) -> bool:
        return any(finding.determination in ADVERSE for finding in self.findings)


def ombudsman_decisions(start: datetime.date, end: datetime.date) -> list[Decision]:
    """The Ombudsman's decisions between `start` and `end` inclusive, each with its findings per element and the
    orders and recommendations that followed, oldest first. A decision's date is its latest finding's."""
    findings = list(
        Finding.objects.filter(determined_on__gte=start, determined_on__lte=end).order_by("referral_id", "id")
    )
    referral_ids = {finding.referral_id for finding in findings}
    referrals = OmbudsmanReferral.objects.in_bulk(referral_ids)
    orders: dict[int, list[Order]] = {}
    for order in Order.objects.filter(referral_id__in=referral_ids).order_by("due_on", "id"):
        orders.setdefault(order.referral_id, []).append(order)
    by_referral: dict[int, list[Finding]] = {}
    for finding in findings:
        by_referral.setdefault(finding.referral_id, []).append(finding)
    decisions = [
        Decision(
            ombudsman_reference=referrals[pk].ombudsman_reference,
            determined_on=max(finding.determined_on for finding in found),
            findings=found,
            orders=orders.get(pk, []),
        )
        for pk, found in by_referral.items()
    ]
    return sorted(decisions, key=lambda decision: (decision.determined_on, decision.ombudsman_reference))


def handling_failure_orders(start: datetime.date, end: datetime.date) -> QuerySet[HandlingFailureOrder]:
    """Complaint Handling Failure Orders issued between `start` and `end` inclusive (Code 8.1 c: the Ombudsman's
    findings of non-compliance with the Code)."""
    return HandlingFailureOrder.objects.filter(issued_on__gte=start, issued_on__lte=end).order_by("issued_on", "id")
