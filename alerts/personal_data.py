"""What alerts hold about a resident (see privacy.registry). An alert that a reasonable adjustment or contact
restriction is due for review is titled with the resident's name, which is how its recipient finds it: when the
resident is anonymised the alert stays, named as the resident's record now is. Alerts are staff reminders about
records the subject access export already holds, so they are not exported themselves."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace

from alerts.models import Alert, Kind
from complaints.models import ContactRestriction, ReasonableAdjustment
from privacy.anonymise import ANONYMOUS_NAME
from privacy.registry import Anonymising, PersonalData, Then, declare


def _review_alerts(resident_ids: list[int]) -> QuerySet[Alert]:
    # An alert's subject is the adjustment or restriction by id, not a foreign key.
    adjustments = ReasonableAdjustment.objects.filter(resident__in=resident_ids).values("pk")
    restrictions = ContactRestriction.objects.filter(resident__in=resident_ids).values("pk")
    return Alert.objects.filter(
        Q(kind=Kind.ADJUSTMENT_REVIEW, subject_id__in=adjustments)
        | Q(kind=Kind.RESTRICTION_REVIEW, subject_id__in=restrictions)
    )


def _name_replace(alerts: QuerySet[Alert], anonymising: Anonymising) -> None:
    for resident in anonymising.residents:
        alerts.update(title=Replace("title", Value(resident.name), Value(ANONYMOUS_NAME)))


declare(
    PersonalData(Alert, of_residents=_review_alerts, then=Then(("title",), _name_replace)),
)
