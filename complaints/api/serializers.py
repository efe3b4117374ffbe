"""The API's shapes. Serializers check the form of the input; the services decide what the Code allows."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from complaints.models import (
    CaseEvent,
    Category,
    Channel,
    CommunicationNeed,
    Complaint,
    ContactRestriction,
    Correspondence,
    Decision,
    DefinitionPoint,
    Disclosure,
    Document,
    Extension,
    Home,
    Nation,
    ReasonableAdjustment,
    RefusalReason,
    RemedyKind,
    Representative,
    Resident,
    Response,
    Stage,
    Team,
)
from complaints.selectors import complaint_related_from_rows
from complaints.services import workflow
from complaints.services.regimes import time_limit_explanation, time_limit_refusal_reason
from core.api import CodeField, PlainFieldsRead
from ui.forms import LONG_TEXT, staff_choices

User = get_user_model()


class ResidentInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    preferred_contact = serializers.ChoiceField(
        choices=Resident.ContactMethod.choices, required=False, allow_blank=True, default=""
    )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "The id of an existing resident."},
            {
                "type": "object",
                "description": "A new resident.",
                "properties": {
                    "name": {"type": "string"},
                    "email": {"type": "string", "format": "email"},
                    "phone": {"type": "string"},
                    "address": {"type": "string"},
                    "postcode": {"type": "string"},
                    "preferred_contact": {"type": "string", "enum": Resident.ContactMethod.values},
                },
                "required": ["name"],
            },
        ]
    }
)
class ResidentField(serializers.Field):
    """Either the id of an existing resident or the details of a new one."""

    def to_internal_value(self, data: Any) -> Resident | workflow.ResidentInput:
        if isinstance(data, int) and not isinstance(data, bool):
            try:
                return Resident.objects.get(pk=data)
            except Resident.DoesNotExist:
                raise serializers.ValidationError(f"There is no resident with id {data}.") from None
        if isinstance(data, dict):
            details = ResidentInputSerializer(data=data)
            details.is_valid(raise_exception=True)
            return workflow.ResidentInput(**details.validated_data)
        raise serializers.ValidationError("Give the id of an existing resident, or the new resident's details.")

    def to_representation(self, value: Resident) -> dict[str, Any]:
        return {"id": value.pk, "name": value.name}


class RepresentativeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    relationship = serializers.CharField(max_length=100)
    authority = serializers.ChoiceField(choices=Representative.Authority.choices)
    authority_given_on = serializers.DateField()
    authority_evidence = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    preferred_contact = serializers.ChoiceField(
        choices=Resident.ContactMethod.choices, required=False, allow_blank=True, default=""
    )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "The id of a representative already recorded for the resident."},
            {
                "type": "object",
                "description": "A new representative, with how their authority to act was given.",
                "properties": {
                    "name": {"type": "string"},
                    "relationship": {"type": "string"},
                    "authority": {"type": "string", "enum": Representative.Authority.values},
                    "authority_given_on": {"type": "string", "format": "date"},
                    "authority_evidence": {"type": "string"},
                    "email": {"type": "string", "format": "email"},
                    "phone": {"type": "string"},
                    "address": {"type": "string"},
                    "postcode": {"type": "string"},
                    "preferred_contact": {"type": "string", "enum": Resident.ContactMethod.values},
                },
                "required": ["name", "relationship", "authority", "authority_given_on"],
            },
        ]
    }
)
class RepresentativeField(serializers.Field):
    """Someone acting for the resident (Code 3.6): the id of one already recorded, or the details of a new one."""

    def to_internal_value(self, data: Any) -> Representative | dict[str, Any]:
        if isinstance(data, int) and not isinstance(data, bool):
            try:
                return Representative.objects.get(pk=data)
            except Representative.DoesNotExist:
                raise serializers.ValidationError(f"There is no representative with id {data}.") from None
        if isinstance(data, dict):
            details = RepresentativeInputSerializer(data=data)
            details.is_valid(raise_exception=True)
            return details.validated_data
        raise serializers.ValidationError(
            "Give the id of a representative already recorded, or the new representative's details."
        )


class ComplaintCreateSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    nation = serializers.ChoiceField(choices=Nation.choices)
    channel = CodeField(slug_field="code", queryset=Channel.objects.filter(active=True))
    summary = serializers.CharField(max_length=LONG_TEXT)
    resident = ResidentField()
    representative = RepresentativeField(required=False, allow_null=True, default=None)
    categories = CodeField(
        slug_field="code", queryset=Category.objects.filter(active=True), many=True, required=False, default=list
    )
    first_knew_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When the resident first knew of the problem: the time limit to complain runs from then (Code 2.3: "
        "12 months; 6 in Scotland and Northern Ireland).",
    )
    time_limit_waived_because = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Raised after the time limit: the special circumstances for accepting it anyway (Code 2.3).",
    )
    stage_2_reason = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the complaint starts at stage 2: serious, high-risk or complex (SPSO model procedure; seed 003 "
        "§24). Only where the nation's regime allows it; under the Housing Ombudsman Code every complaint starts "
        "at stage 1 (Code 5.2, 5.3). Leave out to start at stage 1.",
    )


class DefinitionPointInputSerializer(serializers.Serializer):
    point = serializers.CharField(max_length=LONG_TEXT)
    outcome_sought = serializers.CharField(max_length=LONG_TEXT)
    landlord_responsible = serializers.BooleanField(required=False, default=True)
    responsibility_note = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


# The input of an action on a complaint (complaints/case_actions.py). A comment, not a docstring: the schema would
# show a docstring as the description of every action's input.
class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The complaint's version when you last read it. If it has changed since, nothing is saved and "
        "the API answers 409. The If-Match header does the same.",
    )

    def arguments(self) -> dict[str, Any]:
        """The valid data as the service's keyword arguments: the fields are named after them, and a serializer
        whose fields are not says how they map by overriding this."""
        return {name: value for name, value in self.validated_data.items() if name != "version"}


def _points(definition: list[dict[str, Any]]) -> list[workflow.PointInput]:
    return [workflow.PointInput(**point) for point in definition]


class AcknowledgeSerializer(VersionedSerializer):
    acknowledged_on = serializers.DateField()
    definition = DefinitionPointInputSerializer(many=True)
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, help_text="Stage 2 only."
    )

    def arguments(self) -> dict[str, Any]:
        arguments = super().arguments()
        arguments["points"] = _points(arguments.pop("definition"))
        return arguments


class DefineSerializer(VersionedSerializer):
    definition = DefinitionPointInputSerializer(many=True)

    def arguments(self) -> dict[str, Any]:
        return {"points": _points(self.validated_data["definition"])}


class ExtendSerializer(VersionedSerializer):
    working_days = serializers.IntegerField(min_value=1, max_value=workflow.MAX_EXTENSION_WORKING_DAYS)
    reason = serializers.CharField(max_length=LONG_TEXT)
    resident_informed_on = serializers.DateField()
    ombudsman_details_given = serializers.BooleanField()
    update_interval_working_days = serializers.IntegerField(
        min_value=1, max_value=workflow.MAX_UPDATE_INTERVAL_WORKING_DAYS
    )
    good_reason = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class PointDecisionInputSerializer(serializers.Serializer):
    point = serializers.IntegerField(min_value=1, help_text="The position of the point in the complaint definition.")
    decision = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField(max_length=LONG_TEXT)


class RemedyInputSerializer(serializers.Serializer):
    kind = serializers.SlugField()
    description = serializers.CharField(max_length=LONG_TEXT)
    due_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True, default=None)
    agreed_with_resident = serializers.BooleanField(required=False, default=False)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=LONG_TEXT)
    due_on = serializers.DateField()
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )


class RespondSerializer(VersionedSerializer):
    responded_on = serializers.DateField()
    decision = serializers.ChoiceField(choices=Decision.choices)
    reasons = serializers.CharField(max_length=LONG_TEXT)
    point_decisions = PointDecisionInputSerializer(many=True)
    remedies = RemedyInputSerializer(many=True)
    outstanding_actions = ActionInputSerializer(many=True)

    def arguments(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "responded_on": data["responded_on"],
            "decision": data["decision"],
            "reasons": data["reasons"],
            "point_decisions": [
                workflow.PointDecisionInput(position=item["point"], decision=item["decision"], reason=item["reason"])
                for item in data["point_decisions"]
            ],
            "remedies": [workflow.RemedyInput(**remedy) for remedy in data["remedies"]],
            "outstanding_actions": [
                workflow.ActionInput(
                    description=item["description"],
                    due_on=item["due_on"],
                    owner_id=item["owner"].pk if item["owner"] else None,
                )
                for item in data["outstanding_actions"]
            ],
        }


class EscalateSerializer(VersionedSerializer):
    requested_on = serializers.DateField()
    escalation_reason = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional: the resident need give no reason (6.12).",
    )


class MoveToInvestigationSerializer(VersionedSerializer):
    moved_on = serializers.DateField()
    reason = serializers.CharField(
        max_length=LONG_TEXT,
        help_text="Why it moves to stage 2 without a stage 1 response: serious, high-risk or complex, or needs longer "
        "than the frontline stage allows.",
    )


class AcceptOutOfTimeSerializer(VersionedSerializer):
    because = serializers.CharField(
        max_length=LONG_TEXT,
        help_text="The special circumstances, such as serious illness or a recent bereavement (Code 2.3). Kept for "
        "those who may see special-category data; the timeline says only that it was accepted.",
    )


class AssignReviewerSerializer(VersionedSerializer):
    reviewer = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    reason = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the complaint already has a reviewer; on the timeline.",
    )


class AssignSerializer(VersionedSerializer):
    handler = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        help_text="The person handling the current stage (at stage 2 the reviewer, Code 6.13); null for nobody.",
    )
    team = CodeField(
        slug_field="code", queryset=Team.objects.all(), allow_null=True, help_text="The team's code; null for none."
    )
    reason = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the complaint is taken from one person or team for another; on the timeline.",
    )


class CategoriseSerializer(VersionedSerializer):
    categories = CodeField(slug_field="code", queryset=Category.objects.all(), many=True, allow_empty=True)


class RefuseSerializer(VersionedSerializer):
    reason = CodeField(slug_field="code", queryset=RefusalReason.objects.filter(active=True))
    explanation = serializers.CharField(max_length=LONG_TEXT)
    evidence = serializers.CharField(max_length=LONG_TEXT)
    decided_on = serializers.DateField()
    discretion_note = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class WithdrawSerializer(VersionedSerializer):
    withdrawn_on = serializers.DateField()
    note = serializers.CharField(max_length=LONG_TEXT)


class CloseSerializer(VersionedSerializer):
    closed_on = serializers.DateField()


class ReopenSerializer(VersionedSerializer):
    reopened_on = serializers.DateField()
    reason = serializers.CharField(max_length=LONG_TEXT)


class IssueSerializer(VersionedSerializer):
    point = serializers.CharField(max_length=LONG_TEXT)
    outcome_sought = serializers.CharField(max_length=LONG_TEXT)
    raised_on = serializers.DateField()
    related = serializers.BooleanField(
        help_text="Related to the complaint, and can be included without unreasonably delaying the response."
    )


class CorrespondenceInputSerializer(VersionedSerializer):
    direction = serializers.ChoiceField(choices=Correspondence.Direction.choices)
    party = serializers.ChoiceField(choices=Correspondence.Party.choices)
    channel = CodeField(slug_field="code", queryset=Channel.objects.filter(active=True))
    occurred_on = serializers.DateField()
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class NewRemedySerializer(VersionedSerializer):
    kind = CodeField(slug_field="code", queryset=RemedyKind.objects.filter(active=True))
    description = serializers.CharField(
        max_length=LONG_TEXT, help_text="What will happen to put things right (Code 7.3)."
    )
    due_on = serializers.DateField()
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    agreed_with_resident = serializers.BooleanField(required=False, default=False)


class NewOutstandingActionSerializer(VersionedSerializer):
    description = serializers.CharField(max_length=LONG_TEXT)
    due_on = serializers.DateField()
    owner = serializers.PrimaryKeyRelatedField(
        queryset=staff_choices(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A complaints officer or senior manager who sees it through; you, if left out.",
    )


# --- output -------------------------------------------------------------------------------------------


class DefinitionPointSerializer(PlainFieldsRead, serializers.ModelSerializer):
    decision = serializers.SerializerMethodField()
    decision_reason = serializers.SerializerMethodField()

    class Meta:
        model = DefinitionPoint
        fields = [
            "position",
            "point",
            "outcome_sought",
            "landlord_responsible",
            "responsibility_note",
            "added_on",
            "decision",
            "decision_reason",
        ]

    def get_decision(self, point: DefinitionPoint) -> str | None:
        return point.decision.decision if hasattr(point, "decision") else None

    def get_decision_reason(self, point: DefinitionPoint) -> str | None:
        return point.decision.reason if hasattr(point, "decision") else None


class ExtensionSerializer(PlainFieldsRead, serializers.ModelSerializer):
    class Meta:
        model = Extension
        fields = [
            "working_days",
            "reason",
            "good_reason",
            "beyond_cap",
            "previous_due",
            "new_due",
            "resident_informed_on",
            "ombudsman_details_given",
            "update_interval",
            "created_at",
        ]


class ResponseSerializer(PlainFieldsRead, serializers.ModelSerializer):
    class Meta:
        model = Response
        fields = ["responded_on", "decision", "reasons", "next_step"]


class StageSerializer(PlainFieldsRead, serializers.ModelSerializer):
    name = serializers.CharField(source="regime_stage.name")
    handler = serializers.PrimaryKeyRelatedField(read_only=True)
    # Read as lists by complaints_with_stages.
    definition = DefinitionPointSerializer(many=True, source="point_list")
    extensions = ExtensionSerializer(many=True, source="extension_list")
    # Declared, not built per stage: its fields are made once a request (None when not yet responded).
    response = ResponseSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Stage
        fields = [
            "number",
            "name",
            "requested_on",
            "clock_restarted_on",
            "acknowledgement_due",
            "acknowledged_on",
            "response_due",
            "extension_days",
            "responded_on",
            "moved_to_investigation_on",
            "investigation_reason",
            "update_interval",
            "update_due",
            "handler",
            "definition",
            "extensions",
            "response",
        ]


class TimeLimitRefusalSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=LONG_TEXT, help_text="The refusal reason's code.")
    explanation = serializers.CharField(
        max_length=LONG_TEXT, help_text="Why, with the dates, in words for the resident."
    )


class TimeLimitSerializer(PlainFieldsRead, serializers.Serializer):
    """A complaint's time limit, read from the complaint itself (source="*"), so that a list builds its fields once
    rather than once a row."""

    months = serializers.IntegerField(
        source="regime.time_limit_months", help_text="The regime's time limit to complain (Code 2.3; seed 003 §16)."
    )
    first_knew_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(
        source="time_limit_ends_on", allow_null=True, help_text="The last day the complaint was in time."
    )
    raised_out_of_time = serializers.BooleanField()
    accepted_under_special_circumstances = serializers.SerializerMethodField()
    refusal = serializers.SerializerMethodField()

    def get_accepted_under_special_circumstances(self, complaint: Complaint) -> bool:
        return bool(complaint.time_limit_waived_because)

    @extend_schema_field(
        TimeLimitRefusalSerializer(
            allow_null=True,
            help_text="Raised after the time limit and not accepted anyway: the refusal reason to offer, with its "
            "explanation.",
        )
    )
    def get_refusal(self, complaint: Complaint) -> dict[str, str] | None:
        if not complaint.raised_out_of_time() or complaint.time_limit_waived_because or complaint.stage != 1:
            return None
        # Looked up once a request, however many complaints on the page were raised out of time.
        if "time_limit_refusal_reason" not in self.context:
            self.context["time_limit_refusal_reason"] = time_limit_refusal_reason()
        reason = self.context["time_limit_refusal_reason"]
        return {"reason": reason.code, "explanation": time_limit_explanation(complaint)} if reason else None


@extend_schema_field(OpenApiTypes.STR)
class CodesOf(serializers.SlugRelatedField):
    """Codes read from a list of rows (made by complaints_with_stages), which the schema cannot follow from the
    model."""


class ComplaintSerializer(PlainFieldsRead, serializers.ModelSerializer):
    channel = serializers.SlugRelatedField(slug_field="code", read_only=True)
    categories = CodesOf(slug_field="code", read_only=True, many=True, source="category_list")
    team = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    resident = ResidentField(read_only=True)
    representative = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    acknowledgement_due = serializers.DateField(
        source="current_stage.acknowledgement_due", read_only=True, allow_null=True
    )
    response_due = serializers.DateField(source="current_stage.response_due", read_only=True, allow_null=True)
    extended = serializers.BooleanField(source="current_stage.is_extended", read_only=True)
    overdue = serializers.SerializerMethodField()
    time_limit = TimeLimitSerializer(source="*", read_only=True)
    stages = StageSerializer(many=True, read_only=True, source="stage_list")

    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "stage",
            "status",
            "nation",
            "received_on",
            "acknowledgement_due",
            "response_due",
            "extended",
            "overdue",
            "channel",
            "categories",
            "team",
            "summary",
            "resident",
            "representative",
            "version",
            "time_limit",
            "stages",
        ]

    def to_representation(self, complaint: Complaint) -> dict[str, Any]:
        complaint_related_from_rows(complaint)
        return super().to_representation(complaint)

    def get_overdue(self, complaint: Complaint) -> bool:
        return complaint.is_overdue(timezone.localdate())


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["at", "stage", "kind", "description", "from_status", "to_status", "actor"]

    def get_actor(self, event: CaseEvent) -> str | None:
        return (event.actor.get_full_name() or event.actor.get_username()) if event.actor else None


class DocumentSerializer(serializers.ModelSerializer):
    letter_kind = serializers.SerializerMethodField()
    added_by = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "content_type",
            "size",
            "sha256",
            "created_at",
            "added_by",
            "correspondence",
            "letter_kind",
            "download",
        ]

    def get_letter_kind(self, document: Document) -> str | None:
        letter = getattr(document, "letter", None)
        return letter.kind if letter else None

    def get_added_by(self, document: Document) -> str:
        return document.uploaded_by.get_full_name() or document.uploaded_by.get_username()

    def get_download(self, document: Document) -> str:
        path = f"/api/v1/complaints/{document.complaint_id}/documents/{document.pk}/download/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    record = serializers.CharField()
    change = serializers.CharField()
    user = serializers.CharField(allow_null=True)
    fields = serializers.DictField(help_text="Each changed field with its old and new value.")


class HistorySerializer(serializers.Serializer):
    timeline = CaseEventSerializer(many=True)
    changes = ChangeSerializer(many=True)


class HomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Home
        fields = ["address", "postcode", "nation", "tenure"]


class RepresentativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Representative
        fields = [
            "id",
            "name",
            "relationship",
            "email",
            "phone",
            "address",
            "postcode",
            "preferred_contact",
            "authority",
            "authority_given_on",
            "authority_ended_on",
        ]


class DisclosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disclosure
        fields = ["id", "kind", "description", "disclosed_on"]


class ReasonableAdjustmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReasonableAdjustment
        fields = ["id", "need", "language", "adjustment", "agreed_on", "review_due", "last_reviewed_on", "ended_on"]


class ContactRestrictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactRestriction
        fields = [
            "id",
            "reason",
            "evidence",
            "scope",
            "equality_considerations",
            "starts_on",
            "review_due",
            "last_reviewed_on",
            "ended_on",
        ]


SPECIAL_CATEGORY_FIELDS = ["disclosures", "adjustments", "contact_restrictions"]


class ResidentSerializer(serializers.ModelSerializer):
    """A resident. Disabilities, vulnerabilities, adjustments and restrictions are special-category data: the
    fields are left out entirely for anyone without `complaints.view_special_category`."""

    home = HomeSerializer(read_only=True)
    representatives = RepresentativeSerializer(many=True, read_only=True)
    disclosures = DisclosureSerializer(many=True, read_only=True, required=False)
    adjustments = ReasonableAdjustmentSerializer(many=True, read_only=True, required=False)
    contact_restrictions = ContactRestrictionSerializer(many=True, read_only=True, required=False)

    class Meta:
        model = Resident
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "preferred_contact",
            "tenancy_reference",
            "home",
            "representatives",
            *SPECIAL_CATEGORY_FIELDS,
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not request.user.has_perm("complaints.view_special_category"):
            for name in SPECIAL_CATEGORY_FIELDS:
                fields.pop(name)
        return fields


class DisclosureInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Disclosure.Kind.choices)
    description = serializers.CharField(max_length=LONG_TEXT)
    disclosed_on = serializers.DateField()


class AdjustmentInputSerializer(serializers.Serializer):
    need = serializers.ChoiceField(
        choices=CommunicationNeed.choices,
        default=CommunicationNeed.OTHER,
        help_text="The communication need the adjustment meets (Code 5.10); `other` for another adjustment, "
        "described in `adjustment`. Large print letters are drawn in large print.",
    )
    language = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=100, help_text="Which language, for `other_language`."
    )
    adjustment = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        default="",
        allow_blank=True,
        help_text="The adjustment agreed: needed for `other`, any details for the rest (such as “18 point Arial”).",
    )
    agreed_on = serializers.DateField()
    review_due = serializers.DateField()


class RestrictionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=LONG_TEXT)
    evidence = serializers.CharField(max_length=LONG_TEXT)
    scope = serializers.CharField(max_length=LONG_TEXT)
    equality_considerations = serializers.CharField(max_length=LONG_TEXT)
    starts_on = serializers.DateField()
    review_due = serializers.DateField()
