from __future__ import annotations

from typing import Any

from django import forms

from complaints.models import Complaint
from ombudsman.models import Determination, Finding, OmbudsmanReferral, Order
from ui.forms import LONG_TEXT, ActionForm, ExplainedForm, UserChoiceField, staff_choices
from ui.widgets import DateField


class ReferralForm(ActionForm):
    referred_on = DateField(label="Date the resident referred the complaint to the Ombudsman")
    ombudsman_reference = forms.CharField(label="Ombudsman's reference", required=False, max_length=50)


class DetermineForm(ExplainedForm):
    determination = forms.ChoiceField(
        label="Overall determination",
        choices=[c for c in OmbudsmanReferral.Determination.choices if c[0] != "pending"],
        widget=forms.RadioSelect,
    )
    determined_on = DateField(label="Date of the determination")


class FindingForm(ExplainedForm):
    element = forms.CharField(label="The part of the complaint the finding is about", max_length=300)
    determination = forms.ChoiceField(label="Finding", choices=Determination.choices, widget=forms.RadioSelect)
    determined_on = DateField(label="Date of the determination")


class OrderForm(ExplainedForm):
    kind = forms.ChoiceField(label="Order or recommendation", choices=Order.Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="What the Ombudsman requires", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
    made_on = DateField(label="Date of the determination that made it")
    due_on = DateField(label="Due by")
    finding = forms.ModelChoiceField(
        label="The finding it follows from", queryset=Finding.objects.none(), required=False, empty_label="None"
    )
    owner = UserChoiceField(
        label="Who makes sure it is done", queryset=None, required=False, empty_label="Senior managers"
    )

    def __init__(self, *args: Any, referral: OmbudsmanReferral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = referral.findings.all()
        self.fields["owner"].queryset = staff_choices()


class ComplyForm(ExplainedForm):
    complied_on = DateField(label="Date it was done")
    evidence = forms.CharField(
        label="Evidence that it was done", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )


class HandlingFailureOrderForm(ExplainedForm):
    complaint = forms.CharField(
        label="Complaint reference",
        required=False,
        help_text="Leave empty when the order is not about a single complaint.",
    )
    ombudsman_reference = forms.CharField(label="Ombudsman's reference", required=False, max_length=50)
    issued_on = DateField(label="Date issued")
    failure = forms.CharField(
        label="What we failed to do", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
    order = forms.CharField(
        label="What the Ombudsman ordered", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
    due_on = DateField(label="Due by")
    owner = UserChoiceField(
        label="Who makes sure it is done", queryset=None, required=False, empty_label="Senior managers"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_choices()

    def clean_complaint(self) -> Complaint | None:
        reference = self.cleaned_data["complaint"].strip().upper()
        if not reference:
            return None
        complaint = Complaint.objects.filter(reference=reference).first()
        if complaint is None:
            raise forms.ValidationError(f"There is no complaint with the reference {reference}")
        return complaint
