from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and service improvement"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels).
        from learning import panels  # noqa: F401
