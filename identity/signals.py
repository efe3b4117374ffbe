from __future__ import annotations

from allauth.core.internal.httpkit import get_client_ip
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.dispatch import receiver

from identity.models import SecurityEvent
from identity.services import security_event_record

ADDED = {
    Authenticator.Type.TOTP: SecurityEvent.Kind.MFA_ACTIVATED,
    Authenticator.Type.WEBAUTHN: SecurityEvent.Kind.SECURITY_KEY_ADDED,
}
REMOVED = {Authenticator.Type.WEBAUTHN: SecurityEvent.Kind.SECURITY_KEY_REMOVED}


def _record(kinds: dict, request, user, authenticator: Authenticator) -> None:
    kind = kinds.get(authenticator.type)
    if kind:
        ip_address = get_client_ip(request) if request is not None else None
        security_event_record(kind=kind, actor=user, user=user, ip_address=ip_address)


@receiver(authenticator_added)
def log_authenticator_added(sender, request, user, authenticator: Authenticator, **kwargs) -> None:
    _record(ADDED, request, user, authenticator)


@receiver(authenticator_removed)
def log_authenticator_removed(sender, request, user, authenticator: Authenticator, **kwargs) -> None:
    _record(REMOVED, request, user, authenticator)
