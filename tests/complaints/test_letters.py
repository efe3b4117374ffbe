"""The letters the Code requires, issued through the real workflow and read back out of the PDF the resident gets.

Today is frozen at Monday 2 March 2026. A complaint received Mon 2 Feb and acknowledged Wed 4 Feb has its
stage 1 response due Wed 18 Feb (10 working days); 5 more working days make it Wed 25 Feb."""

from __future__ import annotations

import datetime
import functools
import hashlib
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils.safestring import SafeData
from rest_framework.test import APIClient

from complaints.models import (
    CaseEvent,
    Complaint,
    Correspondence,
    Disclosure,
    Document,
    Letter,
    LetterKind,
    LetterTemplate,
    RefusalReason,
    RegimeStage,
    Response,
    address_lines,
)
from complaints.selectors import complaint_letters
from complaints.services import assignment, letters, record, workflow
from core import roles
from core.errors import WorkflowError
from tests.conftest import POINTS
from tests.factories import ResidentFactory, UserFactory
from tests.pdf import pdf_info, pdf_lines, pdf_pages, pdf_text

D = datetime.date
RECEIVED = D(2026, 2, 2)
ACKNOWLEDGED = D(2026, 2, 4)

pytestmark = pytest.mark.django_db


def acknowledge(officer, complaint, on=ACKNOWLEDGED):
    return workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=on, points=POINTS)


RESPONDED = D(2026, 2, 20)


def respond(actor, complaint, on=RESPONDED, **kwargs):
    return workflow.complaint_respond(
        actor=actor,
        complaint=complaint,
        responded_on=on,
        decision="partly_upheld",
        reasons="The appointments were missed because of a scheduling error.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
            workflow.PointDecisionInput(2, "not_upheld", "Our call log shows two call-backs."),
        ],
        remedies=kwargs.pop(
            "remedies",
            [
                workflow.RemedyInput(
                    kind="financial", description="Compensation for the missed days", due_on=D(2026, 3, 6), amount=150
                )
            ],
        ),
        outstanding_actions=[workflow.ActionInput(description="Replace the boiler", due_on=D(2026, 3, 13))],
        **kwargs,
    )


def letter_of(complaint, kind):
    return Letter.objects.select_related("document", "correspondence").get(complaint=complaint, kind=kind)


def assert_in_order(text, phrases):
    """Each phrase is in the text, after the one before it."""
    position = -1
    for phrase in phrases:
        found = text.find(phrase, position + 1)
        assert found > position, f"{phrase!r} missing, or out of order, in: {text}"
        position = found


@pytest.fixture
def acknowledged(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED)
    acknowledge(officer, complaint)
    return complaint


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="ada", is_staff=True)


# --- each kind of letter ---------------------------------------------------------------------------------------


def test_the_acknowledgement_letter_sets_out_the_complaint_definition_and_the_response_due_date(
    acknowledged, resident, officer
):
    letter = letter_of(acknowledged, LetterKind.ACKNOWLEDGEMENT)
    text = pdf_text(letter.document)
    assert_in_order(
        text,
        [
            resident.name,
            "Date: 4 February 2026",
            f"Our reference: {acknowledged.reference}",
            f"Your complaint {acknowledged.reference}: we have received it",
            f"Dear {resident.name},",
            "What we understand your complaint to be",
            "Repair appointments were missed",
            "The outcome you are looking for: Boiler repaired this week",
            "Nobody called back",
            "The outcome you are looking for: An apology",
            "When we will respond",
            "We will send you our full response by 18 February 2026.",
            "Yours sincerely,",
            officer.get_full_name(),
        ],
    )
    assert (letter.stage, letter.issued_on, letter.template_version) == (1, ACKNOWLEDGED, 1)


def test_an_issued_letter_is_a_document_on_its_correspondence_and_a_line_in_the_timeline(acknowledged, officer):
    letter = letter_of(acknowledged, LetterKind.ACKNOWLEDGEMENT)
    document, correspondence = letter.document, letter.correspondence
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert (document.complaint, document.correspondence, document.content_type, document.size, document.sha256) == (
        acknowledged,
        correspondence,
        "application/pdf",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert (correspondence.direction, correspondence.party, correspondence.occurred_on, correspondence.recorded_by) == (
        Correspondence.Direction.OUTGOING,
        Correspondence.Party.RESIDENT,
        ACKNOWLEDGED,
        officer,
    )
    assert "Repair appointments were missed" in correspondence.body
    event = acknowledged.timeline.get(kind=CaseEvent.Kind.LETTER)
    assert event.description == (
        f"Acknowledgement letter issued on 4 February 2026: Your complaint {acknowledged.reference}: "
        "we have received it."
    )
    assert event.actor == officer


def test_the_extension_letter_gives_the_reason_the_new_date_and_the_ombudsmans_details(acknowledged, officer):
    workflow.extension_grant(
        actor=officer,
        complaint=acknowledged,
        working_days=5,
        reason="We are waiting for the contractor's report on the boiler.",
        resident_informed_on=D(2026, 2, 16),
        ombudsman_details_given=True,
        update_interval_working_days=3,
    )
    letter = letter_of(acknowledged, LetterKind.EXTENSION)
    text = pdf_text(letter.document)
    assert_in_order(
        text,
        [
            "Date: 16 February 2026",
            "Why we need more time",
            "We are waiting for the contractor's report on the boiler.",
            "We will now send you our response by 25 February 2026, instead of 18 February 2026.",
            "at least every 3 working days",
            "Contacting the Ombudsman",
            "You can contact the Housing Ombudsman:",
            "Housing Ombudsman Service, PO Box 152, Liverpool L33 7WQ",
            "0300 111 3000",
        ],
    )


def test_the_stage_1_response_has_every_element_of_6_9_in_the_codes_order(acknowledged, officer):
    respond(officer, acknowledged)
    text = pdf_text(letter_of(acknowledged, LetterKind.STAGE_1_RESPONSE).document)
    assert_in_order(
        text,
        [
            "Date: 20 February 2026",
            # a. the complaint stage
            "The stage of your complaint",
            "This is our response to your complaint at stage 1 of our complaints procedure.",
            # b. the complaint definition
            "What we understood your complaint to be",
            "Repair appointments were missed",
            "Boiler repaired this week",
            "Nobody called back",
            # c. the decision, on each point and overall
            "Our decision",
            "Our decision on your complaint as a whole: partly upheld.",
            "Point 1: upheld.",
            "Point 2: not upheld.",
            # d. the reasons
            "The reasons for our decisions",
            "The appointments were missed because of a scheduling error.",
            "Three appointments were missed.",
            "Our call log shows two call-backs.",
            # e. the remedy
            "What we will do to put things right",
            "Financial remedy: Compensation for the missed days (£150.00)",
            "We will do this by 6 March 2026.",
            # f. outstanding actions
            "What is still to be done",
            "Replace the boiler",
            "By 13 March 2026.",
            # g. how to escalate to stage 2
            "If you are not happy with our response",
            "ask us to look at your complaint again at stage 2",
        ],
    )


def test_the_stage_2_final_response_has_every_element_of_6_19_in_order_ending_with_the_ombudsman(
    acknowledged, officer, manager
):
    respond(officer, acknowledged)
    workflow.complaint_escalate(actor=officer, complaint=acknowledged, requested_on=D(2026, 2, 23))
    assignment.reviewer_assign(actor=officer, complaint=acknowledged, reviewer=manager)
    acknowledge(officer, acknowledged, on=D(2026, 2, 24))
    respond(manager, acknowledged, on=D(2026, 3, 2), remedies=[])
    text = pdf_text(letter_of(acknowledged, LetterKind.STAGE_2_RESPONSE).document)
    assert_in_order(
        text,
        [
            f"Your complaint {acknowledged.reference}: our final response",
            "This is our final response to your complaint at stage 2 of our complaints procedure.",
            "What we understood your complaint to be",
            "Repair appointments were missed",
            "Our decision on your complaint as a whole: partly upheld.",
            "The reasons for our decisions",
            "What we will do to put things right",
            # Nothing more at stage 2; what stage 1 offered and has not been done still stands (Code 6.19 e).
            "We have not offered anything more at this stage. What we offered at stage 1 still stands:",
            "Financial remedy: Compensation for the missed days (£150.00)",
            "From our stage 1 response.",
            "We will do this by 6 March 2026.",
            "What is still to be done",
            "Replace the boiler",
            "If you are still not happy",
            "you can ask the Housing Ombudsman to look at your complaint",
            "0300 111 3000",
            "Yours sincerely,",
            manager.get_full_name(),
        ],
    )
    # Both stages were acknowledged in writing.
    assert acknowledged.letters.filter(kind=LetterKind.ACKNOWLEDGEMENT).count() == 2


def test_the_refusal_letter_gives_the_reasons_and_the_right_to_go_to_the_ombudsman(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED)
    workflow.complaint_refuse(
        actor=officer,
        complaint=complaint,
        reason=RefusalReason.objects.get(code="legal_proceedings"),
        explanation="Your solicitors filed a disrepair claim about the same boiler at the county court.",
        evidence="Claim form seen on 3 February.",
        decided_on=D(2026, 2, 5),
    )
    text = pdf_text(letter_of(complaint, LetterKind.REFUSAL).document)
    assert_in_order(
        text,
        [
            "Date: 5 February 2026",
            "Why we cannot accept your complaint",
            "Legal proceedings have started.",
            "Your solicitors filed a disrepair claim about the same boiler at the county court.",
            "Your right to go to the Ombudsman",
            "You have the right to ask the Housing Ombudsman to look at this decision.",
            "they may tell us to take on your complaint",
            "0300 111 3000",
        ],
    )
    assert "Claim form seen" not in text  # the evidence is the landlord's record, not part of the letter


def test_refusing_to_escalate_sends_the_5_11_letter_with_the_reasons_and_the_ombudsman(acknowledged, officer, manager):
    respond(officer, acknowledged)
    workflow.complaint_escalate(actor=officer, complaint=acknowledged, requested_on=D(2026, 2, 23))
    workflow.complaint_refuse(
        actor=manager,
        complaint=acknowledged,
        reason=RefusalReason.objects.get(code="previously_considered"),
        explanation="You asked about the same boiler repair in complaint CMP-000001, answered at stage 2.",
        evidence="Complaint CMP-000001.",
        decided_on=D(2026, 2, 25),
    )
    assert not acknowledged.letters.filter(kind=LetterKind.REFUSAL).exists()
    text = pdf_text(letter_of(acknowledged, LetterKind.ESCALATION_REFUSAL).document)
    assert_in_order(
        text,
        [
            f"Your complaint {acknowledged.reference}: your request for stage 2",
            "Why we will not escalate your complaint to stage 2",
            "You asked about the same boiler repair in complaint CMP-000001",
            "Your right to go to the Ombudsman",
            "they may tell us to look at your complaint at stage 2",
            "0300 111 3000",
        ],
    )


def test_a_letter_to_a_representative_is_addressed_to_them_on_the_residents_behalf(log_complaint, officer, resident):
    representative = resident.representatives.create(
        name="Councillor Priya Shah",
        relationship="Ward councillor",
        authority="elected_representative",
        authority_given_on=D(2026, 1, 30),
        address="Ward Office\n1 Civic Square\nLeeds",
        postcode="LS1 1UR",
    )
    complaint = log_complaint(received_on=RECEIVED, representative=representative)
    acknowledge(officer, complaint)
    letter = letter_of(complaint, LetterKind.ACKNOWLEDGEMENT)
    assert letter.correspondence.party == Correspondence.Party.REPRESENTATIVE
    text = pdf_text(letter.document)
    # Code 3.6: to the representative, at their own address, each line of it on its own line.
    assert_in_order(
        text,
        ["Councillor Priya Shah", f"On behalf of {resident.name}", "Ward Office 1 Civic Square Leeds LS1 1UR"],
    )
    assert "Dear Councillor Priya" in text
    assert resident.home.address not in text


@pytest.mark.real_pdf
def test_the_pdf_is_tagged_and_titled_for_screen_readers(acknowledged):
    info = pdf_info(letter_of(acknowledged, LetterKind.ACKNOWLEDGEMENT).document)
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Your complaint {acknowledged.reference}: we have received it"


# --- faults found in testing: what stage 1 still owes, the stage's name, the address, the sign-off -------------


def test_the_final_response_sets_out_what_stage_1_still_owes_as_well_as_what_stage_2_adds(
    log_complaint, officer, manager
):
    """The fault: the stage 2 final response said "There is nothing outstanding." while the stage 1 repair (due in
    January) and a £250 remedy were still open. Code 6.19 e and f: every remedy and action still owed appears."""
    complaint = log_complaint(received_on=D(2025, 12, 1))
    acknowledge(officer, complaint, on=D(2025, 12, 3))
    workflow.complaint_respond(
        actor=officer,
        complaint=complaint,
        responded_on=D(2025, 12, 15),
        decision="upheld",
        reasons="The roof leak was reported three times before anyone came.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
            workflow.PointDecisionInput(2, "upheld", "Nobody called back."),
        ],
        remedies=[
            workflow.RemedyInput(
                kind="financial", description="Compensation for the damage", due_on=D(2026, 1, 9), amount=250
            )
        ],
        outstanding_actions=[
            workflow.ActionInput(description="Repair the roof", due_on=D(2026, 1, 16)),
            workflow.ActionInput(description="Inspect the loft insulation", due_on=D(2026, 1, 9)),
        ],
    )
    done = complaint.outstanding_actions.get(description="Inspect the loft insulation")
    record.outstanding_action_complete(actor=officer, action=done, completed_on=D(2026, 1, 8))
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 2))
    assignment.reviewer_assign(actor=officer, complaint=complaint, reviewer=manager)
    acknowledge(officer, complaint, on=D(2026, 2, 4))
    workflow.complaint_respond(
        actor=manager,
        complaint=complaint,
        responded_on=D(2026, 3, 2),
        decision="upheld",
        reasons="We agree with the stage 1 decision.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Three appointments were missed."),
            workflow.PointDecisionInput(2, "upheld", "Nobody called back."),
        ],
        remedies=[],
        outstanding_actions=[],
    )
    text = pdf_text(letter_of(complaint, LetterKind.STAGE_2_RESPONSE).document)
    assert_in_order(
        text,
        [
            "What we will do to put things right",
            "We have not offered anything more at this stage. What we offered at stage 1 still stands:",
            "Financial remedy: Compensation for the damage (£250.00)",
            "From our stage 1 response.",
            "This was due by 9 January 2026 and has not been done yet.",
            "What is still to be done",
            "We will keep you updated until these are done.",
            "Repair the roof",
            "From our stage 1 response.",
            "This was due by 16 January 2026 and has not been done yet.",
            "If you are still not happy",
        ],
    )
    assert "There is nothing outstanding." not in text
    assert "We have not offered a remedy" not in text
    assert "Inspect the loft insulation" not in text  # done in January: nothing is owed


def test_the_stage_1_response_lists_only_its_own_remedies_and_actions(acknowledged, officer):
    respond(officer, acknowledged)
    text = pdf_text(letter_of(acknowledged, LetterKind.STAGE_1_RESPONSE).document)
    assert "From our stage 1 response." not in text
    assert text.count("Replace the boiler") == 1


def test_a_stage_named_stage_1_is_named_once_and_another_name_is_given_with_its_number(
    acknowledged, log_complaint, officer
):
    respond(officer, acknowledged)
    text = pdf_text(letter_of(acknowledged, LetterKind.STAGE_1_RESPONSE).document)
    assert "at stage 1 of our complaints procedure." in text
    assert "(stage 1)" not in text
    # Under the SPSO's procedure the stage has its own name: both are given.
    scottish = log_complaint(received_on=RECEIVED, nation="scotland", resident=ResidentFactory(home__nation="scotland"))
    workflow.complaint_define(actor=officer, complaint=scottish, points=POINTS)
    respond(officer, scottish, on=D(2026, 2, 6))
    text = pdf_text(letter_of(scottish, LetterKind.STAGE_1_RESPONSE).document)
    assert "at frontline response (stage 1) of our complaints procedure." in text


ONE_LINE_ADDRESS = "Flat 2, 10, High Street, Leeds"


def test_an_address_typed_on_one_line_is_set_out_a_line_a_part():
    assert address_lines(f"{ONE_LINE_ADDRESS}\nLS1 1AA") == ["Flat 2", "10 High Street", "Leeds", "LS1 1AA"]
    assert address_lines("Ward Office\n1 Civic Square\n\nLeeds, ") == ["Ward Office", "1 Civic Square", "Leeds"]
    assert address_lines("Rose Cottage, 12-14, Mill Lane") == ["Rose Cottage", "12-14 Mill Lane"]


def _letter_to(log_complaint, officer, resident):
    complaint = log_complaint(received_on=RECEIVED, resident=resident)
    acknowledge(officer, complaint)
    return letter_of(complaint, LetterKind.ACKNOWLEDGEMENT).document


def _address_block_is_line_by_line(lines, name):
    start = lines.index(name)
    assert lines[start : start + 5] == [name, "Flat 2", "10 High Street", "Leeds", "LS1 1AA"]


def test_the_address_block_has_each_part_on_its_own_line(log_complaint, officer):
    """The fault: the address came out on one line. The letter's HTML has a block per line (the stand-in draws each
    block of the HTML on a line of its own), so the PDF's text does too."""
    resident = ResidentFactory(name="Alex Example", home__address=ONE_LINE_ADDRESS, home__postcode="LS1 1AA")
    _address_block_is_line_by_line(pdf_lines(_letter_to(log_complaint, officer, resident)), "Alex Example")


@pytest.mark.real_pdf
def test_the_drawn_address_block_has_each_part_on_its_own_line(log_complaint, officer):
    resident = ResidentFactory(name="Alex Example", home__address=ONE_LINE_ADDRESS, home__postcode="LS1 1AA")
    _address_block_is_line_by_line(pdf_lines(_letter_to(log_complaint, officer, resident)), "Alex Example")


def _pages_with_words(log_complaint, officer, resident, words):
    """An acknowledgement whose definition has a point `words` words longer: a way of moving where its pages end."""
    complaint = log_complaint(received_on=RECEIVED, resident=resident)
    outcome = " ".join(["word"] * words) or "None"
    workflow.complaint_acknowledge(
        actor=officer,
        complaint=complaint,
        acknowledged_on=ACKNOWLEDGED,
        points=[*POINTS, workflow.PointInput(point="The repairs took months", outcome_sought=outcome)],
    )
    return pdf_pages(letter_of(complaint, LetterKind.ACKNOWLEDGEMENT).document)


@pytest.mark.real_pdf
@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large-print"])
def test_the_sign_off_never_stands_alone_on_a_page(log_complaint, officer, resident, large_print):
    """The fault: the acknowledgement's second page held only the sign-off. The letter is made longer a word at a
    time around the length at which it first needs a second page, where the sign-off would be the first thing to
    go over; the last page always holds the last paragraph with the whole sign-off."""
    if large_print:
        record.adjustment_agree(
            actor=officer, resident=resident, need="large_print", agreed_on=D(2026, 1, 5), review_due=D(2026, 7, 1)
        )
    pages = functools.partial(_pages_with_words, log_complaint, officer, resident)
    low, high = 0, 800
    fewest = len(pages(low))
    assert len(pages(high)) > fewest
    while high - low > 1:  # the fewest words that take the letter onto another page
        middle = (low + high) // 2
        low, high = (low, middle) if len(pages(middle)) > fewest else (middle, high)
    # The offer of other formats ends the letter, except for someone who told us the format they need.
    last_paragraph = (
        "We will keep you informed while we look into your complaint."
        if large_print
        else "If you need this letter in another format"
    )
    signature = ["Yours sincerely,", officer.get_full_name(), "Complaints team", settings.LANDLORD_NAME]
    for words in range(high, high + 25, 6):
        assert_in_order(pages(words)[-1], [last_paragraph, *signature])


# --- a letter lacking a required element is not issued ---------------------------------------------------------


def test_a_response_whose_letter_would_lack_the_escalation_route_is_refused_and_changes_nothing(acknowledged, officer):
    RegimeStage.objects.filter(regime=acknowledged.regime, number=1).update(next_step="")
    version = Complaint.objects.get(pk=acknowledged.pk).version
    before = (Correspondence.objects.count(), Document.objects.count(), CaseEvent.objects.count())
    with pytest.raises(WorkflowError, match=r"how to escalate the complaint to stage 2 \(Code 6\.9 g\)"):
        respond(officer, acknowledged)
    complaint = Complaint.objects.get(pk=acknowledged.pk)
    assert (complaint.status, complaint.version) == (Complaint.Status.IN_PROGRESS, version)
    assert not Response.objects.filter(stage__complaint=complaint).exists()
    assert not complaint.remedies.exists() and not complaint.outstanding_actions.exists()
    assert complaint.current_stage.responded_on is None
    assert (Correspondence.objects.count(), Document.objects.count(), CaseEvent.objects.count()) == before


def test_an_extension_cannot_be_granted_when_the_ombudsmans_details_are_missing(acknowledged, officer):
    acknowledged.regime.__class__.objects.filter(pk=acknowledged.regime_id).update(ombudsman_contact="  ")
    with pytest.raises(WorkflowError, match=r"the Ombudsman's contact details \(Code 6\.5, 6\.16\)"):
        workflow.extension_grant(
            actor=officer,
            complaint=acknowledged,
            working_days=5,
            reason="Waiting for the contractor.",
            resident_informed_on=D(2026, 2, 16),
            ombudsman_details_given=True,
            update_interval_working_days=3,
        )
    assert Complaint.objects.get(pk=acknowledged.pk).current_stage.extension_days == 0


def test_a_response_letter_names_every_point_without_a_decision(acknowledged, officer):
    """A point added to the definition after the response (which the workflow would not allow) is caught by the
    letter itself: it never goes out with a point unanswered."""
    respond(officer, acknowledged)
    stage = Complaint.objects.get(pk=acknowledged.pk).current_stage
    stage.definition.create(position=3, point="The heating engineer was rude", outcome_sought="An apology")
    with pytest.raises(WorkflowError, match=r"it must include a decision on point 3 \(Code 6\.9 c\), and the case"):
        letters.letter_issue(actor=officer, complaint=acknowledged, kind=LetterKind.STAGE_1_RESPONSE)


def test_a_letter_for_something_that_has_not_happened_is_refused(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED)
    with pytest.raises(WorkflowError, match="must include a stage 1 response"):
        letters.letter_issue(actor=officer, complaint=complaint, kind=LetterKind.STAGE_1_RESPONSE)
    with pytest.raises(WorkflowError, match="cannot be sent at stage 1"):
        letters.letter_issue(actor=officer, complaint=complaint, kind=LetterKind.STAGE_2_RESPONSE)
    assert not complaint.letters.exists()


def test_a_letter_can_be_issued_again_with_todays_date(acknowledged, officer):
    letter = letters.letter_issue(actor=officer, complaint=acknowledged, kind=LetterKind.ACKNOWLEDGEMENT)
    assert letter.issued_on == D(2026, 3, 2)
    assert "Date: 2 March 2026" in pdf_text(letter.document)
    assert acknowledged.letters.count() == 2


def test_a_board_member_cannot_issue_letters(acknowledged, board_member):
    with pytest.raises(PermissionDenied, match="cannot issue letters"):
        letters.letter_issue(actor=board_member, complaint=acknowledged, kind=LetterKind.ACKNOWLEDGEMENT)


# --- issued letters never change -------------------------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_an_issued_letter_or_its_pdf(acknowledged):
    letter = letter_of(acknowledged, LetterKind.ACKNOWLEDGEMENT)
    for statement in (
        lambda: Letter.objects.filter(pk=letter.pk).update(issued_on=D(2026, 2, 1)),
        lambda: Document.objects.filter(pk=letter.document_id).update(title="Something else"),
    ):
        with pytest.raises(DatabaseError, match="Cannot update rows"), transaction.atomic():
            statement()
    for model, pk in ((Letter, letter.pk), (Document, letter.document_id)):
        with (
            pytest.raises(DatabaseError, match="Cannot delete rows"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE id = %s', [pk])  # noqa: S608
    letter.refresh_from_db()
    assert letter.issued_on == ACKNOWLEDGED
    assert letter.document.title.endswith("we have received it")


# --- administrators' templates ---------------------------------------------------------------------------------


def admin_post(client, template, **changes):
    data = {name: getattr(template, name) for name in letters.TEMPLATE_PARTS}
    data.update(changes)
    return client.post(f"/admin/complaints/lettertemplate/{template.pk}/change/", data)


def test_an_administrators_edit_appears_in_the_next_letter_and_the_letter_records_the_version(
    log_complaint, officer, administrator, login_with_mfa
):
    first = log_complaint(received_on=RECEIVED)
    acknowledge(officer, first)
    client = Client()
    login_with_mfa(client, administrator)
    template = LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT)
    answer = admin_post(
        client,
        template,
        opening="Thank you, {{ resident_name }}. Your response is due on {{ response_due }}.",
        signature="{{ officer_name }}\nHead of Resident Services",
    )
    assert answer.status_code == 302
    template.refresh_from_db()
    assert template.version == 2

    second = log_complaint(received_on=RECEIVED)
    acknowledge(officer, second)
    letter = letter_of(second, LetterKind.ACKNOWLEDGEMENT)
    text = pdf_text(letter.document)
    assert f"Thank you, {second.resident.name}. Your response is due on 18 February 2026." in text
    assert "Head of Resident Services" in text
    assert letter.template_version == 2
    # The letter already issued keeps its words; the required parts are still there in the new one.
    assert "Head of Resident Services" not in pdf_text(letter_of(first, LetterKind.ACKNOWLEDGEMENT).document)
    assert "We will send you our full response by 18 February 2026." in text
    # The audit trail keeps who changed the wording.
    assert template.events.filter(pgh_label="update", pgh_context__metadata__user=administrator.pk).exists()


@pytest.mark.parametrize(
    ("opening", "message"),
    [
        ("Dear {{ complaint.resident.disclosures }}", "is not a merge field"),
        ("We write about {{ reference|upper }}", "is not a merge field"),
        ("Hello {{ tenant_name }}", "There is no merge field called “tenant_name”"),
        ("{% if reference %}Hello{% endif %}", "tags like {% … %} are not allowed"),
        ("Hello {{ }}", "could not be read as a template"),
        ("{% load static %}", "could not be read as a template"),
    ],
)
def test_the_admin_refuses_a_template_with_anything_but_known_merge_fields(
    administrator, opening, message, login_with_mfa
):
    client = Client()
    login_with_mfa(client, administrator)
    template = LetterTemplate.objects.get(kind=LetterKind.REFUSAL)
    answer = admin_post(client, template, opening=opening)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    template.refresh_from_db()
    assert template.version == 1 and template.opening != opening


def test_the_admin_lists_the_merge_fields_and_cannot_add_or_delete_templates(administrator, login_with_mfa):
    client = Client()
    login_with_mfa(client, administrator)
    template = LetterTemplate.objects.get(kind=LetterKind.EXTENSION)
    page = client.get(f"/admin/complaints/lettertemplate/{template.pk}/change/").content.decode()
    for name in letters.MERGE_FIELDS:
        assert f"{{{{ {name} }}}}" in page
    assert client.get("/admin/complaints/lettertemplate/add/").status_code == 403
    assert client.post(f"/admin/complaints/lettertemplate/{template.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_admin_previews_the_saved_wording_with_example_values_escaped(administrator, login_with_mfa):
    LetterTemplate.objects.filter(kind=LetterKind.EXTENSION).update(
        opening="Dear {{ resident_name }}, about <b>{{ reference }}</b>."
    )
    client = Client()
    login_with_mfa(client, administrator)
    template = LetterTemplate.objects.get(kind=LetterKind.EXTENSION)
    page = client.get(f"/admin/complaints/lettertemplate/{template.pk}/change/").content.decode()
    assert "Dear Ms Alex Example, about &lt;b&gt;CMP-000123&lt;/b&gt;." in page
    assert not isinstance(letters.merge("<b>{{ reference }}</b>", letters.EXAMPLE_VALUES), SafeData)


def test_only_an_administrator_may_change_the_wording(officer):
    template = LetterTemplate.objects.get(kind=LetterKind.REFUSAL)
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        letters.letter_template_update(
            actor=officer, template=template, subject="x", opening="y", closing="", other_formats="", signature="z"
        )


# --- nothing leaks and nothing is injected ---------------------------------------------------------------------


def test_a_template_reaching_beyond_the_merge_fields_is_refused_at_issue_and_leaks_nothing(
    log_complaint, officer, resident
):
    Disclosure.objects.create(
        resident=resident,
        kind="disability",
        description="Registered blind",
        disclosed_on=D(2026, 1, 5),
        recorded_by=officer,
    )
    # Written straight to the database, past the admin form's checks.
    LetterTemplate.objects.filter(kind=LetterKind.ACKNOWLEDGEMENT).update(
        opening="{{ complaint.resident.disclosures.all }} {{ resident_name.__class__ }}"
    )
    complaint = log_complaint(received_on=RECEIVED)
    with pytest.raises(WorkflowError, match="needs correcting by an administrator"):
        acknowledge(officer, complaint)
    assert not Document.objects.exists()
    assert Complaint.objects.get(pk=complaint.pk).status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT


def test_merge_values_and_case_text_are_printed_as_text_never_as_markup_or_template_code(log_complaint, officer):
    LetterTemplate.objects.filter(kind=LetterKind.ACKNOWLEDGEMENT).update(opening="<i>Hello</i> {{ resident_name }}")
    mallory = ResidentFactory(name='<b>Mallory</b> {{ reference }} <img src="file:///etc/passwd">')
    complaint = log_complaint(received_on=RECEIVED, resident=mallory)
    workflow.complaint_acknowledge(
        actor=officer,
        complaint=complaint,
        acknowledged_on=ACKNOWLEDGED,
        points=[workflow.PointInput(point="<script>alert(1)</script> {% debug %}", outcome_sought="</p><h1>Hi")],
    )
    text = pdf_text(letter_of(complaint, LetterKind.ACKNOWLEDGEMENT).document)
    assert 'Dear <b>Mallory</b> {{ reference }} <img src="file:///etc/passwd">,' in text
    assert '<i>Hello</i> <b>Mallory</b> {{ reference }} <img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script> {% debug %}" in text
    assert "The outcome you are looking for: </p><h1>Hi" in text
    assert "root:" not in text


# --- letters as text only, for bulk demo data ------------------------------------------------------------------


def test_without_pdfs_a_letter_is_still_recorded_as_correspondence_and_in_the_timeline(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED)
    with letters.letters_without_pdfs():
        acknowledge(officer, complaint)
    assert not complaint.letters.exists() and not Document.objects.exists()
    correspondence = complaint.correspondence.get()
    assert "Repair appointments were missed" in correspondence.body
    assert complaint.timeline.filter(kind=CaseEvent.Kind.LETTER).count() == 1


# --- downloading documents and letters (API) -------------------------------------------------------------------


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_case_worker_lists_the_documents_and_downloads_a_letter_as_an_attachment(acknowledged, manager):
    letter = letter_of(acknowledged, LetterKind.ACKNOWLEDGEMENT)
    listing = api(manager).get(f"/api/v1/complaints/{acknowledged.pk}/documents/")
    assert listing.status_code == 200
    [item] = listing.json()
    assert (item["id"], item["letter_kind"], item["content_type"], item["correspondence"]) == (
        letter.document_id,
        "acknowledgement",
        "application/pdf",
        letter.correspondence_id,
    )
    download = api(manager).get(item["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    filename = re.search(r'filename="([^"]+)"', disposition).group(1)
    assert (
        filename == f"{acknowledged.reference}-your-complaint-{acknowledged.reference.lower()}-we-have-received-it.pdf"
    )
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == letter.document.sha256


def test_people_who_may_not_see_the_complaint_get_403_for_its_documents(acknowledged, board_member, staff_member):
    document = letter_of(acknowledged, LetterKind.ACKNOWLEDGEMENT).document
    for user in (board_member, staff_member):
        assert api(user).get(f"/api/v1/complaints/{acknowledged.pk}/documents/").status_code == 403
        answer = api(user).get(f"/api/v1/complaints/{acknowledged.pk}/documents/{document.pk}/download/")
        assert answer.status_code == 403
    assert APIClient().get(f"/api/v1/complaints/{acknowledged.pk}/documents/").status_code in {401, 403}


def test_the_staff_member_who_logged_a_complaint_may_download_its_letters(log_complaint, staff_member, officer):
    complaint = log_complaint(received_on=RECEIVED, actor=staff_member)
    acknowledge(officer, complaint)
    document = letter_of(complaint, LetterKind.ACKNOWLEDGEMENT).document
    answer = api(staff_member).get(f"/api/v1/complaints/{complaint.pk}/documents/{document.pk}/download/")
    assert answer.status_code == 200


def test_a_document_of_another_complaint_or_an_unknown_one_is_404(log_complaint, acknowledged, officer):
    other = log_complaint(received_on=RECEIVED)
    acknowledge(officer, other)
    document = letter_of(other, LetterKind.ACKNOWLEDGEMENT).document
    client = api(officer)
    assert client.get(f"/api/v1/complaints/{acknowledged.pk}/documents/{document.pk}/download/").status_code == 404
    assert client.get(f"/api/v1/complaints/{acknowledged.pk}/documents/999999/download/").status_code == 404
    assert client.get("/api/v1/complaints/999999/documents/").status_code == 404


def test_a_stored_file_changed_behind_the_systems_back_is_not_sent(acknowledged, officer):
    document = letter_of(acknowledged, LetterKind.ACKNOWLEDGEMENT).document
    with open(document.file.path, "r+b") as handle:
        handle.seek(-10, 2)
        handle.write(b"tampered!!")
    answer = api(officer).get(f"/api/v1/complaints/{acknowledged.pk}/documents/{document.pk}/download/")
    assert answer.status_code == 500
    assert "changed since it was stored" in answer.json()["detail"]


def test_the_letters_selector_lists_what_the_resident_was_sent_in_order(acknowledged, officer):
    workflow.extension_grant(
        actor=officer,
        complaint=acknowledged,
        working_days=2,
        reason="Waiting for the surveyor.",
        resident_informed_on=D(2026, 2, 12),
        ombudsman_details_given=True,
        update_interval_working_days=5,
    )
    respond(officer, acknowledged)
    assert [(letter.kind, letter.issued_on) for letter in complaint_letters(acknowledged)] == [
        (LetterKind.ACKNOWLEDGEMENT, ACKNOWLEDGED),
        (LetterKind.EXTENSION, D(2026, 2, 12)),
        (LetterKind.STAGE_1_RESPONSE, RESPONDED),
    ]
