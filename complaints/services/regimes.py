"""Which regime, and so which procedure and which Ombudsman, applies to the homes of each nation.

Each nation is shipped with the regime its Ombudsman requires: England the Housing Ombudsman's Code, Scotland the
SPSO's model procedure, Northern Ireland NIPSO's. Where more than one regime may serve a nation (Wales: the Public
Services Ombudsman for Wales, or the Housing Ombudsman), an administrator chooses, and until then the choice is
shown as not made (`nation_regime_needs_choice`), never taken silently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from complaints.models import Nation, NationRegime, Regime
from core.errors import WorkflowError
from core.services import require_perm, service_action

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
