from django.urls import path

from golive import views

app_name = "golive"

urlpatterns = [
    path("administration/", views.administration, name="administration"),
    path("go-live/", views.check, name="check"),
    path("go-live/letter-templates-read/", views.templates_reviewed, name="templates-reviewed"),
]
