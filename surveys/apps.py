from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Satisfaction surveys"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels).
        from surveys import panels  # noqa: F401
