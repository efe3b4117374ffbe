"""The full record's other services (Code 5.12, 6.6, 7.3): documents, completing remedies and outstanding actions,
and recomputing deadlines after a holidays upgrade. Each with the refusal a wrong implementation would miss.
Ombudsman referrals and determinations are tested with the rest of the Ombudsman's part (tests/ombudsman)."""

from __future__ import annotations

import datetime
import hashlib
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from complaints.models import CaseEvent, Document, Remedy, RemedyKind, Stage
from complaints.services import record, workflow
from core.errors import WorkflowError
from tests.conftest import POINTS
from tests.files import pdf_bytes

D = datetime.date


@pytest.fixture
def case(log_complaint, officer):
    complaint = log_complaint(received_on=D(2026, 2, 2))
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)
    complaint.refresh_from_db()
    return complaint


def respond(case, officer, remedies=(), outstanding_actions=()):
    return workflow.complaint_respond(
        actor=officer,
        complaint=case,
        responded_on=D(2026, 2, 18),
        decision="upheld",
        reasons="The appointments were missed.",
        point_decisions=[
            workflow.PointDecisionInput(position=1, decision="upheld", reason="Missed three times."),
            workflow.PointDecisionInput(position=2, decision="upheld", reason="No call back."),
        ],
        remedies=list(remedies),
        outstanding_actions=list(outstanding_actions),
    )


def events(complaint, kind) -> list[str]:
    return list(CaseEvent.objects.filter(complaint=complaint, kind=kind).values_list("description", flat=True))


class TestDocuments:
    def test_a_document_is_kept_with_its_digest_under_a_name_that_is_not_the_uploaded_one(self, case, officer):
        upload = SimpleUploadedFile("Mrs Smith medical letter.pdf", pdf_bytes("evidence"), "application/pdf")

        document = record.document_add(actor=officer, complaint=case, title="Surveyor's report", upload=upload)

        assert document.sha256 == hashlib.sha256(pdf_bytes("evidence")).hexdigest()
        assert "Smith" not in document.file.name
        assert document.file.read() == pdf_bytes("evidence")
        assert events(case, CaseEvent.Kind.DOCUMENT) == ["Document added: Surveyor's report."]

    @pytest.mark.parametrize(
        ("name", "title", "message"),
        [("script.exe", "Report", "cannot be added"), ("report.pdf", "  ", "title")],
    )
    def test_a_document_with_a_refused_type_or_no_title_is_not_kept(self, case, officer, name, title, message):
        upload = SimpleUploadedFile(name, b"content", "application/octet-stream")

        with pytest.raises(WorkflowError, match=message):
            record.document_add(actor=officer, complaint=case, title=title, upload=upload)
        assert not Document.objects.filter(complaint=case, title=title).exists()

    def test_a_board_member_cannot_add_a_document(self, case, board_member):
        with pytest.raises(PermissionDenied):
            record.document_add(
                actor=board_member,
                complaint=case,
                title="Report",
                upload=SimpleUploadedFile("a.pdf", pdf_bytes("a"), "application/pdf"),
            )


REFUSED_REMEDIES = [
    pytest.param({"description": "  "}, "say what will happen to put things right (Code 7.3)", id="saying-nothing"),
    pytest.param({"kind": "financial"}, "a financial remedy needs its amount", id="financial-without-an-amount"),
    pytest.param({"kind": "financial", "amount": Decimal("0")}, "a financial remedy needs its amount", id="of-nothing"),
]


class TestRemedies:
    """One check for a remedy, wherever it is offered: in the response (Code 6.9 e) or on its own (5.13)."""

    def offer(self, case, officer, how, kind="apology", description="A written apology", amount=None, done=None):
        if how == "on its own":
            return record.remedy_add(
                actor=officer,
                complaint=case,
                kind=RemedyKind.objects.get(code=kind),
                description=description,
                amount=amount,
                due_on=D(2026, 2, 20),
            )
        return respond(
            case,
            officer,
            remedies=[
                workflow.RemedyInput(
                    kind=kind, description=description, amount=amount, due_on=D(2026, 2, 20), completed_on=done
                )
            ],
        )

    @pytest.mark.parametrize("how", ["in the response", "on its own"])
    @pytest.mark.parametrize(("changes", "reason"), REFUSED_REMEDIES)
    def test_a_remedy_is_refused_for_the_same_reasons_wherever_it_is_offered(self, case, officer, how, changes, reason):
        with pytest.raises(WorkflowError, match=f"(?i){re.escape(reason)}") as refused:
            self.offer(case, officer, how, **changes)

        if how == "in the response":
            assert (refused.value.message, refused.value.field) == (f"Remedy 1: {reason}.", "remedies")
        assert not Remedy.objects.filter(complaint=case).exists()

    @pytest.mark.parametrize(
        ("how", "reason"),
        [("in the response", "Remedy 1: unknown kind 'apology'"), ("on its own", "is no longer offered as a remedy")],
    )
    def test_a_kind_no_longer_offered_is_refused_wherever_it_is_offered(self, case, officer, how, reason):
        RemedyKind.objects.filter(code="apology").update(active=False)

        with pytest.raises(WorkflowError, match=reason):
            self.offer(case, officer, how)
        assert not Remedy.objects.filter(complaint=case).exists()

    def test_a_remedy_in_the_response_cannot_be_completed_before_its_stage_began(self, case, officer):
        with pytest.raises(WorkflowError, match="Remedy 1: the completion date cannot be before the start"):
            self.offer(case, officer, "in the response", done=D(2026, 1, 30))


class TestCompletion:
    def test_a_remedy_is_completed_once_and_not_before_its_stage_began(self, case, officer):
        remedy = record.remedy_add(
            actor=officer,
            complaint=case,
            kind=RemedyKind.objects.get(code="apology"),
            description="A written apology",
            due_on=D(2026, 2, 20),
        )
        with pytest.raises(WorkflowError, match="cannot be before"):
            record.remedy_complete(actor=officer, remedy=remedy, completed_on=D(2026, 1, 30))

        record.remedy_complete(actor=officer, remedy=remedy, completed_on=D(2026, 2, 18))
        remedy.refresh_from_db()
        assert remedy.completed_on == D(2026, 2, 18)
        with pytest.raises(WorkflowError, match="already completed on 18 February 2026"):
            record.remedy_complete(actor=officer, remedy=remedy, completed_on=D(2026, 2, 19))

    def test_an_outstanding_action_is_completed_once_by_a_case_worker_only(self, case, officer, staff_member):
        respond(case, officer, outstanding_actions=[workflow.ActionInput("Replace the boiler", D(2026, 3, 13))])
        (action,) = case.outstanding_actions.all()

        with pytest.raises(PermissionDenied):
            record.outstanding_action_complete(actor=staff_member, action=action, completed_on=D(2026, 3, 2))
        record.outstanding_action_complete(actor=officer, action=action, completed_on=D(2026, 3, 2))

        action.refresh_from_db()
        assert action.completed_on == D(2026, 3, 2)
        with pytest.raises(WorkflowError, match="already completed"):
            record.outstanding_action_complete(actor=officer, action=action, completed_on=D(2026, 3, 2))


def test_recompute_deadlines_puts_back_a_due_date_that_no_longer_follows_the_calendar(case):
    # As if the stored date had been worked out by an older `holidays` release.
    Stage.objects.filter(pk=case.current_stage_id).update(response_due=D(2026, 2, 17))

    call_command("recompute_deadlines")

    stage = Stage.objects.get(pk=case.current_stage_id)
    assert stage.response_due == D(2026, 2, 18)
    (moved,) = events(case, CaseEvent.Kind.DUE_DATE_MOVED)
    assert "17 February 2026 to 18 February 2026" in moved
