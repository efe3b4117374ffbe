from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = "Internal notes and drafts"

    def ready(self) -> None:
        # Registers "Add a note" on the case page (complaints.case_actions).
        from notes import case_actions  # noqa: F401
