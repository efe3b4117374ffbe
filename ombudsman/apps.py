from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "ombudsman"
    verbose_name = "Ombudsman cases"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels), its figures in the summary API
        # and the annual report (reporting.dashboard_api, reporting.report_figures), the alerts for its orders'
        # due dates (alerts.watches), and its actions on the case page (complaints.case_actions).
        from ombudsman import case_actions, panels, reports, watches  # noqa: F401
