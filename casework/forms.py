"""Forms for the staff pages. They check what a form must (types, required boxes) and hand the rest to the
services, whose WorkflowError messages are shown beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator

from casework.selectors import SORTS
from complaints.models import (
    Category,
    Channel,
    CommunicationNeed,
    Complaint,
    Disclosure,
    Nation,
    Representative,
    Resident,
    Team,
)
from complaints.postcodes import postcode_nation
from complaints.search import MAX_LENGTH, SearchTextError, search_text_check
from ui.forms import LONG_TEXT, ExplainedForm, UserChoiceField, staff_choices, today_initial
from ui.widgets import DateField

User = get_user_model()


class ComplaintSearchForm(ExplainedForm):
    """The staff header's search box: one text for references, names, addresses, contact details and words."""

    q = forms.CharField(
        label="Search complaints",
        max_length=MAX_LENGTH,
        help_text="Reference, name, address, postcode, email, phone or words from the case.",
        error_messages={"required": "Enter a reference, name, address, postcode, email, phone or words to search for"},
    )

    def clean_q(self) -> str:
        try:
            return search_text_check(self.cleaned_data["q"])
        except SearchTextError as error:
            raise forms.ValidationError(str(error)) from error


class ListedChoices(ModelChoiceIterator):
    """A short list of choices (categories, channels, staff) read with one plain query. Django reads each through a
    server-side cursor, meant for long lists: three round trips and twice the processor time, on every queue page."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class QueueFilterForm(ExplainedForm):
    q = forms.CharField(
        required=False,
        label="Search in this queue",
        max_length=MAX_LENGTH,
        help_text="Reference, name, address, postcode, email, phone or words from the case.",
    )
    stage = forms.ChoiceField(required=False, choices=[("", "Any stage"), ("1", "Stage 1"), ("2", "Stage 2")])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Complaint.Status.choices])
    category = forms.ModelChoiceField(required=False, queryset=Category.objects.all(), empty_label="Any category")
    nation = forms.ChoiceField(required=False, choices=[("", "Any nation"), *Nation.choices])
    handler = UserChoiceField(required=False, queryset=User.objects.none(), empty_label="Anyone")
    channel = forms.ModelChoiceField(required=False, queryset=Channel.objects.all(), empty_label="Any channel")
    received_from = DateField(required=False, label="Received on or after")
    received_to = DateField(required=False, label="Received on or before")
    vulnerable = forms.BooleanField(required=False, label="Only residents with a vulnerability recorded")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            (f"{prefix}{key}", f"{label}{suffix}")
            for key, (_, label) in SORTS.items()
            for prefix, suffix in [("", ""), ("-", ", reversed")]
        ],
    )

    def __init__(self, *args: Any, special_category: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = staff_choices()
        for name in ("category", "handler", "channel"):
            field = self.fields[name]
            field.iterator = ListedChoices
            field.widget.choices = field.choices
        if not special_category:
            # Vulnerability is special-category data (Code 5.10): not even a filter for those who may not see it.
            del self.fields["vulnerable"]

    def clean_q(self) -> str:
        if not self.cleaned_data["q"].strip():
            return ""
        try:
            return search_text_check(self.cleaned_data["q"])
        except SearchTextError as error:
            raise forms.ValidationError(str(error)) from error


class BulkReassignForm(ExplainedForm):
    """Many cases to one person or team at once: the rows selected on a queue, or every open case of one person."""

    complaints = forms.ModelMultipleChoiceField(
        required=False, queryset=Complaint.objects.none(), to_field_name="reference", widget=forms.MultipleHiddenInput
    )
    from_person = UserChoiceField(
        label="Every open case of",
        required=False,
        queryset=User.objects.none(),
        empty_label="Only the cases selected",
        help_text="Everything this person is handling now, at either stage.",
    )
    handler = UserChoiceField(label="Give them to", required=False, queryset=User.objects.none(), empty_label="Keep")
    team = forms.ModelChoiceField(label="Move them to the team", required=False, queryset=Team.objects.none())
    reason = forms.CharField(
        label="Why they are being reassigned",
        help_text="On each case's timeline: say 'on leave', not details of anyone's health.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the cases are being reassigned"},
    )

    def __init__(self, *args: Any, visible: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["complaints"].queryset = visible
        self.fields["from_person"].queryset = staff_choices()
        self.fields["handler"].queryset = staff_choices()
        self.fields["team"].queryset = Team.objects.filter(active=True)
        self.fields["team"].empty_label = "Keep"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("complaints") and not data.get("from_person"):
            self.add_error("from_person", "Select cases on a queue, or choose whose open cases to move")
        if "handler" in data and "team" in data and not data.get("handler") and not data.get("team"):
            self.add_error("handler", "Choose the person or the team the cases go to")
        return data


class CompleteForm(ExplainedForm):
    completed_on = DateField(label="Date completed", initial=today_initial)


# --- residents, logging, service requests -----------------------------------------------------------------


class SearchForm(ExplainedForm):
    q = forms.CharField(
        label="Search residents", required=False, help_text="Name, email address, postcode or tenancy reference."
    )


class ResidentForm(ExplainedForm):
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    preferred_contact = forms.ChoiceField(
        label="Preferred contact method",
        required=False,
        choices=[("", "Not known"), *Resident.ContactMethod.choices],
    )
    address = forms.CharField(
        label="Address of the home", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    nation = forms.ChoiceField(
        label="Nation of the home",
        required=False,
        choices=[("", "From the postcode"), *Nation.choices],
        help_text="Taken from the postcode unless you choose one: postcodes near a border can be in either nation.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("nation") and data.get("postcode"):
            data["nation"] = postcode_nation(data["postcode"]) or ""
        return data


class RepresentativeForm(ExplainedForm):
    name = forms.CharField(label="Name", max_length=200)
    relationship = forms.CharField(label="Relationship to the resident", max_length=100)
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    address = forms.CharField(
        label="Postal address",
        required=False,
        help_text="Letters go here while they act for the resident. Leave out the postcode.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    preferred_contact = forms.ChoiceField(
        label="How they prefer to be contacted",
        required=False,
        choices=[("", "No preference"), *Resident.ContactMethod.choices],
    )
    authority = forms.ChoiceField(
        label="Authority to act (Code 3.6)", choices=Representative.Authority.choices, widget=forms.RadioSelect
    )
    authority_given_on = DateField(label="Date authority was given", initial=today_initial)
    authority_evidence = forms.CharField(
        label="Evidence of authority",
        required=False,
        help_text="For example, where the signed mandate is kept, or who took verbal consent.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )


class DisclosureForm(ExplainedForm):
    kind = forms.ChoiceField(label="Kind", choices=Disclosure.Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="What the resident told us", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
    disclosed_on = DateField(label="Date disclosed", initial=today_initial)


class AdjustmentForm(ExplainedForm):
    need = forms.ChoiceField(
        label="What the resident needs (Code 5.10)",
        choices=CommunicationNeed.choices,
        widget=forms.RadioSelect,
        help_text="Large print letters are drawn in large print; the other needs show on the case page and on the "
        "letters to post, for you to act on.",
        error_messages={"required": "Choose what the resident needs, or another adjustment"},
    )
    language = forms.CharField(
        label="Which language", required=False, max_length=100, help_text="For another language."
    )
    adjustment = forms.CharField(
        label="Details of the adjustment agreed",
        required=False,
        help_text="Needed for another adjustment. For other needs, anything more, such as “18 point Arial”.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
    )
    agreed_on = DateField(label="Date agreed", initial=today_initial)
    review_due = DateField(label="Review by")


class RestrictionForm(ExplainedForm):
    reason = forms.CharField(label="Reason (Code 5.14)", widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT)
    evidence = forms.CharField(label="Evidence", widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT)
    scope = forms.CharField(
        label="What contact is restricted, and how the resident can still contact us",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    equality_considerations = forms.CharField(
        label="How the Equality Act 2010 was considered (Code 5.15)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    starts_on = DateField(label="Starts on", initial=today_initial)
    review_due = DateField(label="Review by")


class ReviewForm(ExplainedForm):
    reviewed_on = DateField(label="Date reviewed", initial=today_initial)
    ended = forms.BooleanField(required=False, label="End it now")
    next_review_due = DateField(label="Next review by", required=False)


class LogComplaintForm(ExplainedForm):
    channel = forms.ModelChoiceField(label="How it reached us (Code 3.2)", queryset=Channel.objects.filter(active=True))
    received_on = DateField(label="Date received", initial=today_initial)
    summary = forms.CharField(
        label="The complaint as the resident made it", widget=forms.Textarea(attrs={"rows": 6}), max_length=LONG_TEXT
    )
    categories = forms.ModelMultipleChoiceField(
        label="Categories",
        required=False,
        queryset=Category.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    representative = forms.ModelChoiceField(
        label="Made by a representative", required=False, queryset=Representative.objects.none(), empty_label="No"
    )
    nation = forms.ChoiceField(
        label="Nation of the home",
        required=False,
        choices=[("", "As recorded for the home"), *Nation.choices],
        help_text="It decides the working days and the rules that apply.",
    )
    first_knew_on = DateField(
        label="When the resident first knew of the problem (optional)",
        required=False,
        help_text="The time limit to complain runs from then: 12 months, or 6 in Scotland and Northern Ireland "
        "(Code 2.3).",
    )
    time_limit_waived_because = forms.CharField(
        label="Raised after the time limit: special circumstances for accepting it (optional)",
        required=False,
        help_text="For example, serious illness or a recent bereavement (Code 2.3). Only people who may see "
        "special-category data will see this.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    stage_2_reason = forms.CharField(
        label="Start at stage 2 because (optional)",
        required=False,
        help_text="Only for a serious, high-risk or complex complaint where the procedure allows it (in Scotland, "
        "seed 003 §24). Under the Housing Ombudsman Code every complaint starts at stage 1.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    not_a_duplicate = forms.BooleanField(
        required=False, label="I have checked: this is not one of the resident's open complaints"
    )

    def __init__(self, *args: Any, resident: Resident, case_worker: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = resident.representatives.filter(authority_ended_on__isnull=True)
        if not case_worker:
            # Starting at stage 2, or accepting a complaint after the time limit, is a case worker's decision.
            del self.fields["stage_2_reason"]
            del self.fields["time_limit_waived_because"]


class ServiceRequestForm(ExplainedForm):
    channel = forms.ModelChoiceField(label="How it reached us", queryset=Channel.objects.filter(active=True))
    reported_on = DateField(label="Date reported", initial=today_initial)
    category = forms.ModelChoiceField(label="Category", required=False, queryset=Category.objects.filter(active=True))
    description = forms.CharField(
        label="What the resident asked for", widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT
    )


class RaiseComplaintForm(ExplainedForm):
    summary = forms.CharField(
        label="What the resident is unhappy about", widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT
    )
    received_on = DateField(label="Date they told us", initial=today_initial)
    channel = forms.ModelChoiceField(label="How they told us", queryset=Channel.objects.filter(active=True))
