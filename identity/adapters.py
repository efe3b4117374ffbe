"""allauth adapters: staff accounts are made by administrators, throttled sign-ins are logged, and nobody can
switch their own MFA off (only an administrator's reset removes it, and that is logged)."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.internal.httpkit import get_client_ip
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from identity.models import SecurityEvent
from identity.services import security_event_record


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": "Enter the username and password of a staff account",
        "too_many_login_attempts": (
            "Too many wrong passwords have been tried for this account or from this address. Wait 5 minutes and "
            "try again, or ask a system administrator."
        ),
        "too_many_codes": (
            "Too many wrong security codes have been entered for this account. Wait 5 minutes and try again, or ask "
            "a system administrator."
        ),
    }
    # The second-factor steps, where allauth's MFA raises the same "too many login attempts" as the password step.
    SECOND_FACTOR_STEPS = frozenset({"mfa_authenticate", "mfa_reauthenticate"})

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        request = context.request
        match = getattr(request, "resolver_match", None)
        if code == "too_many_login_attempts" and match is not None and match.url_name in self.SECOND_FACTOR_STEPS:
            code = "too_many_codes"
        return super().validation_error(code, *args)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Setting up the first authenticator comes straight after the password was typed at sign-in: asking for it
        # again would only be in the way. (Later changes to MFA still ask.)
        request = context.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and not Authenticator.objects.filter(user=request.user).exists()
        ):
            passwords = [r for r in get_authentication_records(request, request.user) if r["method"] == "password"]
            if passwords and time.time() - passwords[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            security_event_record(
                kind=SecurityEvent.Kind.LOGIN_THROTTLED,
                username=str(credentials.get("username", ""))[:150],
                ip_address=get_client_ip(request),
            )
            raise


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The security code is wrong or has already been used: enter the code your app shows now",
        "cannot_delete_authenticator": (
            "Multi-factor authentication is required for every member of staff. A system administrator can reset "
            "it if you lose your authenticator app."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Code-free sign-in must never be one click away; identity.services.user_mfa_reset is the only way out.
        # A lost security key can be removed: the authenticator app, which cannot, still guards the account.
        return authenticator.type != Authenticator.Type.TOTP
