from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and service improvement"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels) and its figures in the summary
        # API and the annual report (reporting.dashboard_api, reporting.report_figures).
        from learning import panels, reports  # noqa: F401
