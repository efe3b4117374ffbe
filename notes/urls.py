from django.urls import path

from notes import views

app_name = "notes"
urlpatterns = [
    path("complaints/<str:reference>/notes/<int:pk>/pin/", views.note_pin, name="pin"),
    path("complaints/<str:reference>/drafts/<slug:form>/", views.draft_save, name="drafts"),
]
