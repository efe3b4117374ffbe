"""allauth's forms with GOV.UK labels, hints and autocomplete (WCAG 1.3.5), rendered by {% govuk_field %}."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username"
        self.fields["login"].widget.attrs = {"autocomplete": "username", "spellcheck": "false"}
        self.fields["password"].label = "Password"
        # allauth's hint is an HTML link to reset by email; staff ask an administrator instead.
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs = {"autocomplete": "current-password"}


def _code_field(field, label: str, hint: str) -> None:
    field.label = label
    field.help_text = hint
    field.widget.attrs = {"autocomplete": "one-time-code", "class": "govuk-input--width-10"}


class AuthenticateForm(AllauthAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(
            self.fields["code"],
            "Security code",
            "The 6-digit code your authenticator app shows now, or one of your 8-digit recovery codes.",
        )


class ActivateTOTPForm(AllauthActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], "Security code", "The 6-digit code your authenticator app shows now.")

    def clean_code(self) -> str:
        code = super().clean_code()
        # Typing a code the new app made shows the second factor: this session counts as having passed MFA
        # (identity.middleware), and as recently confirmed, so it may see its new recovery codes at once.
        record_authentication(context.request, self.user, "mfa", type="totp", reauthenticated=True)
        return code
