from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "ombudsman"
    verbose_name = "Ombudsman cases"

    def ready(self) -> None:
        # Registers this app's panel on the oversight dashboard (reporting.panels) and its actions on the case
        # page (complaints.case_actions).
        from ombudsman import case_actions, panels  # noqa: F401
