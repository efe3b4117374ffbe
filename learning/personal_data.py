"""What learning holds about a resident (see privacy.registry): a learning point is kept for what it teaches about
the service (Code 9.1 to 9.4), with the resident's names taken out."""

from __future__ import annotations

from learning.models import LearningPoint
from privacy.registry import PersonalData, declare

declare(
    PersonalData(
        LearningPoint,
        via="complaint",
        export="learning_points",
        order=110,
        shows=("learning", "recorded_on"),
        redact=("learning",),
    ),
)
