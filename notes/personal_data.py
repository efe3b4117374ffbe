"""What notes hold about a resident (see privacy.registry). Internal notes are personal data about the resident
like any other record of their complaint, so a subject access request includes them (UK GDPR Article 15); drafts
are not exported (nothing was recorded yet, and they go within DRAFT_KEPT_DAYS) but are emptied with the rest."""

from __future__ import annotations

from notes.models import Draft, Note
from privacy.anonymise import REMOVED
from privacy.registry import PersonalData, declare

declare(
    PersonalData(
        Note,
        via="complaint",
        export="internal_notes",
        order=115,
        shows=("created_at", "author", "text"),
        order_by=("created_at", "id"),
        remove={"text": REMOVED},
    ),
    PersonalData(Draft, via="complaint", remove={"text": REMOVED}),
)
