from __future__ import annotations

from allauth.mfa.models import Authenticator
from django import template
from django.conf import settings
from django.http import HttpRequest

from identity.middleware import TOUCH_INTERVAL_SECONDS, session_seconds_left

register = template.Library()


@register.filter
def has_security_key(user) -> bool:
    """Whether to offer "Use a security key": only to someone who has added one."""
    return bool(user and user.pk) and Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()


@register.simple_tag
def seconds_left(request: HttpRequest) -> int:
    return session_seconds_left(request)


@register.simple_tag
def seconds_left_after_any_request() -> int:
    """A request pushes the session's end on if it was last touched over a minute before: after any request, at
    least this long is left."""
    return max(0, settings.SESSION_COOKIE_AGE - TOUCH_INTERVAL_SECONDS)


@register.simple_tag
def timeout_warning_seconds() -> int:
    """GOV.UK's pattern warns two minutes before; a shorter timeout (in tests) warns halfway."""
    return min(120, settings.SESSION_COOKIE_AGE // 2)
