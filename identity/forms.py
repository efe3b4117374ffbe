"""allauth's forms with GOV.UK labels, hints and autocomplete (WCAG 1.3.5), rendered by {% govuk_field %}."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm as AllauthAddWebAuthnForm
from allauth.mfa.webauthn.forms import AuthenticateWebAuthnForm as AllauthAuthenticateWebAuthnForm
from allauth.mfa.webauthn.forms import EditWebAuthnForm as AllauthEditWebAuthnForm
from allauth.mfa.webauthn.forms import ReauthenticateWebAuthnForm as AllauthReauthenticateWebAuthnForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from core.forms import ExplainsMissing


class LoginForm(ExplainsMissing, AllauthLoginForm):
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


class AuthenticateForm(ExplainsMissing, AllauthAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(
            self.fields["code"],
            "Security code",
            "The 6-digit code your authenticator app shows now, or one of your 8-digit recovery codes.",
        )


class ActivateTOTPForm(ExplainsMissing, AllauthActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], "Security code", "The 6-digit code your authenticator app shows now.")

    def clean_code(self) -> str:
        code = super().clean_code()
        # Typing a code the new app made shows the second factor: this session counts as having passed MFA
        # (identity.middleware), and as recently confirmed, so it may see its new recovery codes at once.
        record_authentication(context.request, self.user, "mfa", type="totp", reauthenticated=True)
        return code


# allauth reads the browser's answer to a key request assuming its shape: a forged or damaged one raises one of
# these, and must be refused as a failed key rather than answered with a server error.
MALFORMED_KEY_ANSWER = (KeyError, TypeError, ValueError, AttributeError)


class _KeyFailureOnPage:
    """allauth's WebAuthn forms carry the key's answer in a hidden field that the browser fills. A failure is shown
    at the top of the page (there is no field to link it to), in words about the key rather than a code."""

    key_failed = ""

    def clean(self) -> dict:
        try:
            cleaned = super().clean()
        except (ValidationError, *MALFORMED_KEY_ANSWER):
            raise ValidationError(self.key_failed) from None
        if self.errors.pop("credential", None) is not None:
            raise ValidationError(self.key_failed)
        return cleaned


class _KeyAnswerChecked:
    key_failed = ""

    def clean_credential(self):
        try:
            return super().clean_credential()
        except MALFORMED_KEY_ANSWER:
            raise ValidationError(self.key_failed) from None


KEY_NOT_USED = "Your security key could not be used. Try again, or enter a security code from your authenticator app."


class AuthenticateWebAuthnForm(ExplainsMissing, _KeyFailureOnPage, _KeyAnswerChecked, AllauthAuthenticateWebAuthnForm):
    key_failed = KEY_NOT_USED


class ReauthenticateWebAuthnForm(ExplainsMissing, _KeyAnswerChecked, AllauthReauthenticateWebAuthnForm):
    # allauth's view sends a failure back to the sign-in page as a message, from the credential field's errors.
    key_failed = KEY_NOT_USED


def _key_name_field(field) -> None:
    field.label = "Name for this key"
    field.help_text = "So that you can tell your keys apart, for example “Blue USB key” or “Work laptop”."
    field.validators.append(MaxLengthValidator(100, "The name must be 100 characters or fewer"))
    field.widget.attrs = {"autocomplete": "off", "spellcheck": "false"}


class AddWebAuthnForm(ExplainsMissing, _KeyFailureOnPage, AllauthAddWebAuthnForm):
    key_failed = "Your security key was not added. Select “Add a security key” and use your key when your browser asks."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _key_name_field(self.fields["name"])


class EditWebAuthnForm(ExplainsMissing, AllauthEditWebAuthnForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _key_name_field(self.fields["name"])
        self.fields["name"].error_messages["required"] = "Enter a name for this key"
