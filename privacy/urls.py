from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("residents/<int:pk>/", views.resident_page, name="resident"),
    path("residents/<int:pk>/subject-access/", views.subject_access, name="subject-access"),
    path("residents/<int:pk>/rectify/", views.rectify, name="rectify"),
    path("residents/<int:pk>/erase/", views.erase, name="erase"),
    path("residents/<int:pk>/holds/new/", views.hold_place, name="hold-place"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold-release"),
]
