"""Content of the residents' pages that an administrator edits in the admin."""

from __future__ import annotations

from django.db import models

from core.models import TimeStamped, audited


@audited
class PublicPage(TimeStamped):
    """A page of plain text: a blank line starts a new paragraph. Plain text, not HTML, so nothing an
    administrator types can break the page's accessibility or run script."""

    class Slug(models.TextChoices):
        POLICY = "policy", "Our complaints policy"
        OMBUDSMAN = "ombudsman", "How to contact the Housing Ombudsman"

    slug = models.CharField(max_length=30, choices=Slug, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = models.TextField(help_text="Plain text. Leave a blank line between paragraphs.")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title
