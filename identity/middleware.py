"""MFA for every member of staff (issue 7, Identity).

allauth asks for the second factor at sign-in only when the user has an authenticator, and lets a user without
one in on a password alone. Here every signed-in request is checked:
- a user with no authenticator is sent to set one up before anything else;
- a session that did not pass MFA (made by Django's own login, an admin login page, or `client.force_login` in a
  test) is signed out and sent back to the sign-in page, so nothing is reachable on a password alone.

API clients that send a token are not affected: DRF authenticates them inside the view, after this middleware,
so `request.user` is anonymous here. Tokens are long random secrets issued by an administrator to an integration
(not a person's guessable, reusable password), so a second factor adds nothing to them."""

from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

# What a signed-in user without an authenticator may still reach: setting one up (which may ask for the password
# again), signing out, and the landlord's stylesheet that every page loads (redirected, the browser would fetch the
# setup page in its place and so replace the setup key the person is looking at).
SETUP_VIEW_NAMES = {
    "mfa_activate_totp",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "account_logout",
    "ui:brand-css",
}
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
LAST_SEEN_KEY = "identity_last_seen"
TOUCH_INTERVAL_SECONDS = 60


def session_passed_mfa(request: HttpRequest) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class MFARequiredMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        is_api = request.path.startswith("/api/")
        if not has_second_factor(user):
            view_name = request.resolver_match.view_name if request.resolver_match else None
            if view_name in SETUP_VIEW_NAMES:
                return None
            if is_api:
                return JsonResponse({"detail": "Set up multi-factor authentication before using the API."}, status=403)
            return redirect("mfa_activate_totp")
        if session_passed_mfa(request):
            return None
        logout(request)
        if is_api:
            return JsonResponse({"detail": "Sign in again with your security code."}, status=403)
        return redirect_to_login(request.get_full_path())


class SessionActivityMiddleware:
    """The idle timeout: saving a session sets its end to SESSION_COOKIE_AGE from now, and a request that finds the
    last save over a minute old marks the session changed so that SessionMiddleware saves it. Saving at most once a
    minute, rather than on every request, keeps parallel requests (a page and its favicon) from writing back each
    other's stale copies of the session."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only signed-in sessions: a dead cookie must not make a fresh empty session.
        if session is not None and session.session_key and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(LAST_SEEN_KEY, 0) >= TOUCH_INTERVAL_SECONDS:
                session[LAST_SEEN_KEY] = now
        return response


def session_touch(request: HttpRequest) -> None:
    """Push the session's end on now, whenever it was last saved."""
    request.session[LAST_SEEN_KEY] = int(time.time())


def session_seconds_left(request: HttpRequest) -> int:
    """How long the session has left once this request is answered: the timeout warning counts down from it. It
    may be up to a minute short (a session saved for another reason since it was last touched ends later), so the
    warning comes early rather than late."""
    now = int(time.time())
    since_touched = now - request.session.get(LAST_SEEN_KEY, 0)
    if since_touched >= TOUCH_INTERVAL_SECONDS:
        # SessionActivityMiddleware touches it on the way out.
        return settings.SESSION_COOKIE_AGE
    return max(0, settings.SESSION_COOKIE_AGE - since_touched)
