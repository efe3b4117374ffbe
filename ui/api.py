"""API pieces every app shares: a period given in the query string."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First day of the period"),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last day of the period"),
]


class PeriodSerializer(serializers.Serializer):
    """`from` and `to` (both inclusive) from the query string; `from` is a Python keyword, hence get_fields."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": serializers.DateField(), "to": serializers.DateField()}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": ["The end of the period cannot be before its start."]})
        return attrs
