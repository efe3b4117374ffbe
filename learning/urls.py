from django.urls import path

from learning import views

app_name = "learning"
urlpatterns = [
    path("learning/", views.themes, name="themes"),
    path("improvements/", views.improvement_list, name="improvements"),
    path("improvements/new/", views.improvement_new, name="improvement-new"),
    path("improvements/<int:pk>/", views.improvement_detail, name="improvement"),
]
