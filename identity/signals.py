from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

from identity.models import SecurityEvent
from identity.services import security_event_record


@receiver(authenticator_added)
def log_authenticator_setup(sender, request, user, authenticator: Authenticator, **kwargs) -> None:
    if authenticator.type == Authenticator.Type.TOTP:
        security_event_record(kind=SecurityEvent.Kind.MFA_ACTIVATED, actor=user, user=user)
