from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "ombudsman"
    verbose_name = "Ombudsman cases"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels) and the alerts for its orders'
        # due dates (alerts.watches).
        from ombudsman import panels, watches  # noqa: F401
