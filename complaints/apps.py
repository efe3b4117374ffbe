from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Complaints"

    def ready(self) -> None:
        post_migrate.connect(ensure_roles, sender=self)


# What the administrator role may change in the Django admin: the data the brief says is theirs.
ADMINISTERED_MODELS = [
    "channel",
    "category",
    "refusalreason",
    "remedykind",
    "regime",
    "regimestage",
    "nationregime",
    "closureday",
    "team",
    "lettertemplate",
]


def ensure_roles(sender, using="default", **kwargs) -> None:
    """Create the role groups after every migrate; permissions only exist once migrations have run."""
    from django.contrib.auth.models import Group, Permission

    from complaints import roles

    for name in roles.ALL:
        Group.objects.using(using).get_or_create(name=name)
    administrators = Group.objects.using(using).get(name=roles.ADMINISTRATOR)
    administrators.permissions.set(
        Permission.objects.using(using).filter(
            content_type__app_label="complaints", content_type__model__in=ADMINISTERED_MODELS
        )
    )
