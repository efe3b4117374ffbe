from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def iso_date(value: str | None) -> datetime.date | None:
    """A date stored as text in a figures snapshot, back as a date for the `date` filter."""
    return datetime.date.fromisoformat(value) if value else None
