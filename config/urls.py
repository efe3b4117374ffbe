from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from casework.views import queues as casework_queues
from config.health import health

# The admin's own login page would let a password alone in: it sends people to the MFA sign-in instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("api/v1/", include("complaints.api.urls")),
    path("api/v1/", include("alerts.api_urls")),
    path("alerts/", include("alerts.urls")),
    path("api/v1/", include("selfassessment.api_urls")),
    path("api/v1/", include("learning.api_urls")),
    path("api/v1/", include("ombudsman.api_urls")),
    path("api/v1/", include("surveys.api_urls")),
    path("api/v1/", include("reporting.dashboard_api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script under the Content Security Policy.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("", include("selfassessment.urls")),
    path("", include("reporting.urls")),
    # Staff sign-in (django-allauth with MFA). The security page replaces allauth's sessions and MFA overviews.
    path("", include("identity.urls")),
    path("accounts/sessions/", RedirectView.as_view(pattern_name="identity:security"), name="usersessions_list"),
    path("accounts/2fa/", RedirectView.as_view(pattern_name="identity:security"), name="mfa_index"),
    path("accounts/", include("allauth.urls")),
    path("staff/", casework_queues.home, name="staff-home"),
    path("staff/dashboard/", include("reporting.dashboard_urls")),
    path("staff/", include("casework.urls")),
    path("staff/", include("learning.urls")),
    path("staff/", include("ombudsman.urls")),
    path("staff/", include("inbound.urls")),
    path("staff/", include("notes.urls")),
    path("", include("surveys.urls")),
    path("staff/personal-data/", include("privacy.urls")),
    path("staff/", include("golive.urls")),
    path("", include("ui.urls")),
    path("", include("public_pages.urls")),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
