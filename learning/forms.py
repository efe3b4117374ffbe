from __future__ import annotations

import re
from typing import Any

from django import forms

from complaints.models import Complaint
from learning.models import ReportBack, Theme
from ui.forms import LONG_TEXT, ActionForm, ExplainedForm
from ui.widgets import DateField


def active_themes():
    return Theme.objects.filter(active=True)


class LearningPointForm(ActionForm):
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), empty_label=None)
    learning = forms.CharField(
        label="What have we learnt?",
        help_text="Look beyond this complaint: what could we change so it does not happen again? (Code 9.1)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT,
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


class ServiceImprovementForm(ExplainedForm):
    title = forms.CharField(label="Short title", max_length=200)
    what_changed = forms.CharField(label="What changed", widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT)
    team = forms.CharField(label="Which team made the change", max_length=200)
    implemented_on = DateField(label="When the change was made")
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.none(), empty_label=None)
    complaints = ComplaintReferencesField(
        label="Complaints that led to it",
        help_text="Their references, separated by commas, for example CMP-000123, CMP-000456.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = active_themes()


class ReportBackForm(ExplainedForm):
    audience = forms.ChoiceField(label="Who was told", choices=ReportBack.Audience.choices, widget=forms.RadioSelect)
    reported_on = DateField(label="When")
    note = forms.CharField(label="How it was reported", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
