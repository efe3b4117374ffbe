from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
        post_migrate.connect(let_administrators_record_homes, sender=self)


def let_administrators_record_homes(sender, using="default", **kwargs) -> None:
    """System administrators keep the number of homes per year in the admin too (the Regulator's CH01)."""
    from django.contrib.auth.models import Group, Permission

    from complaints import roles

    administrators, _ = Group.objects.using(using).get_or_create(name=roles.ADMINISTRATOR)
    administrators.permissions.add(
        *Permission.objects.using(using).filter(content_type__app_label="reporting", content_type__model="homescount")
    )
