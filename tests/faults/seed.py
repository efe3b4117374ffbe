"""Cases made through the real workflow in a database the test started, run as
`manage.py shell -c "from tests.faults.seed import seed; seed()"` so the rows are committed."""

from __future__ import annotations

import datetime

from django.db import transaction

from complaints.models import Channel
from complaints.services import workflow
from core import roles
from tests.conftest import POINTS
from tests.factories import ResidentFactory, UserFactory


def seed() -> None:
    with transaction.atomic():
        officer = UserFactory(role=roles.OFFICER, username="olivia")
        phone = Channel.objects.get(code="phone")
        for number in range(3):
            complaint = workflow.complaint_log(
                actor=officer,
                resident=ResidentFactory(),
                received_on=datetime.date(2026, 2, 2),
                channel=phone,
                summary=f"The repair to my boiler was booked {number + 2} times and nobody came.",
                nation="england",
            )
            if number < 2:
                # Code 5.1: the acknowledgement issues a letter, a PDF document under MEDIA_ROOT.
                workflow.complaint_acknowledge(
                    actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 4), points=POINTS
                )
        print(complaint.reference)


def snapshot() -> None:
    """Prints, as JSON, what a restore must bring back: every complaint row, the audit trail's size per event
    model, and each document with whether its file's SHA-256 still matches the digest stored with it."""
    import hashlib
    import json

    import pghistory.models
    from django.apps import apps

    from complaints.models import Complaint, Document

    events = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy
    }
    documents = []
    for document in Document.objects.order_by("id"):
        with document.file.open("rb") as stored:
            digest = hashlib.sha256(stored.read()).hexdigest()
        documents.append({"name": document.file.name, "sha256": document.sha256, "matches": digest == document.sha256})
    complaints = [{key: str(value) for key, value in row.items()} for row in Complaint.objects.order_by("id").values()]
    print(json.dumps({"complaints": complaints, "events": events, "documents": documents}))
