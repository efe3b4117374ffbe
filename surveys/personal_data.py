"""What satisfaction surveys hold about a resident (see privacy.registry): their own words go, and the ratings stay
for the satisfaction figures (Code 1.6)."""

from __future__ import annotations

from privacy.anonymise import REMOVED
from privacy.registry import PersonalData, declare
from surveys.models import Survey

declare(
    PersonalData(
        Survey,
        via="complaint",
        export="satisfaction_surveys",
        order=100,
        shows=("stage", "sent_on", "answered_at", "handling", "outcome", "comments"),
        remove={"comments": REMOVED},
    ),
)
