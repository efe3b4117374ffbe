from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Satisfaction surveys"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels), its figures in the summary API
        # and the annual report (reporting.dashboard_api, reporting.report_figures), and its actions on the case
        # page (complaints.case_actions).
        from surveys import case_actions, panels, reports  # noqa: F401
