"""The anchor for the API's figures (issue 16): a bare DRF ModelViewSet over the same complaints table, with token
authentication and nothing else (no permissions beyond signing in, no throttle, no audit, no workflow), mounted
beside the real URLs for `bench/dashboard_bench.py`. Create writes one complaint row, as a bare app would; ours
also writes the resident, the stage and its deadlines, the timeline event and the audit history."""

from __future__ import annotations

from django.urls import include, path
from rest_framework import permissions, routers, serializers, viewsets
from rest_framework.authentication import TokenAuthentication

from complaints.models import Complaint


class BareComplaintSerializer(serializers.ModelSerializer):
    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "resident",
            "home",
            "nation",
            "regime",
            "channel",
            "categories",
            "team",
            "summary",
            "received_on",
            "stage",
            "status",
            "current_stage",
            "next_due",
            "logged_by",
        ]


class BareComplaintViewSet(viewsets.ModelViewSet):
    queryset = Complaint.objects.order_by("-received_on", "-id").prefetch_related("categories")
    serializer_class = BareComplaintSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes: list = []


router = routers.SimpleRouter()
router.register("bare/complaints", BareComplaintViewSet, basename="bare-complaint")
urlpatterns = [*router.urls, path("", include("config.urls"))]
