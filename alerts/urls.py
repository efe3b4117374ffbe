from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:alert_id>/read/", views.alert_read, name="read"),
    path("read-all/", views.alerts_read_all, name="read-all"),
    path("settings/", views.alert_settings, name="settings"),
]
