"""`GET /api/v1/reports/tsm/?year=2025` and `GET /api/v1/reports/summary/?from=…&to=…`: the dashboard's figures
(complaints, surveys, Ombudsman cases, learning) and the Regulator's CH01/CH02 as JSON, for the roles that see the
dashboard. Numbers, titles and teams only: no case references or residents, so board members get the same answer
as everyone else.

To add an app's figures to the summary (as surveys, ombudsman and learning do in their `reports.py`): write a
function that takes the period's `start` and `end` and the day it is counted on (`as_of`) and returns the data its
serializer reads, decorate it with `@register_summary_figures(name=..., order=..., field=...)` where `field` is
the serializer (field) that presents it, and import its module from your app's `AppConfig.ready()`. The summary
shows it under `name`, in the order of `order` (used: 75 to 90), to every role that sees the dashboard, the board
included: counts, titles and teams only."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting import figures, tsm
from reporting.figures import BREAKDOWN_LABELS, COUNT_NAMES, Breakdown
from reporting.periods import OUT_OF_RANGE, Period, within_range

MAX_DAYS = 3 * 366


class SummaryQuery(serializers.Serializer):
    start = serializers.DateField(help_text="First day of the period, YYYY-MM-DD.")
    end = serializers.DateField(help_text="Last day of the period, YYYY-MM-DD.")
    breakdown = serializers.ChoiceField(
        choices=[value.value for value in Breakdown if value.value], required=False, allow_blank=True
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        for name, parameter in (("start", "from"), ("end", "to")):
            if not within_range(data[name]):
                raise serializers.ValidationError({parameter: OUT_OF_RANGE})
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"to": "The end of the period must be on or after its start."})
        if (data["end"] - data["start"]).days > MAX_DAYS:
            raise serializers.ValidationError({"to": "Ask for a period of three years or less."})
        return data


class CountsSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {name: serializers.IntegerField() for name in COUNT_NAMES}


class ResponseTimesSerializer(serializers.Serializer):
    responses = serializers.IntegerField()
    average_working_days = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    bands = serializers.DictField(child=serializers.IntegerField())


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="The breakdown value: null when not recorded.")
    label = serializers.CharField()
    counts = CountsSerializer()
    response_times = ResponseTimesSerializer()


class RefusalSerializer(serializers.Serializer):
    reason = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class RemedyKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class RemediesSerializer(serializers.Serializer):
    offered = serializers.IntegerField()
    by_kind = RemedyKindSerializer(many=True)
    compensation_paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    compensation_payments = serializers.IntegerField()


SummaryFigures = Callable[..., Any]


@dataclass(frozen=True)
class SummarySection:
    name: str
    order: int
    field: serializers.Field
    figures: SummaryFigures


_SECTIONS: dict[str, SummarySection] = {}


def register_summary_figures(
    *, name: str, order: int, field: serializers.Field
) -> Callable[[SummaryFigures], SummaryFigures]:
    def register(figures: SummaryFigures) -> SummaryFigures:
        _SECTIONS[name] = SummarySection(name, order, field, figures)
        return figures

    return register


def summary_sections() -> list[SummarySection]:
    return sorted(_SECTIONS.values(), key=lambda section: section.order)


class SummarySerializer(serializers.Serializer):
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    as_of = serializers.DateField()
    breakdown = serializers.CharField()
    rows = RowSerializer(many=True)
    total = RowSerializer()
    refusals = RefusalSerializer(many=True)
    remedies = RemediesSerializer()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # A copy each time, as DRF copies declared fields: a field is bound to the one serializer that holds it.
        return fields | {section.name: copy.deepcopy(section.field) for section in summary_sections()}


class MeasureSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    homes = serializers.CharField(source="part", help_text="low_cost_rental, low_cost_home_ownership or all")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class HomesSerializer(serializers.Serializer):
    low_cost_rental = serializers.IntegerField()
    low_cost_home_ownership = serializers.IntegerField()


class TSMSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    homes = HomesSerializer(allow_null=True)
    ch01 = MeasureSerializer(many=True, help_text="Complaints received per 1,000 homes.")
    ch02 = MeasureSerializer(
        many=True, help_text="Per cent of responses issued in the year that were within the Code's timescales."
    )


def _row(row: figures.Row) -> dict[str, Any]:
    return {
        "key": None if row.key is None else str(row.key),
        "label": row.label,
        "counts": row.counts,
        "response_times": {
            "responses": row.times.responses,
            "average_working_days": row.times.average,
            "bands": row.times.bands,
        },
    }


def _registered(period: Period, as_of: datetime.date) -> dict[str, Any]:
    """The figures the other apps add (surveys, Ombudsman cases, learning): counts, titles and teams only."""
    return {
        section.name: section.figures(start=period.start, end=period.end, as_of=as_of) for section in summary_sections()
    }


def _may_see_dashboard(request: Request) -> None:
    if not request.user.has_perm("reporting.view_dashboard"):
        raise PermissionDenied("Your role cannot see the complaint figures.")


class SummaryView(APIView):
    @extend_schema(
        operation_id="reports_summary",
        summary="The dashboard's figures for a period",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First day, YYYY-MM-DD."),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last day, YYYY-MM-DD."),
            OpenApiParameter(
                "breakdown",
                str,
                enum=[value.value for value in Breakdown if value.value],
                description=", ".join(f"{value.value}: {BREAKDOWN_LABELS[value]}" for value in Breakdown if value),
            ),
        ],
        responses={200: SummarySerializer},
    )
    def get(self, request: Request) -> Response:
        _may_see_dashboard(request)
        given = {"start": "from", "end": "to", "breakdown": "breakdown"}
        query = SummaryQuery(
            data={name: request.query_params[param] for name, param in given.items() if param in request.query_params}
        )
        if not query.is_valid():
            names = {"start": "from", "end": "to"}
            return Response({names.get(name, name): problems for name, problems in query.errors.items()}, status=400)
        period = Period.custom(query.validated_data["start"], query.validated_data["end"])
        summary = figures.summary(
            period=period,
            as_of=timezone.localdate(),
            breakdown=Breakdown(query.validated_data.get("breakdown") or ""),
        )
        data = {
            "period": period,
            "as_of": summary.as_of,
            "breakdown": summary.breakdown.value,
            "rows": [_row(row) for row in summary.rows],
            "total": _row(summary.total),
            "refusals": [
                {"reason": row["reason__code"], "name": row["reason__name"], "count": row["count"]}
                for row in summary.refusals
            ],
            "remedies": {
                **summary.remedies,
                "by_kind": [
                    {"kind": row["kind__code"], "name": row["kind__name"], "count": row["count"]}
                    for row in summary.remedies["by_kind"]
                ],
            },
            **_registered(period, summary.as_of),
        }
        return Response(SummarySerializer(data).data)


class TSMView(APIView):
    @extend_schema(
        operation_id="reports_tsm",
        summary="The Regulator's CH01 and CH02 for a reporting year",
        parameters=[
            OpenApiParameter(
                "year",
                int,
                required=True,
                description="The year the reporting year starts: 2025 for 1 April 2025 to 31 March 2026.",
            )
        ],
        responses={200: TSMSerializer},
    )
    def get(self, request: Request) -> Response:
        _may_see_dashboard(request)
        raw = request.query_params.get("year", "")
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            message = "Give the year the reporting year starts, from 2000 to 2100: 2025 for April 2025 to March 2026."
            return Response({"year": [message]}, status=400)
        measures = tsm.measures(year=int(raw))
        return Response(TSMSerializer(measures).data)
