from django.urls import path

from reporting import dashboard_views as views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.cases, name="cases"),
    path("tsm/", views.tsm_page, name="tsm"),
    path("tsm/cases/", views.tsm_cases, name="tsm-cases"),
    path("homes/", views.homes, name="homes"),
]
