from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "ombudsman"
    verbose_name = "Ombudsman cases"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels).
        from ombudsman import panels  # noqa: F401
