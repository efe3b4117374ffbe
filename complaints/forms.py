"""The staff pages' forms for the actions on a complaint (complaints/case_actions.py). Each checks what a form must
(types, required boxes) and gives the service its keyword arguments (`arguments()`); the service decides the rest,
and its WorkflowError is shown beside the field it names. Every form but the upload carries the complaint's
version: the service refuses a change made from a stale page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from complaints.models import Category, Channel, Correspondence, Decision, RefusalReason, RemedyKind, Team
from complaints.services import workflow
from complaints.services.assignment import assignable_people
from complaints.services.regimes import time_limit_explanation, time_limit_refusal_reason
from core import roles
from ui.forms import LONG_TEXT, ActionForm, ExplainedForm, UserChoiceField, staff_choices, today_initial
from ui.widgets import DateField

User = get_user_model()


class PointForm(ExplainedForm):
    point = forms.CharField(
        label="What the complaint is about",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    outcome_sought = forms.CharField(
        label="Outcome the resident seeks",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    not_responsible = forms.BooleanField(required=False, label="This is not our responsibility (Code 5.7)")
    responsibility_note = forms.CharField(
        label="Who is responsible", required=False, help_text="Needed when it is not our responsibility."
    )


PointFormSet = forms.formset_factory(PointForm, extra=0, min_num=3, max_num=10)


class DefinitionForm(ActionForm):
    """An action that sets out the complaint definition (Code 5.6): its points are a formset under the form's
    fields, starting from the definition recorded so far."""

    def __init__(self, data: Any = None, files: Any = None, **kwargs: Any) -> None:
        super().__init__(data, files, **kwargs)
        initial = [
            {
                "point": p.point,
                "outcome_sought": p.outcome_sought,
                "not_responsible": not p.landlord_responsible,
                "responsibility_note": p.responsibility_note,
            }
            for p in self.complaint.current_stage.definition.all()
        ]
        self.formset = PointFormSet(data, prefix="points", initial=initial or None)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.formset.is_valid() and valid

    def arguments(self) -> dict[str, Any]:
        points = [
            workflow.PointInput(
                point=row["point"],
                outcome_sought=row["outcome_sought"],
                landlord_responsible=not row.get("not_responsible"),
                responsibility_note=row.get("responsibility_note", ""),
            )
            for row in self.formset.cleaned_data
            if row and (row.get("point") or row.get("outcome_sought"))
        ]
        return {**super().arguments(), "points": points}


class AcknowledgeForm(DefinitionForm):
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


class DefineForm(DefinitionForm):
    """Record or revise the definition without acknowledging: before the response, or where the procedure has no
    acknowledgement (the SPSO's frontline stage)."""


class ExtendForm(ActionForm):
    working_days = forms.IntegerField(label="Extra working days", min_value=1, widget=forms.NumberInput)
    reason = forms.CharField(
        label="Reason for the extension", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
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
        max_length=LONG_TEXT,
    )


class CorrespondenceForm(ActionForm):
    direction = forms.ChoiceField(
        label="Received or sent", choices=Correspondence.Direction.choices, widget=forms.RadioSelect
    )
    party = forms.ChoiceField(label="With", choices=Correspondence.Party.choices)
    channel = forms.ModelChoiceField(label="How", queryset=Channel.objects.filter(active=True), empty_label=None)
    occurred_on = DateField(label="Date", initial=today_initial)
    subject = forms.CharField(label="Subject or short summary", max_length=200)
    body = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=LONG_TEXT
    )


class DocumentForm(ExplainedForm):
    """Adding a document changes nothing another person could be working on, so it carries no version."""

    title = forms.CharField(label="Title", max_length=200)
    file = forms.FileField(label="File", help_text="Smaller than 20 MB: PDF, Word, text, image, email or audio.")

    def __init__(self, *args: Any, complaint: Any, **kwargs: Any) -> None:
        self.complaint = complaint
        super().__init__(*args, **kwargs)

    def arguments(self) -> dict[str, Any]:
        return {"title": self.cleaned_data["title"], "upload": self.cleaned_data["file"]}


class IssueForm(ActionForm):
    point = forms.CharField(label="The issue raised", widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT)
    outcome_sought = forms.CharField(
        label="Outcome the resident seeks", widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT
    )
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
    reasons = forms.CharField(
        label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 5}), max_length=LONG_TEXT
    )
    remedy_kind = forms.ModelChoiceField(
        label="Remedy offered", required=False, queryset=None, empty_label="No remedy", to_field_name="code"
    )
    remedy_description = forms.CharField(
        label="What will happen", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT
    )
    remedy_amount = forms.DecimalField(label="Amount (£)", required=False, min_value=0, decimal_places=2)
    remedy_due_on = DateField(label="Remedy to be done by", required=False)
    remedy_agreed = forms.BooleanField(required=False, label="Agreed with the resident")
    action_description = forms.CharField(
        label="Outstanding action", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT
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
                label=f"Reason for the decision on point {point.position}",
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=LONG_TEXT,
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

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        remedies = []
        if data.get("remedy_kind"):
            remedies.append(
                workflow.RemedyInput(
                    kind=data["remedy_kind"].code,
                    description=data["remedy_description"],
                    due_on=data["remedy_due_on"],
                    amount=data.get("remedy_amount"),
                    agreed_with_resident=data.get("remedy_agreed", False),
                )
            )
        actions = []
        if data.get("action_description"):
            actions.append(workflow.ActionInput(description=data["action_description"], due_on=data["action_due_on"]))
        return {
            "responded_on": data["responded_on"],
            "decision": data["decision"],
            "reasons": data["reasons"],
            "point_decisions": [
                workflow.PointDecisionInput(
                    position=point.position,
                    decision=data[f"point_{point.position}_decision"],
                    reason=data[f"point_{point.position}_reason"],
                )
                for point in self.points
            ],
            "remedies": remedies,
            "outstanding_actions": actions,
        }


class EscalateForm(ActionForm):
    requested_on = DateField(label="Date the resident asked to escalate", initial=today_initial)
    escalation_reason = forms.CharField(
        label="What the resident said",
        required=False,
        help_text="The resident does not have to give a reason (Code 6.12).",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
    )


class MoveToInvestigationForm(ActionForm):
    moved_on = DateField(label="Date it moves to stage 2", initial=today_initial)
    reason = forms.CharField(
        label="Why it moves to stage 2 without a stage 1 response",
        help_text="For example: it is serious, high-risk or complex, or needs longer than the frontline stage allows.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
    )


class AcceptOutOfTimeForm(ActionForm):
    because = forms.CharField(
        label="The special circumstances",
        help_text="For example, serious illness or a recent bereavement kept the resident from complaining sooner "
        "(Code 2.3). Only people who may see special-category data will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
    )


class ReviewerForm(ActionForm):
    reviewer = UserChoiceField(label="Stage 2 reviewer", queryset=User.objects.none(), empty_label=None)
    reason = forms.CharField(
        label="Why the reviewer is being changed",
        required=False,
        max_length=LONG_TEXT,
        help_text="Needed when the complaint already has a reviewer. It is shown on the case timeline: say 'on "
        "leave', not details of anyone's health.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = roles.senior_managers().order_by("first_name", "username")


class AssignForm(ActionForm):
    handler = UserChoiceField(label="Handler", required=False, queryset=User.objects.none(), empty_label="Nobody yet")
    team = forms.ModelChoiceField(label="Team", required=False, queryset=Team.objects.none(), empty_label="No team")
    reason = forms.CharField(
        label="Why it is being reassigned",
        required=False,
        max_length=LONG_TEXT,
        help_text="Needed when the complaint is taken from one person or team for another. It is shown on the case "
        "timeline: say 'on leave', not details of anyone's health.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage = self.complaint.current_stage
        handler = self.fields["handler"]
        if stage.number == 2:
            handler.label = "Stage 2 reviewer"
            handler.help_text = "A senior manager who did not handle stage 1 (Code 6.13)."
        handler.queryset = assignable_people(self.complaint).order_by("first_name", "last_name", "username")
        handler.initial = stage.handler_id
        self.fields["team"].queryset = Team.objects.filter(Q(active=True) | Q(pk=self.complaint.team_id))
        self.fields["team"].initial = self.complaint.team_id


class CategoriseForm(ActionForm):
    categories = forms.ModelMultipleChoiceField(
        label="Categories",
        required=False,
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The dashboards count the categories the complaint has now.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = list(self.complaint.categories.values_list("pk", flat=True))
        self.fields["categories"].queryset = Category.objects.filter(Q(active=True) | Q(pk__in=current))
        self.fields["categories"].initial = current

    def arguments(self) -> dict[str, Any]:
        return {"categories": list(self.cleaned_data["categories"])}


class RefuseForm(ActionForm):
    reason = forms.ModelChoiceField(label="Reason", queryset=None, empty_label=None)
    explanation = forms.CharField(
        label="Why this reason applies to this complaint",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
    )
    evidence = forms.CharField(label="Evidence", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT)
    discretion_note = forms.CharField(
        label="Discretion considered",
        required=False,
        help_text="Needed for complaints raised after the time limit (Code 2.3).",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
    )
    decided_on = DateField(label="Date decided", initial=today_initial)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = RefusalReason.objects.filter(active=True)
        # Raised after the time limit (Code 2.3): the reason is offered, with the dates worked out.
        late = self.complaint.stage == 1 and self.complaint.raised_out_of_time()
        reason = time_limit_refusal_reason() if late and not self.complaint.time_limit_waived_because else None
        if reason:
            self.initial.setdefault("reason", reason.pk)
            self.initial.setdefault("explanation", time_limit_explanation(self.complaint))


class WithdrawForm(ActionForm):
    withdrawn_on = DateField(label="Date withdrawn", initial=today_initial)
    note = forms.CharField(
        label="How the resident told us", widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT
    )


class CloseForm(ActionForm):
    closed_on = DateField(label="Date closed", initial=today_initial)


class ReopenForm(ActionForm):
    reopened_on = DateField(label="Date reopened", initial=today_initial)
    reason = forms.CharField(
        label="Why it is being reopened", widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT
    )


class RemedyForm(ActionForm):
    kind = forms.ModelChoiceField(label="Kind of remedy", queryset=None, empty_label=None)
    description = forms.CharField(
        label="What will happen", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
    amount = forms.DecimalField(label="Amount (£)", required=False, min_value=0, decimal_places=2)
    due_on = DateField(label="To be done by")
    agreed_with_resident = forms.BooleanField(required=False, label="Agreed with the resident")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = RemedyKind.objects.filter(active=True)


class OutstandingActionForm(ActionForm):
    description = forms.CharField(
        label="What still needs doing", widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT
    )
    due_on = DateField(label="Due by")
    owner = UserChoiceField(label="Owner", queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_choices()
