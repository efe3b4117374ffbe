"""Adding a note from the case page, at any stage and in any state (notes often come after closing)."""

from __future__ import annotations

from complaints.case_actions import CaseAction, register_case_action
from notes.forms import NoteForm
from notes.services import note_add

register_case_action(
    CaseAction(
        slug="note",
        label="Add a note",
        service=note_add,
        permission="notes.add_note",
        form=NoteForm,
        versioned=False,
        order=115,
    )
)
