from django.urls import path

from public_pages import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("complain/", views.complain, name="complain"),
    path("complain/received/", views.complaint_received, name="complaint-received"),
    path("check/", views.check, name="check"),
    path("check/code/send/", views.code_send, name="check-send-code"),
    path("check/code/", views.check_code, name="check-code"),
    path("check/open/<str:token>/", views.open_link, name="open"),
    path("check/your-complaint/", views.your_complaint, name="your-complaint"),
    path("check/your-complaint/letters/<int:pk>/", views.letter_download, name="letter"),
    path("check/your-complaint/stage-2/", views.stage_2, name="stage-2"),
    path("check/your-complaint/send-information/", views.send_information, name="send-information"),
    path("check/leave/", views.leave, name="leave"),
    path("policy/", views.page, {"slug": "policy"}, name="policy"),
    path("ombudsman/", views.page, {"slug": "ombudsman"}, name="ombudsman"),
]
