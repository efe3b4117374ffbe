from django.urls import path

from selfassessment import views

app_name = "selfassessment"

STAFF = "staff/self-assessments/"
PROVISION = STAFF + "<int:pk>/provisions/<str:number>/"

urlpatterns = [
    path("self-assessment/", views.public_assessment, name="public"),
    path("self-assessment/<int:pk>/", views.public_assessment, name="public-detail"),
    path("self-assessments/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path(STAFF, views.staff_list, name="staff-list"),
    path(STAFF + "new/", views.staff_create, name="staff-create"),
    path(STAFF + "policies/", views.staff_policies, name="staff-policies"),
    path(STAFF + "<int:pk>/", views.staff_detail, name="staff-detail"),
    path(STAFF + "<int:pk>/compare/", views.staff_compare, name="staff-compare"),
    path(STAFF + "<int:pk>/approve/", views.staff_approve, name="staff-approve"),
    path(STAFF + "<int:pk>/publish/", views.staff_publish, name="staff-publish"),
    path(STAFF + "<int:pk>/amend/", views.staff_amend, name="staff-amend"),
    path(STAFF + "<int:pk>/<slug:step>/", views.staff_step, name="staff-step"),
    path(PROVISION, views.staff_provision, name="staff-provision"),
    path(PROVISION + "evidence/", views.staff_evidence_add, name="staff-evidence-add"),
    path(PROVISION + "evidence/<int:item_pk>/file/", views.staff_evidence_file, name="staff-evidence-file"),
    path(PROVISION + "evidence/<int:item_pk>/confirm/", views.staff_evidence_confirm, name="staff-evidence-confirm"),
    path(PROVISION + "evidence/<int:item_pk>/remove/", views.staff_evidence_remove, name="staff-evidence-remove"),
]
