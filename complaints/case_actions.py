"""Every action on a complaint, declared once: the staff pages (casework) and the API (complaints.api) are both
made from these declarations.

An action is its slug, its label, the service that takes it, the permission that lets a person take it, its input
(a form for the page; a serializer for the API, or none where the API has its own resource for it), and why it
cannot be taken in the case's current state. The services stay the place where the rules are enforced: they check
the permission and the state again under the row lock. The declaration only lets the pages offer what can be done
now and refuse early, with the service's own reason (`workflow.why_not_now`, from `workflow.ALLOWED_FROM`).

To add an action: add one `register_case_action(CaseAction(...))` and one scenario in
tests/casework/test_case_actions.py, which drives every declared action through the page and the API. An app above
the case domain (learning, surveys, the Ombudsman's cases) registers its page actions from its `AppConfig.ready()`.
The API's routes are made from the actions registered when complaints.api.views is imported, so an action offered on
the API is declared here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from complaints import forms as f
from complaints.api import serializers as s
from complaints.models import Complaint
from complaints.services import assignment, record, workflow
from core.roles import is_officer

Guard = Callable[[Complaint], str | None]


def any_time(complaint: Complaint) -> str | None:
    return None


def in_state_for(action: str) -> Guard:
    """The workflow's own guard for one of its actions (a key of workflow.ALLOWED_FROM)."""
    return lambda complaint: workflow.why_not_now(complaint, action)


@dataclass
class CaseAction:
    # The page is /staff/complaints/<reference>/<slug>/; the API, /api/v1/complaints/<id>/<api_path>/.
    slug: str
    label: str
    # Called as service(actor=, complaint=, **the input's arguments(), expected_version=).
    service: Callable[..., Any]
    permission: str
    form: type[forms.Form]
    # The place of its button on the case page; the first one offered is the main button.
    order: int
    serializer: type[s.VersionedSerializer] | None = None
    api_path: str = ""
    # The API documentation's summary and, where the answer needs explaining, its description.
    summary: str = ""
    description: str = ""
    why_not_now: Guard = any_time
    # False for a service that takes no expected_version (one that changes nothing another person works on).
    versioned: bool = True
    # The service may answer with a new complaint (an issue logged separately): the API answers 201 with it.
    may_log_a_complaint: bool = False
    warning: bool = False

    def __post_init__(self) -> None:
        if self.serializer and not self.api_path:
            self.api_path = self.slug

    def refusal(self, user: Any, complaint: Complaint) -> str | None:
        """Why this person may not take the action on this case (answered 403), or None when they may."""
        if user.has_perm(self.permission, complaint):
            return None
        if complaint.stage == 2 and is_officer(user):
            return "Only a senior manager can handle a complaint at stage 2 (Code 6.13)."
        return "Your role cannot do this on a complaint."

    def take(self, *, actor: Any, complaint: Complaint, arguments: dict[str, Any], version: int | None) -> Any:
        if self.versioned:
            arguments = {**arguments, "expected_version": version}
        return self.service(actor=actor, complaint=complaint, **arguments)


_ACTIONS: dict[str, CaseAction] = {}


def register_case_action(action: CaseAction, *, replacing: bool = False) -> CaseAction:
    """Add an action; `replacing` one declared here by a higher app's fuller version (inbound's uploads, which
    turn an email saved as a file into the correspondence it is)."""
    if (action.slug in _ACTIONS) != replacing:
        raise ValueError(
            f"A case action called {action.slug!r} is already registered."
            if not replacing
            else f"There is no case action called {action.slug!r} to replace."
        )
    _ACTIONS[action.slug] = action
    return action


def case_actions() -> list[CaseAction]:
    return sorted(_ACTIONS.values(), key=lambda action: action.order)


def case_action(slug: str) -> CaseAction | None:
    return _ACTIONS.get(slug)


def api_actions() -> list[CaseAction]:
    return [action for action in case_actions() if action.serializer]


def actions_now(user: Any, complaint: Complaint) -> list[CaseAction]:
    """What this person can do to the case now: what the case page offers."""
    return [a for a in case_actions() if a.why_not_now(complaint) is None and a.refusal(user, complaint) is None]


for declared in [
    CaseAction(
        slug="acknowledge",
        label="Acknowledge and define",
        service=workflow.complaint_acknowledge,
        permission="complaints.acknowledge_complaint",
        form=f.AcknowledgeForm,
        serializer=s.AcknowledgeSerializer,
        summary="Acknowledge, define and log the complaint (Code 6.2, 6.11)",
        why_not_now=in_state_for("acknowledge"),
        order=10,
    ),
    CaseAction(
        slug="extend",
        label="Extend",
        service=workflow.extension_grant,
        permission="complaints.handle_complaint",
        form=f.ExtendForm,
        serializer=s.ExtendSerializer,
        summary="Extend the response time (Code 6.4, 6.15)",
        why_not_now=in_state_for("extend"),
        order=20,
    ),
    CaseAction(
        slug="respond",
        label="Issue the response",
        service=workflow.complaint_respond,
        permission="complaints.handle_complaint",
        form=f.RespondForm,
        serializer=s.RespondSerializer,
        summary="Issue the stage response (Code 6.9, 6.19)",
        why_not_now=in_state_for("respond"),
        order=30,
    ),
    CaseAction(
        slug="define",
        label="Record the complaint definition",
        service=workflow.complaint_define,
        permission="complaints.acknowledge_complaint",
        form=f.DefineForm,
        serializer=s.DefineSerializer,
        summary="Record or revise the complaint definition (Code 5.6)",
        why_not_now=in_state_for("define"),
        order=35,
    ),
    CaseAction(
        slug="escalate",
        label="Escalate to stage 2",
        service=workflow.complaint_escalate,
        permission="complaints.escalate_complaint",
        form=f.EscalateForm,
        serializer=s.EscalateSerializer,
        summary="Escalate to stage 2 (Code 6.10-6.12)",
        why_not_now=in_state_for("escalate"),
        order=40,
    ),
    CaseAction(
        slug="move-to-investigation",
        label="Move to stage 2",
        service=workflow.complaint_move_to_investigation,
        permission="complaints.handle_complaint",
        form=f.MoveToInvestigationForm,
        serializer=s.MoveToInvestigationSerializer,
        summary="Move a frontline complaint to investigation, stage 2, without a stage 1 response (SPSO model "
        "procedure; seed 003 §24)",
        description="Only under a regime whose procedure allows it; under the Housing Ombudsman Code every complaint "
        "has its stage 1 response first (Code 5.2, 5.3, 6.10), and the answer is 400.",
        why_not_now=in_state_for("move_to_investigation"),
        order=45,
    ),
    CaseAction(
        slug="assign-reviewer",
        label="Assign the stage 2 reviewer",
        service=assignment.reviewer_assign,
        permission="complaints.assign_reviewer",
        form=f.ReviewerForm,
        serializer=s.AssignReviewerSerializer,
        summary="Assign the stage 2 reviewer (Code 6.13)",
        description="The same assignment as `assign` with the team kept: replacing a reviewer needs a `reason`, on "
        "the timeline, and the reviewer is alerted.",
        why_not_now=in_state_for("assign_reviewer"),
        order=50,
    ),
    CaseAction(
        slug="assign",
        label="Assign or reassign",
        service=assignment.complaint_assign,
        permission="complaints.assign_complaint",
        form=f.AssignForm,
        serializer=s.AssignSerializer,
        summary="Give the current stage to a person and the complaint to a team, with the reason when it is taken "
        "from someone (Code 6.13 at stage 2)",
        description="Send both `handler` and `team` as they should be now (null for nobody, no team). The person "
        "given it is alerted.",
        why_not_now=in_state_for("assign"),
        order=52,
    ),
    CaseAction(
        slug="categorise",
        label="Change categories",
        service=assignment.complaint_categorise,
        permission="complaints.categorise_complaint",
        form=f.CategoriseForm,
        serializer=s.CategoriseSerializer,
        summary="Change the complaint's categories while it is open",
        why_not_now=in_state_for("categorise"),
        order=55,
    ),
    CaseAction(
        slug="correspondence",
        label="Record correspondence",
        service=record.correspondence_record,
        permission="complaints.record_on_complaint",
        form=f.CorrespondenceForm,
        serializer=s.CorrespondenceInputSerializer,
        summary="Record correspondence (Code 5.12)",
        order=60,
    ),
    # Not on the API: an upload is a multipart request with an answer of its own, where every other action takes
    # JSON and answers with the complaint.
    CaseAction(
        slug="document",
        label="Upload a document",
        service=record.document_add,
        permission="complaints.record_on_complaint",
        form=f.DocumentForm,
        versioned=False,
        order=70,
    ),
    CaseAction(
        slug="issue",
        label="Add an issue",
        service=workflow.issue_add,
        permission="complaints.record_on_complaint",
        form=f.IssueForm,
        serializer=s.IssueSerializer,
        api_path="issues",
        summary="Add an issue raised during the complaint (Code 6.8)",
        description="200 with this complaint when the issue joins its stage 1 definition; 201 with the new, "
        "linked complaint when it is logged separately.",
        may_log_a_complaint=True,
        order=80,
    ),
    CaseAction(
        slug="remedy",
        label="Add a remedy",
        service=record.remedy_add,
        permission="complaints.handle_complaint",
        form=f.RemedyForm,
        serializer=s.NewRemedySerializer,
        api_path="remedies",
        summary="Offer a remedy, at any stage (Code 5.13, 7.3)",
        order=90,
    ),
    CaseAction(
        slug="outstanding-action",
        label="Add an outstanding action",
        service=record.outstanding_action_add,
        permission="complaints.handle_complaint",
        form=f.OutstandingActionForm,
        serializer=s.NewOutstandingActionSerializer,
        api_path="outstanding-actions",
        summary="Set an outstanding action, with its owner and due date (Code 6.6, 6.17)",
        order=100,
    ),
    # Learning (110), surveys (120) and Ombudsman referrals (130) are registered by their apps.
    CaseAction(
        slug="accept-out-of-time",
        label="Accept after the time limit",
        service=workflow.complaint_accept_out_of_time,
        permission="complaints.handle_complaint",
        form=f.AcceptOutOfTimeForm,
        serializer=s.AcceptOutOfTimeSerializer,
        summary="Accept a complaint raised after the time limit, under special circumstances (Code 2.3)",
        why_not_now=in_state_for("accept_out_of_time"),
        order=135,
    ),
    CaseAction(
        slug="refuse",
        label="Refuse",
        service=workflow.complaint_refuse,
        permission="complaints.handle_complaint",
        form=f.RefuseForm,
        serializer=s.RefuseSerializer,
        summary="Refuse the complaint or its escalation (Code 2, 5.11)",
        why_not_now=in_state_for("refuse"),
        warning=True,
        order=140,
    ),
    CaseAction(
        slug="withdraw",
        label="Withdraw",
        service=workflow.complaint_withdraw,
        permission="complaints.handle_complaint",
        form=f.WithdrawForm,
        serializer=s.WithdrawSerializer,
        summary="Record that the resident withdrew the complaint",
        why_not_now=in_state_for("withdraw"),
        warning=True,
        order=150,
    ),
    CaseAction(
        slug="close",
        label="Close",
        service=workflow.complaint_close,
        permission="complaints.handle_complaint",
        form=f.CloseForm,
        serializer=s.CloseSerializer,
        summary="Close the complaint after its response",
        why_not_now=in_state_for("close"),
        order=160,
    ),
    CaseAction(
        slug="reopen",
        label="Reopen",
        service=workflow.complaint_reopen,
        permission="complaints.handle_complaint",
        form=f.ReopenForm,
        serializer=s.ReopenSerializer,
        summary="Reopen a closed, refused or withdrawn complaint",
        why_not_now=in_state_for("reopen"),
        order=170,
    ),
]:
    register_case_action(declared)
