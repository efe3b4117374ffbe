from __future__ import annotations

import datetime
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from alerts.models import Alert
from alerts.services import alerts_sweep
from complaints import performance
from complaints.models import (
    Channel,
    Complaint,
    ContactRestriction,
    Document,
    Home,
    ReasonableAdjustment,
    Refusal,
    Resident,
)
from complaints.selectors import document_read
from complaints.services import record, workflow
from core.errors import WorkflowError
from privacy import services
from privacy.anonymise import ANONYMOUS_NAME, REMOVED
from privacy.models import Anonymisation, LegalHold
from privacy.selectors import retention_cutoff
from privacy.tasks import retention
from tests.complaints.test_api import new_complaint
from tests.conftest import POINTS
from tests.factories import ResidentFactory
from tests.privacy.conftest import NAME, SECRETS, SURNAME, UPLOAD_BYTES, build_record
from tests.privacy.helpers import figures, statistics, where_found

D = datetime.date
# Six years and a little after the February 2026 cases ended.
LATER = datetime.datetime(2032, 3, 1, 2, 30, tzinfo=datetime.UTC)


@pytest.fixture
def six_years_on(frozen_today):
    def travel():
        frozen_today.move_to(LATER)
        return LATER.date()

    return travel


def test_the_retention_period_defaults_to_six_years_and_is_a_setting(settings):
    assert retention_cutoff(D(2032, 3, 1)) == D(2026, 3, 1)
    settings.PERSONAL_DATA_RETENTION_YEARS = 2
    assert retention_cutoff(D(2032, 3, 1)) == D(2030, 3, 1)
    assert retention_cutoff(D(2028, 2, 29)) == D(2026, 2, 28)


def test_anonymisation_leaves_no_trace_of_the_resident_anywhere_in_the_database(
    full_record, officer, six_years_on, django_capture_on_commit_callbacks, media_root
):
    alerts_sweep(today=D(2026, 3, 2))
    assert Alert.objects.filter(title__contains=NAME).exists()
    for secret in SECRETS:
        assert where_found(secret), f"the test record should hold {secret}"
    old_files = [Path(d.file.path) for d in Document.objects.all()]
    six_years_on()

    with django_capture_on_commit_callbacks(execute=True):
        result = retention.apply().get()

    assert result == {"complaints": 2, "residents": 1, "failed": 0}
    leftovers = {secret: where_found(secret) for secret in SECRETS}
    assert leftovers == {secret: [] for secret in SECRETS}
    assert where_found("Zebedee") == []
    assert where_found("LS62QX") == []
    # The files: every stored file of the case is now the short note, and the originals are gone.
    assert not any(path.exists() for path in old_files)
    for path in Path(media_root).rglob("*"):
        if path.is_file():
            assert SURNAME.encode() not in path.read_bytes()
            assert UPLOAD_BYTES not in path.read_bytes()
    for document in Document.objects.all():
        assert b"It was removed on 1 March 2032 because the retention period ended" in document_read(document)


def test_anonymisation_keeps_every_statistic_and_figure(full_record, officer, six_years_on):
    before_stats, before_figures = statistics(), figures()
    assert sum(t.denominator for t in before_figures.values() if isinstance(t, performance.Tally)) >= 5
    assert before_figures["tsm"].ch01

    six_years_on()
    services.retention_apply(today=LATER.date())

    assert statistics() == before_stats
    assert figures() == before_figures
    home = Home.objects.get(pk=full_record.resident.home_id)
    assert (home.address, home.postcode, home.nation) == (REMOVED, "LS6", "england")
    resident = Resident.objects.get(pk=full_record.resident.pk)
    assert (resident.name, resident.email, resident.phone) == (ANONYMOUS_NAME, "", "")
    # Removed, not emptied: a blank stays blank, and "was a reason recorded?" keeps its answer (Code 2.1).
    refusal = Refusal.objects.get(complaint=full_record.refused)
    assert (refusal.explanation, refusal.evidence, refusal.discretion_note) == (REMOVED, REMOVED, "")


def test_anonymised_adjustments_and_restrictions_are_ended_so_nobody_is_asked_to_review_them(full_record, six_years_on):
    today = six_years_on()
    services.retention_apply(today=today)
    assert not ReasonableAdjustment.objects.filter(ended_on__isnull=True).exists()
    assert not ContactRestriction.objects.filter(ended_on__isnull=True).exists()
    assert ReasonableAdjustment.objects.get().adjustment == REMOVED


def test_the_history_keeps_who_changed_what_and_when_without_the_words(full_record, officer, six_years_on):
    complaint = full_record.closed
    history = Complaint.pgh_event_model
    before = list(history.objects.filter(pgh_obj_id=complaint.pk).values_list("pgh_label", "pgh_created_at", "status"))
    six_years_on()
    services.retention_apply(today=LATER.date())

    rows = list(history.objects.filter(pgh_obj_id=complaint.pk).order_by("pgh_id"))
    assert [(r.pgh_label, r.pgh_created_at, r.status) for r in rows[: len(before)]] == before
    assert {r.summary for r in rows} == {REMOVED}
    # The anonymisation itself is on the trail, with why.
    last = rows[-1]
    assert last.pgh_context.metadata["action"] == "personal_data_anonymise"
    assert last.pgh_context.metadata["cause"] == "retention"


def test_a_case_inside_the_retention_period_is_kept(full_record, frozen_today):
    # The closed complaint ended on 11 February 2026, the refused one on 18 February.
    frozen_today.move_to(datetime.datetime(2032, 2, 10, 12, tzinfo=datetime.UTC))
    assert services.retention_apply(today=D(2032, 2, 10)).complaints == 0

    frozen_today.move_to(datetime.datetime(2032, 2, 11, 12, tzinfo=datetime.UTC))
    result = services.retention_apply(today=D(2032, 2, 11))

    assert (result.complaints, result.residents) == (1, 0)
    assert Complaint.objects.get(pk=full_record.closed.pk).summary == REMOVED
    assert Complaint.objects.get(pk=full_record.refused.pk).summary.startswith(NAME)


def test_a_resident_with_another_live_case_keeps_their_details_until_it_too_has_expired(
    full_record, officer, six_years_on, log_complaint
):
    today = six_years_on()
    live = log_complaint(resident=full_record.resident, received_on=today)

    result = services.retention_apply(today=today)

    assert (result.complaints, result.residents) == (2, 0)
    resident = Resident.objects.get(pk=full_record.resident.pk)
    assert resident.name == NAME
    assert Complaint.objects.get(pk=full_record.closed.pk).summary == REMOVED
    assert Complaint.objects.get(pk=live.pk).summary != REMOVED
    assert not Anonymisation.objects.filter(resident=resident).exists()


def test_a_legal_hold_stops_anonymisation_until_it_is_released(full_record, manager, six_years_on):
    hold = services.legal_hold_place(actor=manager, resident=full_record.resident, reason="Disrepair claim expected")
    today = six_years_on()

    assert services.retention_apply(today=today) == services.RetentionResult(complaints=0, residents=0, failed=0)
    assert Resident.objects.get(pk=full_record.resident.pk).name == NAME

    services.legal_hold_release(actor=manager, hold=hold, reason="Claim time limit passed")
    result = services.retention_apply(today=today)
    assert (result.complaints, result.residents) == (2, 1)
    assert LegalHold.objects.get(pk=hold.pk).placed_by == manager


def test_running_the_schedule_again_changes_nothing(full_record, six_years_on):
    today = six_years_on()
    services.retention_apply(today=today)
    snapshot = statistics()
    assert services.retention_apply(today=today) == services.RetentionResult(complaints=0, residents=0, failed=0)
    assert statistics() == snapshot


def test_a_home_another_resident_still_lives_in_keeps_its_address(full_record, six_years_on):
    neighbour = ResidentFactory(home=full_record.resident.home, name="Household Member")
    address = Home.objects.get(pk=full_record.resident.home_id).address
    services.retention_apply(today=six_years_on())
    assert Home.objects.get(pk=neighbour.home_id).address == address
    assert Resident.objects.get(pk=full_record.resident.pk).name == ANONYMOUS_NAME


def test_the_schedule_runs_nightly_from_beat():
    from config.celery import app

    entry = app.conf.beat_schedule["privacy-retention"]
    assert entry["task"] == "privacy.retention"
    assert entry["schedule"].hour == {2}


def test_an_anonymised_resident_is_not_offered_when_staff_look_residents_up(
    client, officer, full_record, six_years_on, login_with_mfa
):
    services.retention_apply(today=six_years_on())
    login_with_mfa(client, officer)
    page = client.get("/staff/residents/", {"q": "Anonymised"})
    assert f"/staff/residents/{full_record.resident.pk}/" not in page.content.decode()


def test_no_new_complaint_is_logged_against_an_anonymised_resident(officer, full_record, six_years_on):
    today = six_years_on()
    services.retention_apply(today=today)
    resident = Resident.objects.get(pk=full_record.resident.pk)
    complaints_before = Complaint.objects.count()

    with pytest.raises(WorkflowError, match="removed under the retention policy") as refused:
        workflow.complaint_log(
            actor=officer,
            resident=resident,
            received_on=today,
            channel=Channel.objects.get(code="phone"),
            summary="A new complaint.",
        )
    assert refused.value.field == "resident"
    api = APIClient()
    api.force_authenticate(officer)
    body = new_complaint(resident=resident.pk, received_on=today.isoformat(), nation=full_record.closed.nation)
    answer = api.post("/api/v1/complaints/", body, format="json")
    assert answer.status_code == 400 and "removed under the retention policy" in str(answer.json()), answer.json()
    assert Complaint.objects.count() == complaints_before


def test_a_hold_placed_while_the_schedule_runs_wins(committed_reference_data, officer, manager, frozen_today):
    """Real transactions on two connections: the schedule picks the resident, then waits for the resident's row
    lock while a hold is being placed; once the hold commits, the schedule sees it and anonymises nothing."""
    record = build_record(officer, manager)
    frozen_today.move_to(LATER)
    hold_locked, let_hold_commit = threading.Event(), threading.Event()
    outcome = {}

    def place_hold():
        try:
            with transaction.atomic():
                services.legal_hold_place(actor=manager, resident=record.resident, reason="Claim issued today")
                hold_locked.set()
                let_hold_commit.wait(10)
        finally:
            connection.close()

    def run_schedule():
        try:
            hold_locked.wait(10)
            outcome["result"] = services.retention_apply(today=LATER.date())
        finally:
            connection.close()

    threads = [threading.Thread(target=place_hold), threading.Thread(target=run_schedule)]
    for thread in threads:
        thread.start()
    hold_locked.wait(10)
    time.sleep(0.5)  # the schedule is now waiting for the lock the hold holds
    let_hold_commit.set()
    for thread in threads:
        thread.join(30)

    assert outcome["result"] == services.RetentionResult(complaints=0, residents=0, failed=0)
    assert not Anonymisation.objects.exists()
    assert Resident.objects.get(pk=record.resident.pk).name == NAME


def test_a_resident_with_only_a_finished_service_request_is_anonymised_once_it_has_expired(officer, frozen_today):
    resident = ResidentFactory(name="Ottoline Vanderquist")
    phone = Channel.objects.get(code="phone")
    request = record.service_request_log(
        actor=officer, resident=resident, channel=phone, description="Ottoline's gutter", reported_on=D(2026, 1, 5)
    )
    record.service_request_complete(actor=officer, service_request=request, completed_on=D(2026, 1, 9))

    assert services.retention_apply(today=D(2032, 1, 8)).residents == 0
    frozen_today.move_to(LATER)
    assert services.retention_apply(today=LATER.date()).residents == 1
    assert where_found("Ottoline") == []


def test_a_complaint_answered_but_never_closed_ends_with_its_last_response(log_complaint, officer, frozen_today):
    complaint = log_complaint(received_on=D(2026, 1, 12))
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 1, 13), points=POINTS)
    workflow.complaint_respond(
        actor=officer,
        complaint=complaint,
        responded_on=D(2026, 1, 20),
        decision="not_upheld",
        reasons="The repair was done on time",
        point_decisions=[
            workflow.PointDecisionInput(1, "not_upheld", "On time"),
            workflow.PointDecisionInput(2, "not_upheld", "Called"),
        ],
        remedies=[],
        outstanding_actions=[],
    )
    frozen_today.move_to(LATER)
    assert services.retention_apply(today=D(2032, 1, 19)).complaints == 0
    assert services.retention_apply(today=D(2032, 1, 20)).complaints == 1
