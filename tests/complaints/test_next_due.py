"""The stored next deadline (Complaint.next_due, kept by database triggers) always equals the one computed from the
current stage (Stage.next_due()), whatever sequence of actions led there."""

from __future__ import annotations

import datetime
import random

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from complaints.models import ClosureDay, Complaint, RefusalReason, Stage
from complaints.services import assignment, deadlines, workflow
from core.errors import WorkflowError
from tests.complaints.test_workflow import respond
from tests.conftest import POINTS
from tests.factories import ResidentFactory

D = datetime.date
FIRST_DAY = D(2026, 2, 2)


def computed_next_due(complaint: Complaint) -> datetime.date | None:
    """The rule as the case page applies it, from rows read afresh."""
    complaint = Complaint.objects.select_related("current_stage").get(pk=complaint.pk)
    return complaint.current_stage.next_due() if complaint.is_open else None


def stored_next_due(complaint: Complaint) -> datetime.date | None:
    return Complaint.objects.values_list("next_due", flat=True).get(pk=complaint.pk)


def _actions(officer, manager, rng: random.Random, day: datetime.date):
    return {
        "acknowledge": lambda c: workflow.complaint_acknowledge(
            actor=manager if c.stage == 2 else officer, complaint=c.pk, acknowledged_on=day, points=POINTS
        ),
        "extend": lambda c: workflow.extension_grant(
            actor=officer if c.stage == 1 else manager,
            complaint=c.pk,
            working_days=rng.randint(1, 10),
            reason="Waiting for the surveyor.",
            resident_informed_on=day,
            ombudsman_details_given=True,
            update_interval_working_days=5,
            good_reason="The surveyor is away.",
        ),
        "respond": lambda c: respond(officer if c.stage == 1 else manager, Complaint.objects.get(pk=c.pk), on=day),
        "escalate": lambda c: workflow.complaint_escalate(actor=officer, complaint=c.pk, requested_on=day),
        "assign reviewer": lambda c: assignment.reviewer_assign(actor=manager, complaint=c.pk, reviewer=manager),
        "refuse": lambda c: workflow.complaint_refuse(
            actor=officer,
            complaint=c.pk,
            reason=RefusalReason.objects.get(code="legal_proceedings"),
            explanation="The claim was filed at the county court.",
            evidence="Claim form ref 1234",
            decided_on=day,
        ),
        "withdraw": lambda c: workflow.complaint_withdraw(
            actor=officer, complaint=c.pk, withdrawn_on=day, note="Asked."
        ),
        "close": lambda c: workflow.complaint_close(actor=officer, complaint=c.pk, closed_on=day),
        "reopen": lambda c: workflow.complaint_reopen(actor=officer, complaint=c.pk, reopened_on=day, reason="Asked."),
        "closure day": lambda c: deadlines.closure_day_save(
            closure=ClosureDay(date=day + datetime.timedelta(days=rng.randint(0, 14)), name="Office closed")
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_the_stored_next_deadline_equals_the_computed_one_after_any_sequence_of_actions(
    seed, log_complaint, officer, manager
):
    rng = random.Random(seed)
    complaints = [
        log_complaint(received_on=FIRST_DAY, nation=nation, resident=ResidentFactory(home__nation=nation))
        for nation in ("england", "scotland")
    ]
    day = FIRST_DAY
    done = []
    for _ in range(14):
        day += datetime.timedelta(days=rng.randint(0, 3))
        complaint = Complaint.objects.get(pk=rng.choice(complaints).pk)
        name, action = rng.choice(sorted(_actions(officer, manager, rng, day).items()))
        try:
            action(complaint)
            done.append(name)
        except (WorkflowError, PermissionDenied, ValidationError):
            pass  # not allowed now: nothing changed, and the stored value must still agree
        for each in complaints:
            assert stored_next_due(each) == computed_next_due(each), (seed, name, each.reference)
    # The sequences reach the states that matter, or the property says little.
    assert len(set(done)) >= 3, done


@pytest.mark.django_db
def test_a_stage_changed_outside_the_services_still_moves_the_stored_deadline(log_complaint):
    complaint = log_complaint(received_on=FIRST_DAY)
    Stage.objects.filter(pk=complaint.current_stage_id).update(acknowledgement_due=D(2026, 2, 20))
    assert stored_next_due(complaint) == D(2026, 2, 20)


@pytest.mark.django_db
def test_a_closed_complaint_has_no_next_deadline_even_if_saved_with_a_stale_one(log_complaint, officer):
    complaint = log_complaint(received_on=FIRST_DAY)
    workflow.complaint_withdraw(actor=officer, complaint=complaint.pk, withdrawn_on=FIRST_DAY, note="Asked.")
    stale = Complaint.objects.get(pk=complaint.pk)
    stale.next_due = D(2026, 2, 9)
    stale.save()
    assert stored_next_due(complaint) is None


@pytest.mark.django_db
def test_the_next_deadline_is_not_part_of_the_audited_history(log_complaint):
    complaint = log_complaint(received_on=FIRST_DAY)
    events = apps.get_model("complaints", "ComplaintEvent").objects.filter(pgh_obj_id=complaint.pk)
    before = events.count()
    Stage.objects.filter(pk=complaint.current_stage_id).update(acknowledgement_due=D(2026, 2, 20))
    assert stored_next_due(complaint) == D(2026, 2, 20)
    assert events.count() == before
