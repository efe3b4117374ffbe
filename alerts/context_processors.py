from alerts.selectors import unread_alert_count


def alert_bell(request) -> dict:
    """The unread count for the bell in the staff header: one query, only for people who are signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_alerts": unread_alert_count(user)}
