from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet

from identity.models import SecurityEvent


def user_sessions_open(*, user: AbstractBaseUser) -> list[UserSession]:
    """The user's signed-in sessions, oldest first (ended and expired ones are dropped on the way)."""
    return sorted(UserSession.objects.purge_and_list(user), key=lambda session: session.created_at)


def staff_with_mfa_status() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(has_mfa=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)))
        .order_by("last_name", "first_name", "username")
    )


def security_events_recent(*, limit: int = 50) -> QuerySet:
    return SecurityEvent.objects.select_related("actor", "user")[:limit]
