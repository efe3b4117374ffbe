"""The Ombudsman referral moved from complaints to ombudsman (complaints 0015, ombudsman 0002): a referral recorded
before the move is the same row after it, with the history written before it, and the audit and protection
triggers work under their new names."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from ombudsman.models import OmbudsmanReferral

D = datetime.date
BEFORE = [("complaints", "0010_stage_period_indexes"), ("ombudsman", "0001_initial")]
AFTER = [
    ("complaints", "0015_ombudsmanreferral_moves_to_ombudsman"),
    ("ombudsman", "0002_ombudsmanreferral_moves_here"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def triggers_on(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE 'pgtrigger_%%'", [table]
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_a_referral_recorded_before_the_move_keeps_its_row_its_history_and_its_protection(
    committed_reference_data, log_complaint, officer
):
    complaint = log_complaint(received_on=D(2026, 2, 2))
    try:
        old = migrate(BEFORE)
        # As the complaints app recorded it before the move, through the triggers it had then.
        referral = old.get_model("complaints", "OmbudsmanReferral").objects.create(
            complaint_id=complaint.pk,
            referred_on=D(2026, 2, 20),
            ombudsman_reference="202612345",
            recorded_by_id=officer.pk,
        )
        referral.determination = "maladministration"
        referral.save()
        content_type = ContentType.objects.get_or_create(app_label="complaints", model="ombudsmanreferral")[0]

        migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    moved = OmbudsmanReferral.objects.get(pk=referral.pk)
    assert (moved.complaint, moved.ombudsman_reference, moved.determination) == (
        complaint,
        "202612345",
        "maladministration",
    )
    assert list(moved.events.order_by("pgh_id").values_list("pgh_label", flat=True)) == ["insert", "update"]
    # One history row for a change: the triggers installed under the ombudsman app's names replaced the old ones.
    moved.orders = "Apologise"
    moved.save()
    assert moved.events.count() == 3
    expected = {trigger.get_pgid(OmbudsmanReferral) for trigger in OmbudsmanReferral._meta.triggers}
    assert triggers_on("complaints_ombudsmanreferral") == expected
    with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic():
        OmbudsmanReferral.objects.filter(pk=moved.pk).delete()
    content_type.refresh_from_db()
    assert content_type.app_label == "ombudsman"
