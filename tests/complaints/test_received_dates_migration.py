"""Complaints 0021 and 0022 put history back as it was: a stage whose received date an earlier reopening overwrote
gets it back (the reopening kept as the day its clocks started again), and every remedy gets the date it was
offered, the date the figures counted it by until then."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from complaints.models import Remedy, Stage
from complaints.services import workflow
from tests.conftest import POINTS

D = datetime.date
BEFORE = [("complaints", "0020_regime_extension_limit_and_moving_to_investigation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_received_dates_overwritten_by_a_reopening_come_back_and_remedies_get_their_offer_dates(
    committed_reference_data, log_complaint, officer
):
    reopened = log_complaint(received_on=D(2026, 1, 12))
    answered = log_complaint(received_on=D(2026, 1, 12))
    workflow.complaint_acknowledge(actor=officer, complaint=answered, acknowledged_on=D(2026, 1, 13), points=POINTS)
    remedy = workflow.RemedyInput(kind="apology", description="A written apology", due_on=D(2026, 1, 20))
    workflow.complaint_respond(
        actor=officer,
        complaint=answered,
        responded_on=D(2026, 1, 20),
        decision="upheld",
        reasons="Missed.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Missed."),
            workflow.PointDecisionInput(2, "upheld", "No call."),
        ],
        remedies=[remedy],
        outstanding_actions=[],
    )
    try:
        old = migrate(BEFORE)
        # What reopening a refused complaint did before 0017: overwrite the date stage 1 was requested.
        old.get_model("complaints", "Stage").objects.filter(complaint_id=reopened.pk).update(
            requested_on=D(2026, 2, 11)
        )
        migrate([("complaints", "0023_remedy_offered_on_always_set")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    stage = Stage.objects.get(complaint=reopened)
    assert (stage.requested_on, stage.clock_restarted_on) == (D(2026, 1, 12), D(2026, 2, 11))
    untouched = Stage.objects.get(complaint=answered)
    assert (untouched.requested_on, untouched.clock_restarted_on) == (D(2026, 1, 12), None)
    assert Remedy.objects.get(complaint=answered).offered_on == D(2026, 1, 20)
