"""Forms for the personal data pages: they check types and required answers; the services decide the rest."""

from __future__ import annotations

from django import forms

from complaints.models import Resident
from ui.forms import ExplainedForm, today_initial
from ui.widgets import DateField

REASON_HINT = (
    "This stays on record after the resident's data is anonymised, with their name and contact details taken out. "
    "Describe the request rather than repeating personal details."
)


class RequestForm(ExplainedForm):
    received_on = DateField(label="Date the request was received", initial=today_initial)
    reason = forms.CharField(
        label="The request: who asked, how, and what for",
        help_text=REASON_HINT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ErasureForm(RequestForm):
    confirm = forms.BooleanField(
        label="I understand that the resident's personal data will be removed for good, and cannot be restored",
        error_messages={"required": "Confirm that you understand the data cannot be restored."},
    )


class RectificationForm(RequestForm):
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    preferred_contact = forms.ChoiceField(
        label="Preferred contact method", required=False, choices=[("", "Not known"), *Resident.ContactMethod.choices]
    )
    tenancy_reference = forms.CharField(label="Tenancy reference", required=False, max_length=50)
    address = forms.CharField(label="Address of the home", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def __init__(self, *args, has_home: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not has_home:
            del self.fields["address"]
            del self.fields["postcode"]
        # The details first, then the request that explains them.
        self.order_fields([*self.CORRECTABLE, "received_on", "reason"])

    CORRECTABLE = ["name", "email", "phone", "preferred_contact", "tenancy_reference", "address", "postcode"]

    def corrections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.CORRECTABLE if name in self.cleaned_data}


class HoldForm(ExplainedForm):
    reason = forms.CharField(
        label="Why the records must be kept",
        help_text="For example a legal claim, an Ombudsman investigation or a regulator's inquiry. " + REASON_HINT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReleaseForm(ExplainedForm):
    reason = forms.CharField(label="Why the hold is no longer needed", widget=forms.Textarea(attrs={"rows": 3}))
