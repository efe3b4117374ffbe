from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Complaints"

    def ready(self) -> None:
        post_migrate.connect(let_administrators_keep_reference_data, sender=self)


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


def let_administrators_keep_reference_data(sender, using="default", **kwargs) -> None:
    from core.roles import let_administrators_change

    let_administrators_change("complaints", ADMINISTERED_MODELS, using)
