"""The signed-in user's own alerts and email choices, for integrations and the app's bell."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts import services
from alerts.models import Alert, AlertSettings, Kind
from alerts.selectors import alerts_for


class AlertSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="complaint.reference", default=None, read_only=True)

    class Meta:
        model = Alert
        fields = ["id", "kind", "timing", "title", "due_on", "reference", "created_at", "read_at", "email_sent_at"]
        read_only_fields = fields


class AlertSettingsSerializer(serializers.Serializer):
    no_email_for = serializers.ListField(
        child=serializers.ChoiceField(choices=Kind.choices),
        allow_empty=True,
        help_text="The kinds of alert not to send by email; they still appear in the app.",
    )


class AlertViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AlertSerializer
    filterset_fields = ["kind", "timing"]
    # For the schema's types only: every request reads alerts_for(user) below.
    queryset = Alert.objects.none()

    def get_queryset(self):
        return alerts_for(self.request.user)

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        # get_object() answers 404 for an id that is not a number, where Django's get_object_or_404 raised a 500.
        alert = services.alert_mark_read(actor=request.user, alert=self.get_object())
        return Response(AlertSerializer(alert).data)


class AlertSettingsView(APIView):
    @extend_schema(responses=AlertSettingsSerializer)
    def get(self, request):
        current = AlertSettings.objects.filter(user=request.user).first()
        return Response({"no_email_for": current.no_email_for if current else []})

    @extend_schema(request=AlertSettingsSerializer, responses=AlertSettingsSerializer)
    def put(self, request):
        serializer = AlertSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = services.alert_settings_update(
            actor=request.user, no_email_for=serializer.validated_data["no_email_for"]
        )
        return Response({"no_email_for": saved.no_email_for})
