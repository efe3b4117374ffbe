"""REST API for satisfaction surveys (Code 1.6): send one, read the answers, and the results for a period."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from complaints.models import Complaint
from surveys.models import Survey
from surveys.selectors import survey_results
from surveys.services import survey_send
from ui.api import PERIOD_PARAMETERS, PeriodSerializer


class SurveySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="complaint.reference", read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "complaint", "reference", "stage", "sent_on", "answered_at", "handling", "outcome", "comments"]
        read_only_fields = fields


class SurveySendSerializer(serializers.Serializer):
    complaint = serializers.PrimaryKeyRelatedField(queryset=Complaint.objects.all())
    stage = serializers.ChoiceField(choices=[1, 2], required=False, help_text="The complaint's stage when left out.")


class BandSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class SurveyResultsSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    sent = serializers.IntegerField()
    returned = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    satisfied_with_handling = serializers.FloatField(allow_null=True)
    handling = BandSerializer(many=True)
    outcome = BandSerializer(many=True)


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Satisfaction surveys sent after a stage's response. An answer is feedback, never a complaint."""

    serializer_class = SurveySerializer
    filterset_fields = ["complaint", "stage"]
    ordering = ["-sent_on", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        if not self.request.user.has_perm("surveys.view_answers"):
            raise PermissionDenied("Your role cannot see survey answers.")
        return Survey.objects.select_related("complaint")

    @extend_schema(request=SurveySendSerializer, responses={201: SurveySerializer}, summary="Email a survey")
    def create(self, request: Request) -> Response:
        # Checked before the body is read: a role that may not act is told so, not what was wrong with its input.
        if not request.user.has_perm("surveys.send_survey"):
            raise PermissionDenied("Your role cannot send satisfaction surveys.")
        serializer = SurveySendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        survey = survey_send(actor=request.user, **serializer.validated_data)
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=PERIOD_PARAMETERS,
        responses={200: SurveyResultsSerializer},
        summary="Results for the surveys sent in a period: counts only",
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request: Request) -> Response:
        if not request.user.has_perm("surveys.view_results"):
            raise PermissionDenied("Your role cannot see survey results.")
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        results = survey_results(period.validated_data["from"], period.validated_data["to"])
        body = {
            **results.__dict__,
            "response_rate": results.response_rate,
            "satisfied_with_handling": results.satisfied_with_handling,
            "handling": [band.__dict__ for band in results.handling],
            "outcome": [band.__dict__ for band in results.outcome],
        }
        return Response(SurveyResultsSerializer(body).data)
