"""Staff pages of their own sign-in: sessions and "sign out everywhere else"; the administrators' MFA reset."""

from __future__ import annotations

from allauth.core.internal.httpkit import get_client_ip
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from identity import selectors, services
from identity.middleware import session_seconds_left, session_touch
from identity.models import SecurityEvent


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    sessions = selectors.user_sessions_open(user=user)
    return render(
        request,
        "identity/security.html",
        {
            "sessions": sessions,
            "current_key": request.session.session_key,
            "has_recovery_codes": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.RECOVERY_CODES
            ).exists(),
        },
    )


@login_required
@require_POST
def sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    ended = services.user_sessions_end(user=request.user, keep_session_key=request.session.session_key)
    services.security_event_record(
        kind=SecurityEvent.Kind.SESSIONS_ENDED, actor=request.user, user=request.user, ip_address=get_client_ip(request)
    )
    plural = "" if ended == 1 else "s"
    messages.success(request, f"Signed out of {ended} other session{plural}. This one stays signed in.")
    return redirect("identity:security")


@login_required
def mfa_resets(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("identity.reset_mfa"):
        raise PermissionDenied
    return render(
        request,
        "identity/mfa_resets.html",
        {"people": selectors.staff_with_mfa_status(), "events": selectors.security_events_recent()},
    )


@login_required
@require_POST
def mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("identity.reset_mfa"):
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    if person == request.user:
        # An administrator who could strip their own second factor would make MFA optional for themselves.
        messages.error(request, "Ask another system administrator to reset your own multi-factor authentication.")
        return redirect("identity:mfa-resets")
    services.user_mfa_reset(actor=request.user, user=person, ip_address=get_client_ip(request))
    messages.success(
        request,
        f"Multi-factor authentication reset for {person.get_full_name() or person.get_username()}. They are signed "
        "out everywhere and will set up a new authenticator app when they next sign in.",
    )
    return redirect("identity:mfa-resets")


@login_required
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """The timeout warning's "Stay signed in": a small request that pushes the idle timeout's end on."""
    session_touch(request)
    return JsonResponse({"seconds_left": session_seconds_left(request)})
