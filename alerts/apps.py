from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Deadline alerts"

    def ready(self) -> None:
        post_migrate.connect(let_administrators_set_thresholds, sender=self)


def let_administrators_set_thresholds(sender, using="default", **kwargs) -> None:
    """Thresholds and who manages whom are the administrator's to change (the brief: settings an administrator
    can change)."""
    from django.contrib.auth.models import Group, Permission

    from complaints import roles

    administrators, _ = Group.objects.using(using).get_or_create(name=roles.ADMINISTRATOR)
    administrators.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="alerts", content_type__model__in=["alertthreshold", "alertsettings"]
        )
    )
