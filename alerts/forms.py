from django import forms

from alerts.models import Kind
from ui.forms import ExplainedForm


class AlertSettingsForm(ExplainedForm):
    email_for = forms.MultipleChoiceField(
        label="Which alerts do you want by email?",
        help_text="Every alert also appears under Alerts when you sign in.",
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
