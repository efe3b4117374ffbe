from __future__ import annotations

from typing import Any

from django import forms

from surveys.models import Satisfaction
from surveys.services import MAX_COMMENT_LENGTH
from ui.forms import ActionForm, ExplainedForm


class SurveyForm(ExplainedForm):
    handling = forms.TypedChoiceField(
        label="Overall, how satisfied are you with how we handled your complaint?",
        choices=Satisfaction.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how satisfied you are with how we handled your complaint"},
    )
    outcome = forms.TypedChoiceField(
        label="How satisfied are you with the outcome of your complaint?",
        choices=Satisfaction.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="Is there anything else you would like to tell us about how we handled your complaint?",
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Please do not include personal or medical details.",
        error_messages={"max_length": f"Your comments must be {MAX_COMMENT_LENGTH} characters or fewer"},
    )


class SendSurveyForm(ActionForm):
    stage = forms.TypedChoiceField(label="Which stage is the survey about?", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answered = self.complaint.stages.filter(responded_on__isnull=False).values_list("number", flat=True)
        self.fields["stage"].choices = [(number, f"Stage {number}") for number in answered]
        self.fields["stage"].help_text = (
            "We email the resident (or their representative) a link to a short survey. It tells them how to "
            "complain if they are unhappy; an answer is never treated as a complaint (Code 1.6)."
        )
