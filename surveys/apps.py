from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Satisfaction surveys"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels) and its figures in the summary
        # API and the annual report (reporting.dashboard_api, reporting.report_figures).
        from surveys import panels, reports  # noqa: F401
