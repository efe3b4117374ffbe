from django.urls import path
from rest_framework.routers import SimpleRouter

from alerts.api import AlertSettingsView, AlertViewSet

router = SimpleRouter()
router.register("alerts", AlertViewSet, basename="alert")

urlpatterns = [path("alerts/settings/", AlertSettingsView.as_view(), name="alert-settings"), *router.urls]
