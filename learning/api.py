"""REST API for learning and service improvements (Code 9.1-9.3). Thin: validate the shape, call a service."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from complaints.models import Complaint
from core.api import CodeField
from learning import services
from learning.models import LearningPoint, ReportBack, ServiceImprovement, Theme


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["code", "name", "active"]


class LearningPointSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="complaint.reference", read_only=True)
    theme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = LearningPoint
        fields = ["id", "complaint", "reference", "stage", "theme", "learning", "recorded_on", "recorded_by"]


class LearningPointInputSerializer(serializers.Serializer):
    complaint = serializers.PrimaryKeyRelatedField(queryset=Complaint.objects.all())
    theme = CodeField(slug_field="code", queryset=Theme.objects.all())
    learning = serializers.CharField()
    recorded_on = serializers.DateField(required=False, help_text="Today when left out.")


class ReportBackSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportBack
        fields = ["id", "audience", "reported_on", "note"]


class ServiceImprovementSerializer(serializers.ModelSerializer):
    theme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    complaint_references = serializers.SlugRelatedField(
        source="complaints", slug_field="reference", many=True, read_only=True
    )
    report_backs = ReportBackSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceImprovement
        fields = [
            "id",
            "title",
            "what_changed",
            "team",
            "implemented_on",
            "theme",
            "complaints",
            "complaint_references",
            "learning_points",
            "report_backs",
        ]
        read_only_fields = fields


class ServiceImprovementInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    what_changed = serializers.CharField()
    team = serializers.CharField(max_length=200)
    implemented_on = serializers.DateField()
    theme = CodeField(slug_field="code", queryset=Theme.objects.all())
    complaints = serializers.PrimaryKeyRelatedField(queryset=Complaint.objects.all(), many=True)
    learning_points = serializers.PrimaryKeyRelatedField(
        queryset=LearningPoint.objects.all(), many=True, required=False
    )


# The summary API's (`learning.reports`), which the board reads too: how many complaints, not their references.
class ImprovementSerializer(serializers.Serializer):
    implemented_on = serializers.DateField()
    title = serializers.CharField()
    team = serializers.CharField()
    theme = serializers.CharField(source="theme.name")
    complaints = serializers.IntegerField(source="complaint_count", help_text="Complaints that led to it.")
    reported_back_to = serializers.SerializerMethodField(help_text="Who the change was reported back to.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reported_back_to(self, improvement) -> list[str]:
        return [report.get_audience_display() for report in improvement.report_backs.all()]


class LearningThemeSerializer(serializers.Serializer):
    theme = serializers.CharField(source="label")
    learning_points = serializers.IntegerField(source="total")


class LearningPointFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(field_name="theme__code")
    recorded_after = django_filters.DateFilter(field_name="recorded_on", lookup_expr="gte")
    recorded_before = django_filters.DateFilter(field_name="recorded_on", lookup_expr="lte")

    class Meta:
        model = LearningPoint
        fields = ["complaint", "theme", "recorded_after", "recorded_before"]


class ImprovementFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(field_name="theme__code")
    implemented_after = django_filters.DateFilter(field_name="implemented_on", lookup_expr="gte")
    implemented_before = django_filters.DateFilter(field_name="implemented_on", lookup_expr="lte")

    class Meta:
        model = ServiceImprovement
        fields = ["theme", "implemented_after", "implemented_before"]


def _require_view(request: Request) -> None:
    _require(request, "learning.view_learning", "Your role cannot see learning from complaints.")


def _require(request: Request, permission: str, message: str) -> None:
    # Checked before the body is read: a role that may not act is told so, not what was wrong with its input.
    if not request.user.has_perm(permission):
        raise PermissionDenied(message)


def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ThemeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The themes learning is grouped under (an administrator keeps the list)."""

    serializer_class = ThemeSerializer
    queryset = Theme.objects.all()
    pagination_class = None


class LearningPointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Learning recorded from complaints (Code 9.1)."""

    serializer_class = LearningPointSerializer
    filterset_class = LearningPointFilter
    ordering = ["-recorded_on", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LearningPoint.objects.none()
        _require_view(self.request)
        return LearningPoint.objects.select_related("complaint", "theme", "recorded_by")

    @extend_schema(request=LearningPointInputSerializer, responses={201: LearningPointSerializer})
    def create(self, request: Request) -> Response:
        _require(request, "learning.record_learning", "Your role cannot record learning from complaints.")
        data = _valid(LearningPointInputSerializer, request)
        point = services.learning_point_record(actor=request.user, **data)
        return Response(LearningPointSerializer(point).data, status=status.HTTP_201_CREATED)


class ServiceImprovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Service improvements made because of complaints, and how they were reported back (Code 9.2, 9.3)."""

    serializer_class = ServiceImprovementSerializer
    filterset_class = ImprovementFilter
    ordering = ["-implemented_on", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ServiceImprovement.objects.none()
        _require_view(self.request)
        return ServiceImprovement.objects.select_related("theme").prefetch_related(
            "complaints", "learning_points", "report_backs"
        )

    @extend_schema(request=ServiceImprovementInputSerializer, responses={201: ServiceImprovementSerializer})
    def create(self, request: Request) -> Response:
        _require(request, "learning.record_improvement", "Your role cannot record service improvements.")
        data = _valid(ServiceImprovementInputSerializer, request)
        improvement = services.service_improvement_record(actor=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=improvement.pk)).data, status=201)

    @extend_schema(
        request=ReportBackSerializer,
        responses={201: ServiceImprovementSerializer},
        summary="Record reporting the improvement back to residents, staff or a committee (Code 9.3)",
    )
    @action(detail=True, methods=["post"], url_path="report-backs")
    def report_backs(self, request: Request, pk: str) -> Response:
        improvement = self.get_object()
        _require(request, "learning.record_improvement", "Your role cannot record reporting back.")
        data = _valid(ReportBackSerializer, request)
        services.report_back_record(actor=request.user, improvement=improvement, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=improvement.pk)).data, status=201)
