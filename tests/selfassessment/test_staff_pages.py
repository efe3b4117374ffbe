"""The self-assessment prepared, approved, published and amended in the staff pages: each step through its page,
each refusal explained beside its field, each role let in or refused as selfassessment.rules says."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core import roles
from core.errors import CaseChangedError
from selfassessment import services
from selfassessment.models import AssessmentRow, EvidenceItem, PolicyDocument, SelfAssessment
from tests.factories import UserFactory
from tests.files import pdf_bytes
from tests.selfassessment.conftest import PERIOD

D = datetime.date
STAFF = "/staff/self-assessments"


@pytest.fixture
def signed_in(login_with_mfa):
    def sign_in(user) -> Client:
        browser = Client()
        login_with_mfa(browser, user)
        return browser

    return sign_in


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def answer_all(assessment, officer) -> None:
    for row in assessment.rows.all():
        services.assessment_row_update(actor=officer, row=row, complies="yes", commentary="Set out in our policy.")


def ready(assessment, officer) -> SelfAssessment:
    answer_all(assessment, officer)
    return services.assessment_mark_ready(actor=officer, assessment=assessment)


def approved(assessment, officer, board_member) -> SelfAssessment:
    ready(assessment, officer)
    return services.assessment_record_approval(
        actor=board_member, assessment=assessment, approved_on=D(2026, 3, 2), minute_reference="Board 2026/14"
    )


# Starting one.


def test_an_officer_starts_an_assessment_and_sees_every_provision_by_section(officer, hos_2024, signed_in):
    browser = signed_in(officer)
    answer = browser.post(
        f"{STAFF}/new/",
        {
            "code_version": hos_2024.pk,
            "title": "Self-assessment 2025/26",
            **date_fields("period_start", PERIOD[0]),
            **date_fields("period_end", PERIOD[1]),
            "reason": "annual",
            "carry_forward": "on",
        },
    )

    assessment = SelfAssessment.objects.get()
    assert answer.status_code == 302 and answer.url == f"{STAFF}/{assessment.pk}/"
    assert (assessment.title, assessment.period_start, assessment.created_by) == (
        "Self-assessment 2025/26",
        PERIOD[0],
        officer,
    )
    html = browser.get(answer.url).content.decode()
    assert len(re.findall(r"<caption[^>]*>Section \d: ", html)) == 9
    assert "Section 1: Definition of a complaint (0 of " in html
    for number in ("1.2", "5.10", "9.8"):
        assert f'href="{STAFF}/{assessment.pk}/provisions/{number}/"' in html
    assert html.count("Not answered</strong>") == 72
    assert "Send to the governing body for approval" in html


def test_the_start_form_names_each_missing_answer_and_the_services_refusal(officer, hos_2024, signed_in):
    browser = signed_in(officer)

    empty = browser.post(f"{STAFF}/new/", {}).content.decode()
    assert '<a href="#id_title">Enter a title for the assessment</a>' in empty
    assert '<a href="#id_period_start">Enter the date the period starts</a>' in empty
    assert "This field is required" not in empty

    backwards = browser.post(
        f"{STAFF}/new/",
        {
            "code_version": hos_2024.pk,
            "title": "Self-assessment 2025/26",
            **date_fields("period_start", PERIOD[1]),
            **date_fields("period_end", PERIOD[0]),
            "reason": "merger",
        },
    ).content.decode()
    # The service's first refusal, beside the field it names.
    assert '<a href="#id_period_end">The period must end after it starts.</a>' in backwards
    assert not SelfAssessment.objects.exists()


# One provision.


def test_a_no_needs_an_explanation_and_a_date_and_each_is_asked_for_beside_its_field(draft, officer, signed_in):
    browser = signed_in(officer)
    row = draft.rows.get(provision__number="3.4")
    url = f"{STAFF}/{draft.pk}/provisions/3.4/"
    page = browser.get(url).content.decode()
    assert "Provision 3.4" in page and 'name="revision" value="0"' in page

    refused = browser.post(url, {"complies": "no", "commentary": "", "revision": 0}).content.decode()
    assert '<a href="#id_commentary">3.4: explain in detail why the landlord does not comply.</a>' in refused
    row.refresh_from_db()
    assert (row.complies, row.revision) == ("", 0)

    refused = browser.post(url, {"complies": "no", "commentary": "No website yet.", "revision": 0}).content.decode()
    assert '<a href="#id_comply_by">3.4: give the date by which the landlord will comply.</a>' in refused

    saved = browser.post(
        url,
        {"complies": "no", "commentary": "No website yet.", **date_fields("comply_by", D(2026, 6, 30)), "revision": 0},
    )
    assert saved.status_code == 302 and saved.url == f"{STAFF}/{draft.pk}/#provision-3-4"
    row.refresh_from_db()
    assert (row.complies, row.commentary, row.comply_by, row.revision) == ("no", "No website yet.", D(2026, 6, 30), 1)
    assert "Comply by 30 June 2026" in browser.get(saved.url).content.decode()


def test_a_save_from_a_page_showing_an_older_answer_does_not_overwrite_a_colleagues(draft, officer, manager, signed_in):
    url = f"{STAFF}/{draft.pk}/provisions/1.2/"
    officer_page, manager_page = signed_in(officer), signed_in(manager)
    # Both opened the provision while it was unanswered (revision 0); the officer saves first.
    officer_page.post(
        url, {"complies": "yes", "commentary": "Policy point 1 uses the Code's definition.", "revision": 0}
    )

    late = manager_page.post(url, {"complies": "partly", "commentary": "Not on the website.", "revision": 0})

    assert late.status_code == 200
    assert "Someone else saved an answer to 1.2 while you were working on it" in late.content.decode()
    row = draft.rows.get(provision__number="1.2")
    assert (row.complies, row.commentary, row.revision) == ("yes", "Policy point 1 uses the Code's definition.", 1)


def test_the_service_refuses_a_stale_revision_and_accepts_the_current_one(draft, officer):
    row = draft.rows.get(provision__number="1.2")
    services.assessment_row_update(actor=officer, row=row, complies="yes", commentary="", expected_revision=0)

    with pytest.raises(CaseChangedError, match=r"Someone else saved an answer to 1\.2"):
        services.assessment_row_update(actor=officer, row=row, complies="no", commentary="x", expected_revision=0)
    services.assessment_row_update(actor=officer, row=row, complies="yes", commentary="Point 1.", expected_revision=1)

    row.refresh_from_db()
    assert (row.complies, row.commentary, row.revision) == ("yes", "Point 1.", 2)


def test_the_api_answers_409_to_a_stale_revision(draft, officer, login_with_mfa, client):
    login_with_mfa(client, officer)
    url = f"/api/v1/self-assessments/{draft.pk}/rows/1.2/"
    first = client.post(url, {"complies": "yes", "revision": 0}, content_type="application/json")
    assert first.status_code == 200
    assert next(row for row in first.json()["rows"] if row["provision"] == "1.2")["revision"] == 1

    stale = client.post(url, {"complies": "no", "commentary": "x", "revision": 0}, content_type="application/json")

    assert stale.status_code == 409
    assert draft.rows.get(provision__number="1.2").complies == "yes"


def test_evidence_in_words_a_web_address_a_file_and_a_live_figure_each_added_and_removed(draft, officer, signed_in):
    browser = signed_in(officer)
    add = f"{STAFF}/{draft.pk}/provisions/6.2/evidence/"
    assert "6.2: of stage 1 complaints acknowledged within 5 working days" in browser.get(add).content.decode()

    assert browser.post(add, {"kind": "text", "description": "Complaints policy, point 4"}).status_code == 302
    assert browser.post(add, {"kind": "url", "url": "landlord.example/policy"}).status_code == 302
    upload = SimpleUploadedFile("training.pdf", pdf_bytes("slides"), content_type="application/pdf")
    assert browser.post(add, {"kind": "file", "file": upload}).status_code == 302
    assert browser.post(add, {"kind": "live_figure", "figure_key": "6.2"}).status_code == 302

    row = draft.rows.get(provision__number="6.2")
    assert [
        (item.kind, item.url or item.filename or item.description or item.figure_key) for item in row.evidence.all()
    ] == [
        ("text", "Complaints policy, point 4"),
        ("url", "https://landlord.example/policy"),
        ("file", "training.pdf"),
        ("live_figure", "6.2"),
    ]
    page = browser.get(f"{STAFF}/{draft.pk}/provisions/6.2/").content.decode()
    assert "No cases in the period: of stage 1 complaints acknowledged within 5 working days" in page
    assert "training.pdf" in page

    item = row.evidence.get(kind="url")
    removed = browser.post(f"{STAFF}/{draft.pk}/provisions/6.2/evidence/{item.pk}/remove/")
    assert removed.status_code == 302
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()


def test_an_uploaded_evidence_file_opens_from_the_provision_page_as_it_was_stored(
    draft, officer, board_member, signed_in
):
    row = draft.rows.get(provision__number="6.2")
    content = pdf_bytes("training slides")
    upload = SimpleUploadedFile("Training 2026.pdf", content, content_type="application/pdf")
    item = services.evidence_add(actor=officer, row=row, kind="file", upload=upload)
    words = services.evidence_add(actor=officer, row=row, kind="text", description="Complaints policy, point 4")
    url = f"{STAFF}/{draft.pk}/provisions/6.2/evidence/{item.pk}/file/"

    # The board, which approves the assessment, opens it from the provision page's link.
    browser = signed_in(board_member)
    assert f'href="{url}"' in browser.get(f"{STAFF}/{draft.pk}/provisions/6.2/").content.decode()
    answer = browser.get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == 'attachment; filename="Training 2026.pdf"'
    assert b"".join(answer.streaming_content) == content

    assert browser.get(f"{STAFF}/{draft.pk}/provisions/6.2/evidence/{words.pk}/file/").status_code == 404
    assert browser.get(f"{STAFF}/{draft.pk}/provisions/1.2/evidence/{item.pk}/file/").status_code == 404
    other_staff = signed_in(UserFactory(role=roles.STAFF))
    assert other_staff.get(url).status_code == 403

    # A file changed outside the system is not passed off as the evidence that was added.
    with item.file.open("wb") as handle:
        handle.write(b"changed")
    refused = browser.get(url)
    assert refused.status_code == 500
    assert "changed since it was stored" in refused.content.decode()


def test_evidence_that_is_incomplete_or_not_a_document_is_refused_beside_its_field(draft, officer, signed_in):
    browser = signed_in(officer)
    add = f"{STAFF}/{draft.pk}/provisions/6.2/evidence/"

    no_kind = browser.post(add, {}).content.decode()
    assert '<a href="#id_kind_0">Choose what kind of evidence this is</a>' in no_kind
    no_words = browser.post(add, {"kind": "text"}).content.decode()
    assert '<a href="#id_description">Describe the evidence.</a>' in no_words
    script = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a document", content_type="application/pdf")
    not_a_pdf = browser.post(add, {"kind": "file", "file": script}).content.decode()
    assert 'href="#id_file"' in not_a_pdf
    no_figure = browser.post(f"{STAFF}/{draft.pk}/provisions/1.2/evidence/", {"kind": "live_figure"}).content.decode()
    assert '<a href="#id_figure_key">Choose one of the live figures for provision 1.2.</a>' in no_figure

    assert not EvidenceItem.objects.exists()


def test_carried_forward_evidence_is_checked_again_from_the_provisions_page(draft, officer, signed_in):
    row = draft.rows.get(provision__number="6.2")
    item = services.evidence_add(actor=officer, row=row, kind="text", description="Complaints policy, point 4")
    EvidenceItem.objects.filter(pk=item.pk).update(checked_on=None)
    browser = signed_in(officer)
    assert "1 to check" in browser.get(f"{STAFF}/{draft.pk}/").content.decode()

    browser.post(f"{STAFF}/{draft.pk}/provisions/6.2/evidence/{item.pk}/confirm/")

    item.refresh_from_db()
    assert item.checked_on == D(2026, 3, 2)


def test_a_policy_document_is_uploaded_with_its_sections_and_cited_as_evidence(draft, officer, signed_in):
    browser = signed_in(officer)
    refused = browser.post(f"{STAFF}/policies/", {"title": "Complaints policy"}).content.decode()
    assert '<a href="#id_version">Enter the policy&#x27;s version</a>' in refused

    upload = SimpleUploadedFile("policy.pdf", pdf_bytes("policy"), content_type="application/pdf")
    answer = browser.post(
        f"{STAFF}/policies/",
        {
            "title": "Complaints policy",
            "version": "3",
            **date_fields("approved_on", D(2025, 9, 1)),
            "file": upload,
            "sections": "4: What a complaint is\n7.2: Stage 1\n",
        },
    )
    assert answer.status_code == 302
    document = PolicyDocument.objects.get()
    assert [(s.reference, s.title) for s in document.sections.all()] == [
        ("4", "What a complaint is"),
        ("7.2", "Stage 1"),
    ]

    section = document.sections.get(reference="4")
    browser.post(
        f"{STAFF}/{draft.pk}/provisions/1.2/evidence/", {"kind": "policy_section", "policy_section": section.pk}
    )
    page = browser.get(f"{STAFF}/{draft.pk}/provisions/1.2/").content.decode()
    assert "Complaints policy v3, 4 (What a complaint is)" in page


# Through approval and publication.


def test_sending_for_approval_with_provisions_unanswered_says_which(draft, officer, signed_in):
    answer = signed_in(officer).post(f"{STAFF}/{draft.pk}/mark-ready/")

    assert answer.status_code == 200
    assert "Complete every provision first. Not yet answered: 1.2, 1.3" in answer.content.decode()
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.DRAFT


def test_an_answered_assessment_goes_to_the_governing_body_and_can_come_back(draft, officer, signed_in):
    answer_all(draft, officer)
    browser = signed_in(officer)

    assert browser.post(f"{STAFF}/{draft.pk}/mark-ready/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.READY
    page = browser.get(f"{STAFF}/{draft.pk}/provisions/1.2/").content.decode()
    assert 'name="complies"' not in page and "Set out in our policy." in page

    browser.post(f"{STAFF}/{draft.pk}/return-to-draft/")
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.DRAFT


def test_the_board_records_approval_with_its_minute_and_confirms_it_is_final(draft, officer, board_member, signed_in):
    ready(draft, officer)
    browser = signed_in(board_member)
    assert "Record the governing body's approval" in browser.get(f"{STAFF}/{draft.pk}/").content.decode()

    refused = browser.post(f"{STAFF}/{draft.pk}/approve/", date_fields("approved_on", D(2026, 3, 2))).content.decode()
    assert '<a href="#id_minute_reference">Enter the meeting or minute reference of the approval</a>' in refused
    assert '<a href="#id_confirm">Confirm that the approved assessment cannot be changed</a>' in refused
    future = browser.post(
        f"{STAFF}/{draft.pk}/approve/",
        {**date_fields("approved_on", D(2026, 3, 9)), "minute_reference": "Board 2026/14", "confirm": "on"},
    ).content.decode()
    assert '<a href="#id_approved_on">The approval date cannot be in the future.</a>' in future

    done = browser.post(
        f"{STAFF}/{draft.pk}/approve/",
        {**date_fields("approved_on", D(2026, 3, 2)), "minute_reference": "Board 2026/14", "confirm": "on"},
    )
    assert done.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.minute_reference, draft.approval_recorded_by) == (
        "approved",
        "Board 2026/14",
        board_member,
    )


def test_an_approval_of_an_assessment_that_changed_after_the_page_was_opened_is_refused(
    draft, officer, board_member, signed_in
):
    ready(draft, officer)
    browser = signed_in(board_member)
    page = browser.get(f"{STAFF}/{draft.pk}/approve/").content.decode()
    read_at = re.search(r'name="revision" value="(\d+)"', page).group(1)
    # Meanwhile the assessment goes back to draft, is changed and comes back for approval.
    services.assessment_return_to_draft(actor=officer, assessment=draft)
    services.assessment_mark_ready(actor=officer, assessment=draft)
    approval = {
        **date_fields("approved_on", D(2026, 3, 2)),
        "minute_reference": "Board 2026/14",
        "confirm": "on",
    }

    stale = browser.post(f"{STAFF}/{draft.pk}/approve/", {**approval, "revision": read_at}).content.decode()

    assert "The assessment changed after you opened it" in stale
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.READY
    fresh_page = browser.get(f"{STAFF}/{draft.pk}/approve/").content.decode()
    read_again = re.search(r'name="revision" value="(\d+)"', fresh_page).group(1)
    assert browser.post(f"{STAFF}/{draft.pk}/approve/", {**approval, "revision": read_again}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.APPROVED


def test_publishing_needs_the_governing_bodys_response_and_then_the_public_page_shows_it(
    draft, officer, board_member, manager, signed_in
):
    approved(draft, officer, board_member)
    browser = signed_in(manager)

    refused = browser.post(f"{STAFF}/{draft.pk}/publish/", date_fields("published_on", D(2026, 3, 2))).content.decode()
    assert '<a href="#id_governing_body_response">Record the governing body&#x27;s response' in refused

    done = browser.post(
        f"{STAFF}/{draft.pk}/publish/",
        {**date_fields("published_on", D(2026, 3, 2)), "governing_body_response": "The Board is assured."},
    )
    assert done.status_code == 302
    public = Client().get("/self-assessment/").content.decode()
    assert "The Board is assured." in public and "Self-assessment 2025/26" in public


def test_amending_a_published_assessment_makes_a_new_draft_version_and_keeps_the_published_one(
    draft, officer, board_member, signed_in
):
    approved(draft, officer, board_member)
    services.assessment_publish(
        actor=board_member, assessment=draft, published_on=D(2026, 3, 2), governing_body_response="Assured."
    )
    browser = signed_in(officer)
    assert "Amend: start a new version" in browser.get(f"{STAFF}/{draft.pk}/").content.decode()

    refused = browser.post(f"{STAFF}/{draft.pk}/amend/", {"reason": "procedure_change"}).content.decode()
    assert '<a href="#id_reason_detail">Say what has changed and why the assessment is being amended</a>' in refused

    answer = browser.post(
        f"{STAFF}/{draft.pk}/amend/", {"reason": "procedure_change", "reason_detail": "Stage 2 now led by directors."}
    )

    amendment = SelfAssessment.objects.get(amends=draft)
    assert answer.status_code == 302 and answer.url == f"{STAFF}/{amendment.pk}/"
    assert (amendment.version, amendment.status) == (2, SelfAssessment.Status.DRAFT)
    draft.refresh_from_db()
    assert draft.status == SelfAssessment.Status.PUBLISHED
    assert "Go to version 2" in browser.get(f"{STAFF}/{draft.pk}/").content.decode()
    assert "Stage 2 now led by directors." in browser.get(answer.url).content.decode()
    assert "Assured." in Client().get("/self-assessment/").content.decode()


# Who may do what (selfassessment.rules): officers and managers prepare, the board approves, the board and
# managers publish; other staff, the senior lead and administrators see none of it.


def test_the_board_reads_and_approves_but_does_not_prepare(draft, board_member, signed_in):
    browser = signed_in(board_member)
    page = browser.get(f"{STAFF}/{draft.pk}/provisions/1.2/").content.decode()
    assert 'name="complies"' not in page and "Add evidence" not in page
    assert "Start a self-assessment" not in browser.get(f"{STAFF}/").content.decode()

    assert browser.get(f"{STAFF}/new/").status_code == 403
    assert browser.post(f"{STAFF}/{draft.pk}/provisions/1.2/", {"complies": "yes", "revision": 0}).status_code == 403
    assert browser.get(f"{STAFF}/{draft.pk}/provisions/1.2/evidence/").status_code == 403
    assert browser.post(f"{STAFF}/{draft.pk}/mark-ready/").status_code == 403
    assert browser.post(f"{STAFF}/{draft.pk}/amend/", {}).status_code == 403
    assert browser.post(f"{STAFF}/policies/", {}).status_code == 403
    assert browser.get(f"{STAFF}/{draft.pk}/approve/").status_code == 200
    assert browser.get(f"{STAFF}/{draft.pk}/publish/").status_code == 200
    assert draft.rows.get(provision__number="1.2").complies == ""


def test_officers_may_not_approve_or_publish_and_managers_may_publish(draft, officer, manager, board_member, signed_in):
    approved(draft, officer, board_member)
    officer_page, manager_page = signed_in(officer), signed_in(manager)

    assert officer_page.get(f"{STAFF}/{draft.pk}/approve/").status_code == 403
    assert officer_page.post(f"{STAFF}/{draft.pk}/publish/", {}).status_code == 403
    assert manager_page.get(f"{STAFF}/{draft.pk}/approve/").status_code == 403
    assert "Publish</a>" in manager_page.get(f"{STAFF}/{draft.pk}/").content.decode()
    assert "Publish</a>" not in officer_page.get(f"{STAFF}/{draft.pk}/").content.decode()


@pytest.mark.parametrize("role", [roles.STAFF, roles.SENIOR_LEAD, roles.ADMINISTRATOR])
def test_other_roles_see_none_of_it(draft, role, signed_in):
    browser = signed_in(UserFactory(role=role))

    for url in (
        f"{STAFF}/",
        f"{STAFF}/new/",
        f"{STAFF}/policies/",
        f"{STAFF}/{draft.pk}/",
        f"{STAFF}/{draft.pk}/provisions/1.2/",
        f"{STAFF}/{draft.pk}/approve/",
        f"{STAFF}/{draft.pk}/publish/",
        f"{STAFF}/{draft.pk}/amend/",
    ):
        assert browser.get(url).status_code == 403, url
    assert browser.post(f"{STAFF}/{draft.pk}/mark-ready/").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(draft):
    answer = Client().get(f"{STAFF}/{draft.pk}/provisions/1.2/")

    assert answer.status_code == 302 and answer.url.startswith("/accounts/login/")


def test_an_approved_assessment_cannot_be_changed_from_a_stale_provision_page(draft, officer, board_member, signed_in):
    approved(draft, officer, board_member)

    answer = signed_in(officer).post(f"{STAFF}/{draft.pk}/provisions/1.2/", {"complies": "no", "revision": 1})

    assert "can no longer be changed" in answer.content.decode()
    assert AssessmentRow.objects.get(assessment=draft, provision__number="1.2").complies == "yes"
