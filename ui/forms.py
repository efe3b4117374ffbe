"""Form pieces every staff page shares: the case version an action form carries, the people who can own work,
a date range."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from core import roles
from core.forms import ExplainsMissing
from ui.widgets import DateField

User = get_user_model()


def staff_choices():
    """The people who can own a complaint or an action: complaints officers and senior managers."""
    return roles.role_holders(roles.OFFICER, roles.SENIOR_MANAGER).order_by("first_name", "last_name", "username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


# The most a staff form takes in one box of text: about 1,500 words, more than a response's reasons need, and
# shown to the person typing by GOV.UK's character count before they reach it.
LONG_TEXT = 10_000


class ExplainedForm(ExplainsMissing, forms.Form):
    """A form whose required fields say what is missing by name (core.forms)."""


# Every action form carries the case's version: the service refuses a change made from a stale page.


def today_initial():
    return timezone.localdate()


class ActionForm(ExplainedForm):
    """A form for an action on a complaint, carrying the version of the complaint the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, complaint: Any, **kwargs: Any) -> None:
        self.complaint = complaint
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", complaint.version)
        super().__init__(*args, **kwargs)

    def arguments(self) -> dict[str, Any]:
        """The valid data as the service's keyword arguments: a form's fields are named after them, and one
        whose fields are not says how they map by overriding this."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class DateRangeForm(ExplainedForm):
    start = DateField(label="From", required=False)
    end = DateField(label="To", required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period; by default the last 12 whole months and this month so far."""
        today = timezone.localdate()
        default_start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start") or default_start, data.get("end") or today
        return (start, end) if start <= end else (end, start)
