"""REST API for housing management systems. Thin: validate the shape, call a service, present the result."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response as HttpResponse

from complaints.api import serializers as s
from complaints.models import Complaint, Document, Nation
from complaints.selectors import (
    OPEN,
    DocumentAlteredError,
    complaint_changes,
    complaint_documents,
    complaints_visible_to,
    complaints_with_stages,
    document_read,
    with_next_due,
)
from complaints.services import record, workflow
from core.api import YES_OR_NO, is_yes
from core.roles import is_officer
from core.uploads import download_as

logger = logging.getLogger(__name__)


class ComplaintFilter(django_filters.FilterSet):
    nation = django_filters.ChoiceFilter(choices=Nation.choices)
    status = django_filters.ChoiceFilter(choices=Complaint.Status.choices)
    stage = django_filters.NumberFilter()
    channel = django_filters.CharFilter(field_name="channel__code")
    category = django_filters.CharFilter(field_name="categories__code")
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    resident = django_filters.NumberFilter(field_name="resident_id")
    # The deadline the current stage is working towards (acknowledgement, then response): what a queue is sorted by.
    due_after = django_filters.DateFilter(field_name="next_due", lookup_expr="gte", help_text="Next due on or after.")
    due_before = django_filters.DateFilter(field_name="next_due", lookup_expr="lte", help_text="Next due on or before.")
    overdue = django_filters.TypedChoiceFilter(
        choices=YES_OR_NO, coerce=is_yes, method="filter_overdue", help_text="Open with its next deadline passed."
    )
    extended = django_filters.TypedChoiceFilter(
        choices=YES_OR_NO,
        coerce=is_yes,
        method="filter_extended",
        help_text="The current stage's response time has been extended (Code 6.4, 6.15).",
    )

    class Meta:
        model = Complaint
        fields = [
            "nation",
            "status",
            "stage",
            "channel",
            "category",
            "received_after",
            "received_before",
            "resident",
            "due_after",
            "due_before",
            "overdue",
            "extended",
        ]

    def filter_overdue(self, queryset: QuerySet[Complaint], name: str, value: bool) -> QuerySet[Complaint]:
        late = Q(status__in=OPEN, next_due__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_extended(self, queryset: QuerySet[Complaint], name: str, value: bool) -> QuerySet[Complaint]:
        extended = Q(current_stage__extension_days__gt=0)
        return queryset.filter(extended) if value else queryset.exclude(extended)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The complaint's version (as in its ETag). A different current version answers 409.",
)


# The rule each action needs, checked as soon as the case is read: someone who may not act is told so (403), not
# what was wrong with their input. The services check the same rules again, inside their transaction.
ACTION_PERMISSIONS = {
    "acknowledge": "complaints.acknowledge_complaint",
    "define": "complaints.acknowledge_complaint",
    "extend": "complaints.handle_complaint",
    "respond": "complaints.handle_complaint",
    "escalate": "complaints.escalate_complaint",
    "assign_reviewer": "complaints.assign_reviewer",
    "refuse": "complaints.handle_complaint",
    "withdraw": "complaints.handle_complaint",
    "close": "complaints.handle_complaint",
    "reopen": "complaints.handle_complaint",
    "issues": "complaints.record_on_complaint",
    "correspondence": "complaints.record_on_complaint",
}


def _action_schema(request_serializer: type, summary: str) -> Callable:
    return extend_schema(
        request=request_serializer,
        responses={200: s.ComplaintSerializer},
        parameters=[IF_MATCH],
        summary=summary,
    )


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaints and the Code's workflow actions on them."""

    serializer_class = s.ComplaintSerializer
    filterset_class = ComplaintFilter
    ordering_fields = ["received_on", "next_due", "current_stage__acknowledgement_due", "current_stage__response_due"]
    ordering = ["-received_on", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Complaint.objects.none()
        if self.action == "list":
            if not self.request.user.has_perm("complaints.list_complaints"):
                raise PermissionDenied("Your role cannot see complaints.")
            return complaints_with_stages(with_next_due(complaints_visible_to(self.request.user)))
        return complaints_with_stages(Complaint.objects.all())

    def get_object(self) -> Complaint:
        complaint = super().get_object()
        if not self.request.user.has_perm("complaints.view_complaint", complaint):
            raise PermissionDenied("You cannot see this complaint.")
        return complaint

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        complaint = self.get_object()
        return HttpResponse(self.get_serializer(complaint).data, headers={"ETag": f'"{complaint.version}"'})

    @extend_schema(request=s.ComplaintCreateSerializer, responses={201: s.ComplaintSerializer})
    def create(self, request: Request) -> HttpResponse:
        if not request.user.has_perm("complaints.log_complaint"):
            raise PermissionDenied("Your role cannot log complaints.")
        data = self._valid(s.ComplaintCreateSerializer, request)
        with transaction.atomic():
            resident = data["resident"]
            if isinstance(resident, workflow.ResidentInput):
                resident = workflow.resident_create(actor=request.user, details=resident, nation=data["nation"])
            representative = data["representative"]
            if isinstance(representative, dict):
                representative = record.representative_add(actor=request.user, resident=resident, **representative)
            complaint = workflow.complaint_log(
                actor=request.user,
                resident=resident,
                representative=representative,
                received_on=data["received_on"],
                channel=data["channel"],
                summary=data["summary"],
                nation=data["nation"],
                categories=data["categories"],
            )
        return self._present(complaint, status.HTTP_201_CREATED)

    @_action_schema(s.AcknowledgeSerializer, "Acknowledge, define and log the complaint (Code 6.2, 6.11)")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.AcknowledgeSerializer, request)
        return self._act(
            workflow.complaint_acknowledge,
            acknowledged_on=data["acknowledged_on"],
            points=[workflow.PointInput(**point) for point in data["definition"]],
            reviewer=data.get("reviewer"),
            expected_version=self._version(data),
        )

    @_action_schema(s.DefineSerializer, "Record or revise the complaint definition (Code 5.6)")
    @action(detail=True, methods=["post"])
    def define(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.DefineSerializer, request)
        return self._act(
            workflow.complaint_define,
            points=[workflow.PointInput(**point) for point in data["definition"]],
            expected_version=self._version(data),
        )

    @_action_schema(s.ExtendSerializer, "Extend the response time (Code 6.4, 6.15)")
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.ExtendSerializer, request)
        version = self._version(data)
        data.pop("version", None)
        return self._act(workflow.extension_grant, expected_version=version, **data)

    @_action_schema(s.RespondSerializer, "Issue the stage response (Code 6.9, 6.19)")
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.RespondSerializer, request)
        return self._act(
            workflow.complaint_respond,
            responded_on=data["responded_on"],
            decision=data["decision"],
            reasons=data["reasons"],
            point_decisions=[
                workflow.PointDecisionInput(position=item["point"], decision=item["decision"], reason=item["reason"])
                for item in data["point_decisions"]
            ],
            remedies=[workflow.RemedyInput(**remedy) for remedy in data["remedies"]],
            outstanding_actions=[
                workflow.ActionInput(
                    description=item["description"],
                    due_on=item["due_on"],
                    owner_id=item["owner"].pk if item["owner"] else None,
                )
                for item in data["outstanding_actions"]
            ],
            expected_version=self._version(data),
        )

    @_action_schema(s.EscalateSerializer, "Escalate to stage 2 (Code 6.10-6.12)")
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.EscalateSerializer, request)
        return self._act(
            workflow.complaint_escalate,
            requested_on=data["requested_on"],
            escalation_reason=data["escalation_reason"],
            expected_version=self._version(data),
        )

    @_action_schema(s.AssignReviewerSerializer, "Assign the stage 2 reviewer (Code 6.13)")
    @action(detail=True, methods=["post"], url_path="assign-reviewer")
    def assign_reviewer(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.AssignReviewerSerializer, request)
        return self._act(workflow.reviewer_assign, reviewer=data["reviewer"], expected_version=self._version(data))

    @_action_schema(s.RefuseSerializer, "Refuse the complaint or its escalation (Code 2, 5.11)")
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.RefuseSerializer, request)
        version = self._version(data)
        data.pop("version", None)
        return self._act(workflow.complaint_refuse, expected_version=version, **data)

    @_action_schema(s.WithdrawSerializer, "Record that the resident withdrew the complaint")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.WithdrawSerializer, request)
        return self._act(
            workflow.complaint_withdraw,
            withdrawn_on=data["withdrawn_on"],
            note=data["note"],
            expected_version=self._version(data),
        )

    @_action_schema(s.CloseSerializer, "Close the complaint after its response")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.CloseSerializer, request)
        return self._act(workflow.complaint_close, closed_on=data["closed_on"], expected_version=self._version(data))

    @_action_schema(s.ReopenSerializer, "Reopen a closed, refused or withdrawn complaint")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.ReopenSerializer, request)
        return self._act(
            workflow.complaint_reopen,
            reopened_on=data["reopened_on"],
            reason=data["reason"],
            expected_version=self._version(data),
        )

    @extend_schema(
        request=s.IssueSerializer,
        responses={200: s.ComplaintSerializer, 201: s.ComplaintSerializer},
        parameters=[IF_MATCH],
        summary="Add an issue raised during the complaint (Code 6.8)",
        description="200 with this complaint when the issue joins its stage 1 definition; 201 with the new, "
        "linked complaint when it is logged separately.",
    )
    @action(detail=True, methods=["post"])
    def issues(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.IssueSerializer, request)
        complaint = self._complaint
        holder = workflow.issue_add(
            actor=request.user,
            complaint=complaint,
            point=data["point"],
            outcome_sought=data["outcome_sought"],
            raised_on=data["raised_on"],
            related=data["related"],
            expected_version=self._version(data),
        )
        return self._present(holder, status.HTTP_200_OK if holder.pk == complaint.pk else status.HTTP_201_CREATED)

    @_action_schema(s.CorrespondenceInputSerializer, "Record correspondence (Code 5.12)")
    @action(detail=True, methods=["post"])
    def correspondence(self, request: Request, pk: str) -> HttpResponse:
        data = self._valid(s.CorrespondenceInputSerializer, request)
        version = self._version(data)
        data.pop("version", None)
        return self._act(record.correspondence_record, expected_version=version, **data)

    @extend_schema(responses={200: s.HistorySerializer}, summary="The case history: timeline and every change")
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> HttpResponse:
        complaint = self.get_object()
        timeline = complaint.timeline.select_related("actor")
        return HttpResponse(s.HistorySerializer({"timeline": timeline, "changes": complaint_changes(complaint)}).data)

    @extend_schema(
        responses={200: s.DocumentSerializer(many=True)},
        summary="Documents on the case: uploads and the letters issued (Code 5.12)",
    )
    # No filters: the list's filters and ordering (next_due) do not apply to one case's documents.
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def documents(self, request: Request, pk: str) -> HttpResponse:
        complaint = self.get_object()
        return HttpResponse(
            s.DocumentSerializer(complaint_documents(complaint), many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download one document or letter, as an attachment",
    )
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<document_id>[0-9]+)/download")
    def download(self, request: Request, pk: str, document_id: str) -> FileResponse | HttpResponse:
        complaint = self.get_object()
        document = get_object_or_404(Document, pk=document_id, complaint=complaint)
        # Served as an attachment under a name made here: an uploaded file's own name or type is never trusted.
        content_type, filename = download_as(
            document.content_type, f"{complaint.reference}-{slugify(document.title)[:80] or 'document'}"
        )
        try:
            content = document_read(document)
        except DocumentAlteredError:
            logger.error("Document %s on complaint %s no longer matches its recorded digest", document.pk, complaint.pk)
            return HttpResponse(
                {
                    "detail": "This file has been changed since it was stored, so it is not being sent. "
                    "Ask an administrator to restore it from the backup."
                },
                status=status.HTTP_500_INTERNAL_SERVER_ERROR,
            )
        return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)

    # --- helpers ---

    def _valid(self, serializer_class: type, request: Request) -> dict[str, Any]:
        if self.detail:
            # Someone who may not see the case, or act on it, hears that, not what was wrong with their input.
            self._complaint = self.get_object()
            self._check_may_act(self._complaint)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _check_may_act(self, complaint: Complaint) -> None:
        if self.request.user.has_perm(ACTION_PERMISSIONS[self.action], complaint):
            return
        if complaint.stage == 2 and is_officer(self.request.user):
            raise PermissionDenied("Only a senior manager can handle a complaint at stage 2 (Code 6.13).")
        raise PermissionDenied("Your role cannot do this on a complaint.")

    def _version(self, data: dict[str, Any]) -> int:
        """The version the caller last saw: If-Match, else `version` in the body, else the version this request
        read when it arrived. So two requests acting on one case at once never both succeed: the second is told
        the case changed (409), even when neither sent a version."""
        header = self.request.headers.get("If-Match")
        if header and header.strip() != "*":
            match = re.fullmatch(r'(?:W/)?"?(\d+)"?', header.strip())
            if not match:
                raise ValidationError({"If-Match": ["Give the complaint's version, as in its ETag."]})
            return int(match.group(1))
        return data.get("version") or self._complaint.version

    def _act(self, service: Callable, **kwargs: Any) -> HttpResponse:
        complaint = self._complaint
        service(actor=self.request.user, complaint=complaint, **kwargs)
        return self._present(complaint, status.HTTP_200_OK)

    def _present(self, complaint: Complaint, code: int) -> HttpResponse:
        complaint = complaints_with_stages(Complaint.objects.all()).get(pk=complaint.pk)
        return HttpResponse(
            s.ComplaintSerializer(complaint, context=self.get_serializer_context()).data,
            status=code,
            headers={"ETag": f'"{complaint.version}"'},
        )
