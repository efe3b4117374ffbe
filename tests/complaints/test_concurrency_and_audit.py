"""Two people acting on one case at once, and the audit trail the database keeps (Code 5.12).

The concurrency tests use real threads on real connections. To make the race certain rather than likely, the test
itself first takes the complaint's row lock, starts the threads (lined up on a barrier), waits until every one of them
is queued on that lock inside its service call, and only then lets go: each thread has by then read the case as it was
before any of them wrote."""

from __future__ import annotations

import datetime
import threading
import time

import pghistory
import pghistory.models
import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from complaints.models import (
    CaseEvent,
    Channel,
    Complaint,
    ContactRestriction,
    Correspondence,
    DefinitionPoint,
    Disclosure,
    Extension,
    Home,
    OutstandingAction,
    PointDecision,
    ReasonableAdjustment,
    Remedy,
    RemedyKind,
    Representative,
    Resident,
    Response,
    ServiceRequest,
    Stage,
)
from complaints.services import record, workflow
from core.errors import CaseChangedError, WorkflowError
from ombudsman import services as ombudsman
from ombudsman.models import OmbudsmanReferral
from tests.conftest import POINTS

D = datetime.date

# Received Mon 2 Feb 2026, acknowledged Wed 4 Feb 2026: response due Wed 18 Feb 2026
# (Feb 5, 6, 9, 10, 11, 12, 13, 16, 17, 18).
RECEIVED = D(2026, 2, 2)
ACKNOWLEDGED = D(2026, 2, 4)

# The concurrency tests commit for real (transaction=True), with the `committed_reference_data` fixture of
# tests/conftest.py.


def waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        # Within a transaction PostgreSQL answers from the snapshot of the statistics it took at the first look;
        # without clearing it, the caller (inside its atomic block) would never see the threads arrive.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def race(complaint: Complaint, actions: list) -> list[tuple[str, object]]:
    """Run each action in its own thread and connection, all at once, while this thread holds the complaint's row
    lock until every thread is queued behind it. Returns ("ok", result) or ("error", exception) per action."""
    barrier = threading.Barrier(len(actions) + 1)
    results: list[tuple[str, object]] = [("not run", None)] * len(actions)

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", actions[index]())
        except Exception as error:
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(len(actions))]
    with transaction.atomic():
        Complaint.objects.select_for_update().get(pk=complaint.pk)
        for thread in threads:
            thread.start()
        barrier.wait(timeout=30)
        # Wait (bounded) until every thread is blocked on the row lock. A service that took no lock would never
        # block here, and the test would then go on to see its lost update.
        deadline = time.monotonic() + 15
        while waiting_on_locks() < len(actions) and time.monotonic() < deadline:
            time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a worker thread hung"
    return results


def fresh(complaint):
    return Complaint.objects.select_related("current_stage").get(pk=complaint.pk)


# --- concurrency ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_reference_data")
def test_two_people_acknowledging_the_same_version_at_once_one_succeeds_and_the_other_is_told_the_case_changed(
    log_complaint, officer, manager
):
    complaint = log_complaint(received_on=RECEIVED)
    seen = fresh(complaint).version

    def acknowledge(actor, on):
        return lambda: workflow.complaint_acknowledge(
            actor=actor, complaint=complaint.pk, acknowledged_on=on, points=POINTS, expected_version=seen
        )

    results = race(complaint, [acknowledge(officer, D(2026, 2, 4)), acknowledge(manager, D(2026, 2, 5))])

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, CaseChangedError)
    winner = 0 if results[0][0] == "ok" else 1
    complaint = fresh(complaint)
    stage = complaint.current_stage
    assert complaint.status == Complaint.Status.IN_PROGRESS
    assert complaint.version == seen + 1
    assert stage.acknowledged_on == [D(2026, 2, 4), D(2026, 2, 5)][winner]
    assert stage.handler == [officer, manager][winner]
    assert complaint.timeline.filter(kind=CaseEvent.Kind.ACKNOWLEDGED).count() == 1
    assert stage.definition.count() == len(POINTS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_reference_data")
def test_two_people_acknowledging_without_a_version_one_succeeds_and_the_other_finds_it_already_acknowledged(
    log_complaint, officer, manager
):
    complaint = log_complaint(received_on=RECEIVED)

    def acknowledge(actor):
        return lambda: workflow.complaint_acknowledge(
            actor=actor, complaint=complaint.pk, acknowledged_on=ACKNOWLEDGED, points=POINTS
        )

    results = race(complaint, [acknowledge(officer), acknowledge(manager)])

    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    (error,) = [value for kind, value in results if kind == "error"]
    # The guard is checked again under the lock: the state has moved on.
    assert type(error) is WorkflowError
    assert "cannot acknowledge the complaint now" in error.message
    complaint = fresh(complaint)
    assert complaint.timeline.filter(kind=CaseEvent.Kind.ACKNOWLEDGED).count() == 1
    assert complaint.current_stage.definition.count() == len(POINTS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_reference_data")
def test_two_people_extending_the_same_version_at_once_only_one_extension_is_granted(log_complaint, officer, manager):
    complaint = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=ACKNOWLEDGED, points=POINTS)
    seen = fresh(complaint).version

    def extend(actor, days):
        return lambda: workflow.extension_grant(
            actor=actor,
            complaint=complaint.pk,
            working_days=days,
            reason="Waiting for the surveyor.",
            resident_informed_on=D(2026, 2, 12),
            ombudsman_details_given=True,
            update_interval_working_days=5,
            expected_version=seen,
        )

    results = race(complaint, [extend(officer, 2), extend(manager, 3)])

    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    (error,) = [value for kind, value in results if kind == "error"]
    assert isinstance(error, CaseChangedError)
    (granted,) = [value for kind, value in results if kind == "ok"]
    complaint = fresh(complaint)
    stage = complaint.current_stage
    assert Extension.objects.filter(stage=stage).count() == 1
    assert stage.extension_days == granted.working_days
    # Wed 18 Feb 2026 + 2 working days = Fri 20 Feb; + 3 = Mon 23 Feb.
    assert stage.response_due == {2: D(2026, 2, 20), 3: D(2026, 2, 23)}[granted.working_days]
    assert complaint.version == seen + 1
    assert complaint.timeline.filter(kind=CaseEvent.Kind.EXTENDED).count() == 1


EXTENDERS = 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_reference_data")
def test_concurrent_one_day_extensions_without_a_version_all_count(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=ACKNOWLEDGED, points=POINTS)
    version = fresh(complaint).version

    def extend():
        return workflow.extension_grant(
            actor=officer,
            complaint=complaint.pk,
            working_days=1,
            reason="Waiting for the surveyor.",
            resident_informed_on=D(2026, 2, 12),
            ombudsman_details_given=True,
            update_interval_working_days=5,
        )

    results = race(complaint, [extend] * EXTENDERS)

    assert [kind for kind, _ in results] == ["ok"] * EXTENDERS, results
    complaint = fresh(complaint)
    stage = complaint.current_stage
    assert Extension.objects.filter(stage=stage).count() == EXTENDERS
    assert complaint.version == version + EXTENDERS
    # No lost update: the five one-day extensions add up. Wed 18 Feb 2026 + 5 working days = Wed 25 Feb 2026.
    assert stage.extension_days == EXTENDERS
    assert stage.response_due == D(2026, 2, 25)
    # Each extension started from the due date the one before it left.
    chain = list(Extension.objects.filter(stage=stage).order_by("new_due").values_list("previous_due", "new_due"))
    assert chain == [
        (D(2026, 2, 18), D(2026, 2, 19)),
        (D(2026, 2, 19), D(2026, 2, 20)),
        (D(2026, 2, 20), D(2026, 2, 23)),
        (D(2026, 2, 23), D(2026, 2, 24)),
        (D(2026, 2, 24), D(2026, 2, 25)),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_reference_data")
def test_concurrent_extensions_without_a_version_each_take_the_lock_in_turn(log_complaint, officer):
    """What does hold today: every writer waits for the row lock and none is refused or lost at the complaint
    level (its version and timeline count every one)."""
    complaint = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=ACKNOWLEDGED, points=POINTS)
    version = fresh(complaint).version

    def extend():
        return workflow.extension_grant(
            actor=officer,
            complaint=complaint.pk,
            working_days=1,
            reason="Waiting for the surveyor.",
            resident_informed_on=D(2026, 2, 12),
            ombudsman_details_given=True,
            update_interval_working_days=5,
        )

    results = race(complaint, [extend] * EXTENDERS)

    assert [kind for kind, _ in results] == ["ok"] * EXTENDERS, results
    complaint = fresh(complaint)
    assert complaint.version == version + EXTENDERS
    assert complaint.timeline.filter(kind=CaseEvent.Kind.EXTENDED).count() == EXTENDERS
    assert Extension.objects.filter(stage=complaint.current_stage).count() == EXTENDERS


# --- audit trail ---------------------------------------------------------------------------------------------


def history(model_name: str, **filters):
    return apps.get_model("complaints", f"{model_name}Event").objects.filter(**filters).order_by("pgh_id")


@pytest.mark.django_db
def test_a_service_action_leaves_history_rows_attributed_to_the_person_acting(log_complaint, officer, manager):
    complaint = log_complaint(received_on=RECEIVED, actor=manager)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=ACKNOWLEDGED, points=POINTS)
    stage = fresh(complaint).current_stage

    logged = history("Complaint", pgh_obj_id=complaint.pk, pgh_label="insert").get()
    assert logged.pgh_context.metadata["user"] == manager.pk
    assert logged.pgh_context.metadata["action"] == "complaint_log"

    stage_updates = list(history("Stage", pgh_obj_id=stage.pk, pgh_label="update", acknowledged_on=ACKNOWLEDGED))
    assert stage_updates, "acknowledging the stage left no history row"
    assert {row.pgh_context.metadata["user"] for row in stage_updates} == {officer.pk}
    assert {row.pgh_context.metadata["action"] for row in stage_updates} == {"complaint_acknowledge"}
    assert stage_updates[-1].response_due == D(2026, 2, 18)

    status_change = history("Complaint", pgh_obj_id=complaint.pk, pgh_label="update", status="in_progress").get()
    assert status_change.pgh_context.metadata["user"] == officer.pk
    assert status_change.version == 2

    points = history("DefinitionPoint", stage_id=stage.pk, pgh_label="insert")
    assert points.count() == len(POINTS)
    assert {row.pgh_context_id for row in points} == {status_change.pgh_context_id}

    # The context is a pghistory Context row carrying the actor's primary key.
    context = pghistory.models.Context.objects.get(pk=status_change.pgh_context_id)
    assert context.metadata["user"] == officer.pk


@pytest.mark.django_db
def test_a_bulk_update_that_bypasses_the_services_is_still_recorded(log_complaint, manager):
    complaint = log_complaint(received_on=RECEIVED)
    stage_id = fresh(complaint).current_stage_id
    before = history("Stage", pgh_obj_id=stage_id).count()

    updated = Stage.objects.filter(pk=stage_id).update(escalation_reason="Changed behind the services' back")
    assert updated == 1
    row = history("Stage", pgh_obj_id=stage_id, pgh_label="update").last()
    assert row.escalation_reason == "Changed behind the services' back"

    # Work done outside the services can still be attributed, by opening a pghistory context.
    with pghistory.context(user=manager.pk, action="data_fix"):
        Stage.objects.filter(pk=stage_id).update(extension_days=3)
    row = history("Stage", pgh_obj_id=stage_id, pgh_label="update", extension_days=3).get()
    assert row.escalation_reason == "Changed behind the services' back"
    assert row.pgh_context.metadata == {"user": manager.pk, "action": "data_fix"}
    assert history("Stage", pgh_obj_id=stage_id).count() == before + 2


def _full_case(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=ACKNOWLEDGED, points=POINTS)
    workflow.extension_grant(
        actor=officer,
        complaint=complaint,
        working_days=2,
        reason="Waiting for the surveyor.",
        resident_informed_on=D(2026, 2, 12),
        ombudsman_details_given=True,
        update_interval_working_days=5,
    )
    workflow.complaint_respond(
        actor=officer,
        complaint=complaint,
        responded_on=D(2026, 2, 20),
        decision="upheld",
        reasons="We missed the appointments.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Yes."),
            workflow.PointDecisionInput(2, "upheld", "Yes."),
        ],
        remedies=[],
        outstanding_actions=[],
    )
    record.correspondence_record(
        actor=officer,
        complaint=complaint,
        direction="in",
        party="resident",
        channel=Channel.objects.get(code="phone"),
        occurred_on=D(2026, 2, 10),
        subject="The resident called for an update",
    )
    _record_the_rest(complaint, officer)
    return fresh(complaint)


def _record_the_rest(complaint, officer):
    """One row in each other table of the record: remedies, actions, referral, and what we hold on the resident."""
    resident = complaint.resident
    record.remedy_add(
        actor=officer,
        complaint=complaint,
        kind=RemedyKind.objects.get(code="apology"),
        description="A written apology",
        due_on=D(2026, 2, 27),
    )
    record.outstanding_action_add(
        actor=officer, complaint=complaint, description="Replace the boiler", due_on=D(2026, 3, 20)
    )
    ombudsman.referral_record(actor=officer, complaint=complaint, referred_on=D(2026, 2, 25))
    record.representative_add(
        actor=officer,
        resident=resident,
        name="Priya Shah",
        relationship="Daughter",
        authority="verbal_consent",
        authority_given_on=D(2026, 2, 3),
    )
    record.disclosure_record(
        actor=officer, resident=resident, kind="disability", description="Uses a wheelchair", disclosed_on=RECEIVED
    )
    record.adjustment_agree(
        actor=officer, resident=resident, adjustment="Large print letters", agreed_on=RECEIVED, review_due=D(2026, 8, 3)
    )
    record.restriction_impose(
        actor=officer,
        resident=resident,
        reason="Abusive calls to staff",
        evidence="Call notes of 5 and 6 February",
        scope="Contact by email only; complaints are still investigated",
        equality_considerations="No disability linked to the behaviour",
        starts_on=D(2026, 2, 9),
        review_due=D(2026, 5, 11),
    )
    record.service_request_log(
        actor=officer,
        resident=resident,
        channel=Channel.objects.get(code="phone"),
        description="Boiler not working",
        reported_on=D(2026, 1, 26),
    )


def _without_dependants(complaint):
    """The resident's call: a row of the full record that no other row refers to (a letter has its PDF)."""
    return complaint.correspondence.get(direction="in")


PROTECTED_TABLES = [
    pytest.param(Complaint, lambda c: c.pk, id="complaint"),
    pytest.param(Stage, lambda c: c.current_stage_id, id="stage"),
    pytest.param(Correspondence, lambda c: _without_dependants(c).pk, id="correspondence"),
    pytest.param(CaseEvent, lambda c: c.timeline.first().pk, id="case-event"),
    pytest.param(Extension, lambda c: c.current_stage.extensions.get().pk, id="extension"),
    pytest.param(Response, lambda c: c.current_stage.response.pk, id="response"),
    pytest.param(DefinitionPoint, lambda c: c.current_stage.definition.first().pk, id="definition-point"),
    pytest.param(PointDecision, lambda c: c.current_stage.response.point_decisions.first().pk, id="point-decision"),
    pytest.param(Remedy, lambda c: c.remedies.get().pk, id="remedy"),
    pytest.param(OutstandingAction, lambda c: c.outstanding_actions.get().pk, id="outstanding-action"),
    pytest.param(OmbudsmanReferral, lambda c: c.ombudsman_referrals.get().pk, id="ombudsman-referral"),
    pytest.param(Resident, lambda c: c.resident_id, id="resident"),
    pytest.param(Home, lambda c: c.resident.home_id, id="home"),
    pytest.param(Representative, lambda c: c.resident.representatives.get().pk, id="representative"),
    pytest.param(Disclosure, lambda c: c.resident.disclosures.get().pk, id="disclosure"),
    pytest.param(ReasonableAdjustment, lambda c: c.resident.adjustments.get().pk, id="reasonable-adjustment"),
    pytest.param(ContactRestriction, lambda c: c.resident.contact_restrictions.get().pk, id="contact-restriction"),
    pytest.param(ServiceRequest, lambda c: c.resident.service_requests.get().pk, id="service-request"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "row_id"), PROTECTED_TABLES)
def test_the_database_refuses_to_delete_rows_of_the_full_record_even_with_raw_sql(
    log_complaint, officer, model, row_id
):
    complaint = _full_case(log_complaint, officer)
    pk = row_id(complaint)
    with pytest.raises(DatabaseError, match="Cannot delete rows"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE id = %s', [pk])  # noqa: S608
    assert model.objects.filter(pk=pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "row_id"), PROTECTED_TABLES)
def test_deleting_rows_of_the_full_record_through_the_orm_is_refused(log_complaint, officer, model, row_id):
    complaint = _full_case(log_complaint, officer)
    pk = row_id(complaint)
    # Rows with dependants are stopped by Django's PROTECT first; rows without are stopped by the database trigger.
    with pytest.raises((DatabaseError, ProtectedError)), transaction.atomic():
        model.objects.get(pk=pk).delete()
    with pytest.raises((DatabaseError, ProtectedError)), transaction.atomic():
        model.objects.filter(pk=pk).delete()
    assert model.objects.filter(pk=pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "pick"),
    [(CaseEvent, lambda c: c.timeline.first()), (Correspondence, _without_dependants)],
)
def test_a_case_event_or_letter_without_dependants_is_refused_by_the_database_not_just_by_django(
    log_complaint, officer, model, pick
):
    complaint = _full_case(log_complaint, officer)
    row = pick(complaint)
    with pytest.raises(DatabaseError, match="Cannot delete rows"), transaction.atomic():
        row.delete()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_case_events_cannot_be_updated(log_complaint, officer):
    complaint = _full_case(log_complaint, officer)
    event = complaint.timeline.get(kind=CaseEvent.Kind.ACKNOWLEDGED)
    original = event.description
    with pytest.raises(DatabaseError, match="Cannot update rows"), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(description="Nothing happened")
    event.description = "Nothing happened"
    with pytest.raises(DatabaseError, match="Cannot update rows"), transaction.atomic():
        event.save()
    assert CaseEvent.objects.get(pk=event.pk).description == original


@pytest.mark.django_db
def test_history_rows_themselves_cannot_be_changed_or_deleted(log_complaint, officer):
    complaint = _full_case(log_complaint, officer)
    rows = history("Stage", pgh_obj_id=complaint.current_stage_id)
    count = rows.count()
    assert count >= 3
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        rows.update(extension_days=0)
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        rows.delete()
    assert rows.count() == count
    assert rows.filter(extension_days=2).exists()
