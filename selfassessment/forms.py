"""Forms for the self-assessment's staff pages. They check types and lengths and name each field in their messages;
the services decide what the Code and the assessment's state allow, and their WorkflowError is shown beside the
field it names."""

from __future__ import annotations

from typing import Any

from django import forms

from complaints.models import Complaint
from selfassessment.figures import FIGURES
from selfassessment.models import AssessmentRow, CodeVersion, EvidenceItem, PolicySection, SelfAssessment
from selfassessment.services import SectionInput
from ui.forms import ExplainedForm
from ui.widgets import DateField

TEXT_MAX = 10_000
PUBLIC_HINT = "Published on our website. Do not name residents or staff, or give details that identify anyone."


def _text(label: str, help_text: str = "", *, required: bool = False, rows: int = 6, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class CodeVersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class AssessmentCreateForm(ExplainedForm):
    code_version = CodeVersionField(
        label="Which edition of the Code is this assessment against?",
        queryset=CodeVersion.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the edition of the Code"},
    )
    title = forms.CharField(
        label="Title",
        help_text="For example, Self-assessment 2025/26.",
        max_length=200,
        error_messages={"required": "Enter a title for the assessment"},
    )
    period_start = DateField(
        label="Start of the period it covers",
        help_text="For example, 1 4 2025.",
        error_messages={"required": "Enter the date the period starts"},
    )
    period_end = DateField(
        label="End of the period it covers",
        help_text="For example, 31 3 2026.",
        error_messages={"required": "Enter the date the period ends"},
    )
    reason = forms.ChoiceField(
        label="Why is this assessment being carried out?",
        choices=SelfAssessment.Reason.choices,
        initial=SelfAssessment.Reason.ANNUAL,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why this assessment is being carried out"},
    )
    reason_detail = _text(
        "What prompted it",
        "Needed for any reason other than the annual assessment: which restructure, merger, change of procedure or "
        "Ombudsman investigation.",
        rows=3,
    )
    carry_forward = forms.BooleanField(
        label="Start from the answers and evidence of the last approved assessment against this Code",
        help_text="Evidence carried forward must be checked again before the assessment goes for approval.",
        required=False,
        initial=True,
    )


class RowForm(ExplainedForm):
    """One provision's answer, carrying the revision of the answer the page showed."""

    complies = forms.ChoiceField(
        label="Do we comply with this provision?",
        choices=AssessmentRow.Complies.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether we comply with this provision: yes, no or partly"},
    )
    commentary = _text(
        "Commentary or explanation",
        "How we meet the provision. If we do not, or only partly, explain why in detail. " + PUBLIC_HINT,
    )
    comply_by = DateField(
        label="Date by which we will comply",
        help_text="Needed when we do not comply, or only partly. For example, 30 6 2026.",
        required=False,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, row: AssessmentRow, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "complies": row.complies,
                "commentary": row.commentary,
                "comply_by": row.comply_by,
                "revision": row.revision,
            },
        )
        super().__init__(*args, **kwargs)

    def arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        revision = data.pop("revision")
        return {**data, "expected_revision": revision}


class PolicySectionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class EvidenceForm(ExplainedForm):
    kind = forms.ChoiceField(
        label="What is the evidence?",
        choices=EvidenceItem.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of evidence this is"},
    )
    description = _text(
        "Description",
        "For evidence described in words, what it is and where it is kept. For the other kinds, an optional note.",
        rows=3,
    )
    policy_section = PolicySectionField(
        label="Policy document section",
        help_text="Upload a policy on the policy documents page to cite its sections.",
        queryset=PolicySection.objects.select_related("document"),
        required=False,
        empty_label="Choose a section",
    )
    file = forms.FileField(
        label="File",
        help_text="A PDF, Word, OpenDocument, RTF, text, CSV or Excel file, or a JPEG or PNG image.",
        required=False,
    )
    url = forms.URLField(
        label="Web address",
        help_text="For example, https://www.example.org.uk/complaints-policy.",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org.uk/complaints-policy"},
    )
    complaint = forms.ModelChoiceField(
        label="Case reference",
        queryset=Complaint.objects.all(),
        to_field_name="reference",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid_choice": "There is no case with that reference: check it and enter it again"},
    )
    figure_key = forms.ChoiceField(label="Live figure", required=False)

    def __init__(self, *args: Any, row: AssessmentRow, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = row.provision.number
        figures = [(figure.key, f"{figure.key}: {figure.label}") for figure in FIGURES if number in figure.provisions]
        self.fields["figure_key"].choices = [("", "Choose a figure"), *figures]
        self.fields["figure_key"].help_text = (
            "Counted from the case data for the assessment's period." if figures else "None for this provision."
        )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data["description"],
            "policy_section": data["policy_section"],
            "upload": data["file"],
            "url": data["url"],
            "complaint": data["complaint"],
            "figure_key": data["figure_key"],
        }


class ApproveForm(ExplainedForm):
    approved_on = DateField(
        label="Date the governing body approved the assessment",
        error_messages={"required": "Enter the date the governing body approved the assessment"},
    )
    minute_reference = forms.CharField(
        label="Meeting or minute reference",
        max_length=100,
        error_messages={"required": "Enter the meeting or minute reference of the approval"},
    )
    governing_body_response = _text(
        "The governing body's response (Code 8.2)",
        "Published alongside the assessment. You can also add it when publishing. " + PUBLIC_HINT,
    )
    confirm = forms.BooleanField(
        label="I understand that once approved, the assessment and its figures cannot be changed",
        error_messages={"required": "Confirm that the approved assessment cannot be changed"},
    )
    # The assessment's revision as this page showed it: the approval recorded is of what was read.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, assessment: SelfAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = assessment.revision


class PublishForm(ExplainedForm):
    published_on = DateField(
        label="Date of publication",
        error_messages={"required": "Enter the date the assessment is published"},
    )
    governing_body_response = _text("The governing body's response (Code 8.2)", PUBLIC_HINT)


class AmendForm(ExplainedForm):
    reason = forms.ChoiceField(
        label="Why is the assessment being amended?",
        choices=SelfAssessment.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the assessment is being amended"},
    )
    reason_detail = _text(
        "What has changed",
        "Say what has changed and why. The governing body approves the new version.",
        required=True,
        rows=4,
        error_messages={"required": "Say what has changed and why the assessment is being amended"},
    )


class PolicyDocumentForm(ExplainedForm):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the policy's title"})
    version = forms.CharField(
        label="Version",
        max_length=50,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the policy's version"},
    )
    approved_on = DateField(
        label="Date the policy was approved", error_messages={"required": "Enter the date the policy was approved"}
    )
    file = forms.FileField(
        label="The policy document",
        help_text="A PDF or Word document.",
        error_messages={"required": "Choose the policy document to upload"},
    )
    sections = _text(
        "Its sections",
        "One a line, as reference: title. For example, 4: What a complaint is. Evidence cites these.",
        required=True,
        rows=6,
        error_messages={"required": "Enter at least one section, such as 4: What a complaint is"},
    )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        sections = []
        for line in data["sections"].splitlines():
            if line.strip():
                reference, _, title = line.partition(":")
                sections.append(SectionInput(reference=reference.strip(), title=title.strip()))
        return {
            "title": data["title"],
            "version": data["version"],
            "approved_on": data["approved_on"],
            "upload": data["file"],
            "sections": sections,
        }
