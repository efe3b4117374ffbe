"""Forms for the annual report and MRC pack pages. They check types and lengths; the services decide what the Code
and the report's state allow, and their WorkflowError is shown beside the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from reporting.selectors import QUARTERS
from selfassessment.models import SelfAssessment
from ui.forms import ExplainedForm
from ui.widgets import DateField

NARRATIVE_MAX = 20_000


def _text(label: str, help_text: str = "", rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


PUBLIC_HINT = "Published on our website. Do not name residents or staff, or give details that identify anyone."


class ReportCreateForm(ExplainedForm):
    year = forms.IntegerField(
        label="Reporting year starting 1 April",
        help_text="For example, 2025 for 1 April 2025 to 31 March 2026.",
        min_value=2024,
        max_value=2100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"required": "Enter the year the reporting year starts", "invalid": "Enter a year, like 2025"},
    )


class AssessmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.period_start:%-d %B %Y} to {obj.period_end:%-d %B %Y})"


class NarrativeForm(ExplainedForm):
    self_assessment = AssessmentChoiceField(
        label="The annual self-assessment against the Code (8.1 a)",
        help_text="Only self-assessments the governing body has approved can be chosen.",
        queryset=SelfAssessment.objects.filter(
            status__in=[SelfAssessment.Status.APPROVED, SelfAssessment.Status.PUBLISHED]
        ).order_by("-period_end"),
        required=False,
        empty_label="Not chosen yet",
    )
    introduction = _text("Introduction", PUBLIC_HINT, rows=5)
    performance_analysis = _text(
        "Our analysis of complaint handling performance (8.1 b)",
        "What the figures show and why: themes, what went well and what did not. Needed before approval. "
        + PUBLIC_HINT,
        rows=12,
    )
    refusals_summary = _text("The types of complaints we did not accept (8.1 b)", PUBLIC_HINT)
    ombudsman_findings = _text("Findings of non-compliance with the Code by the Ombudsman (8.1 c)", PUBLIC_HINT)
    service_improvements = _text(
        "Service improvements made from learning from complaints (8.1 d)", PUBLIC_HINT, rows=10
    )
    ombudsman_annual_report = _text("The Ombudsman's annual report about our performance (8.1 e)", PUBLIC_HINT)
    ombudsman_annual_report_url = forms.URLField(
        label="Web address of the Ombudsman's annual report",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.housing-ombudsman.org.uk/"},
    )
    ombudsman_other_reports = _text(
        "Other reports or publications by the Ombudsman about our work (8.1 f)", PUBLIC_HINT
    )
    ombudsman_other_reports_url = forms.URLField(
        label="Web address of those reports",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.housing-ombudsman.org.uk/"},
    )
    # The report's revision as this page showed it: a save after someone else's is refused, not written over it.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class ApproveForm(ExplainedForm):
    approved_on = DateField(
        label="Date the governing body approved the report", error_messages={"required": "Enter the date"}
    )
    minute_reference = forms.CharField(
        label="Meeting or minute reference",
        max_length=100,
        error_messages={"required": "Enter the meeting or minute reference"},
    )
    governing_body_response = forms.CharField(
        label="The governing body's response (8.2)",
        help_text="Published alongside the report. " + PUBLIC_HINT,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the governing body's response: it is published with the report"},
    )
    confirm = forms.BooleanField(
        label="I understand that once approved, the report and its figures cannot be changed",
        error_messages={"required": "Confirm that the approved report cannot be changed"},
    )
    # The report's revision as this page showed it: what is approved is what was read.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class MrcPackForm(ExplainedForm):
    year = forms.IntegerField(
        label="Reporting year starting 1 April",
        min_value=2024,
        max_value=2100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"required": "Enter the year the reporting year starts", "invalid": "Enter a year, like 2025"},
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        choices=[(number, f"Quarter {number}: {months}") for number, months in QUARTERS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a quarter"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year if today.month >= 4 else today.year - 1
