"""The security log: sign-in events a data protection officer or penetration tester asks to see."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models

from core.models import protect_deletes


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN_THROTTLED = "login_throttled", "Sign-in refused: too many wrong passwords"
        MFA_RESET = "mfa_reset", "Multi-factor authentication reset by an administrator"
        MFA_ACTIVATED = "mfa_activated", "Authenticator app set up"
        SESSIONS_ENDED = "sessions_ended", "Signed out everywhere else"
        SECURITY_KEY_ADDED = "security_key_added", "Security key added"
        SECURITY_KEY_REMOVED = "security_key_removed", "Security key removed"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Who did it (the administrator for a reset); empty when nobody was signed in.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Whose account it concerns.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What was typed as the username (a throttled attempt may name no real account).
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # The log is append-only: the database refuses deletes and changes.
        triggers = [protect_deletes, pgtrigger.Protect(name="protect_updates", operation=pgtrigger.Update)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.username or self.user_id}, {self.at:%Y-%m-%d %H:%M})"
