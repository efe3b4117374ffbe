from __future__ import annotations

import datetime

from django import forms

from notes.models import Draft
from notes.services import NOTE_MAX_LENGTH
from ui.forms import ActionForm, ExplainedForm


class NoteForm(ActionForm):
    text = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_LENGTH,
        help_text="For colleagues only: the resident never sees it, but it is included if they ask for their data. "
        "Do not record health or disability details here: record them as a disclosure on the resident.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the note."},
    )
    pinned = forms.BooleanField(
        required=False, label="Pin it to the top of the case", help_text="For what everyone must see first."
    )


class PinForm(ExplainedForm):
    pinned = forms.BooleanField(required=False)


def _forms_of(form: forms.Form) -> list[forms.Form]:
    """The form and the forms of its formset (the complaint definition's points), whose fields are sent beside it."""
    formset = getattr(form, "formset", None)
    return [form, *(formset.forms if formset is not None else [])]


def draft_fields(form: forms.Form) -> set[str]:
    """The names, as sent, of the form's long text boxes: the fields a draft may be kept of."""
    return {
        part.add_prefix(name)
        for part in _forms_of(form)
        for name, field in part.fields.items()
        if isinstance(field.widget, forms.Textarea)
    }


def drafts_restore(form: forms.Form, drafts: dict[str, Draft]) -> datetime.datetime | None:
    """Put the author's drafts into a form being opened afresh; when the latest of them was saved, or None when
    there were none for its fields."""
    restored = []
    for part in _forms_of(form):
        for name in part.fields:
            draft = drafts.get(part.add_prefix(name))
            if draft is not None:
                part.initial[name] = draft.text
                restored.append(draft.saved_at)
    return max(restored, default=None)
