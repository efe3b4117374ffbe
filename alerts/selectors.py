from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alerts.models import Alert


def alerts_for(user: Any) -> QuerySet[Alert]:
    """A person's own alerts, newest first; alerts cancelled before they were sent are not shown."""
    return Alert.objects.filter(recipient=user, cancelled_at__isnull=True).select_related("complaint")


def unread_alert_count(user: Any) -> int:
    return alerts_for(user).filter(read_at__isnull=True).count()
