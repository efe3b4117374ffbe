from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from casework.forms import ActionForm
from complaints.models import Complaint
from learning.models import ReportBack, Theme
from ui.widgets import DateField


def active_themes():
    return Theme.objects.filter(active=True)


class LearningPointForm(ActionForm):
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), empty_label=None)
    learning = forms.CharField(
        label="What have we learnt?",
        help_text="Look beyond this complaint: what could we change so it does not happen again? (Code 9.1)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = active_themes()


class ComplaintReferencesField(forms.CharField):
    """Complaint references typed in a box, separated by commas, spaces or new lines."""

    def clean(self, value: Any) -> list[Complaint]:
        text = super().clean(value)
        references = [part.upper() for part in re.split(r"[\s,]+", text or "") if part]
        found = {c.reference: c for c in Complaint.objects.filter(reference__in=references)}
        unknown = [reference for reference in references if reference not in found]
        if unknown:
            raise forms.ValidationError(f"There is no complaint with the reference {', '.join(unknown)}")
        return [found[reference] for reference in dict.fromkeys(references)]


class ServiceImprovementForm(forms.Form):
    title = forms.CharField(label="Short title", max_length=200)
    what_changed = forms.CharField(label="What changed", widget=forms.Textarea(attrs={"rows": 4}))
    team = forms.CharField(label="Which team made the change", max_length=200)
    implemented_on = DateField(label="When the change was made")
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), empty_label=None)
    complaints = ComplaintReferencesField(
        label="Complaints that led to it",
        help_text="Their references, separated by commas, for example CMP-000123, CMP-000456.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = active_themes()


class ReportBackForm(forms.Form):
    audience = forms.ChoiceField(label="Who was told", choices=ReportBack.Audience.choices, widget=forms.RadioSelect)
    reported_on = DateField(label="When")
    note = forms.CharField(label="How it was reported", widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    start = DateField(label="From", required=False)
    end = DateField(label="To", required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period; by default the last 12 whole months and this month so far."""
        today = timezone.localdate()
        default_start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start") or default_start, data.get("end") or today
        return (start, end) if start <= end else (end, start)
