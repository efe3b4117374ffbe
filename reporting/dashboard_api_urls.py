from django.urls import path

from reporting.dashboard_api import SummaryView, TSMView

urlpatterns = [
    path("reports/tsm/", TSMView.as_view(), name="reports-tsm"),
    path("reports/summary/", SummaryView.as_view(), name="reports-summary"),
]
