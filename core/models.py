"""What every app's models share: the audit trail, protection of the full record, timestamps."""

from __future__ import annotations

from collections.abc import Callable

import pghistory
import pgtrigger
from django.db import models


def audited(
    model: type[models.Model] | None = None, *, event_table: str | None = None, exclude: list[str] | None = None
) -> Callable[[type[models.Model]], type[models.Model]] | type[models.Model]:
    """Keep every insert, update and delete of this model as an attributable history row (Code 5.12).

    `@audited(event_table=...)` names the history's table, for a model that moved from another app and keeps the
    tables it had there; `exclude` leaves out columns the database derives from others."""
    meta = {"db_table": event_table} if event_table else None
    track = pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), meta=meta, exclude=exclude
    )
    return track if model is None else track(model)


# Part of the full record (Code 5.12): the database itself refuses to delete these rows.
protect_deletes = pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
