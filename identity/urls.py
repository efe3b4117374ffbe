from django.urls import path

from identity import views

app_name = "identity"
urlpatterns = [
    path("accounts/security/", views.security, name="security"),
    path("accounts/security/sign-out-elsewhere/", views.sign_out_elsewhere, name="sign-out-elsewhere"),
    path("accounts/keep-alive/", views.keep_alive, name="keep-alive"),
    path("staff/mfa-resets/", views.mfa_resets, name="mfa-resets"),
    path("staff/mfa-resets/<int:pk>/", views.mfa_reset, name="mfa-reset"),
]
