"""Data an administrator maintains: timescale regimes, calendars, and the lists cases choose from."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from complaints.models.base import Nation
from core.models import audited


class ReferenceItem(models.Model):
    """A choice list entry an administrator can extend (channels, categories, refusal reasons...)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


@audited
class Channel(ReferenceItem):
    """How a complaint or correspondence reached us (Code 3.2: any channel)."""


@audited
class Category(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "categories"


@audited
class Team(ReferenceItem):
    """The area or team a complaint belongs to, for the dashboards' breakdowns (Code 9.4: themes and trends), and
    the team that owns it: its members find it in their "My team" queue."""

    # Kept by administrators in the admin; complaints officers and senior managers belong to teams.
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams")


@audited
class RefusalReason(ReferenceItem):
    """A reason a complaint may be refused or not escalated (Code 2.2, 5.11)."""

    description = models.TextField(blank=True)
    # Code 2.3: for complaints over 12 months old, discretion must be considered and recorded.
    requires_discretion_note = models.BooleanField(default=False)
    # The reason for a complaint raised after the regime's time limit (Code 2.3; seed 003 §16): offered, with the
    # date the limit ended, for a complaint recorded as raised after it.
    time_limit = models.BooleanField(default=False)


@audited
class RemedyKind(ReferenceItem):
    """The kinds of putting things right the Code lists in 7.1."""

    is_financial = models.BooleanField(default=False)


@audited
class Regime(models.Model):
    """A procedure and its Ombudsman: the Housing Ombudsman Code 2024, the SPSO's and NIPSO's model procedures, or
    the Code's timescales with the Public Services Ombudsman for Wales."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    ombudsman_name = models.CharField(max_length=200)
    ombudsman_contact = models.TextField(help_text="The contact details given to residents (Code 6.5, 6.16).")
    # The Housing Ombudsman's scheme covers England; Scotland has the SPSO, Northern Ireland NIPSO, and Wales the
    # Public Services Ombudsman for Wales. A nation served by more than one regime needs an administrator's choice.
    nations = ArrayField(
        models.CharField(max_length=20, choices=Nation),
        default=list,
        help_text="The nations whose homes this regime may be chosen for.",
    )
    # SPSO model procedure (seed 003 §24): a frontline complaint may go to investigation without a frontline
    # response. The Housing Ombudsman Code gives every complaint a stage 1 response first (Code 5.2, 5.3, 6.10).
    # Code 2.3 (12 months); seed 003 §16 (6 months in Scotland).
    time_limit_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="Months from when the resident first knew of the problem within which a complaint is raised, "
        "unless there are special circumstances.",
    )
    may_move_to_investigation = models.BooleanField(
        default=False,
        help_text="A complaint may be handled at stage 2 without a stage 1 response: logged at stage 2 when it is "
        "serious, high-risk or complex, or moved there from stage 1.",
    )

    def __str__(self) -> str:
        return self.name

    def stage(self, number: int) -> RegimeStage:
        return self.stages.get(number=number)


@audited
class RegimeStage(models.Model):
    class ResponseClock(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", "from acknowledgement"
        RECEIPT = "receipt", "from receipt"

    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="stages")
    number = models.PositiveSmallIntegerField(choices=[(1, "Stage 1"), (2, "Stage 2")])
    name = models.CharField(max_length=100)
    # Null means this stage has no acknowledgement step (SPSO frontline resolution).
    acknowledge_within = models.PositiveSmallIntegerField(null=True, blank=True)
    respond_within = models.PositiveSmallIntegerField()
    response_clock = models.CharField(max_length=20, choices=ResponseClock, default=ResponseClock.ACKNOWLEDGEMENT)
    extension_cap = models.PositiveSmallIntegerField(
        help_text="Working days of extension allowed without a recorded good reason (Code 6.4, 6.15)."
    )
    # The Housing Ombudsman's cap is soft: beyond it, a good reason and a senior manager (Code 6.4, 6.15). The SPSO's
    # frontline stage is 5 working days extendable to 10 in all, and nothing more: a complaint needing longer moves
    # to investigation.
    extension_limit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The most working days of extension allowed in all, even with a good reason. Empty: no limit "
        "beyond the cap above.",
    )
    next_step = models.TextField(help_text="How the resident takes the matter further after this stage's response.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["regime", "number"], name="one_regime_stage_per_number")]
        ordering = ["regime", "number"]

    def __str__(self) -> str:
        return f"{self.regime}: {self.name}"


@audited
class NationRegime(models.Model):
    """Which regime applies to a complaint, decided by the nation of the resident's home. Shipped with the regime
    each nation's Ombudsman requires; where more than one may serve (Wales), an administrator chooses, and until then
    the choice is shown as not made."""

    nation = models.CharField(max_length=20, choices=Nation, unique=True)
    regime = models.ForeignKey(Regime, on_delete=models.PROTECT)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_nation_display()}: {self.regime}"


@audited
class ClosureDay(models.Model):
    """A day that is not a working day on top of bank holidays: an office closure or a one-off holiday."""

    date = models.DateField()
    name = models.CharField(max_length=200)
    # Empty means every nation.
    nations = ArrayField(models.CharField(max_length=20, choices=Nation), blank=True, default=list)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}: {self.name}"

    def applies_to(self, nation: str) -> bool:
        return not self.nations or nation in self.nations
