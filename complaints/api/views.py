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
from complaints.case_actions import CaseAction, api_actions
from complaints.models import Complaint, Document, Nation
from complaints.search import CANDIDATES, SearchTextError, complaint_search
from complaints.selectors import (
    OPEN,
    complaint_as_logged,
    complaint_changes,
    complaint_documents,
    complaints_visible_to,
    complaints_with_stages,
    document_read,
)
from complaints.services import record, workflow
from core.api import YES_OR_NO, CountedUpToPagination, is_yes
from core.uploads import StoredFileAlteredError, download_as

logger = logging.getLogger(__name__)


class ComplaintFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=(
            "One text, as the staff search box: a reference (with or without CMP-), resident and representative "
            "names (any order, small typos forgiven), address or postcode, email, phone, or words in the summary, "
            "definition, correspondence and responses. Best match first unless `ordering` is given; at most "
            f"{CANDIDATES} matches of each kind."
        ),
    )
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
            "search",
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

    def filter_search(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        try:
            return complaint_search(actor=self.request.user, text=value, within=queryset).complaints
        except SearchTextError as error:
            raise ValidationError({"search": [str(error)]}) from error

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


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaints and the Code's workflow actions on them."""

    serializer_class = s.ComplaintSerializer
    filterset_class = ComplaintFilter
    # A caseload can be a million complaints: counted whole, every page would wait for the count.
    pagination_class = CountedUpToPagination
    ordering_fields = ["received_on", "next_due", "current_stage__acknowledgement_due", "current_stage__response_due"]

    @property
    def ordering(self) -> list[str] | None:
        # A search keeps its own order, best match first, unless the caller asks for another.
        return None if self.request.query_params.get("search") else ["-received_on", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Complaint.objects.none()
        if self.action == "list":
            if not self.request.user.has_perm("complaints.list_complaints"):
                raise PermissionDenied("Your role cannot see complaints.")
            return complaints_with_stages(complaints_visible_to(self.request.user))
        return complaints_with_stages(Complaint.objects.all())

    def filter_queryset(self, queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
        # The filters and ordering are the list's: one complaint is found by its id alone (the schema documents
        # them on the list only), without building the list's filter form on every read and action.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_object(self) -> Complaint:
        complaint = super().get_object()
        if not self.request.user.has_perm("complaints.view_complaint", complaint):
            raise PermissionDenied("You cannot see this complaint.")
        return complaint

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._answer(self.get_object(), status.HTTP_200_OK)

    @extend_schema(request=s.ComplaintCreateSerializer, responses={201: s.ComplaintSerializer})
    def create(self, request: Request) -> HttpResponse:
        if not request.user.has_perm("complaints.log_complaint"):
            raise PermissionDenied("Your role cannot log complaints.")
        serializer = s.ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
                stage_2_reason=data["stage_2_reason"],
                first_knew_on=data["first_knew_on"],
                time_limit_waived_because=data["time_limit_waived_because"],
            )
        return self._answer(complaint_as_logged(complaint, data["categories"]), status.HTTP_201_CREATED)

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
        except StoredFileAlteredError:
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

    def _take(self, case_action: CaseAction, request: Request) -> HttpResponse:
        complaint = self.get_object()
        # Someone who may not act on the case hears that, not what was wrong with their input.
        refusal = case_action.refusal(request.user, complaint)
        if refusal:
            raise PermissionDenied(refusal)
        serializer = case_action.serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = case_action.take(
            actor=request.user,
            complaint=complaint,
            arguments=serializer.arguments(),
            version=self._version(serializer.validated_data, complaint),
        )
        if case_action.may_log_a_complaint and result.pk != complaint.pk:
            return self._present(result, status.HTTP_201_CREATED)
        return self._present(complaint, status.HTTP_200_OK)

    def _version(self, data: dict[str, Any], complaint: Complaint) -> int:
        """The version the caller last saw: If-Match, else `version` in the body, else the version this request
        read when it arrived. So two requests acting on one case at once never both succeed: the second is told
        the case changed (409), even when neither sent a version."""
        header = self.request.headers.get("If-Match")
        if header and header.strip() != "*":
            match = re.fullmatch(r'(?:W/)?"?(\d+)"?', header.strip())
            if not match:
                raise ValidationError({"If-Match": ["Give the complaint's version, as in its ETag."]})
            return int(match.group(1))
        return data.get("version") or complaint.version

    def _present(self, complaint: Complaint, code: int) -> HttpResponse:
        return self._answer(complaints_with_stages(Complaint.objects.all()).get(pk=complaint.pk), code)

    def _answer(self, complaint: Complaint, code: int) -> HttpResponse:
        return HttpResponse(
            s.ComplaintSerializer(complaint, context=self.get_serializer_context()).data,
            status=code,
            headers={"ETag": f'"{complaint.version}"'},
        )


def _endpoint(case_action: CaseAction) -> Callable[..., HttpResponse]:
    def endpoint(self: ComplaintViewSet, request: Request, pk: str) -> HttpResponse:
        return self._take(case_action, request)

    # DRF names the action (and its URL) after the method.
    endpoint.__name__ = case_action.api_path.replace("-", "_")
    responses = {200: s.ComplaintSerializer}
    if case_action.may_log_a_complaint:
        responses[201] = s.ComplaintSerializer
    return extend_schema(
        request=case_action.serializer,
        responses=responses,
        parameters=[IF_MATCH],
        summary=case_action.summary,
        description=case_action.description or None,
    )(action(detail=True, methods=["post"], url_path=case_action.api_path)(endpoint))


# Each action on a complaint is declared once (complaints/case_actions.py); these are its endpoints.
for _case_action in api_actions():
    _method = _endpoint(_case_action)
    setattr(ComplaintViewSet, _method.__name__, _method)
