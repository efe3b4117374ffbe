from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = "Internal notes and drafts"

    def ready(self) -> None:
        from complaints.models.search import SEARCH_DOCUMENT
        from complaints.search import TextSource, register_text_source

        # Registers "Add a note" on the case page (complaints.case_actions).
        from notes import case_actions  # noqa: F401
        from notes.models import Note

        # Only those who may read notes find a case by a note's words: nobody learns through the search what a
        # note they may not read says.
        register_text_source(
            TextSource("Words in a note", Note, "complaint", ("text",), SEARCH_DOCUMENT, "notes.view_notes")
        )
