"""Residents for integrators and case workers. Special-category data appears only for roles that need it."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response as HttpResponse

from complaints.api import serializers as s
from complaints.data_protection import special_category_views_record
from complaints.models import Resident
from complaints.postcodes import postcode_normalise
from complaints.services import record


class ResidentFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", help_text="Name, email, phone or postcode.")

    class Meta:
        model = Resident
        fields = ["search"]

    def filter_search(self, queryset, name: str, value: str):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__iexact=value)
            | Q(phone__icontains=value)
            | Q(home__postcode=postcode_normalise(value))
        )


LOG = ("complaints.log_complaint", "Your role cannot record representatives.")
# Special-category data (Code 5.10, 5.14).
SPECIAL_CATEGORY = (
    "complaints.view_special_category",
    "Your role cannot record disabilities, adjustments or contact restrictions.",
)


class ResidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ResidentSerializer
    filterset_class = ResidentFilter
    ordering = ["name", "id"]
    ordering_fields = ["name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Resident.objects.none()
        if not self.request.user.has_perm("complaints.view_residents"):
            raise PermissionDenied("Your role cannot see residents.")
        residents = Resident.objects.select_related("home").prefetch_related("representatives")
        if self.request.user.has_perm("complaints.view_special_category"):
            residents = residents.prefetch_related("disclosures", "adjustments", "contact_restrictions")
        return residents

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().list(request, *args, **kwargs)
        rows = response.data["results"] if isinstance(response.data, dict) else response.data
        self._log_special_category([row["id"] for row in rows], "list")
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().retrieve(request, *args, **kwargs)
        self._log_special_category([response.data["id"]], "record")
        return response

    def _log_special_category(self, resident_ids: list[int], what: str) -> None:
        if self.request.user.has_perm("complaints.view_special_category"):
            special_category_views_record(
                viewer=self.request.user, residents=resident_ids, shown_on=f"API: resident {what}"
            )

    @extend_schema(request=s.RepresentativeInputSerializer, responses={201: s.ResidentSerializer})
    @action(detail=True, methods=["post"])
    def representatives(self, request: Request, pk: str) -> HttpResponse:
        """Record someone acting for the resident (Code 3.6), with how their authority was given."""
        return self._record(request, s.RepresentativeInputSerializer, record.representative_add, LOG)

    @extend_schema(request=s.DisclosureInputSerializer, responses={201: s.ResidentSerializer})
    @action(detail=True, methods=["post"])
    def disclosures(self, request: Request, pk: str) -> HttpResponse:
        return self._record(request, s.DisclosureInputSerializer, record.disclosure_record, SPECIAL_CATEGORY)

    @extend_schema(request=s.AdjustmentInputSerializer, responses={201: s.ResidentSerializer})
    @action(detail=True, methods=["post"])
    def adjustments(self, request: Request, pk: str) -> HttpResponse:
        return self._record(request, s.AdjustmentInputSerializer, record.adjustment_agree, SPECIAL_CATEGORY)

    @extend_schema(request=s.RestrictionInputSerializer, responses={201: s.ResidentSerializer})
    @action(detail=True, methods=["post"], url_path="contact-restrictions")
    def contact_restrictions(self, request: Request, pk: str) -> HttpResponse:
        return self._record(request, s.RestrictionInputSerializer, record.restriction_impose, SPECIAL_CATEGORY)

    def _record(
        self, request: Request, serializer_class: type, service: Any, permission: tuple[str, str]
    ) -> HttpResponse:
        resident = self.get_object()
        # Someone who may not record this hears that, not what was wrong with their input. The service checks again.
        if not request.user.has_perm(permission[0]):
            raise PermissionDenied(permission[1])
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, resident=resident, **data.validated_data)
        resident = self.get_queryset().get(pk=resident.pk)
        self._log_special_category([resident.pk], "record")
        return HttpResponse(self.get_serializer(resident).data, status=status.HTTP_201_CREATED)
