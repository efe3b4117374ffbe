"""Every workflow action through the API, tried by every role that may not take it: 403 before the body is read,
and the case unchanged. And "this case changed" for a request that sent no version."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import F

from complaints.case_actions import case_action
from complaints.models import Complaint
from complaints.services import workflow
from core import roles
from tests.complaints import test_api
from tests.complaints.test_api import ACTIONS, client_for, post, url
from tests.complaints.test_api_schema import ACTIONS as EVERY_ACTION
from tests.factories import UserFactory

# The cases test_api.py builds through the API, shared as fixtures.
logged = test_api.logged
acknowledged = test_api.acknowledged
responded = test_api.responded
escalated = test_api.escalated
in_stage_2_review = test_api.in_stage_2_review

# An officer handles stage 1 and records on any case; the stage 2 review itself is a senior manager's (Code 6.13).
STAGE_2_REVIEW_ACTIONS = [
    "extend",
    "respond",
    "refuse",
    "withdraw",
    "close",
    "reopen",
    "remedies",
    "outstanding-actions",
]


def unchanged(case: dict[str, Any]) -> bool:
    after = Complaint.objects.get(pk=case["id"])
    return (after.status, after.version) == (case["status"], case["version"])


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="ada")


@pytest.fixture
def senior_lead(db):
    return UserFactory(role=roles.SENIOR_LEAD, username="lena")


@pytest.mark.parametrize("who", ["board_member", "administrator", "senior_lead"])
@pytest.mark.parametrize("action", EVERY_ACTION)
def test_board_members_and_administrators_are_refused_every_action(logged, request, who, action):
    answer = post(client_for(request.getfixturevalue(who)), url(logged["id"], action), {})

    assert answer.status_code == 403
    assert unchanged(logged)


@pytest.mark.parametrize("action", EVERY_ACTION)
def test_a_staff_member_is_refused_every_action_even_on_a_complaint_they_logged(staff_member, action):
    client = client_for(staff_member)
    created = post(
        client,
        "/api/v1/complaints/",
        {
            "received_on": "2026-02-02",
            "nation": "england",
            "channel": "phone",
            "summary": "The lift has been broken for a month.",
            "resident": {"name": "Grace Okafor"},
        },
    ).data

    answer = post(client, url(created["id"], action), {})

    assert answer.status_code == 403
    assert unchanged(created)


@pytest.mark.parametrize("action", STAGE_2_REVIEW_ACTIONS)
def test_an_officer_is_refused_the_stage_2_review_actions_whatever_the_body(in_stage_2_review, officer, action):
    answer = post(client_for(officer), url(in_stage_2_review["id"], action), {})

    assert answer.status_code == 403
    assert answer.data["detail"] == "Only a senior manager can handle a complaint at stage 2 (Code 6.13)."
    assert unchanged(in_stage_2_review)


def test_administrators_and_board_members_cannot_read_complaints_or_their_history(logged, administrator, board_member):
    for user in (administrator, board_member):
        client = client_for(user)
        assert client.get("/api/v1/complaints/").status_code == 403
        assert client.get(url(logged["id"])).status_code == 403
        assert client.get(url(logged["id"], "history")).status_code == 403


def test_a_staff_member_cannot_read_the_history_of_a_complaint_someone_else_logged(logged, staff_member):
    assert client_for(staff_member).get(url(logged["id"], "history")).status_code == 403


def test_a_change_made_after_a_request_read_the_case_gives_409_even_without_a_version(logged, officer, monkeypatch):
    """Someone else's action lands between this request reading the case and acting on it: the request acts on
    the version it read, so it is told the case changed, and nothing of it is saved."""
    real_acknowledge = workflow.complaint_acknowledge

    def someone_else_acts_first(**kwargs):
        Complaint.objects.filter(pk=logged["id"]).update(version=F("version") + 1)
        return real_acknowledge(**kwargs)

    monkeypatch.setattr(case_action("acknowledge"), "service", someone_else_acts_first)

    answer = post(client_for(officer), url(logged["id"], "acknowledge"), ACTIONS["acknowledge"])

    assert answer.status_code == 409
    complaint = Complaint.objects.get(pk=logged["id"])
    assert complaint.status == "awaiting_acknowledgement"
    assert not complaint.current_stage.definition.exists()


def test_the_senior_lead_reads_every_complaint_but_not_special_category_data(logged, senior_lead, staff_member):
    client = client_for(senior_lead)

    assert client.get("/api/v1/complaints/").data["count"] == 1
    assert client.get(url(logged["id"])).status_code == 200
    assert client.get(url(logged["id"], "history")).status_code == 200
    assert not senior_lead.has_perm("complaints.view_special_category")
