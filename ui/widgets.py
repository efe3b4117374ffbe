"""Widgets whose markup GOV.UK Frontend needs and Django has no equivalent for."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms


class DateInput(forms.Widget):
    """GOV.UK's date input: separate day, month and year boxes (easier to type and to read back than one box or
    three selects). Gives the field "YYYY-MM-DD", or what was typed when it is incomplete, so the DateField's
    own validation explains the problem."""

    input_type = "govuk-date"
    template_name = ""  # rendered by the govuk_field tag, never by Django's widget renderer

    PARTS = ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        parts = [str(data.get(f"{name}-{part}", "")).strip() for part in self.PARTS]
        if not any(parts):
            return None
        day, month, year = parts
        if all(part.isdigit() for part in parts):
            return f"{year}-{int(month):02d}-{int(day):02d}" if len(year) == 4 else f"{year}-{month}-{day}"
        return "-".join(parts)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.PARTS)

    def parts(self, data: Any, name: str, value: Any) -> dict[str, str]:
        """What to show in the three boxes: what was typed on a bound form, else the initial date."""
        if data is not None and not self.value_omitted_from_data(data, None, name):
            return {part: str(data.get(f"{name}-{part}", "")) for part in self.PARTS}
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                value = None
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {part: "" for part in self.PARTS}


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {
        "invalid": "Enter a real date, with the day, month and year as numbers, for example 27 3 2026.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)
