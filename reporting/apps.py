from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
        post_migrate.connect(let_administrators_record_homes, sender=self)
        # Each registers its rolled-up figures, so every catch-up counts them all (reporting.rollup).
        from reporting import figures, tsm  # noqa: F401


def let_administrators_record_homes(sender, using="default", **kwargs) -> None:
    """System administrators keep the number of homes per year in the admin too (the Regulator's CH01)."""
    from core.roles import let_administrators_change

    let_administrators_change("reporting", ["homescount"], using)
