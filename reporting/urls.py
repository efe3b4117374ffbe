from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("annual-report/", views.public_report, name="public"),
    path("annual-report/<int:year>/", views.public_report, name="public-year"),
    path("annual-report/<int:year>/report.pdf", views.public_report_pdf, name="public-pdf"),
    path("staff/reports/", views.staff_list, name="staff-list"),
    path("staff/reports/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/reports/<int:pk>/edit/", views.staff_edit, name="staff-edit"),
    path("staff/reports/<int:pk>/approve/", views.staff_approve, name="staff-approve"),
    path("staff/reports/<int:pk>/render/", views.staff_render, name="staff-render"),
    path("staff/reports/mrc-pack/", views.mrc_pack, name="mrc-pack"),
    path("staff/reports/renders/<int:pk>/", views.render_page, name="render"),
    path("staff/reports/renders/<int:pk>/status/", views.render_status, name="render-status"),
    path("staff/reports/renders/<int:pk>/download/", views.render_download, name="render-download"),
]
