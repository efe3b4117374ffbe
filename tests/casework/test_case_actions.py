"""Every action declared in complaints/case_actions.py, driven through the staff page and through the API from one
scenario each: both paths reach the same outcome, a role that may not take the action is refused on both (403), and
a case whose state does not allow it is told why, with the reason the service gives.

Adding an action is one declaration and one scenario here: test_every_declared_action_has_a_scenario fails until it
has one. Today is Monday 2 March 2026 (tests/conftest.py); the complaints are received on Monday 2 February."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from complaints.case_actions import CaseAction, any_time, case_action, case_actions
from complaints.models import Category, Channel, Complaint, RefusalReason, RemedyKind
from complaints.services import workflow
from learning.models import Theme
from tests.casework.conftest import date_fields
from tests.conftest import POINTS, TODAY
from tests.factories import ResidentFactory
from tests.files import pdf_bytes
from tests.oversight import answered_complaint, senior_lead

__all__ = ["senior_lead"]

pytestmark = pytest.mark.django_db

D = datetime.date


@dataclass(frozen=True)
class World:
    officer: Any
    manager: Any
    log: Callable[..., Complaint]


@pytest.fixture
def world(officer, manager, log_complaint) -> World:
    return World(officer, manager, log_complaint)


def fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_related("current_stage").get(pk=complaint.pk)


# --- the cases the scenarios start from ------------------------------------------------------------------------


def logged(w: World) -> Complaint:
    return w.log()


def scottish_frontline(w: World) -> Complaint:
    return w.log(nation="scotland", resident=ResidentFactory(home__nation="scotland"))


def out_of_time(w: World) -> Complaint:
    """The resident first knew on 1 December 2024: the 12 months ran out on 1 December 2025 (Code 2.3)."""
    return w.log(first_knew_on=D(2024, 12, 1))


def acknowledged(w: World) -> Complaint:
    complaint = logged(w)
    workflow.complaint_acknowledge(actor=w.officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)
    return fresh(complaint)


def responded(w: World) -> Complaint:
    """Acknowledged 4 February, answered 16 February."""
    return fresh(answered_complaint(w.log, w.officer))


def escalated(w: World) -> Complaint:
    complaint = responded(w)
    workflow.complaint_escalate(actor=w.officer, complaint=complaint, requested_on=D(2026, 2, 20))
    return fresh(complaint)


def withdrawn(w: World) -> Complaint:
    complaint = logged(w)
    workflow.complaint_withdraw(actor=w.officer, complaint=complaint, withdrawn_on=D(2026, 2, 10), note="Phoned.")
    return fresh(complaint)


# --- what each action changes --------------------------------------------------------------------------------


def definition(complaint: Complaint) -> list[tuple[str, str]]:
    return [(p.point, p.outcome_sought) for p in complaint.current_stage.definition.all()]


def points_fields(*points: tuple[str, str]) -> dict[str, Any]:
    rows = {"points-TOTAL_FORMS": 3, "points-INITIAL_FORMS": 0, "points-MIN_NUM_FORMS": 1, "points-MAX_NUM_FORMS": 10}
    for number in range(3):
        point, outcome = points[number] if number < len(points) else ("", "")
        rows |= {f"points-{number}-point": point, f"points-{number}-outcome_sought": outcome}
    return rows


def points_body(*points: tuple[str, str]) -> list[dict[str, str]]:
    return [{"point": point, "outcome_sought": outcome} for point, outcome in points]


DEFINITION = (("Repair appointments were missed", "Boiler repaired this week"), ("Nobody called back", "An apology"))
REVISED = (("The boiler is still broken", "A new boiler"),)


@dataclass(frozen=True)
class Scenario:
    ready: Callable[[World], Complaint]  # a case on which the action can be taken now
    page: Callable[[World], dict[str, Any]]  # the page's form
    api: Callable[[World], dict[str, Any]] | None  # the API's body; None for an action the API does not offer
    outcome: Callable[[Complaint], Any]  # what the action changed, the same by either path
    not_now: Callable[[World], Complaint] | None = None  # a case whose state does not allow it


SCENARIOS: dict[str, Scenario] = {
    "acknowledge": Scenario(
        ready=logged,
        page=lambda w: date_fields("acknowledged_on", D(2026, 2, 4)) | points_fields(*DEFINITION),
        api=lambda w: {"acknowledged_on": "2026-02-04", "definition": points_body(*DEFINITION)},
        outcome=lambda c: (c.status, c.current_stage.acknowledged_on, c.current_stage.response_due, definition(c)),
        not_now=acknowledged,
    ),
    "define": Scenario(
        ready=acknowledged,
        page=lambda w: points_fields(*REVISED),
        api=lambda w: {"definition": points_body(*REVISED)},
        outcome=definition,
        not_now=responded,
    ),
    "extend": Scenario(
        ready=acknowledged,
        page=lambda w: {
            "working_days": 5,
            "reason": "Waiting for the surveyor",
            **date_fields("resident_informed_on", D(2026, 2, 18)),
            "ombudsman_details_given": "on",
            "update_interval_working_days": 3,
        },
        api=lambda w: {
            "working_days": 5,
            "reason": "Waiting for the surveyor",
            "resident_informed_on": "2026-02-18",
            "ombudsman_details_given": True,
            "update_interval_working_days": 3,
        },
        outcome=lambda c: (c.current_stage.extension_days, c.current_stage.response_due, c.current_stage.update_due),
        not_now=logged,
    ),
    "respond": Scenario(
        ready=acknowledged,
        page=lambda w: {
            **date_fields("responded_on", D(2026, 2, 16)),
            "decision": "partly_upheld",
            "reasons": "The appointments were missed; our log shows call-backs.",
            "point_1_decision": "upheld",
            "point_1_reason": "Three appointments were missed.",
            "point_2_decision": "not_upheld",
            "point_2_reason": "Our call log shows two call-backs.",
            "remedy_kind": "",
        },
        api=lambda w: {
            "responded_on": "2026-02-16",
            "decision": "partly_upheld",
            "reasons": "The appointments were missed; our log shows call-backs.",
            "point_decisions": [
                {"point": 1, "decision": "upheld", "reason": "Three appointments were missed."},
                {"point": 2, "decision": "not_upheld", "reason": "Our call log shows two call-backs."},
            ],
            "remedies": [],
            "outstanding_actions": [],
        },
        outcome=lambda c: (
            c.status,
            c.current_stage.responded_on,
            [(p.position, p.decision.decision, p.decision.reason) for p in c.current_stage.definition.all()]
            if c.current_stage.responded_on
            else None,
        ),
        not_now=logged,
    ),
    "escalate": Scenario(
        ready=responded,
        page=lambda w: date_fields("requested_on", D(2026, 2, 20)) | {"escalation_reason": "Still no boiler."},
        api=lambda w: {"requested_on": "2026-02-20", "escalation_reason": "Still no boiler."},
        outcome=lambda c: (c.stage, c.status, c.current_stage.requested_on, c.current_stage.escalation_reason),
        not_now=acknowledged,
    ),
    "move-to-investigation": Scenario(
        ready=scottish_frontline,
        page=lambda w: date_fields("moved_on", D(2026, 2, 4)) | {"reason": "Serious: damp in a child's bedroom."},
        api=lambda w: {"moved_on": "2026-02-04", "reason": "Serious: damp in a child's bedroom."},
        outcome=lambda c: (c.stage, c.status, c.current_stage.requested_on, c.current_stage.investigation_reason),
        # Under the Housing Ombudsman Code, stage 2 comes only after the stage 1 response.
        not_now=logged,
    ),
    "assign-reviewer": Scenario(
        ready=escalated,
        page=lambda w: {"reviewer": w.manager.pk},
        api=lambda w: {"reviewer": w.manager.pk},
        outcome=lambda c: c.current_stage.handler,
        not_now=acknowledged,
    ),
    "assign": Scenario(
        ready=logged,
        page=lambda w: {"handler": w.manager.pk, "team": "", "reason": ""},
        api=lambda w: {"handler": w.manager.pk, "team": None},
        outcome=lambda c: c.current_stage.handler,
        not_now=withdrawn,
    ),
    "categorise": Scenario(
        ready=logged,
        page=lambda w: {"categories": [Category.objects.get(code="repairs").pk]},
        api=lambda w: {"categories": ["repairs"]},
        outcome=lambda c: list(c.categories.values_list("code", flat=True)),
        not_now=withdrawn,
    ),
    "correspondence": Scenario(
        ready=logged,
        page=lambda w: {
            "direction": "in",
            "party": "resident",
            "channel": Channel.objects.get(code="email").pk,
            "subject": "Any news?",
            **date_fields("occurred_on", D(2026, 2, 10)),
        },
        api=lambda w: {
            "direction": "in",
            "party": "resident",
            "channel": "email",
            "occurred_on": "2026-02-10",
            "subject": "Any news?",
        },
        outcome=lambda c: list(c.correspondence.values_list("direction", "party", "channel__code", "subject")),
    ),
    "document": Scenario(
        ready=logged,
        page=lambda w: {
            "title": "Surveyor's report",
            "file": SimpleUploadedFile("report.pdf", pdf_bytes("report"), content_type="application/pdf"),
        },
        api=None,
        outcome=lambda c: list(c.documents.values_list("title", "content_type")),
    ),
    "issue": Scenario(
        ready=acknowledged,
        page=lambda w: {
            "point": "The repair left a hole",
            "outcome_sought": "Fill the hole",
            "related": "on",
            **date_fields("raised_on", D(2026, 2, 10)),
        },
        api=lambda w: {
            "point": "The repair left a hole",
            "outcome_sought": "Fill the hole",
            "raised_on": "2026-02-10",
            "related": True,
        },
        outcome=definition,
    ),
    "remedy": Scenario(
        ready=acknowledged,
        page=lambda w: {
            "kind": RemedyKind.objects.get(code="financial").pk,
            "description": "Compensation for the missed appointments",
            "amount": "75.00",
            **date_fields("due_on", TODAY),
        },
        api=lambda w: {
            "kind": "financial",
            "description": "Compensation for the missed appointments",
            "amount": "75.00",
            "due_on": "2026-03-02",
        },
        outcome=lambda c: list(c.remedies.values_list("kind__code", "description", "amount", "due_on", "owner")),
    ),
    "outstanding-action": Scenario(
        ready=acknowledged,
        page=lambda w: {"description": "Replace the boiler", "owner": w.manager.pk, **date_fields("due_on", TODAY)},
        api=lambda w: {"description": "Replace the boiler", "owner": w.manager.pk, "due_on": "2026-03-02"},
        outcome=lambda c: list(c.outstanding_actions.values_list("description", "due_on", "owner")),
    ),
    "learning": Scenario(
        ready=logged,
        page=lambda w: {"theme": Theme.objects.get(code="contractors").pk, "learning": "Check contractor slots."},
        api=None,
        outcome=lambda c: list(c.learning_points.values_list("theme__code", "learning")),
    ),
    "note": Scenario(
        ready=logged,
        page=lambda w: {"text": "Resident asked us to call after 5pm.", "pinned": "on"},
        api=None,
        outcome=lambda c: list(c.notes.values_list("text", "pinned")),
    ),
    "survey": Scenario(
        ready=responded,
        page=lambda w: {"stage": "1"},
        api=None,
        outcome=lambda c: list(c.surveys.values_list("stage", flat=True)),
        not_now=acknowledged,
    ),
    "ombudsman-referral": Scenario(
        ready=responded,
        page=lambda w: date_fields("referred_on", D(2026, 2, 20)) | {"ombudsman_reference": "202612345"},
        api=None,
        outcome=lambda c: list(c.ombudsman_referrals.values_list("referred_on", "ombudsman_reference")),
    ),
    "accept-out-of-time": Scenario(
        ready=out_of_time,
        page=lambda w: {"because": "In hospital from December 2024 to January 2026."},
        api=lambda w: {"because": "In hospital from December 2024 to January 2026."},
        outcome=lambda c: c.time_limit_waived_because,
        not_now=logged,
    ),
    "refuse": Scenario(
        ready=logged,
        page=lambda w: {
            "reason": RefusalReason.objects.get(code="legal_proceedings").pk,
            "explanation": "The disrepair claim covers the same boiler.",
            "evidence": "Claim form filed 1 February 2026",
            **date_fields("decided_on", D(2026, 2, 10)),
        },
        api=lambda w: {
            "reason": "legal_proceedings",
            "explanation": "The disrepair claim covers the same boiler.",
            "evidence": "Claim form filed 1 February 2026",
            "decided_on": "2026-02-10",
        },
        outcome=lambda c: (c.status, c.closed_on, list(c.refusals.values_list("reason__code", "evidence"))),
        not_now=acknowledged,
    ),
    "withdraw": Scenario(
        ready=logged,
        page=lambda w: date_fields("withdrawn_on", D(2026, 2, 10)) | {"note": "Rang to say it is fixed."},
        api=lambda w: {"withdrawn_on": "2026-02-10", "note": "Rang to say it is fixed."},
        outcome=lambda c: (c.status, c.closed_on),
        not_now=responded,
    ),
    "close": Scenario(
        ready=responded,
        page=lambda w: date_fields("closed_on", D(2026, 2, 20)),
        api=lambda w: {"closed_on": "2026-02-20"},
        outcome=lambda c: (c.status, c.closed_on),
        not_now=acknowledged,
    ),
    "reopen": Scenario(
        ready=withdrawn,
        page=lambda w: date_fields("reopened_on", D(2026, 2, 12)) | {"reason": "Not fixed after all."},
        api=lambda w: {"reopened_on": "2026-02-12", "reason": "Not fixed after all."},
        outcome=lambda c: (c.status, c.closed_on),
        not_now=logged,
    ),
}


def page_url(complaint: Complaint, action: CaseAction) -> str:
    return reverse("casework:complaint-action", args=[complaint.reference, action.slug])


def offered(client: Any, complaint: Complaint, action: CaseAction) -> bool:
    case_page = client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    return f'href="{page_url(complaint, action)}"' in case_page


def through_the_page(client: Any, complaint: Complaint, action: CaseAction, data: dict[str, Any]) -> Any:
    return client.post(page_url(complaint, action), {"version": complaint.version, **data})


def through_the_api(user: Any, complaint: Complaint, action: CaseAction, body: dict[str, Any]) -> Any:
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/complaints/{complaint.pk}/{action.api_path}/", body, format="json")


def test_every_declared_action_has_a_scenario():
    assert set(SCENARIOS) == {action.slug for action in case_actions()}
    for action in case_actions():
        scenario = SCENARIOS[action.slug]
        assert (scenario.api is None) == (action.serializer is None), action.slug
        # An action with a "why not now" shows its refusal below.
        assert (scenario.not_now is None) == (action.why_not_now is any_time), action.slug


@pytest.mark.parametrize("slug", SCENARIOS)
def test_the_page_and_the_api_take_the_action_with_the_same_outcome(slug, world, client, login_with_mfa):
    action, scenario = case_action(slug), SCENARIOS[slug]
    by_page = scenario.ready(world)
    before = scenario.outcome(by_page)
    login_with_mfa(client, world.officer)

    assert offered(client, by_page, action)
    answer = through_the_page(client, by_page, action, scenario.page(world))

    assert answer.status_code == 302, answer.context["form"].errors
    outcome = scenario.outcome(fresh(by_page))
    assert outcome != before
    if scenario.api is not None:
        by_api = scenario.ready(world)
        answer = through_the_api(world.officer, by_api, action, scenario.api(world))
        assert answer.status_code == 200, answer.data
        assert scenario.outcome(fresh(by_api)) == outcome


@pytest.mark.parametrize("slug", SCENARIOS)
def test_a_role_that_may_not_take_the_action_is_refused_on_both_paths(slug, world, client, login_with_mfa, senior_lead):
    # The senior lead reads every case (Code 9.4) and acts on none.
    action, scenario = case_action(slug), SCENARIOS[slug]
    complaint = scenario.ready(world)
    before = scenario.outcome(complaint)
    login_with_mfa(client, senior_lead)

    assert not offered(client, complaint, action)
    assert client.get(page_url(complaint, action)).status_code == 403
    refused = through_the_page(client, complaint, action, scenario.page(world))
    assert refused.status_code == 403
    assert "Your role cannot do this on a complaint." in refused.content.decode()
    if scenario.api is not None:
        answer = through_the_api(senior_lead, complaint, action, scenario.api(world))
        assert answer.status_code == 403
        assert answer.data["detail"] == "Your role cannot do this on a complaint."
    assert scenario.outcome(fresh(complaint)) == before


@pytest.mark.parametrize("slug", [slug for slug, scenario in SCENARIOS.items() if scenario.not_now])
def test_a_case_whose_state_does_not_allow_the_action_is_told_why_on_both_paths(slug, world, client, login_with_mfa):
    action, scenario = case_action(slug), SCENARIOS[slug]
    complaint = scenario.not_now(world)
    before = scenario.outcome(complaint)
    reason = action.why_not_now(complaint)
    assert reason
    login_with_mfa(client, world.officer)

    assert not offered(client, complaint, action)
    shown = client.get(page_url(complaint, action))
    assert shown.status_code == 200
    assert escape(reason) in shown.content.decode()
    assert 'name="version"' not in shown.content.decode()
    if scenario.api is not None:
        # The service gives the same reason, checked again under the row lock.
        answer = through_the_api(world.officer, complaint, action, scenario.api(world))
        assert answer.status_code == 400
        assert answer.data["detail"] == reason
    assert scenario.outcome(fresh(complaint)) == before


def test_an_officer_is_told_on_the_page_as_on_the_api_that_stage_2_is_a_senior_managers(world, client, login_with_mfa):
    complaint = escalated(world)
    login_with_mfa(client, world.officer)

    answer = client.get(page_url(complaint, case_action("withdraw")))

    assert answer.status_code == 403
    assert "Only a senior manager can handle a complaint at stage 2 (Code 6.13)." in answer.content.decode()


def test_a_linked_complaint_made_from_an_issue_is_the_apis_answer_with_201(world):
    complaint = responded(world)

    answer = through_the_api(
        world.officer,
        complaint,
        case_action("issue"),
        {"point": "The neighbour's noise", "outcome_sought": "Action", "raised_on": "2026-02-20", "related": True},
    )

    assert answer.status_code == 201, answer.data
    assert answer.data["id"] != complaint.pk
    assert complaint in Complaint.objects.get(pk=answer.data["id"]).related.all()


def test_a_scottish_frontline_complaint_is_defined_and_answered_from_the_pages(world, client, login_with_mfa):
    # The SPSO's frontline stage has no acknowledgement (the complaint is in progress as soon as it is logged), so
    # the definition the response needs is recorded on its own.
    resident = ResidentFactory(home__nation="scotland")
    complaint = world.log(nation="scotland", resident=resident)
    login_with_mfa(client, world.officer)
    define, respond = case_action("define"), case_action("respond")

    assert not offered(client, complaint, case_action("acknowledge"))
    assert offered(client, complaint, define)
    assert through_the_page(client, complaint, define, points_fields(*DEFINITION)).status_code == 302
    answer = through_the_page(client, fresh(complaint), respond, SCENARIOS["respond"].page(world))

    assert answer.status_code == 302, answer.context["form"].errors
    assert fresh(complaint).status == Complaint.Status.RESPONDED
