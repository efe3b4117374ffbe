from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Deadline alerts"

    def ready(self) -> None:
        post_migrate.connect(let_administrators_set_thresholds, sender=self)
        from alerts.tasks import alert_new_owner
        from complaints.services.base import on_assigned

        on_assigned(alert_new_owner)


def let_administrators_set_thresholds(sender, using="default", **kwargs) -> None:
    """Thresholds and who manages whom are the administrator's to change (the brief: settings an administrator
    can change)."""
    from core.roles import let_administrators_change

    let_administrators_change("alerts", ["alertthreshold", "alertsettings"], using)
