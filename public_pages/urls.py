from django.urls import path

from public_pages import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("complain/", views.complain, name="complain"),
    path("complain/received/", views.complaint_received, name="complaint-received"),
    path("check/", views.check, name="check"),
    path("policy/", views.page, {"slug": "policy"}, name="policy"),
    path("ombudsman/", views.page, {"slug": "ombudsman"}, name="ombudsman"),
]
