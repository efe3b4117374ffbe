"""Demo satisfaction surveys: sent after most answered stages, about two thirds returned (Code 1.6).

Rows are made directly rather than through `survey_send`, which would email every demo resident."""

from __future__ import annotations

import datetime
import random
import secrets
from typing import Any

from django.utils import timezone

from complaints.models import Stage
from surveys.models import Survey
from surveys.services import token_hash

# Very satisfied ... very dissatisfied, as answered about complaint handling.
WEIGHTS = [34, 24, 14, 13, 15]
COMMENTS = [
    "The officer kept me informed all the way through.",
    "It took too long and I had to chase twice.",
    "Thank you for sorting the repair in the end.",
    "I still do not understand why the first visit was missed.",
    "",
    "",
]


def load(*, users: dict[str, Any], today: datetime.date, rng: random.Random) -> None:
    if Survey.objects.exists():
        return
    senders = [users["officer"], users["officer2"]]
    stages = (
        Stage.objects.filter(responded_on__isnull=False, complaint__resident__email__gt="")
        .select_related("complaint")
        .order_by("responded_on", "pk")
    )
    surveys = []
    for stage in stages:
        if rng.random() > 0.7:
            continue
        sent_on = min(stage.responded_on + datetime.timedelta(days=rng.randint(1, 5)), today)
        answered = sent_on + datetime.timedelta(days=rng.randint(1, 14))
        returned = answered <= today and rng.random() < 0.66
        handling = rng.choices([5, 4, 3, 2, 1], WEIGHTS)[0] if returned else None
        surveys.append(
            Survey(
                complaint=stage.complaint,
                stage=stage.number,
                token_hash=token_hash(secrets.token_urlsafe(32)),
                sent_on=sent_on,
                sent_by=rng.choice(senders),
                answered_at=timezone.make_aware(datetime.datetime.combine(answered, datetime.time(18)))
                if returned
                else None,
                handling=handling,
                outcome=max(1, min(5, handling + rng.choice([-1, 0, 0, 1]))) if returned else None,
                comments=rng.choice(COMMENTS) if returned else "",
            )
        )
    Survey.objects.bulk_create(surveys)
