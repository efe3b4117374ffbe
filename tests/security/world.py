"""The objects the access walk fills path parameters with, made once per test module through the services.

Residents have names and a special-category record that appear nowhere else, so a page or API answer can be
searched for them: board members, anonymous visitors and residents must never see a resident's name, and only the
roles with `complaints.view_special_category` may see the disclosure."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from alerts.models import Alert, Kind, Timing
from complaints.models import Channel, Complaint, RemedyKind
from complaints.services import record, workflow
from core import roles
from inbound import services as inbound
from inbound.models import InboundEmail
from learning import services as learning
from learning.models import Theme
from notes.services import note_add
from ombudsman import services as ombudsman
from ombudsman.models import Order
from privacy import services as privacy
from reporting import services as reports
from selfassessment import services as assessments
from selfassessment.models import CodeVersion
from surveys.models import Survey
from surveys.services import token_hash
from tests.conftest import TODAY
from tests.emails import eml
from tests.factories import ResidentFactory, UserFactory

D = datetime.date

ANONYMOUS = "anonymous"
# Signed out, having checked their own complaint at "Check my complaint" (reference plus email or postcode).
RESIDENT = "resident"
STAFF = "staff"
OFFICER = "officer"
MANAGER = "manager"
LEAD = "lead"
BOARD = "board"
ADMIN = "admin"
ROLES = [ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN]
SIGNED_OUT = {ANONYMOUS, RESIDENT}
ROLE_GROUPS = {
    STAFF: roles.STAFF,
    OFFICER: roles.OFFICER,
    MANAGER: roles.SENIOR_MANAGER,
    LEAD: roles.SENIOR_LEAD,
    BOARD: roles.BOARD,
    ADMIN: roles.ADMINISTRATOR,
}

# Distinctive: searched for in every answer.
RESIDENT_NAMES = ["Peregrine Quillfeather", "Ottoline Vexbridge"]
SPECIAL_CATEGORY_TEXT = "Uses a Zanthorpe hoist after a spinal injury"
SURVEY_TOKEN = "walk-survey-token"


@dataclass
class World:
    users: dict[str, Any]
    complaint: Complaint  # stage 1, awaiting acknowledgement, logged by the officer: the staff member did not log it
    staff_complaint: Complaint  # logged by the staff member
    resident: Any
    other_resident: Any
    document: Any
    remedy: Any
    action: Any
    adjustment: Any
    restriction: Any
    service_request: Any
    draft_assessment: Any
    published_assessment: Any
    code_version: Any
    referral: Any
    order: Any
    failure_order: Any
    learning_point: Any
    improvement: Any
    note: Any
    survey: Any
    legal_hold: Any
    annual_report: Any
    report_render: Any
    inbound_email: Any  # in "New emails": it named no case
    alerts: dict[str, Alert] = field(default_factory=dict)
    media: Any = None  # the folder the module's documents are stored in

    def own_alert(self, role: str) -> Alert:
        """Alerts belong to their recipient: each signed-in role reads its own; signed out, the officer's."""
        return self.alerts.get(role, self.alerts[OFFICER])

    def value(self, path: str, role: str) -> Any:
        """`complaint.reference`, `document.pk`, `own_alert.pk`, or a literal after `=` (`=hos-2024`)."""
        if path.startswith("="):
            return path[1:]
        name, _, attribute = path.partition(".")
        obj = self.own_alert(role) if name == "own_alert" else getattr(self, name)
        return getattr(obj, attribute) if attribute else obj


def _complete_and_publish(assessment, officer, board) -> None:
    for row in assessment.rows.all():
        assessments.assessment_row_update(actor=officer, row=row, complies="yes", commentary="Set out in our policy.")
    assessments.assessment_mark_ready(actor=officer, assessment=assessment)
    assessments.assessment_record_approval(
        actor=board, assessment=assessment, approved_on=TODAY, minute_reference="Board 2026/14, item 6"
    )
    assessments.assessment_publish(
        actor=board, assessment=assessment, published_on=TODAY, governing_body_response="The board accepts it."
    )


def world_build() -> World:
    users = {
        role: UserFactory(role=group, username=f"walk-{role}", is_staff=(role == ADMIN))
        for role, group in ROLE_GROUPS.items()
    }
    officer, staff, board = users[OFFICER], users[STAFF], users[BOARD]
    phone = Channel.objects.get(code="phone")
    resident = ResidentFactory(name=RESIDENT_NAMES[0], email="peregrine@resident.example")
    other_resident = ResidentFactory(name=RESIDENT_NAMES[1], email="ottoline@resident.example")
    record.disclosure_record(
        actor=officer, resident=resident, kind="disability", description=SPECIAL_CATEGORY_TEXT, disclosed_on=TODAY
    )
    adjustment = record.adjustment_agree(
        actor=officer,
        resident=resident,
        adjustment="Letters in large print",
        agreed_on=TODAY,
        review_due=D(2026, 6, 1),
    )
    restriction = record.restriction_impose(
        actor=officer,
        resident=resident,
        reason="Repeated abusive calls",
        evidence="Call recordings",
        scope="Contact by email only",
        equality_considerations="Considered; no protected characteristic affected",
        starts_on=TODAY,
        review_due=D(2026, 6, 1),
    )
    complaint = workflow.complaint_log(
        actor=officer,
        resident=resident,
        received_on=D(2026, 2, 26),
        channel=phone,
        summary="The repair to my boiler was booked three times and nobody came.",
        nation="england",
    )
    staff_complaint = workflow.complaint_log(
        actor=staff,
        resident=other_resident,
        received_on=D(2026, 2, 27),
        channel=phone,
        summary="Damp in the bathroom has not been treated.",
        nation="england",
    )
    document = record.document_add(
        actor=officer,
        complaint=complaint,
        title="Photo of the boiler",
        upload=SimpleUploadedFile("boiler.txt", b"a photo description", content_type="text/plain"),
    )
    remedy = record.remedy_add(
        actor=officer,
        complaint=complaint,
        kind=RemedyKind.objects.first(),
        description="A written apology",
        due_on=D(2026, 3, 9),
    )
    action = record.outstanding_action_add(
        actor=officer, complaint=complaint, description="Replace the boiler", due_on=D(2026, 3, 16)
    )
    service_request = record.service_request_log(
        actor=staff, resident=other_resident, channel=phone, description="Fix the gutter", reported_on=TODAY
    )
    code_version = CodeVersion.objects.get(code="hos-2024")
    published = assessments.assessment_create(
        actor=officer,
        code_version=code_version,
        title="Self-assessment 2025",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
    )
    _complete_and_publish(published, officer, board)
    draft = assessments.assessment_create(
        actor=officer,
        code_version=code_version,
        title="Self-assessment 2026",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        carry_forward=False,
    )
    referral = ombudsman.referral_record(actor=officer, complaint=complaint, referred_on=TODAY)
    order = ombudsman.order_record(
        actor=officer,
        referral=referral,
        kind=Order.Kind.ORDER,
        description="Apologise in writing",
        made_on=TODAY,
        due_on=D(2026, 4, 1),
    )
    failure_order = ombudsman.handling_failure_order_record(
        actor=officer, issued_on=TODAY, failure="Late responses", order="Review the process", due_on=D(2026, 4, 1)
    )
    learning_point = learning.learning_point_record(
        actor=officer, complaint=complaint, theme=Theme.objects.first(), learning="Confirm appointments by text"
    )
    improvement = learning.service_improvement_record(
        actor=officer,
        title="Appointment reminders",
        what_changed="Texts the day before",
        team="Repairs",
        implemented_on=TODAY,
        theme=Theme.objects.first(),
        complaints=[complaint],
    )
    note = note_add(actor=officer, complaint=complaint, text="Call after 5pm")
    legal_hold = privacy.legal_hold_place(actor=officer, resident=other_resident, reason="A claim in the county court")
    annual_report = reports.annual_report_create(actor=users[LEAD], year=2025)
    # Its PDF is asked for; the task that draws it is queued on commit, which never comes in the walk.
    report_render = reports.annual_report_render_request(actor=users[LEAD], report=annual_report)
    # As surveys.services.survey_send leaves it once a response has gone (the walk's case has none yet).
    survey = Survey.objects.create(
        complaint=complaint, stage=1, token_hash=token_hash(SURVEY_TOKEN), sent_on=TODAY, sent_by=officer
    )
    inbound.email_receive(
        actor=inbound.mailbox_account(),
        raw=eml(subject="A question", body="Who do I ask about my rent?", sender="someone@elsewhere.example"),
    )
    complaint.refresh_from_db()
    world = World(
        users=users,
        complaint=complaint,
        staff_complaint=staff_complaint,
        resident=resident,
        other_resident=other_resident,
        document=document,
        remedy=remedy,
        action=action,
        adjustment=adjustment,
        restriction=restriction,
        service_request=service_request,
        draft_assessment=draft,
        published_assessment=published,
        code_version=code_version,
        referral=referral,
        order=order,
        failure_order=failure_order,
        learning_point=learning_point,
        improvement=improvement,
        note=note,
        survey=survey,
        legal_hold=legal_hold,
        annual_report=annual_report,
        report_render=report_render,
        inbound_email=InboundEmail.objects.get(),
    )
    for role, user in users.items():
        world.alerts[role] = Alert.objects.create(
            kind=Kind.ACKNOWLEDGEMENT_DUE,
            timing=Timing.TODAY,
            subject_id=complaint.current_stage_id,
            due_on=TODAY,
            recipient=user,
            complaint=complaint,
            title=f"Acknowledgement due for {complaint.reference}",
            email_subject="Acknowledgement due",
            email_body="An acknowledgement is due.",
            send_email=False,
        )
    return world
