"""What every app's models share: the audit trail, protection of the full record, timestamps."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.db import models


def audited(model: type[models.Model]) -> type[models.Model]:
    """Keep every insert, update and delete of this model as an attributable history row (Code 5.12)."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())(model)


# Part of the full record (Code 5.12): the database itself refuses to delete these rows.
protect_deletes = pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
