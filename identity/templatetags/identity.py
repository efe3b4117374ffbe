from __future__ import annotations

from allauth.mfa.models import Authenticator
from django import template

register = template.Library()


@register.filter
def has_security_key(user) -> bool:
    """Whether to offer "Use a security key": only to someone who has added one."""
    return bool(user and user.pk) and Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
