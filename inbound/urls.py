from django.urls import path

from inbound import views

app_name = "inbound"
urlpatterns = [
    path("emails/", views.new_emails, name="new-emails"),
    path("emails/<int:pk>/", views.email_detail, name="email"),
]
