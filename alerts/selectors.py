from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from alerts.models import Alert

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def alerts_for(user: User) -> QuerySet[Alert]:
    """A person's own alerts, newest first; alerts cancelled before they were sent are not shown."""
    return Alert.objects.filter(recipient=user, cancelled_at__isnull=True).select_related("complaint")


def unread_alert_count(user: User) -> int:
    return alerts_for(user).filter(read_at__isnull=True).count()
