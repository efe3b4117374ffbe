"""Forms for the staff pages. They check what a form must (types, required boxes) and hand the rest to the
services, whose WorkflowError messages are shown beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from casework.selectors import SORTS
from complaints.models import (
    Category,
    Channel,
    Complaint,
    Correspondence,
    Decision,
    Disclosure,
    Nation,
    RefusalReason,
    RemedyKind,
    Representative,
    Resident,
)
from core import roles
from ui.forms import ActionForm, UserChoiceField, staff_choices, today_initial
from ui.widgets import DateField

User = get_user_model()


class QueueFilterForm(forms.Form):
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
        if not special_category:
            # Vulnerability is special-category data (Code 5.10): not even a filter for those who may not see it.
            del self.fields["vulnerable"]


# --- case actions ---------------------------------------------------------------------------------------
# Every action form carries the complaint's version: the service refuses a change made from a stale page.


class PointForm(forms.Form):
    point = forms.CharField(
        label="What the complaint is about", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome_sought = forms.CharField(
        label="Outcome the resident seeks", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    not_responsible = forms.BooleanField(required=False, label="This is not our responsibility (Code 5.7)")
    responsibility_note = forms.CharField(
        label="Who is responsible", required=False, help_text="Needed when it is not our responsibility."
    )


PointFormSet = forms.formset_factory(PointForm, extra=0, min_num=3, max_num=10)


class AcknowledgeForm(ActionForm):
    acknowledged_on = DateField(label="Date acknowledged", initial=today_initial)
    reviewer = UserChoiceField(
        required=False,
        queryset=User.objects.none(),
        label="Stage 2 reviewer",
        help_text="A senior manager who did not handle stage 1 (Code 6.13). Leave empty to review it yourself.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.complaint.stage == 2:
            self.fields["reviewer"].queryset = roles.senior_managers().order_by("first_name", "username")
        else:
            del self.fields["reviewer"]


class ExtendForm(ActionForm):
    working_days = forms.IntegerField(label="Extra working days", min_value=1, widget=forms.NumberInput)
    reason = forms.CharField(label="Reason for the extension", widget=forms.Textarea(attrs={"rows": 3}))
    resident_informed_on = DateField(label="Date the resident was told", initial=today_initial)
    ombudsman_details_given = forms.BooleanField(
        required=False, label="The resident was given the Ombudsman's contact details (Code 6.5, 6.16)"
    )
    update_interval_working_days = forms.IntegerField(
        label="Update the resident every (working days)", min_value=1, help_text="Agreed with the resident (Code 5.9)."
    )
    good_reason = forms.CharField(
        label="Good reason",
        required=False,
        help_text="Needed, with a senior manager's approval, beyond the extension the Code allows.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrespondenceForm(ActionForm):
    direction = forms.ChoiceField(
        label="Received or sent", choices=Correspondence.Direction.choices, widget=forms.RadioSelect
    )
    party = forms.ChoiceField(label="With", choices=Correspondence.Party.choices)
    channel = forms.ModelChoiceField(label="How", queryset=Channel.objects.filter(active=True), empty_label=None)
    occurred_on = DateField(label="Date", initial=today_initial)
    subject = forms.CharField(label="Subject or short summary", max_length=200)
    body = forms.CharField(label="Details", required=False, widget=forms.Textarea(attrs={"rows": 5}))


class DocumentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    file = forms.FileField(label="File", help_text="Smaller than 20 MB: PDF, Word, text, image, email or audio.")

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        self.complaint = complaint
        super().__init__(*args, **kwargs)


class IssueForm(ActionForm):
    point = forms.CharField(label="The issue raised", widget=forms.Textarea(attrs={"rows": 2}))
    outcome_sought = forms.CharField(label="Outcome the resident seeks", widget=forms.Textarea(attrs={"rows": 2}))
    raised_on = DateField(label="Date raised", initial=today_initial)
    related = forms.BooleanField(
        required=False,
        initial=True,
        label="It is related to this complaint",
        help_text="Related issues join the stage 1 definition before its response; otherwise a new complaint is "
        "logged and linked (Code 6.8).",
    )


class RespondForm(ActionForm):
    responded_on = DateField(label="Date of the response", initial=today_initial)
    decision = forms.ChoiceField(label="Overall decision", choices=Decision.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 5}))
    remedy_kind = forms.ModelChoiceField(
        label="Remedy offered", required=False, queryset=None, empty_label="No remedy", to_field_name="code"
    )
    remedy_description = forms.CharField(
        label="What will happen", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    remedy_amount = forms.DecimalField(label="Amount (£)", required=False, min_value=0, decimal_places=2)
    remedy_due_on = DateField(label="Remedy to be done by", required=False)
    remedy_agreed = forms.BooleanField(required=False, label="Agreed with the resident")
    action_description = forms.CharField(
        label="Outstanding action", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_due_on = DateField(label="Action due by", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remedy_kind"].queryset = RemedyKind.objects.filter(active=True)
        self.points = list(self.complaint.current_stage.definition.all())
        for point in self.points:
            self.fields[f"point_{point.position}_decision"] = forms.ChoiceField(
                label=f"Decision on point {point.position}: {point.point}",
                choices=Decision.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"point_{point.position}_reason"] = forms.CharField(
                label=f"Reason for the decision on point {point.position}", widget=forms.Textarea(attrs={"rows": 2})
            )

    def point_fields(self):
        return [(self[f"point_{p.position}_decision"], self[f"point_{p.position}_reason"]) for p in self.points]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("remedy_kind") and not data.get("remedy_due_on"):
            self.add_error("remedy_due_on", "Say by when the remedy will be done (Code 7.3)")
        if data.get("action_description") and not data.get("action_due_on"):
            self.add_error("action_due_on", "Say when the outstanding action is due")
        return data


class EscalateForm(ActionForm):
    requested_on = DateField(label="Date the resident asked to escalate", initial=today_initial)
    escalation_reason = forms.CharField(
        label="What the resident said",
        required=False,
        help_text="The resident does not have to give a reason (Code 6.12).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewerForm(ActionForm):
    reviewer = UserChoiceField(label="Stage 2 reviewer", queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = roles.senior_managers().order_by("first_name", "username")


class RefuseForm(ActionForm):
    reason = forms.ModelChoiceField(label="Reason", queryset=None, empty_label=None)
    explanation = forms.CharField(
        label="Why this reason applies to this complaint", widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(label="Evidence", widget=forms.Textarea(attrs={"rows": 3}))
    discretion_note = forms.CharField(
        label="Discretion considered",
        required=False,
        help_text="Needed for complaints about issues over 12 months old (Code 2.3).",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decided_on = DateField(label="Date decided", initial=today_initial)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = RefusalReason.objects.filter(active=True)


class WithdrawForm(ActionForm):
    withdrawn_on = DateField(label="Date withdrawn", initial=today_initial)
    note = forms.CharField(label="How the resident told us", widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(ActionForm):
    closed_on = DateField(label="Date closed", initial=today_initial)


class ReopenForm(ActionForm):
    reopened_on = DateField(label="Date reopened", initial=today_initial)
    reason = forms.CharField(label="Why it is being reopened", widget=forms.Textarea(attrs={"rows": 2}))


class RemedyForm(ActionForm):
    kind = forms.ModelChoiceField(label="Kind of remedy", queryset=None, empty_label=None)
    description = forms.CharField(label="What will happen", widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label="Amount (£)", required=False, min_value=0, decimal_places=2)
    due_on = DateField(label="To be done by")
    agreed_with_resident = forms.BooleanField(required=False, label="Agreed with the resident")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = RemedyKind.objects.filter(active=True)


class CompleteForm(forms.Form):
    completed_on = DateField(label="Date completed", initial=today_initial)


class OutstandingActionForm(ActionForm):
    description = forms.CharField(label="What still needs doing", widget=forms.Textarea(attrs={"rows": 3}))
    due_on = DateField(label="Due by")
    owner = UserChoiceField(label="Owner", queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_choices()


# --- residents, logging, service requests -----------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search residents", required=False, help_text="Name, email address, postcode or tenancy reference."
    )


class ResidentForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    preferred_contact = forms.ChoiceField(
        label="Preferred contact method",
        required=False,
        choices=[("", "Not known"), *Resident.ContactMethod.choices],
    )
    address = forms.CharField(label="Address of the home", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    nation = forms.ChoiceField(label="Nation of the home", required=False, choices=[("", "Not known"), *Nation.choices])


class RepresentativeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    relationship = forms.CharField(label="Relationship to the resident", max_length=100)
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    address = forms.CharField(
        label="Postal address",
        required=False,
        help_text="Letters go here while they act for the resident. Leave out the postcode.",
        widget=forms.Textarea(attrs={"rows": 3}),
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
    )


class DisclosureForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=Disclosure.Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(label="What the resident told us", widget=forms.Textarea(attrs={"rows": 3}))
    disclosed_on = DateField(label="Date disclosed", initial=today_initial)


class AdjustmentForm(forms.Form):
    adjustment = forms.CharField(label="Adjustment agreed", widget=forms.Textarea(attrs={"rows": 3}))
    agreed_on = DateField(label="Date agreed", initial=today_initial)
    review_due = DateField(label="Review by")


class RestrictionForm(forms.Form):
    reason = forms.CharField(label="Reason (Code 5.14)", widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label="Evidence", widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.CharField(
        label="What contact is restricted, and how the resident can still contact us",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    equality_considerations = forms.CharField(
        label="How the Equality Act 2010 was considered (Code 5.15)", widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = DateField(label="Starts on", initial=today_initial)
    review_due = DateField(label="Review by")


class ReviewForm(forms.Form):
    reviewed_on = DateField(label="Date reviewed", initial=today_initial)
    ended = forms.BooleanField(required=False, label="End it now")
    next_review_due = DateField(label="Next review by", required=False)


class LogComplaintForm(forms.Form):
    channel = forms.ModelChoiceField(label="How it reached us (Code 3.2)", queryset=Channel.objects.filter(active=True))
    received_on = DateField(label="Date received", initial=today_initial)
    summary = forms.CharField(label="The complaint as the resident made it", widget=forms.Textarea(attrs={"rows": 6}))
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
    not_a_duplicate = forms.BooleanField(
        required=False, label="I have checked: this is not one of the resident's open complaints"
    )

    def __init__(self, *args: Any, resident: Resident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = resident.representatives.filter(authority_ended_on__isnull=True)


class ServiceRequestForm(forms.Form):
    channel = forms.ModelChoiceField(label="How it reached us", queryset=Channel.objects.filter(active=True))
    reported_on = DateField(label="Date reported", initial=today_initial)
    category = forms.ModelChoiceField(label="Category", required=False, queryset=Category.objects.filter(active=True))
    description = forms.CharField(label="What the resident asked for", widget=forms.Textarea(attrs={"rows": 4}))


class RaiseComplaintForm(forms.Form):
    summary = forms.CharField(label="What the resident is unhappy about", widget=forms.Textarea(attrs={"rows": 4}))
    received_on = DateField(label="Date they told us", initial=today_initial)
    channel = forms.ModelChoiceField(label="How they told us", queryset=Channel.objects.filter(active=True))
