"""The queues of who owns what (unassigned, my team, each team) and moving many cases at once from them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from complaints.models import CaseEvent, Complaint, Team
from complaints.services import workflow
from complaints.services.assignment import complaint_assign
from tests.conftest import POINTS
from tests.oversight import answered_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(db):
    return Team.objects.create(code="north", name="North area")


@pytest.fixture
def south(db):
    return Team.objects.create(code="south", name="South area")


def queue(client, slug, **params):
    return client.get(reverse("casework:queue", args=[slug]), params)


def references(response):
    return re.findall(r">(CMP-\d+)<", response.content.decode())


def test_unassigned_lists_open_cases_with_nobody_on_the_current_stage_whatever_their_team(
    as_officer, log_complaint, officer, north
):
    nobody, team_only = log_complaint(), log_complaint()
    complaint_assign(actor=officer, complaint=team_only, handler=None, team=north)
    defined = log_complaint()
    workflow.complaint_define(actor=officer, complaint=defined, points=POINTS)
    withdrawn = log_complaint()
    workflow.complaint_withdraw(actor=officer, complaint=withdrawn, withdrawn_on=datetime.date(2026, 2, 10), note="-")

    assert sorted(references(queue(as_officer, "unassigned"))) == sorted([nobody.reference, team_only.reference])


def test_my_team_and_each_teams_queue_list_the_open_cases_of_the_team(
    client, login_with_mfa, log_complaint, officer, north, south
):
    north.members.add(officer)
    ours, theirs, none = log_complaint(), log_complaint(), log_complaint()
    complaint_assign(actor=officer, complaint=ours, handler=None, team=north)
    complaint_assign(actor=officer, complaint=theirs, handler=None, team=south)
    login_with_mfa(client, officer)

    assert references(queue(client, "my-team")) == [ours.reference]
    assert references(queue(client, "team-south")) == [theirs.reference]
    nav = queue(client, "team-north").content.decode()
    assert references(queue(client, "team-north")) == [ours.reference]
    assert 'href="/staff/queues/team-south/"' in nav
    assert queue(client, "team-nowhere").status_code == 404
    assert none.reference not in references(queue(client, "my-team"))


def test_staff_who_are_not_case_workers_cannot_open_team_queues(client, login_with_mfa, staff_member, north):
    login_with_mfa(client, staff_member)

    assert queue(client, "team-north").status_code == 403
    assert queue(client, "unassigned").status_code == 403


def test_a_senior_manager_selects_rows_and_moves_them_with_a_summary_of_what_did_not_move(
    client, login_with_mfa, log_complaint, officer, manager, other_manager, north
):
    first = log_complaint()
    # Handled at stage 1 by the manager the cases go to: 6.13 keeps it from them at stage 2.
    reviewed = answered_complaint(log_complaint, manager)
    workflow.complaint_escalate(actor=officer, complaint=reviewed, requested_on=datetime.date(2026, 2, 20))
    login_with_mfa(client, other_manager)

    listed = queue(client, "unassigned").content.decode()
    assert f'name="complaint" value="{first.reference}"' in listed
    chosen = client.get(reverse("casework:reassign"), {"complaint": [first.reference, reviewed.reference]})
    assert chosen.status_code == 200
    assert re.findall(r"<li>(CMP-\d+), stage", chosen.content.decode()) == [first.reference, reviewed.reference]

    done = client.post(
        reverse("casework:reassign"),
        {
            "complaints": [first.reference, reviewed.reference],
            "handler": manager.pk,
            "team": north.pk,
            "reason": "Omar is on leave.",
        },
    )

    assert done.status_code == 200
    page = done.content.decode()
    assert "1 case reassigned" in page and "1 case not moved" in page
    assert "must not be the person who handled the complaint at stage 1 (Code 6.13)" in page
    first = Complaint.objects.select_related("current_stage").get(pk=first.pk)
    assert (first.current_stage.handler, first.team) == (manager, north)
    assert CaseEvent.objects.filter(complaint=first, kind=CaseEvent.Kind.ASSIGNED, actor=other_manager).exists()
    assert Complaint.objects.get(pk=reviewed.pk).current_stage.handler is None


def test_every_open_case_of_one_person_moves_at_once(client, login_with_mfa, log_complaint, officer, manager):
    cases = [log_complaint() for _ in range(2)]
    for complaint in cases:
        workflow.complaint_acknowledge(
            actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 4), points=POINTS
        )
    login_with_mfa(client, manager)

    done = client.post(
        reverse("casework:reassign"), {"from_person": officer.pk, "handler": manager.pk, "reason": "On leave."}
    )

    assert "2 cases reassigned" in done.content.decode()
    assert {c.current_stage.handler for c in Complaint.objects.select_related("current_stage__handler")} == {manager}


def test_the_reassign_form_explains_what_is_missing(client, login_with_mfa, manager):
    login_with_mfa(client, manager)

    page = client.post(reverse("casework:reassign"), {}).content.decode()

    assert "Select cases on a queue, or choose whose open cases to move" in page
    assert "Choose the person or the team the cases go to" in page
    assert "Enter why the cases are being reassigned" in page


def test_officers_cannot_move_cases_in_bulk_nor_see_the_boxes(as_officer, log_complaint, officer):
    complaint = log_complaint()

    assert 'name="complaint"' not in queue(as_officer, "unassigned").content.decode()
    assert as_officer.get(reverse("casework:reassign")).status_code == 403
    refused = as_officer.post(
        reverse("casework:reassign"), {"complaints": [complaint.reference], "handler": officer.pk, "reason": "x"}
    )
    assert refused.status_code == 403
    assert Complaint.objects.select_related("current_stage").get(pk=complaint.pk).current_stage.handler is None
