from __future__ import annotations

from django import forms

from complaints.models import Complaint
from ui.forms import ExplainedForm


class AttachForm(ExplainedForm):
    reference = forms.CharField(label="Complaint reference", max_length=20, help_text="For example, CMP-000123.")

    def clean_reference(self) -> Complaint:
        reference = self.cleaned_data["reference"].strip().upper()
        complaint = Complaint.objects.filter(reference=reference).first()
        if complaint is None:
            raise forms.ValidationError(f"There is no complaint with the reference {reference}")
        return complaint


class NotAComplaintForm(ExplainedForm):
    reason = forms.CharField(
        label="Why it is not a complaint",
        help_text="For example: a repair request passed to the repairs team, or a newsletter.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
