from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("survey/thanks/", views.thanks, name="thanks"),
    path("survey/<str:token>/", views.answer, name="answer"),
    path("staff/surveys/", views.results, name="results"),
]
