"""Data the reports need that the case record does not hold."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from complaints.models.base import TimeStamped, audited


@audited
class HomesCount(TimeStamped):
    """The number of homes the landlord owned in a reporting year (1 April to 31 March), for the Regulator's
    CH01: complaints received per 1,000 homes. Low-cost rental and low-cost home ownership are counted apart,
    as the Regulator asks."""

    year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(2000)], help_text="The year the reporting year starts (1 April)."
    )
    low_cost_rental = models.PositiveIntegerField(help_text="Low-cost rental homes (social and affordable rent).")
    low_cost_home_ownership = models.PositiveIntegerField(
        help_text="Low-cost home ownership homes (shared ownership and similar)."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = "number of homes"
        verbose_name_plural = "numbers of homes"

    def __str__(self) -> str:
        return f"Homes in {self.year} to {self.year + 1}"

    @property
    def total(self) -> int:
        return self.low_cost_rental + self.low_cost_home_ownership
