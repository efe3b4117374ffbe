from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from complaints.models import CaseEvent, Complaint, Document, OutstandingAction, Refusal, RefusalReason, Remedy
from complaints.services import record, workflow
from tests.casework.conftest import date_fields
from tests.conftest import POINTS, TODAY
from tests.factories import ResidentFactory, senior_manager
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


def act(client, complaint, action, data=None, **kwargs):
    complaint.refresh_from_db()
    payload = {"version": complaint.version, **(data or {})}
    return client.post(reverse("casework:complaint-action", args=[complaint.reference, action]), payload, **kwargs)


def page(client, complaint):
    return client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()


def acknowledge_data(day=TODAY):
    return {
        **date_fields("acknowledged_on", day),
        "points-TOTAL_FORMS": 3,
        "points-INITIAL_FORMS": 0,
        "points-MIN_NUM_FORMS": 1,
        "points-MAX_NUM_FORMS": 10,
        "points-0-point": "Repair appointments were missed",
        "points-0-outcome_sought": "Boiler repaired this week",
        "points-1-point": "Nobody called back",
        "points-1-outcome_sought": "An apology",
        "points-2-point": "",
        "points-2-outcome_sought": "",
    }


def respond_data(day=TODAY, decision="upheld"):
    return {
        **date_fields("responded_on", day),
        "decision": decision,
        "reasons": "The appointments were missed and nobody called back.",
        "point_1_decision": decision,
        "point_1_reason": "Three appointments were missed.",
        "point_2_decision": decision,
        "point_2_reason": "No call-back was logged.",
        "remedy_kind": "",
    }


@pytest.fixture
def complaint(log_complaint):
    return log_complaint(received_on=datetime.date(2026, 2, 23))


@pytest.fixture
def acknowledged(complaint, officer):
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=datetime.date(2026, 2, 24), points=POINTS
    )
    return complaint


def test_the_case_page_shows_the_resident_both_dates_and_the_timeline(as_officer, acknowledged):
    html = page(as_officer, acknowledged)
    # As the page shows it: a name such as O'Brien is HTML-escaped.
    assert escape(acknowledged.resident.name) in html
    assert "Acknowledged 24 February 2026" in html
    assert "Due 10 March 2026" in html and "in 6 working days" in html
    assert "Repair appointments were missed" in html
    assert "Complaint received by phone" in html and "Stage 1 acknowledged on 24 February 2026" in html


def test_adjustments_and_disclosures_are_shown_prominently_to_case_workers(as_officer, complaint, officer):
    record.adjustment_agree(
        actor=officer,
        resident=complaint.resident,
        adjustment="Phone calls, not letters",
        agreed_on=TODAY,
        review_due=datetime.date(2026, 9, 1),
    )
    record.disclosure_record(
        actor=officer, resident=complaint.resident, kind="disability", description="Sight loss", disclosed_on=TODAY
    )
    html = page(as_officer, complaint)
    assert 'id="special-category"' in html and "Sight loss" in html
    assert 'id="communication-needs"' in html and "Phone calls, not letters" in html


def _needs_banner(html):
    start = html.index('id="communication-needs"')
    return html[start : html.index("</div>\n</div>", start)]


def test_the_case_header_shows_the_residents_communication_needs_to_act_on(as_officer, complaint, officer):
    resident = complaint.resident
    for need, language in (("large_print", ""), ("other_language", "Polish"), ("bsl", "")):
        record.adjustment_agree(
            actor=officer,
            resident=resident,
            need=need,
            language=language,
            agreed_on=TODAY,
            review_due=datetime.date(2026, 9, 1),
        )
    ended = record.adjustment_agree(
        actor=officer, resident=resident, need="audio", agreed_on=TODAY, review_due=datetime.date(2026, 9, 1)
    )
    record.special_category_review(actor=officer, item=ended, reviewed_on=TODAY, next_review_due=None, ended=True)
    html = page(as_officer, complaint)
    # In the header, above the case, where nobody handling it can miss it.
    assert html.index('id="communication-needs"') < html.index("The complaint</h2>")
    banner = _needs_banner(html)
    assert "Large print</strong>. Letters are drawn in large print." in banner
    assert "Another language: Polish" in banner and "British Sign Language" in banner
    assert "Audio" not in banner  # ended at its review
    assert "review 1 September 2026" in banner


def test_the_case_header_shows_no_needs_to_someone_who_may_not_see_them(
    client, login_with_mfa, log_complaint, staff_member, officer
):
    complaint = log_complaint(actor=staff_member)
    record.adjustment_agree(
        actor=officer,
        resident=complaint.resident,
        need="other_language",
        language="Tigrinya",
        agreed_on=TODAY,
        review_due=datetime.date(2026, 9, 1),
    )
    login_with_mfa(client, staff_member)
    answer = client.get(reverse("casework:complaint", args=[complaint.reference]))
    assert answer.status_code == 200  # they logged it, so they may follow it (Code 3.2)
    html = answer.content.decode()
    assert "communication-needs" not in html and "Tigrinya" not in html and "Another language" not in html


def test_an_address_typed_on_one_line_is_shown_a_line_a_part(as_officer, log_complaint):
    resident = ResidentFactory(home__address="Flat 2, 10 High Street, Leeds", home__postcode="LS1 1AA")
    html = page(as_officer, log_complaint(resident=resident))
    assert "Flat 2<br>10 High Street<br>Leeds<br>LS1 1AA</dd>" in html


def test_the_case_page_takes_a_fixed_number_of_queries(as_officer, acknowledged, officer):
    def count():
        with CaptureQueriesContext(connection) as queries:
            page(as_officer, acknowledged)
        return len(queries)

    before = count()
    for n in range(5):
        record.correspondence_record(
            actor=officer,
            complaint=acknowledged,
            direction="in",
            party="resident",
            channel=acknowledged.channel,
            occurred_on=TODAY,
            subject=f"Call {n}",
        )
        record.remedy_add(
            actor=officer,
            complaint=acknowledged,
            kind=record.RemedyKind.objects.get(code="apology"),
            description=f"Apology {n}",
            due_on=TODAY,
        )
    assert count() == before


def test_only_the_actions_allowed_now_are_offered(as_officer, complaint, acknowledged):
    html = page(as_officer, acknowledged)
    for label in ["Extend", "Issue the response", "Record correspondence", "Withdraw"]:
        assert f">{label}</a>" in html
    for label in ["Acknowledge and define", "Escalate to stage 2", "Close", "Refuse"]:
        assert f">{label}</a>" not in html


def test_an_officer_acknowledges_with_the_definition(as_officer, complaint):
    response = act(as_officer, complaint, "acknowledge", acknowledge_data())
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.IN_PROGRESS
    assert [p.point for p in complaint.current_stage.definition.all()] == [
        "Repair appointments were missed",
        "Nobody called back",
    ]


def test_a_definition_point_without_an_outcome_is_explained(as_officer, complaint):
    data = acknowledge_data()
    data["points-1-outcome_sought"] = ""
    response = act(as_officer, complaint, "acknowledge", data)
    assert response.status_code == 200
    assert "Point 2 needs both what the complaint is about and the outcome" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT


def test_a_stale_version_is_told_the_case_changed_and_nothing_is_saved(as_officer, complaint, officer):
    stale = complaint.version
    record.correspondence_record(
        actor=officer,
        complaint=complaint,
        direction="in",
        party="resident",
        channel=complaint.channel,
        occurred_on=TODAY,
        subject="Resident rang",
    )
    response = as_officer.post(
        reverse("casework:complaint-action", args=[complaint.reference, "acknowledge"]),
        {"version": stale, **acknowledge_data()},
    )
    assert response.status_code == 409
    assert "This case changed" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.AWAITING_ACKNOWLEDGEMENT


def test_extend_needs_the_ombudsman_details_and_then_moves_the_due_date(as_officer, acknowledged):
    data = {
        "working_days": 5,
        "reason": "Waiting for the surveyor",
        **date_fields("resident_informed_on", TODAY),
        "update_interval_working_days": 3,
    }
    refused = act(as_officer, acknowledged, "extend", data)
    assert "contact details of the Housing Ombudsman" in refused.content.decode()
    assert act(as_officer, acknowledged, "extend", {**data, "ombudsman_details_given": "on"}).status_code == 302
    acknowledged.current_stage.refresh_from_db()
    assert acknowledged.current_stage.response_due == datetime.date(2026, 3, 17)


def test_respond_with_a_remedy_and_an_outstanding_action(as_officer, acknowledged):
    data = {
        **respond_data(),
        "remedy_kind": "financial",
        "remedy_description": "Compensation for the missed appointments",
        "remedy_amount": "75.00",
        **date_fields("remedy_due_on", datetime.date(2026, 3, 16)),
        "action_description": "Replace the boiler",
        **date_fields("action_due_on", datetime.date(2026, 3, 20)),
    }
    assert act(as_officer, acknowledged, "respond", data).status_code == 302
    acknowledged.refresh_from_db()
    assert acknowledged.status == Complaint.Status.RESPONDED
    assert Remedy.objects.get().amount == 75
    assert OutstandingAction.objects.get().description == "Replace the boiler"


def test_a_response_must_decide_every_point(as_officer, acknowledged):
    data = respond_data()
    del data["point_2_reason"]
    response = act(as_officer, acknowledged, "respond", data)
    assert response.status_code == 200
    acknowledged.refresh_from_db()
    assert acknowledged.status == Complaint.Status.IN_PROGRESS


def test_escalate_assign_a_reviewer_and_the_reviewer_gives_the_final_response(
    client, as_officer, acknowledged, officer, login_with_mfa
):
    act(as_officer, acknowledged, "respond", respond_data(decision="not_upheld"))
    assert act(as_officer, acknowledged, "escalate", date_fields("requested_on", TODAY)).status_code == 302
    reviewer = senior_manager(username="rhys")
    response = act(as_officer, acknowledged, "assign-reviewer", {"reviewer": officer.pk})
    assert response.status_code == 200  # only senior managers are offered (Code 6.13)
    assert act(as_officer, acknowledged, "assign-reviewer", {"reviewer": reviewer.pk}).status_code == 302
    login_with_mfa(client, reviewer)
    assert act(client, acknowledged, "acknowledge", acknowledge_data()).status_code == 302
    assert act(client, acknowledged, "respond", respond_data(decision="upheld")).status_code == 302
    acknowledged.refresh_from_db()
    assert (acknowledged.stage, acknowledged.status) == (2, Complaint.Status.RESPONDED)


def test_the_stage_1_handler_cannot_review_at_stage_2(client, acknowledged, officer, log_complaint, login_with_mfa):
    manager = senior_manager(username="mo")
    workflow.complaint_respond(
        actor=officer,
        complaint=acknowledged,
        responded_on=TODAY,
        decision="upheld",
        reasons="Yes",
        point_decisions=[workflow.PointDecisionInput(1, "upheld", "a"), workflow.PointDecisionInput(2, "upheld", "b")],
        remedies=[],
        outstanding_actions=[],
    )
    workflow.complaint_escalate(actor=officer, complaint=acknowledged, requested_on=TODAY)
    login_with_mfa(client, officer)
    assert act(client, acknowledged, "respond", respond_data()).status_code == 403  # officers cannot at stage 2
    assert manager


def test_refuse_records_the_reason_and_evidence(as_officer, complaint):
    reason = RefusalReason.objects.get(code="legal_proceedings")
    data = {
        "reason": reason.pk,
        "explanation": "The disrepair claim covers the same boiler.",
        "evidence": "Claim form filed 1 February 2026",
        **date_fields("decided_on", TODAY),
    }
    assert act(as_officer, complaint, "refuse", data).status_code == 302
    assert Refusal.objects.get().evidence == "Claim form filed 1 February 2026"


def test_withdraw_and_reopen(as_officer, complaint):
    assert (
        act(
            as_officer, complaint, "withdraw", {**date_fields("withdrawn_on", TODAY), "note": "Rang to say fixed"}
        ).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.WITHDRAWN
    assert (
        act(
            as_officer, complaint, "reopen", {**date_fields("reopened_on", TODAY), "reason": "Not fixed after all"}
        ).status_code
        == 302
    )


def test_close_after_the_response(as_officer, acknowledged):
    act(as_officer, acknowledged, "respond", respond_data())
    assert act(as_officer, acknowledged, "close", date_fields("closed_on", TODAY)).status_code == 302
    acknowledged.refresh_from_db()
    assert acknowledged.status == Complaint.Status.CLOSED


def test_correspondence_and_documents_join_the_timeline(as_officer, acknowledged):
    data = {
        "direction": "in",
        "party": "resident",
        "channel": acknowledged.channel.pk,
        "subject": "Resident rang about the boiler",
        **date_fields("occurred_on", TODAY),
    }
    assert act(as_officer, acknowledged, "correspondence", data).status_code == 302
    upload = SimpleUploadedFile("report.pdf", pdf_bytes("report"), content_type="application/pdf")
    response = as_officer.post(
        reverse("casework:complaint-action", args=[acknowledged.reference, "document"]),
        {"title": "Surveyor's report", "file": upload},
    )
    assert response.status_code == 302
    html = page(as_officer, acknowledged)
    assert "Resident rang about the boiler" in html and "Document: Surveyor&#x27;s report" in html
    document = Document.objects.get(title="Surveyor's report")
    download = as_officer.get(reverse("casework:document", args=[acknowledged.reference, document.pk]))
    assert b"".join(download.streaming_content) == pdf_bytes("report")


def test_an_unrelated_issue_becomes_a_linked_complaint(as_officer, acknowledged):
    data = {
        "point": "The neighbour's noise",
        "outcome_sought": "Action on the noise",
        **date_fields("raised_on", TODAY),
    }
    assert act(as_officer, acknowledged, "issue", data).status_code == 302
    new = Complaint.objects.exclude(pk=acknowledged.pk).get()
    assert acknowledged in new.related.all()


def test_a_related_issue_joins_the_definition(as_officer, acknowledged):
    data = {
        "point": "The repair left a hole",
        "outcome_sought": "Fill the hole",
        "related": "on",
        **date_fields("raised_on", TODAY),
    }
    act(as_officer, acknowledged, "issue", data)
    assert acknowledged.current_stage.definition.count() == 3


def test_remedies_and_outstanding_actions_are_added_and_marked_done(as_officer, acknowledged, officer):
    kind = record.RemedyKind.objects.get(code="apology")
    assert (
        act(
            as_officer,
            acknowledged,
            "remedy",
            {"kind": kind.pk, "description": "Apology letter", **date_fields("due_on", TODAY)},
        ).status_code
        == 302
    )
    assert (
        act(
            as_officer,
            acknowledged,
            "outstanding-action",
            {"description": "Check the boiler", "owner": officer.pk, **date_fields("due_on", TODAY)},
        ).status_code
        == 302
    )
    remedy, action = Remedy.objects.get(), OutstandingAction.objects.get()
    for kind_slug, item in [("remedy", remedy), ("action", action)]:
        response = as_officer.post(
            reverse("casework:item-complete", args=[acknowledged.reference, kind_slug, item.pk]),
            date_fields("completed_on", TODAY),
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.completed_on == TODAY
    assert CaseEvent.objects.filter(complaint=acknowledged, kind="remedy").count() == 2
