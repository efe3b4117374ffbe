"""What the go-live check cannot read from the settings or the data: that an administrator has read each letter
template, at the version it is now."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from complaints.models import LetterTemplate
from core.models import TimeStamped, audited, protect_deletes


@audited
class TemplateReview(TimeStamped):
    """An administrator read this letter template at this version and found its wording right for the landlord.
    A later change to the template is a new version, which needs reading again."""

    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["template", "-version"]
        triggers = [protect_deletes]
        constraints = [models.UniqueConstraint(fields=["template", "version"], name="one_review_per_template_version")]
