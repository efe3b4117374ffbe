"""Which regime, and so which procedure and which Ombudsman, applies to the homes of each nation.

Each nation is shipped with the regime its Ombudsman requires: England the Housing Ombudsman's Code, Scotland the
SPSO's model procedure, Northern Ireland NIPSO's. Where more than one regime may serve a nation (Wales: the Public
Services Ombudsman for Wales, or the Housing Ombudsman), an administrator chooses, and until then the choice is
shown as not made (`nation_regime_needs_choice`), never taken silently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from complaints.models import Complaint, Nation, NationRegime, RefusalReason, Regime
from core.errors import WorkflowError
from core.services import format_date, require_perm, service_action

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def regimes_for(nation: str) -> QuerySet[Regime]:
    """The regimes that may be chosen for homes in `nation`."""
    return Regime.objects.filter(nations__contains=[nation]).order_by("name")


def nation_regime_needs_choice(mapping: NationRegime) -> bool:
    """More than one regime may serve the nation and no administrator has chosen between them yet."""
    return mapping.chosen_at is None and regimes_for(mapping.nation).count() > 1


@service_action
def nation_regime_choose(*, actor: User, nation: str, regime: Regime) -> NationRegime:
    """Choose the regime for complaints about homes in `nation`. Complaints already logged keep the regime they were
    logged under; new ones follow the choice, and their letters name its Ombudsman."""
    require_perm(
        actor, "complaints.change_nationregime", None, "Only a system administrator chooses the regime for a nation."
    )
    if nation not in Nation.values:
        raise WorkflowError(f"There is no nation called {nation!r}.", field="nation")
    if not regimes_for(nation).filter(pk=regime.pk).exists():
        choices = ", ".join(regimes_for(nation).values_list("name", flat=True))
        raise WorkflowError(
            f"{regime.name} does not cover homes in {Nation(nation).label}: choose one of {choices}.", field="regime"
        )
    mapping = NationRegime.objects.select_for_update().get(nation=nation)
    mapping.regime = regime
    mapping.chosen_by = actor
    mapping.chosen_at = timezone.now()
    mapping.save(update_fields=["regime", "chosen_by", "chosen_at"])
    return mapping


# --- time limits to complain (Code 2.3; seed 003 §16) ---------------------------------------------------------


def time_limit_explanation(complaint: Complaint) -> str:
    """Why a complaint raised after the time limit may be refused, with the dates, in words for the resident: the
    explanation the refusal form and the API offer with the time-limit reason."""
    ends = complaint.time_limit_ends_on()
    assert complaint.first_knew_on is not None and ends is not None  # only asked of a complaint out of time
    return (
        f"You first knew of the problem on {format_date(complaint.first_knew_on)}. Complaints must be made within "
        f"{complaint.regime.time_limit_months} months of that, so by {format_date(ends)}, and we received yours on "
        f"{format_date(complaint.received_on)}."
    )


def time_limit_refusal_reason() -> RefusalReason | None:
    return RefusalReason.objects.filter(time_limit=True, active=True).order_by("order").first()


def time_limit_note(complaint: Complaint) -> str:
    """What the timeline says about the time limit when the complaint is logged; empty when nothing is known or it
    was in time. Never the special circumstances themselves: the timeline is shown to everyone who sees the case."""
    if not complaint.raised_out_of_time():
        return ""
    ends = format_date(complaint.time_limit_ends_on())
    note = (
        f" Raised after the time limit: the resident first knew of the problem on "
        f"{format_date(complaint.first_knew_on)}, and the {complaint.regime.time_limit_months}-month limit ended "
        f"on {ends}."
    )
    if complaint.time_limit_waived_because:
        return f"{note} Accepted under special circumstances (Code 2.3)."
    return f"{note} Accept it under special circumstances, or refuse it (Code 2.3)."
