"""The one thing the go-live check records: that an administrator read the letter templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from complaints.models import LetterTemplate
from core.services import require_perm, service_action
from golive.models import TemplateReview

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@service_action
def letter_templates_reviewed(*, actor: User) -> int:
    """Record that `actor` read every letter template at its current wording. Returns how many were newly read."""
    require_perm(actor, "golive.review_letter_templates", None, "Only a system administrator reviews the templates.")
    added = 0
    for template in LetterTemplate.objects.select_for_update().order_by("kind"):
        _, created = TemplateReview.objects.get_or_create(
            template=template, version=template.version, defaults={"reviewed_by": actor}
        )
        added += created
    return added
