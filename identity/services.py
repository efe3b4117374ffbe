"""Staff identity: the administrator's MFA reset, ending sessions, and the security log."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import transaction

from identity.models import SecurityEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger("identity")


def security_event_record(
    *,
    kind: str,
    actor: User | None = None,
    user: User | None = None,
    username: str = "",
    ip_address: str | None = None,
) -> SecurityEvent:
    event = SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        user=user,
        username=username or (user.get_username() if user else ""),
        ip_address=ip_address,
    )
    # The same line goes to the log, for whoever watches the servers' logs rather than the database.
    logger.warning(
        "security event %s: user=%s actor=%s address=%s",
        kind,
        event.username,
        actor.get_username() if actor else "-",
        ip_address or "-",
    )
    return event


@transaction.atomic
def user_mfa_reset(*, actor: User, user: User, ip_address: str | None = None) -> int:
    """An administrator removes every authenticator of a user who lost their phone and recovery codes. The user
    is signed out everywhere, and must set up a new authenticator at their next sign-in. Returns how many
    authenticators were removed."""
    removed, _ = Authenticator.objects.filter(user=user).delete()
    user_sessions_end(user=user)
    security_event_record(kind=SecurityEvent.Kind.MFA_RESET, actor=actor, user=user, ip_address=ip_address)
    return removed


def user_sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """Ends every session of the user but the one kept. Sessions are found both through allauth's record of
    them and in Django's session table, so a session made before that record existed ends too."""
    ended = 0
    for user_session in UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or ""):
        user_session.end()
        ended += 1
    user_id = str(user.pk)
    for session in Session.objects.exclude(session_key=keep_session_key or ""):
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
            ended += 1
    return ended
