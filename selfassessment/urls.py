from django.urls import path

from selfassessment import views

app_name = "selfassessment"

urlpatterns = [
    path("self-assessment/", views.public_assessment, name="public"),
    path("self-assessment/<int:pk>/", views.public_assessment, name="public-detail"),
    path("self-assessments/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("staff/self-assessments/", views.staff_list, name="staff-list"),
    path("staff/self-assessments/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/self-assessments/<int:pk>/compare/", views.staff_compare, name="staff-compare"),
]
