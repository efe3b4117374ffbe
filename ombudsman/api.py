"""REST API for Ombudsman cases (Code 8.1 c, 9.7 c): referrals with their findings, orders and
recommendations, compliance, and Complaint Handling Failure Orders. Thin: validate the shape, call a service."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from complaints.models import Complaint
from ombudsman import services
from ombudsman.models import Determination, Finding, HandlingFailureOrder, OmbudsmanReferral, Order
from ombudsman.selectors import OmbudsmanFigures, ombudsman_figures
from ui.api import PERIOD_PARAMETERS, PeriodSerializer

User = get_user_model()


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "element", "determination", "determined_on"]


class OrderSerializer(serializers.ModelSerializer):
    complaint = serializers.IntegerField(source="referral.complaint_id", read_only=True)
    reference = serializers.CharField(source="referral.complaint.reference", read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "referral",
            "complaint",
            "reference",
            "finding",
            "kind",
            "description",
            "made_on",
            "due_on",
            "owner",
            "complied_on",
            "evidence",
        ]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="complaint.reference", read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    orders = OrderSerializer(source="ombudsman_orders", many=True, read_only=True)

    class Meta:
        model = OmbudsmanReferral
        fields = [
            "id",
            "complaint",
            "reference",
            "referred_on",
            "ombudsman_reference",
            "determination",
            "determined_on",
            "findings",
            "orders",
        ]
        read_only_fields = fields


class ReferralInputSerializer(serializers.Serializer):
    complaint = serializers.PrimaryKeyRelatedField(queryset=Complaint.objects.all())
    referred_on = serializers.DateField()
    ombudsman_reference = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)


class DetermineSerializer(serializers.Serializer):
    determination = serializers.ChoiceField(
        choices=OmbudsmanReferral.Determination.choices,
        help_text="The Ombudsman's overall determination on the referral (not pending).",
    )
    determined_on = serializers.DateField()


class FindingInputSerializer(serializers.Serializer):
    element = serializers.CharField(max_length=300)
    determination = serializers.ChoiceField(choices=Determination.choices)
    determined_on = serializers.DateField()


class OrderInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Order.Kind.choices)
    description = serializers.CharField()
    made_on = serializers.DateField()
    due_on = serializers.DateField()
    finding = serializers.PrimaryKeyRelatedField(queryset=Finding.objects.all(), required=False, allow_null=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)


class ComplySerializer(serializers.Serializer):
    complied_on = serializers.DateField()
    evidence = serializers.CharField()


class HandlingFailureOrderSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="complaint.reference", read_only=True, allow_null=True)

    class Meta:
        model = HandlingFailureOrder
        fields = [
            "id",
            "complaint",
            "reference",
            "ombudsman_reference",
            "issued_on",
            "failure",
            "order",
            "due_on",
            "owner",
            "complied_on",
            "evidence",
        ]
        read_only_fields = fields


class HandlingFailureOrderInputSerializer(serializers.Serializer):
    complaint = serializers.PrimaryKeyRelatedField(queryset=Complaint.objects.all(), required=False, allow_null=True)
    ombudsman_reference = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    issued_on = serializers.DateField()
    failure = serializers.CharField()
    order = serializers.CharField()
    due_on = serializers.DateField()
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
    )


class ComplianceFiguresSerializer(serializers.Serializer):
    made = serializers.IntegerField()
    due = serializers.IntegerField()
    complied = serializers.IntegerField()
    complied_late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    open_not_yet_due = serializers.IntegerField()


class FindingCountSerializer(serializers.Serializer):
    determination = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class OmbudsmanFiguresSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    referrals = serializers.IntegerField()
    determinations = serializers.IntegerField()
    adverse_findings = serializers.IntegerField()
    findings = FindingCountSerializer(many=True)
    orders = ComplianceFiguresSerializer()
    recommendations = ComplianceFiguresSerializer()
    severe_maladministration_orders = ComplianceFiguresSerializer()
    handling_failure_orders = ComplianceFiguresSerializer()


def ombudsman_figures_data(figures: OmbudsmanFigures) -> dict[str, Any]:
    """`OmbudsmanFigures` in the shape of `OmbudsmanFiguresSerializer` (here and in the dashboard's summary)."""
    findings = [{"determination": v, "label": label, "count": n} for v, label, n in figures.findings]
    return {**figures.__dict__, "findings": findings, "adverse_findings": figures.adverse_findings}


def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _require_view(request: Request) -> None:
    if not request.user.has_perm("ombudsman.view_ombudsman"):
        raise PermissionDenied("Your role cannot see Ombudsman cases.")


def _require_record(request: Request) -> None:
    # Checked before the body is read: a role that may not act is told so, not what was wrong with its input.
    if not request.user.has_perm("ombudsman.record_ombudsman"):
        raise PermissionDenied("Your role cannot record Ombudsman cases.")


class ReferralFilter(django_filters.FilterSet):
    referred_after = django_filters.DateFilter(field_name="referred_on", lookup_expr="gte")
    referred_before = django_filters.DateFilter(field_name="referred_on", lookup_expr="lte")

    class Meta:
        model = OmbudsmanReferral
        fields = ["complaint", "determination", "referred_after", "referred_before"]


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Referrals to the Ombudsman, with its findings per element and its orders and recommendations."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    ordering = ["-referred_on", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OmbudsmanReferral.objects.none()
        _require_view(self.request)
        return OmbudsmanReferral.objects.select_related("complaint").prefetch_related(
            "findings", Prefetch("ombudsman_orders", queryset=Order.objects.select_related("referral__complaint"))
        )

    def _present(self, referral: OmbudsmanReferral, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=referral.pk)).data, status=code)

    @extend_schema(request=ReferralInputSerializer, responses={201: ReferralSerializer})
    def create(self, request: Request) -> Response:
        _require_record(request)
        data = _valid(ReferralInputSerializer, request)
        referral = services.referral_record(actor=request.user, **data)
        return self._present(referral, status.HTTP_201_CREATED)

    @extend_schema(
        request=DetermineSerializer, responses={200: ReferralSerializer}, summary="The overall determination"
    )
    @action(detail=True, methods=["post"])
    def determine(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        _require_record(request)
        data = _valid(DetermineSerializer, request)
        services.referral_determine(actor=request.user, referral=referral, **data)
        return self._present(referral)

    @extend_schema(
        request=FindingInputSerializer, responses={201: ReferralSerializer}, summary="A finding on one element"
    )
    @action(detail=True, methods=["post"])
    def findings(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        _require_record(request)
        data = _valid(FindingInputSerializer, request)
        services.finding_record(actor=request.user, referral=referral, **data)
        return self._present(referral, status.HTTP_201_CREATED)

    @extend_schema(
        request=OrderInputSerializer, responses={201: ReferralSerializer}, summary="An order or a recommendation"
    )
    @action(detail=True, methods=["post"])
    def orders(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        _require_record(request)
        data = _valid(OrderInputSerializer, request)
        services.order_record(actor=request.user, referral=referral, **data)
        return self._present(referral, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=PERIOD_PARAMETERS,
        responses={200: OmbudsmanFiguresSerializer},
        summary="Ombudsman figures for a period (Code 8.1 c, 9.7 c): counts only",
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def figures(self, request: Request) -> Response:
        if not request.user.has_perm("ombudsman.view_figures"):
            raise PermissionDenied("Your role cannot see Ombudsman figures.")
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        figures = ombudsman_figures(period.validated_data["from"], period.validated_data["to"])
        return Response(OmbudsmanFiguresSerializer(ombudsman_figures_data(figures)).data)


class OrderFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(field_name="complied_on", lookup_expr="isnull", label="Not yet complied with")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Order
        fields = ["kind", "open", "due_before"]


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The Ombudsman's orders and recommendations, with their due dates and compliance."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    ordering = ["due_on", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        _require_view(self.request)
        return Order.objects.select_related("referral__complaint")

    @extend_schema(request=ComplySerializer, responses={200: OrderSerializer}, summary="Record compliance")
    @action(detail=True, methods=["post"])
    def comply(self, request: Request, pk: str) -> Response:
        order = self.get_object()
        _require_record(request)
        data = _valid(ComplySerializer, request)
        order = services.order_comply(actor=request.user, order=order, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=order.pk)).data)


class HandlingFailureOrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaint Handling Failure Orders and compliance with them."""

    serializer_class = HandlingFailureOrderSerializer
    ordering = ["-issued_on", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HandlingFailureOrder.objects.none()
        _require_view(self.request)
        return HandlingFailureOrder.objects.select_related("complaint")

    @extend_schema(request=HandlingFailureOrderInputSerializer, responses={201: HandlingFailureOrderSerializer})
    def create(self, request: Request) -> Response:
        _require_record(request)
        data = _valid(HandlingFailureOrderInputSerializer, request)
        chfo = services.handling_failure_order_record(actor=request.user, **data)
        return Response(self.get_serializer(chfo).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ComplySerializer, responses={200: HandlingFailureOrderSerializer})
    @action(detail=True, methods=["post"])
    def comply(self, request: Request, pk: str) -> Response:
        chfo = self.get_object()
        _require_record(request)
        data = _valid(ComplySerializer, request)
        chfo = services.handling_failure_order_comply(actor=request.user, chfo=chfo, **data)
        return Response(self.get_serializer(chfo).data)
